package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/providers"
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

func providerModel(p providers.Provider) *model.Provider {
	info := p.Info()
	c := p.Capabilities()
	out := &model.Provider{
		ID: info.ID, DisplayName: info.DisplayName, Description: info.Description,
		// Webhook events, alerts, OAuth, remote actions and direct connect
		// have no provider contract yet, so no provider offers them.
		Capabilities: &model.ProviderCapabilities{
			Connection: c.Connection, ScopeDiscovery: c.ScopeDiscovery, FullSync: c.FullSync,
			IncrementalSync: c.IncrementalSync, SingleDeviceSync: c.SingleDeviceSync, AgedOutFallback: c.AgedOutFallback,
		},
		ConfigFields: []*model.ConfigField{},
	}
	for _, f := range info.ConfigFields {
		cf := &model.ConfigField{
			Key: f.Key, Label: f.Label, Kind: model.ConfigFieldKind(strings.ToUpper(string(f.Kind))),
			Required: f.Required, Help: optString(f.Help), Placeholder: optString(f.Placeholder),
		}
		for _, o := range f.Options {
			cf.Options = append(cf.Options, &model.ConfigOption{Value: o.Value, Label: o.Label})
		}
		out.ConfigFields = append(out.ConfigFields, cf)
	}
	return out
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func userError(code model.UserErrorCode, field string, format string, args ...any) *model.UserError {
	return &model.UserError{Field: []string{"input", field}, Code: code, Message: fmt.Sprintf(format, args...)}
}

func notFoundError(field, what, id string) *model.UserError {
	return userError(model.UserErrorCodeNotFound, field, "no %s with ID %q", what, id)
}

const maxNameLen = 255

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
		case len(name) > maxNameLen:
			errs = append(errs, userError(model.UserErrorCodeInvalid, "name", "name must be at most %d characters", maxNameLen))
		}
	}
	if f.URL != nil && *f.URL != "" {
		if u, err := url.Parse(*f.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, userError(model.UserErrorCodeInvalid, "url", "url must be an http or https URL such as https://example.com"))
		}
	}
	if f.ClientType != nil && len(*f.ClientType) > 50 {
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

// loadNodes resolves global IDs in the caller's tenant, one query per
// type; unknown or malformed IDs give nil entries.
func (r *Resolver) loadNodes(ctx context.Context, ids []string) ([]model.Node, error) {
	db := tenantDB(ctx)
	byType := map[string][]uuid.UUID{}
	for _, gid := range ids {
		if typ, id, ok := parseGlobalID(gid); ok {
			byType[typ] = append(byType[typ], id)
		}
	}
	found := map[string]model.Node{}
	put := func(typ string, id uuid.UUID, n model.Node) { found[globalID(typ, id)] = n }
	if keys := byType[typeClient]; len(keys) > 0 {
		rows, err := db.ClientsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			put(typeClient, c.ID, clientModel(c))
		}
	}
	if keys := byType[typeAsset]; len(keys) > 0 {
		rows, err := db.AssetsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, a := range rows {
			put(typeAsset, a.ID, assetModel(a))
		}
	}
	if keys := byType[typeScopeMapping]; len(keys) > 0 {
		rows, err := db.ScopeMappingsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		providerOf := map[uuid.UUID]string{} // a tenant has a handful of integrations
		for _, m := range rows {
			if _, ok := providerOf[m.IntegrationID]; !ok {
				in, err := db.IntegrationByID(ctx, m.IntegrationID)
				if err != nil {
					return nil, err
				}
				providerOf[m.IntegrationID] = in.Provider
			}
			put(typeScopeMapping, m.ID, scopeMappingModel(providerOf[m.IntegrationID], m))
		}
	}
	for _, id := range byType[typeIntegration] {
		in, err := db.IntegrationByID(ctx, id)
		if err == nil {
			put(typeIntegration, id, integrationModel(in))
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	for _, id := range byType[typeSyncRun] {
		run, err := db.SyncRun(ctx, id)
		if err == nil {
			put(typeSyncRun, id, syncRunModel(run))
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	for _, id := range byType[typeTenant] {
		if id == db.ID() {
			t, err := db.Tenant(ctx)
			if err != nil {
				return nil, err
			}
			put(typeTenant, id, tenantModel(t))
		}
	}
	out := make([]model.Node, len(ids))
	for i, gid := range ids {
		if typ, id, ok := parseGlobalID(gid); ok {
			out[i] = found[globalID(typ, id)]
		}
	}
	return out, nil
}
