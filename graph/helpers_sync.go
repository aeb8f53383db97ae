package graph

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

// providerOrUnknown describes a provider id, also one this server no longer offers.
func (r *Resolver) providerOrUnknown(id string) *model.Provider {
	if p, ok := r.Registry.Get(id); ok {
		return providerModel(p)
	}
	return &model.Provider{ID: id, DisplayName: id, Description: "This server does not offer this provider.",
		Capabilities: &model.ProviderCapabilities{}, ConfigFields: []*model.ConfigField{}}
}

func unknownProvider(id string) *model.UserError {
	return userError(model.UserErrorCodeNotFound, "provider", "no provider %q; see the providers query", id)
}

func requestUserError(re *ingest.RequestError) *model.UserError {
	code := model.UserErrorCodeInvalid
	if re.NotFound {
		code = model.UserErrorCodeNotFound
	}
	return userError(code, re.Field, "%s", re.Message)
}

func (r *Resolver) mapScope(ctx context.Context, scopeID uuid.UUID, gid string, clientID *uuid.UUID, autoSync *bool) (*model.ScopeMappingPayload, error) {
	m, provider, err := r.Syncer.MapScope(ctx, tenantDB(ctx), scopeID, clientID, autoSync)
	var re *ingest.RequestError
	switch {
	case errors.As(err, &re) && re.Field == "scopeId":
		return &model.ScopeMappingPayload{UserErrors: []*model.UserError{notFoundError("scopeId", "scope mapping", gid)}}, nil
	case errors.As(err, &re):
		return &model.ScopeMappingPayload{UserErrors: []*model.UserError{requestUserError(re)}}, nil
	case err != nil:
		return nil, err
	}
	r.reconcile(ctx) // a first mapped scope turns the default schedule on
	return &model.ScopeMappingPayload{ScopeMapping: scopeMappingModel(provider, m), UserErrors: []*model.UserError{}}, nil
}

// assetFilter converts the API filter to the store's.
func assetFilter(f *model.AssetFilter) (store.AssetFilter, error) {
	var out store.AssetFilter
	if f == nil {
		return out, nil
	}
	for _, gid := range f.ClientIds {
		id, ok := parseIDOf(typeClient, gid)
		if !ok {
			return out, errorf(CodeBadUserInput, "filter.clientIds: %q is not a client ID", gid)
		}
		out.ClientIDs = append(out.ClientIDs, id)
	}
	if f.Providers != nil {
		out.Providers = append([]string{}, f.Providers...)
	}
	for _, t := range f.AssetTypes {
		out.AssetTypes = append(out.AssetTypes, strings.ToLower(string(t)))
	}
	if f.Statuses != nil {
		out.Statuses = append([]string{}, f.Statuses...)
	}
	for _, s := range f.AgentStatuses {
		out.AgentStatuses = append(out.AgentStatuses, strings.ToLower(string(s)))
	}
	out.LastSeenBefore, out.LastSeenAfter = f.LastSeenBefore, f.LastSeenAfter
	out.Search = deref(f.Search)
	return out, nil
}

// progressPoll is how often a progress subscription looks at its run.
const progressPoll = 250 * time.Millisecond

// followRun sends the run each time it changes, until it finishes or the
// subscriber goes away.
func (r *Resolver) followRun(ctx context.Context, db *store.TenantDB, run store.SyncRun, ch chan<- *model.SyncRun) {
	defer close(ch)
	err := ingest.Follow(ctx, db, run, progressPoll, func(run store.SyncRun) bool {
		select {
		case ch <- syncRunModel(run):
			return true
		case <-ctx.Done():
			return false
		}
	})
	if err != nil && ctx.Err() == nil {
		r.Log.Warn("follow sync run", "run", run.ID, "err", err)
	}
}
