package ingest

import (
	"context"
	"errors"

	"github.com/rmmgraph/rmmgraph/store"
)

type (
	connector interface {
		Verify(ctx context.Context, cfg map[string]string) error
	}
	scopeLister interface {
		Scopes(ctx context.Context, cfg map[string]string) ([]Scope, error)
	}
)

// integration loads a configured integration and its opened configuration.
func (s *Syncer) integration(ctx context.Context, db *store.TenantDB, provider string) (any, store.Integration, map[string]string, error) {
	p, ok := s.lookup(provider)
	if !ok {
		return nil, store.Integration{}, nil, unknownProvider(provider)
	}
	integ, err := db.Integration(ctx, provider)
	if errors.Is(err, store.ErrNotFound) {
		return nil, store.Integration{}, nil, badRequest("provider", "%s is not configured yet", provider)
	}
	if err != nil {
		return nil, store.Integration{}, nil, err
	}
	cfg, err := db.ProviderConfig(ctx, integ)
	return p, integ, cfg, err
}

// Verify checks the integration's configuration against the RMM and
// records the outcome. A provider error (bad credentials, wrong host) is
// returned for the caller to show; the integration is then inactive.
func (s *Syncer) Verify(ctx context.Context, db *store.TenantDB, provider string) error {
	p, integ, cfg, err := s.integration(ctx, db, provider)
	if err != nil {
		return err
	}
	c, ok := p.(connector)
	if !ok {
		return badRequest("provider", "%s has no connection check", provider)
	}
	verr := c.Verify(ctx, cfg)
	var pe providerError
	if verr != nil && !errors.As(verr, &pe) {
		return verr
	}
	if err := db.SetIntegrationVerified(ctx, integ.ID, verr == nil); err != nil {
		return err
	}
	return verr
}

// DiscoverScopes reads the RMM's scopes into the scope mappings, keeping
// the client mappings of scopes already known.
func (s *Syncer) DiscoverScopes(ctx context.Context, db *store.TenantDB, provider string) (added, updated int, err error) {
	p, integ, cfg, err := s.integration(ctx, db, provider)
	if err != nil {
		return 0, 0, err
	}
	sl, ok := p.(scopeLister)
	if !ok {
		return 0, 0, badRequest("provider", "%s cannot list scopes", provider)
	}
	if !integ.IsActive {
		return 0, 0, badRequest("provider", "%s is not connected: verify the integration first", provider)
	}
	scopes, err := sl.Scopes(ctx, cfg)
	if err != nil {
		return 0, 0, err
	}
	in := make([]store.ScopeInput, len(scopes))
	for i, sc := range scopes {
		meta := map[string]any{"kind": string(sc.Kind)}
		if sc.ParentExternalID != "" {
			meta["parentId"] = sc.ParentExternalID
		}
		for k, v := range sc.Metadata {
			meta[k] = v
		}
		in[i] = store.ScopeInput{ExternalID: sc.ExternalID, Name: sc.Name, Metadata: meta}
	}
	return db.UpsertScopes(ctx, integ.ID, in)
}
