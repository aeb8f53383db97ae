// Package graph is rmmgraph's GraphQL API: schema under schema/, thin
// resolvers here, the HTTP handler, authentication and error mapping.
package graph

import (
	"context"
	"log/slog"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
)

// Resolver holds what resolvers need. Tenant data is reached only through
// tenantDB(ctx), which the authentication middleware sets.
type Resolver struct {
	Registry  *providers.Registry
	Syncer    *ingest.Syncer
	Scheduler *ingest.SyncScheduler
	Log       *slog.Logger
	watches   *runWatches
}

// reconcile applies schedule-relevant changes at once; the periodic
// reconcile retries if this fails.
func (r *Resolver) reconcile(ctx context.Context) {
	if err := r.Scheduler.Reconcile(ctx); err != nil {
		r.Log.Warn("reconcile sync schedules", "err", err)
	}
}
