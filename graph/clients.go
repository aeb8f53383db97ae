package graph

import (
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

func tenantModel(t store.Tenant) *model.Tenant {
	return &model.Tenant{ID: globalID(typeTenant, t.ID), Name: t.Name}
}

func roleModel(r store.Role) model.Role {
	if r == store.RoleAdmin {
		return model.RoleAdmin
	}
	return model.RoleViewer
}

func clientModel(c store.Client) *model.Client {
	return &model.Client{
		ID: globalID(typeClient, c.ID), Name: c.Name, ClientType: c.ClientType, URL: c.URL,
		IsInactive: c.IsInactive, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
}

// clientFields validates client input. An empty clientType or url clears it.
func clientFields(name string, clientType, rawURL *string, inactive *bool, checkName bool) (store.ClientFields, []*model.UserError) {
	var errs []*model.UserError
	f := store.ClientFields{ClientType: trimmed(clientType), URL: trimmed(rawURL), IsInactive: inactive}
	name = strings.TrimSpace(name)
	f.Name = &name
	if checkName {
		switch {
		case name == "":
			errs = append(errs, userError(model.UserErrorCodeRequired, "name", "name must not be blank"))
		case utf8.RuneCountInString(name) > maxNameLen:
			errs = append(errs, userError(model.UserErrorCodeInvalid, "name", "name must be at most %d characters", maxNameLen))
		}
	}
	for field, v := range map[string]*string{"name": f.Name, "clientType": f.ClientType, "url": f.URL} {
		if v != nil && strings.ContainsRune(*v, 0) {
			errs = append(errs, userError(model.UserErrorCodeInvalid, field, "%s must not contain NUL characters", field))
		}
	}
	if f.URL != nil && utf8.RuneCountInString(*f.URL) > maxURLLen {
		errs = append(errs, userError(model.UserErrorCodeInvalid, "url", "url must be at most %d characters", maxURLLen))
	} else if f.URL != nil && *f.URL != "" {
		if u, err := url.Parse(*f.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, userError(model.UserErrorCodeInvalid, "url", "url must be an http or https URL such as https://example.com"))
		}
	}
	if f.ClientType != nil && utf8.RuneCountInString(*f.ClientType) > 50 {
		errs = append(errs, userError(model.UserErrorCodeInvalid, "clientType", "clientType must be at most 50 characters"))
	}
	return f, errs
}

// trimmed trims a supplied string; the store clears a field supplied as "".
func trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	v := strings.TrimSpace(*s)
	return &v
}

func clientPayload(c store.Client, err error, name *string) (*model.ClientPayload, error) {
	if errors.Is(err, store.ErrDuplicate) {
		return &model.ClientPayload{UserErrors: []*model.UserError{
			userError(model.UserErrorCodeTaken, "name", "a client named %q already exists", deref(name)),
		}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.ClientPayload{Client: clientModel(c), UserErrors: []*model.UserError{}}, nil
}

const (
	maxNameLen = 255
	maxURLLen  = 2048
)
