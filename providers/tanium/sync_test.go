package tanium_test

import (
	"context"
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// syncEnv is a tenant whose Tanium integration points at the fake, with
// every computer group mapped to its own client.
type syncEnv struct {
	*fixture
	db     *store.TenantDB
	syncer *ingest.Syncer
}

func newSyncEnv(t *testing.T, s *store.Store, endpoints, groups int) *syncEnv {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, endpoints, groups)
	f.cfg["pageSize"] = "25"
	tn, _ := s.CreateTenant(ctx, "MSP")
	e := &syncEnv{fixture: f, db: s.Tenant(tn.ID)}
	e.syncer = ingest.NewSyncer(ctx, func(id string) (any, bool) { return f.p, id == "tanium" }, nil, ingest.Options{})
	values := map[string]string{"gatewayUrl": f.cfg["gatewayUrl"], "pageSize": f.cfg["pageSize"]}
	if _, err := e.db.ConfigureIntegration(ctx, "tanium", store.IntegrationConfig{Values: values, Secrets: map[string]string{"apiToken": f.cfg["apiToken"]}}); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, e.db, "tanium"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.syncer.DiscoverScopes(ctx, e.db, "tanium"); err != nil {
		t.Fatal(err)
	}
	integ, _ := e.db.Integration(ctx, "tanium")
	scopes, _ := e.db.AllScopeMappings(ctx, integ.ID)
	for _, m := range scopes {
		name := "Client of " + m.ExternalOrganizationID
		c, _ := e.db.CreateClient(ctx, store.ClientFields{Name: &name})
		if _, err := e.db.MapScope(ctx, m.ID, &c.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func (e *syncEnv) sync(t *testing.T) store.SyncRun {
	t.Helper()
	run, err := e.syncer.Run(context.Background(), e.db, ingest.Request{Provider: "tanium", Mode: ingest.ModeFull})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestSyncFromFakeGateway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 200, 4)
		run := e.sync(t)
		if run.Status != store.RunCompleted || run.Created != 200 {
			t.Fatalf("first sync: %s %v %+v", run.Status, run.Error, run)
		}
		// Endpoint 100010 is in groups 1003 and 1004: it belongs to 1003.
		var realm string
		if err := s.DB.NewRaw(`SELECT rmm_organization_id FROM assets WHERE tenant = ? AND rmm_device_id = '100010'`, e.db.ID()).Scan(context.Background(), &realm); err != nil || realm != "1003" {
			t.Fatalf("owner of an endpoint in two groups: %q %v", realm, err)
		}
		// Nothing flips on the next sync.
		run = e.sync(t)
		if run.Status != store.RunCompleted || run.Unchanged != 200 || run.Moved != 0 || run.Updated != 0 {
			t.Fatalf("second sync: %+v", run)
		}
	})
}
