package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

func integrationModel(in store.Integration) *model.Integration {
	status := model.SyncStatus(strings.ToUpper(in.SyncStatus))
	if !status.IsValid() {
		status = model.SyncStatusPending
	}
	return &model.Integration{
		ID: globalID(typeIntegration, in.ID), InstanceURL: in.InstanceURL, IsActive: in.IsActive, ConnectedAt: in.ConnectedAt,
		Status: status, SyncError: in.SyncError, LastSyncAt: in.LastSyncAt, LastFullSyncAt: in.LastFullSyncAt,
		LastIncrementalSyncAt: in.LastIncrementalSyncAt, ProviderID: in.Provider, Key: in.ID, Settings: in.Settings,
	}
}

func scopeMappingModel(provider string, m store.OrgMapping) *model.ScopeMapping {
	kind := model.ScopeKindCustom
	if m.ScopeKind != nil && model.ScopeKind(strings.ToUpper(*m.ScopeKind)).IsValid() {
		kind = model.ScopeKind(strings.ToUpper(*m.ScopeKind))
	}
	out := &model.ScopeMapping{
		ID: globalID(typeScopeMapping, m.ID), ExternalID: m.ExternalOrganizationID, ExternalName: m.ExternalOrganizationName,
		Kind: kind, ParentExternalID: m.ParentExternalID, AutoSyncAssets: m.AutoSyncAssets, LastSyncedAt: m.LastSyncedAt, ProviderID: provider, ClientKey: m.ClientID,
	}
	if h := m.RetireHold; h != nil {
		out.Hold = &model.RetirementHold{DetectedAt: h.DetectedAt, Had: h.Had, Returned: h.Returned, WouldRetire: len(h.Missing), Dismissed: h.Dismissed,
			Missing: h.Missing, RunKey: h.RunID, ProviderID: provider, Realm: m.ExternalOrganizationID}
	}
	return out
}

// scopeModel is a scope mapping with its provider.
func (r *Resolver) scopeModel(ctx context.Context, m store.OrgMapping) (*model.ScopeMapping, error) {
	in, err := tenantDB(ctx).IntegrationByID(ctx, m.IntegrationID)
	if err != nil {
		return nil, err
	}
	return scopeMappingModel(in.Provider, m), nil
}

// scopeUserErrors sorts the errors of acting on a scope mapping.
func scopeUserErrors(err error, gid string) ([]*model.UserError, error) {
	ues, err := userErrors(err)
	if len(ues) == 1 && ues[0].Code == model.UserErrorCodeNotFound {
		ues = []*model.UserError{notFoundError("scopeId", "scope mapping", gid)}
	}
	return ues, err
}

// runByKey is a sync run; nil when it is gone.
func (r *Resolver) runByKey(ctx context.Context, id uuid.UUID) (*model.SyncRun, error) {
	run, err := tenantDB(ctx).SyncRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return syncRunModel(run), nil
}

func (r *Resolver) mapScope(ctx context.Context, scopeID uuid.UUID, gid string, clientID *uuid.UUID, autoSync *bool) (*model.ScopeMappingPayload, error) {
	m, provider, err := r.Syncer.MapScope(ctx, tenantDB(ctx), scopeID, clientID, autoSync)
	if ues, err := userErrors(err); err != nil || len(ues) > 0 {
		if len(ues) > 0 && ues[0].Field[1] == "scopeId" {
			ues = []*model.UserError{notFoundError("scopeId", "scope mapping", gid)}
		}
		return &model.ScopeMappingPayload{UserErrors: ues}, err
	}
	r.reconcile(ctx) // a first mapped scope turns the default schedule on
	return &model.ScopeMappingPayload{ScopeMapping: scopeMappingModel(provider, m), UserErrors: []*model.UserError{}}, nil
}

// suggestClient is the active client an unmapped scope's name points to.
func suggestClient(ctx context.Context, m *model.ScopeMapping) (*model.ClientSuggestion, error) {
	clients, err := loadersFrom(ctx).activeClients(ctx)
	if err != nil {
		return nil, err
	}
	name := scopeName(m.ExternalID, m.ExternalName)
	candidates := make([]ingest.Candidate, len(clients))
	for i, c := range clients {
		candidates[i] = ingest.Candidate{ID: c.ID, Name: c.Name}
	}
	s, ok := ingest.SuggestClient(name, candidates)
	if !ok {
		return nil, nil
	}
	for _, c := range clients {
		if c.ID == s.ClientID {
			return &model.ClientSuggestion{Client: clientModel(c), Score: s.Score, Reason: s.Reason}, nil
		}
	}
	return nil, nil
}

// scopeName is a scope's name, or its id when it has none.
func scopeName(id string, name *string) string {
	if name != nil && *name != "" {
		return *name
	}
	return id
}

// scopeSuggestions ranks the clients an unmapped scope may belong to.
func scopeSuggestions(ctx context.Context, m *model.ScopeMapping) ([]*model.ScopeSuggestion, error) {
	out := []*model.ScopeSuggestion{}
	if m.ClientKey != nil {
		return out, nil
	}
	l := loadersFrom(ctx)
	clients, err := l.activeClients(ctx)
	if err != nil {
		return nil, err
	}
	domains, err := l.domains.Load(ctx, scopeKey{provider: m.ProviderID, realm: m.ExternalID})
	if err != nil {
		return nil, err
	}
	mapped, err := l.mappedScopes(ctx)
	if err != nil {
		return nil, err
	}
	ev := ingest.ScopeEvidence{Name: scopeName(m.ExternalID, m.ExternalName), Domains: domains}
	for _, s := range mapped {
		if s.Provider != m.ProviderID && ingest.SameName(scopeName(s.ID, s.Name), ev.Name) {
			ev.Elsewhere = append(ev.Elsewhere, ingest.MappedElsewhere{Provider: s.Provider, Scope: scopeName(s.ID, s.Name), ClientID: s.ClientID})
		}
	}
	candidates := make([]ingest.Candidate, len(clients))
	byID := make(map[uuid.UUID]store.Client, len(clients))
	for i, c := range clients {
		candidates[i] = ingest.Candidate{ID: c.ID, Name: c.Name, URL: deref(c.URL)}
		byID[c.ID] = c
	}
	for _, r := range ingest.SuggestClients(ev, candidates, 3) {
		out = append(out, &model.ScopeSuggestion{Client: clientModel(byID[r.ClientID]), Confidence: r.Confidence, Reasons: r.Reasons})
	}
	return out, nil
}

// maxMapScopes bounds one mapScopes call.
const maxMapScopes = 500

// mapScopes checks every entry, then maps them all.
func (r *Resolver) mapScopes(ctx context.Context, in []*model.ScopeMappingInput) (*model.MapScopesPayload, error) {
	refuse := func(field []string, code model.UserErrorCode, format string, args ...any) (*model.MapScopesPayload, error) {
		return &model.MapScopesPayload{ScopeMappings: []*model.ScopeMapping{}, UserErrors: []*model.UserError{{Field: append([]string{"input", "mappings"}, field...),
			Code: code, Message: fmt.Sprintf(format, args...)}}}, nil
	}
	if len(in) == 0 || len(in) > maxMapScopes {
		return refuse(nil, model.UserErrorCodeInvalid, "give 1 to %d mappings, got %d", maxMapScopes, len(in))
	}
	scopes := make([]uuid.UUID, len(in))
	clients := make([]uuid.UUID, len(in))
	seen := map[uuid.UUID]bool{}
	for i, m := range in {
		at := strconv.Itoa(i)
		var ok bool
		if scopes[i], ok = parseIDOf(typeScopeMapping, m.ScopeID); !ok {
			return refuse([]string{at, "scopeId"}, model.UserErrorCodeNotFound, "no scope mapping with ID %q", m.ScopeID)
		}
		if clients[i], ok = parseIDOf(typeClient, m.ClientID); !ok {
			return refuse([]string{at, "clientId"}, model.UserErrorCodeNotFound, "no client with ID %q", m.ClientID)
		}
		if seen[scopes[i]] {
			return refuse([]string{at, "scopeId"}, model.UserErrorCodeInvalid, "scope %q is listed twice", m.ScopeID)
		}
		seen[scopes[i]] = true
	}
	db := tenantDB(ctx)
	foundScopes, err := db.ScopeMappingsByID(ctx, scopes)
	if err != nil {
		return nil, err
	}
	foundClients, err := db.ClientsByID(ctx, clients)
	if err != nil {
		return nil, err
	}
	hasScope, hasClient := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, s := range foundScopes {
		hasScope[s.ID] = true
	}
	for _, c := range foundClients {
		hasClient[c.ID] = true
	}
	for i, m := range in {
		switch {
		case !hasScope[scopes[i]]:
			return refuse([]string{strconv.Itoa(i), "scopeId"}, model.UserErrorCodeNotFound, "no scope mapping with ID %q", m.ScopeID)
		case !hasClient[clients[i]]:
			return refuse([]string{strconv.Itoa(i), "clientId"}, model.UserErrorCodeNotFound, "no client with ID %q", m.ClientID)
		}
	}
	out := &model.MapScopesPayload{UserErrors: []*model.UserError{}}
	for i, m := range in {
		sm, provider, err := r.Syncer.MapScope(ctx, db, scopes[i], &clients[i], m.AutoSyncAssets)
		if err != nil {
			return nil, err
		}
		out.ScopeMappings = append(out.ScopeMappings, scopeMappingModel(provider, sm))
	}
	r.reconcile(ctx)
	return out, nil
}
