package ingest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// The integration service: configure, verify, discover and map. Resolvers
// and commands validate their input, call one of these and map the result.

// Configured is what Configure stored.
type Configured struct {
	Integration store.Integration
	// NeedsVerification: a value that decides where or as whom rmmgraph
	// connects changed, so the integration waits for Verify before it syncs
	// again. Other changes apply at once.
	NeedsVerification bool
}

// Configure validates values against the provider's config fields and
// stores them: secrets sealed, the rest in settings; an empty value
// removes a setting. Values that fail validation come back as FieldErrors
// and nothing is stored.
func (s *Syncer) Configure(ctx context.Context, db *store.TenantDB, provider string, values map[string]string) (Configured, error) {
	p, ok := s.registry.Get(provider)
	if !ok {
		return Configured{}, unknownProvider(provider)
	}
	current := map[string]string{}
	in, err := db.Integration(ctx, provider)
	exists := err == nil
	switch {
	case exists:
		if current, err = db.ProviderConfig(ctx, in); err != nil {
			// Secrets that cannot be opened (a replaced key) can still be
			// entered again: they count as set, and any new value as a change.
			if current, err = storedKeys(ctx, db, in); err != nil {
				return Configured{}, err
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return Configured{}, err
	}
	info := p.Info()
	given := make(map[string]string, len(values))
	for k, v := range values {
		given[k] = strings.TrimSpace(v)
	}
	if errs := info.CheckValues(given, func(k string) bool { return current[k] != "" }); len(errs) > 0 {
		return Configured{}, FieldErrors(errs)
	}
	if errs := s.credentialRules(info, current, given); len(errs) > 0 {
		return Configured{}, errs
	}
	cfg := store.IntegrationConfig{Values: map[string]string{}, Secrets: map[string]string{}}
	reverify := !exists || !in.IsActive
	for k, v := range given {
		f, _ := info.Field(k)
		if f.Kind == providers.FieldSecret {
			cfg.Secrets[k] = v
		} else {
			cfg.Values[k] = v
		}
		if f.Connects && v != current[k] {
			reverify = true
		}
	}
	effective := map[string]string{}
	maps.Copy(effective, current)
	maps.Copy(effective, given)
	stored := ""
	if in.InstanceURL != nil {
		stored = *in.InstanceURL
	}
	if u := info.InstanceURLFrom(effective); u != stored {
		cfg.InstanceURL = &u
	}
	cfg.KeepVerified = !reverify
	in, err = db.ConfigureIntegration(ctx, provider, cfg)
	s.targets.forget(in.ID)
	return Configured{Integration: in, NeedsVerification: reverify}, err
}

// credentialRules keep credentials with the RMM they were entered for:
// when a value that decides where they are sent changes (a URL, a CA
// bundle, a region), every stored secret must be entered again in the same
// call; and a secondary URL must be on its primary URL's host unless the
// operator allows more.
func (s *Syncer) credentialRules(info providers.Info, current, given map[string]string) FieldErrors {
	value := func(k string) string {
		if v, ok := given[k]; ok {
			return v
		}
		return current[k]
	}
	var errs FieldErrors
	moved := false
	for k, v := range given {
		if f, _ := info.Field(k); f.Connects && f.Kind != providers.FieldSecret && v != current[k] {
			moved = true
		}
	}
	for _, f := range info.ConfigFields {
		if moved && f.Kind == providers.FieldSecret && current[f.Key] != "" && given[f.Key] == "" {
			errs = append(errs, providers.FieldError{Key: f.Key, Message: f.Label + ": enter it again: where it is sent changed, and a stored credential is only sent where it was entered for"})
		}
		if f.SameHostAs == "" || s.opts.AllowCrossHostURLs || value(f.Key) == "" {
			continue
		}
		if host(value(f.Key)) != host(value(f.SameHostAs)) {
			primary, _ := info.Field(f.SameHostAs)
			errs = append(errs, providers.FieldError{Key: f.Key, Message: fmt.Sprintf("%s must be on the host of the %s (%s); an operator can allow other hosts with --allow-cross-host-urls", f.Label, primary.Label, host(value(f.SameHostAs)))})
		}
	}
	slices.SortFunc(errs, func(a, b providers.FieldError) int { return strings.Compare(a.Key, b.Key) })
	return errs
}

// host is a URL's host name, lower-cased; a bare host is taken as https.
func host(raw string) string {
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// storedKeys is an integration's configuration values, with each stored
// secret as a value no input equals.
func storedKeys(ctx context.Context, db *store.TenantDB, in store.Integration) (map[string]string, error) {
	out := map[string]string{}
	cfg, _ := in.Settings["config"].(map[string]any)
	for k, v := range cfg {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	names, err := db.SecretNames(ctx, in.ID)
	for _, n := range names {
		out[n] = "\x00sealed"
	}
	return out, err
}

// Verify checks the integration's configuration against the RMM and
// records the outcome. A provider error (bad credentials, wrong host) is
// returned for the caller to show; the integration is then inactive.
func (s *Syncer) Verify(ctx context.Context, db *store.TenantDB, provider string) error {
	c, err := s.connect(ctx, db, provider, "configure it first")
	if err != nil {
		return err
	}
	if !c.provider.Capabilities().Connection {
		return badRequest("provider", "%s has no connection check", provider)
	}
	verr := s.withSession(ctx, db, c, func(sess rmm.Session) error { return sess.(rmm.Connector).Verify(ctx) })
	if _, explained := providerError(verr); verr != nil && !explained {
		return verr
	}
	logDetail(s.log, "verify failed", provider, verr)
	s.targets.forget(c.integ.ID)
	if err := db.SetIntegrationVerified(ctx, c.integ.ID, verr == nil); err != nil {
		return err
	}
	patch := map[string]any{"verification": verificationOf(c.provider.Info(), verr)}
	if verr == nil && c.integ.Settings["connection"] != nil {
		patch["connection"] = nil
	}
	if _, err := db.MergeSettings(ctx, provider, patch); err != nil {
		return err
	}
	s.noteAuthorization(ctx, db, c.integ, verr)
	return verr
}

// Verification is the outcome of an integration's last connection check.
type Verification struct {
	At      time.Time
	OK      bool
	Message string
	// Field is the config field most likely at fault, if any.
	Field string
}

// verificationOf records a check's outcome, kept in settings.verification.
func verificationOf(info providers.Info, err error) map[string]any {
	out := map[string]any{"at": time.Now().UTC().Format(time.RFC3339Nano), "ok": err == nil}
	if pe, ok := providerError(err); ok {
		out["message"] = pe.Message
		if f := faultyField(info, pe.Kind); f != "" {
			out["field"] = f
		}
	}
	return out
}

// faultyField is the config field a kind of failure points at: the
// credential for a refusal, the URL for a wrong or unreachable host.
func faultyField(info providers.Info, k rmm.ErrorKind) string {
	for _, f := range info.ConfigFields {
		switch {
		case (k == rmm.ErrUnauthorized || k == rmm.ErrForbidden || k == rmm.ErrReauthorize) && f.Kind == providers.FieldSecret:
			return f.Key
		case (k == rmm.ErrConfig || k == rmm.ErrUnreachable) && f.Kind == providers.FieldURL && (info.InstanceURL == "" || f.Key == info.InstanceURL):
			return f.Key
		}
	}
	return ""
}

// VerificationOf reads an integration's last verification, if any.
func VerificationOf(in store.Integration) (Verification, bool) {
	v, ok := in.Settings["verification"].(map[string]any)
	if !ok {
		return Verification{}, false
	}
	out := Verification{}
	out.OK, _ = v["ok"].(bool)
	out.Message, _ = v["message"].(string)
	out.Field, _ = v["field"].(string)
	at, _ := v["at"].(string)
	var err error
	if out.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
		return Verification{}, false
	}
	return out, true
}

// withSession runs f with the integration's session.
func (s *Syncer) withSession(ctx context.Context, db *store.TenantDB, c *connection, f func(rmm.Session) error) error {
	sess, err := s.session(ctx, db, c)
	if err != nil {
		return err
	}
	return f(sess)
}

// Discovered is what DiscoverScopes found.
type Discovered struct {
	Added, Updated, Total int
	// Gone are the external ids of scopes the RMM no longer lists.
	Gone []string
}

// DiscoverScopes reads the RMM's scopes into the scope mappings, keeping
// the client mappings of scopes already known.
func (s *Syncer) DiscoverScopes(ctx context.Context, db *store.TenantDB, provider string) (Discovered, error) {
	c, err := s.connect(ctx, db, provider, "configure it first")
	if err != nil {
		return Discovered{}, err
	}
	if !c.provider.Capabilities().ScopeDiscovery {
		return Discovered{}, badRequest("provider", "%s cannot list scopes", provider)
	}
	if !c.integ.IsActive {
		return Discovered{}, badRequest("provider", "%s is not connected: verify the integration first", provider)
	}
	var scopes []rmm.Scope
	if err := s.withSession(ctx, db, c, func(sess rmm.Session) (err error) {
		scopes, err = sess.(rmm.ScopeDiscoverer).Scopes(ctx)
		return err
	}); err != nil {
		return Discovered{}, err
	}
	var d Discovered
	if d.Added, d.Updated, d.Gone, err = db.UpsertScopes(ctx, c.integ.ID, scopes); err != nil {
		return Discovered{}, err
	}
	d.Total, err = db.CountScopeMappings(ctx, c.integ.ID, store.ScopeFilter{})
	return d, err
}

// MapScope maps a scope to a client (nil: unmaps it) and sets its
// auto-sync flag when given. It returns the mapping and its integration's
// provider.
func (s *Syncer) MapScope(ctx context.Context, db *store.TenantDB, scopeID uuid.UUID, clientID *uuid.UUID, autoSync *bool) (store.OrgMapping, string, error) {
	m, err := db.MapScope(ctx, scopeID, clientID, autoSync)
	switch {
	case errors.Is(err, store.ErrClientNotFound):
		return m, "", &RequestError{Field: "clientId", Message: "no client with that ID", NotFound: true}
	case errors.Is(err, store.ErrNotFound):
		return m, "", &RequestError{Field: "scopeId", Message: "no scope mapping with that ID", NotFound: true}
	case err != nil:
		return m, "", err
	}
	in, err := db.IntegrationByID(ctx, m.IntegrationID)
	return m, in.Provider, err
}

// Disconnect deactivates an integration: its syncs and webhook deliveries
// stop until it is verified again.
// A webhook registered with the RMM is removed first, as far as the RMM
// lets it.
func (s *Syncer) Disconnect(ctx context.Context, db *store.TenantDB, id uuid.UUID) error {
	s.targets.forget(id)
	if in, err := db.IntegrationByID(ctx, id); err == nil && in.IsActive {
		if p, ok := s.registry.Get(in.Provider); ok && p.Capabilities().WebhookRegistration {
			if c, err := s.connect(ctx, db, in.Provider, ""); err == nil && c.cfg[store.WebhookSecretName] != "" {
				err := s.withSession(ctx, db, c, func(sess rmm.Session) error { return sess.(rmm.WebhookRegistrar).UnregisterWebhook(ctx) })
				if err != nil {
					logDetail(s.log, "webhook removal failed", in.Provider, err)
					s.log.Warn("could not remove the webhook from the RMM on disconnect", "integration", id, "err", err)
				}
			}
		}
	}
	return db.DisconnectIntegration(ctx, id)
}
