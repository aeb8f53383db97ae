// Package graph is rmmgraph's GraphQL API: schema under schema/, thin
// resolvers here, the HTTP handler, authentication and error mapping.
package graph

import (
	"log/slog"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
)

// Resolver holds what resolvers need. Tenant data is reached only through
// tenantDB(ctx), which the authentication middleware sets.
type Resolver struct {
	Registry *providers.Registry
	Syncer   *ingest.Syncer
	Log      *slog.Logger
}
