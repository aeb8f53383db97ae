package graph_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// countSelects counts the SELECT statements a store runs.
type countSelects struct{ n atomic.Int64 }

func (c *countSelects) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(e.Query)), "SELECT") {
		c.n.Add(1)
	}
	return ctx
}
func (c *countSelects) AfterQuery(context.Context, *bun.QueryEvent) {}

// A page of assets with their client, extension rows and mappings costs
// the same handful of queries whatever the page size: no N+1.
func TestNestedReadsAreBatched(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	counter := &countSelects{}
	s.DB.AddQueryHook(counter) // before anything queries: adding a hook is not safe for concurrent use
	e := newEnv(t, s)
	e.connect(e.adminA, 3)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}, {ExternalID: "s2"}, {ExternalID: "s3"}}, devices(60, 3), nil)
	if run := e.waitRun(e.adminA, e.startSync(e.adminA)); run.Status != "COMPLETED" {
		t.Fatalf("sync: %+v", run)
	}
	queries := func(first int) int64 {
		before := counter.n.Load()
		p := query[assetPage](e, e.adminA, `query($n: Int) { assets(first: $n) { nodes { name client { name } workstation { ramGb } server { isVirtual } externalMappings { externalId } } } }`, map[string]any{"n": first})
		if len(p.Assets.Nodes) != first {
			t.Fatalf("assets(first: %d) returned %d", first, len(p.Assets.Nodes))
		}
		return counter.n.Load() - before
	}
	// One query for the API key, one for the page and one per nested field (client,
	// workstation, server, mappings), however the resolvers are scheduled.
	for range 5 {
		if small, large := queries(5), queries(50); small != 6 || large != 6 {
			t.Fatalf("5 assets took %d queries, 50 took %d: want 6 each (the key, the page and one per nested field)", small, large)
		}
	}
}
