package providers

import (
	"fmt"
	"regexp"
	"slices"
)

// Registry is the explicit list of providers a server offers, built once in
// main; no provider registers itself.
type Registry struct {
	list []Provider
	byID map[string]Provider
}

var (
	idPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{1,49}$`)
	keyPattern = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)
	// headerPattern is a header name a webhook sender can set.
	headerPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,63}$`)
)

// NewRegistry checks each provider's metadata and builds the registry.
func NewRegistry(ps ...Provider) (*Registry, error) {
	r := &Registry{byID: map[string]Provider{}}
	for _, p := range ps {
		info := p.Info()
		if err := checkSession(info.ID, p.sessionType()); err != nil {
			return nil, err
		}
		if err := validateInfo(info); err != nil {
			return nil, err
		}
		if w, ok := p.Webhooks(); ok && !headerPattern.MatchString(w.WebhookHeader()) {
			return nil, fmt.Errorf("provider %q: webhook secret header %q is not a header name", info.ID, w.WebhookHeader())
		}
		if _, dup := r.byID[info.ID]; dup {
			return nil, fmt.Errorf("provider %q registered twice", info.ID)
		}
		r.byID[info.ID] = p
		r.list = append(r.list, p)
	}
	return r, nil
}

func validateInfo(info Info) error {
	if !idPattern.MatchString(info.ID) {
		return fmt.Errorf("provider id %q must match %s", info.ID, idPattern)
	}
	if info.DisplayName == "" {
		return fmt.Errorf("provider %q has no display name", info.ID)
	}
	seen := map[string]bool{}
	for _, f := range info.ConfigFields {
		if f.Key == "webhookSecret" {
			return fmt.Errorf("provider %q: config field key %q is reserved for the secret rmmgraph makes", info.ID, f.Key)
		}
		if !keyPattern.MatchString(f.Key) || seen[f.Key] {
			return fmt.Errorf("provider %q: config field key %q is malformed or repeated", info.ID, f.Key)
		}
		seen[f.Key] = true
		switch f.Kind {
		case FieldURL, FieldSecret, FieldText, FieldBool, FieldInt:
			if len(f.Options) > 0 {
				return fmt.Errorf("provider %q: field %q of kind %s cannot have options", info.ID, f.Key, f.Kind)
			}
		case FieldEnum:
			if len(f.Options) == 0 {
				return fmt.Errorf("provider %q: enum field %q has no options", info.ID, f.Key)
			}
		default:
			return fmt.Errorf("provider %q: field %q has unknown kind %q", info.ID, f.Key, f.Kind)
		}
		if f.SameHostAs != "" && (f.Kind != FieldURL || !slices.ContainsFunc(info.ConfigFields, func(o ConfigField) bool { return o.Key == f.SameHostAs && o.Kind == FieldURL })) {
			return fmt.Errorf("provider %q: URL field %q must share the host of a URL field, not %q", info.ID, f.Key, f.SameHostAs)
		}
		if f.Kind == FieldSecret && !f.Connects {
			return fmt.Errorf("provider %q: secret field %q is a credential: mark it Connects", info.ID, f.Key)
		}
		if f.Label == "" {
			return fmt.Errorf("provider %q: field %q has no label", info.ID, f.Key)
		}
		if err := validateRules(info, f); err != nil {
			return fmt.Errorf("provider %q: field %q: %w", info.ID, f.Key, err)
		}
	}
	return nil
}

// All returns the providers in registration order.
func (r *Registry) All() []Provider { return r.list }

// Get returns the provider with this id.
func (r *Registry) Get(id string) (Provider, bool) {
	p, ok := r.byID[id]
	return p, ok
}

// validateRules checks a field's rules are coherent: a pattern compiles,
// bounds are ordered and on int fields, the default obeys them, and a
// dependency names an enum or bool field and one of its values.
func validateRules(info Info, f ConfigField) error {
	if f.Pattern != "" {
		if f.Kind != FieldText && f.Kind != FieldSecret {
			return fmt.Errorf("a pattern applies to text and secret fields only")
		}
		if _, err := regexp.Compile(f.Pattern); err != nil {
			return fmt.Errorf("pattern: %w", err)
		}
	}
	if (f.Min != nil || f.Max != nil) && f.Kind != FieldInt {
		return fmt.Errorf("bounds apply to int fields only")
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		return fmt.Errorf("min %d is above max %d", *f.Min, *f.Max)
	}
	if f.Multiline && f.Kind != FieldText && f.Kind != FieldSecret {
		return fmt.Errorf("only text and secret fields take several lines")
	}
	if f.Default != "" {
		if f.Kind == FieldSecret {
			return fmt.Errorf("a secret has no default")
		}
		if msg := checkKind(f, f.Default); msg != "" {
			return fmt.Errorf("default %q %s", f.Default, msg)
		}
	}
	if c := f.ShownWhen; c != nil {
		on, ok := info.Field(c.Field)
		if !ok || c.Field == f.Key || (on.Kind != FieldEnum && on.Kind != FieldBool) {
			return fmt.Errorf("shown-when names %q, which is not another enum or bool field", c.Field)
		}
		if msg := checkKind(on, c.Equals); msg != "" {
			return fmt.Errorf("shown-when value %q: %s", c.Equals, msg)
		}
	}
	return nil
}
