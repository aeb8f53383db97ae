package graph

import (
	"context"
	"errors"
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
	name := m.ExternalID
	if m.ExternalName != nil && *m.ExternalName != "" {
		name = *m.ExternalName
	}
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
