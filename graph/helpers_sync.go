package graph

import (
	"context"
	"errors"
	"fmt"
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
	db := tenantDB(ctx)
	m, err := db.MapScope(ctx, scopeID, clientID, autoSync)
	if errors.Is(err, store.ErrNotFound) {
		if errors.Is(err, store.ErrClientNotFound) {
			return &model.ScopeMappingPayload{UserErrors: []*model.UserError{userError(model.UserErrorCodeNotFound, "clientId", "no client with that ID")}}, nil
		}
		return &model.ScopeMappingPayload{UserErrors: []*model.UserError{notFoundError("scopeId", "scope mapping", gid)}}, nil
	}
	if err != nil {
		return nil, err
	}
	in, err := db.IntegrationByID(ctx, m.IntegrationID)
	if err != nil {
		return nil, err
	}
	r.reconcile(ctx) // a first mapped scope turns the default schedule on
	return &model.ScopeMappingPayload{ScopeMapping: scopeMappingModel(in.Provider, m), UserErrors: []*model.UserError{}}, nil
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
// subscriber goes away. It reads the database, so it follows runs of any
// replica.
func (r *Resolver) followRun(ctx context.Context, db *store.TenantDB, run store.SyncRun, ch chan<- *model.SyncRun) {
	defer close(ch)
	last := ""
	t := time.NewTicker(progressPoll)
	defer t.Stop()
	for {
		if key := progressKey(run); key != last {
			last = key
			select {
			case ch <- syncRunModel(run):
			case <-ctx.Done():
				return
			}
		}
		if run.Status != store.RunRunning {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		next, err := db.SyncRun(ctx, run.ID)
		if err != nil {
			if ctx.Err() == nil {
				r.Log.Warn("follow sync run", "run", run.ID, "err", err)
			}
			return
		}
		run = next
	}
}

func progressKey(r store.SyncRun) string {
	return fmt.Sprint(r.Status, r.ScopesDone, r.DevicesSeen, r.Created, r.Updated, r.Unchanged, r.Skipped, r.Failed, r.Retired, r.Moved)
}
