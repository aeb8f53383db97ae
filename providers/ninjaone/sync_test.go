package ninjaone_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestMain(m *testing.M) {
	if serveFake() {
		return
	}
	os.Exit(storetest.Main(m))
}

// syncEnv is a tenant whose NinjaOne integration points at a fake, with
// every organization mapped to its own client.
type syncEnv struct {
	fake   *ninjafake.Server
	db     *store.TenantDB
	s      *store.Store
	syncer *ingest.Syncer
}

func newSyncEnv(t *testing.T, s *store.Store, devices, orgs int) *syncEnv {
	t.Helper()
	ctx := context.Background()
	fake := ninjafake.New(devices, orgs)
	srv := httptest.NewServer(fake.Handler())
	t.Cleanup(srv.Close)
	p := &ninjaone.Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 2}}
	reg, err := providers.NewRegistry(providers.Register(p))
	if err != nil {
		t.Fatal(err)
	}
	tn, _ := s.CreateTenant(ctx, "MSP")
	e := &syncEnv{fake: fake, db: s.Tenant(tn.ID), s: s, syncer: ingest.NewSyncer(ctx, reg, nil, ingest.Options{Egress: egress.Open})}
	cfg := store.IntegrationConfig{Values: map[string]string{"instanceUrl": srv.URL, "clientId": ninjafake.ClientID, "pageSize": "40"},
		Secrets: map[string]string{"clientSecret": ninjafake.ClientSecret}}
	if _, err := e.db.ConfigureIntegration(ctx, ninjaone.ID, cfg); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, e.db, ninjaone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, e.db, ninjaone.ID); err != nil {
		t.Fatal(err)
	}
	integ, _ := e.db.Integration(ctx, ninjaone.ID)
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

func (e *syncEnv) run(t *testing.T, req ingest.Request) store.SyncRun {
	t.Helper()
	req.Provider = ninjaone.ID
	run, err := e.syncer.Run(context.Background(), e.db, req)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func (e *syncEnv) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := e.s.DB.QueryRowContext(context.Background(), q, e.db.ID()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const duplicates = `SELECT count(*) FROM (SELECT rmm_device_id FROM assets WHERE tenant = ? GROUP BY rmm_device_id HAVING count(*) > 1) d`

func TestSyncFromFakeNinjaOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 300, 3)
		run := e.run(t, ingest.Request{Mode: ingest.ModeFull})
		pending := 300 / 41 // every 41st device awaits approval
		storetest.Expect(t, "first sync", storetest.Is("status", run.Status, store.RunCompleted), storetest.Is("created", run.Created, 300-pending),
			storetest.Is("skipped", run.SkippedReasons, map[string]int{"PENDING_APPROVAL": pending}))
		if n := e.count(t, `SELECT count(*) FROM assets WHERE tenant = ? AND asset_type = 'mobile_device'`); n == 0 {
			t.Fatal("no mobile devices")
		}
		if n := e.count(t, `SELECT count(*) FROM mobile_device_assets WHERE tenant = ? AND imei IS NOT NULL`); n == 0 {
			t.Fatal("no IMEI written")
		}
		if n := e.count(t, `SELECT count(*) FROM workstation_assets WHERE tenant = ? AND pending_patches IS NOT NULL AND antivirus_status IS NOT NULL AND uptime_seconds > 0`); n == 0 {
			t.Fatal("reports and uptime not written")
		}
		again := e.run(t, ingest.Request{Mode: ingest.ModeFull})
		storetest.Expect(t, "unchanged re-sync", storetest.Is("unchanged", again.Unchanged, 300-pending), storetest.Is("updated", again.Updated, 0))

		// Incremental: only devices that made contact since the last listing.
		e.fake.Contact(5, float64(time.Now().Add(time.Hour).Unix()))
		inc := e.run(t, ingest.Request{Mode: ingest.ModeIncremental})
		if inc.Status != store.RunCompleted || inc.DevicesSeen >= 300 {
			t.Fatalf("incremental: %s, %d seen", inc.Status, inc.DevicesSeen)
		}
		// A deleted device is retired after the grace of complete listings.
		e.fake.Delete(7)
		e.run(t, ingest.Request{Mode: ingest.ModeFull})
		e.run(t, ingest.Request{Mode: ingest.ModeFull})
		if n := e.count(t, `SELECT count(*) FROM assets WHERE tenant = ? AND rmm_device_id = '7' AND status = 'inactive'`); n != 1 {
			t.Fatal("the deleted device was not retired")
		}
		one := e.run(t, ingest.Request{Mode: ingest.ModeDevice, DeviceIDs: []string{"8"}})
		storetest.Expect(t, "device sync", storetest.Is("status", one.Status, store.RunCompleted), storetest.Is("seen", one.DevicesSeen, 1))
		storetest.Expect(t, "no duplicates", storetest.Is("duplicates", e.count(t, duplicates), 0))
	})
}

// Every fault ends in a recorded, explained run, and the next sync succeeds.
func TestFaultsEndInExplainedRuns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 200, 2)
		cases := []struct {
			fault ninjafake.Fault
			n     int
			ok    bool
			want  string
		}{
			{ninjafake.Fault429, 2, true, ""},
			{ninjafake.Fault500, -1, false, "the API failed (HTTP 500)"},
			{ninjafake.FaultMalformed, -1, false, "not the expected JSON"},
			{ninjafake.Fault401, -1, false, "refused a fresh access token"},
			{ninjafake.FaultInvalidClient, -1, false, "client id or client secret was rejected"},
		}
		for _, c := range cases {
			e.fake.ExpireTokens() // the token endpoint is asked too
			e.fake.Inject(c.fault, c.n)
			run := e.run(t, ingest.Request{Mode: ingest.ModeFull})
			e.fake.Inject(ninjafake.FaultNone, 0)
			if c.ok != (run.Status == store.RunCompleted) || (c.want != "" && (run.Error == nil || !strings.Contains(*run.Error, c.want))) {
				t.Fatalf("%s: run %s, error %v", c.fault, run.Status, deref(run.Error))
			}
			next := e.run(t, ingest.Request{Mode: ingest.ModeFull})
			if next.Status != store.RunCompleted {
				t.Fatalf("after %s: the next run %s: %v", c.fault, next.Status, deref(next.Error))
			}
			storetest.Expect(t, "after "+string(c.fault), storetest.Is("duplicates", e.count(t, duplicates), 0),
				storetest.Is("assets", e.count(t, `SELECT count(*) FROM assets WHERE tenant = ?`), 200-200/41))
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// The instance URL is filled whether the integration names a region or an
// instance, and follows the region when it changes.
func TestInstanceURLFollowsRegion(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	reg, err := providers.NewRegistry(providers.Register(ninjaone.New()))
	if err != nil {
		t.Fatal(err)
	}
	tn, _ := s.CreateTenant(ctx, "MSP")
	db := s.Tenant(tn.ID)
	syncer := ingest.NewSyncer(ctx, reg, nil, ingest.Options{Egress: egress.Open})
	for _, c := range []struct {
		values map[string]string
		want   string
	}{
		{map[string]string{"clientId": "id", "clientSecret": "secret"}, "https://app.ninjarmm.com"},
		{map[string]string{"region": "EU", "clientSecret": "secret"}, "https://eu.ninjarmm.com"},
		{map[string]string{"instanceUrl": "ninja.example.com/api/v2/", "clientSecret": "secret"}, "https://ninja.example.com"},
		{map[string]string{"instanceUrl": "", "clientSecret": "secret"}, "https://eu.ninjarmm.com"},
	} {
		got, err := syncer.Configure(ctx, db, ninjaone.ID, c.values)
		if err != nil {
			t.Fatal(err)
		}
		if u := deref(got.Integration.InstanceURL); u != c.want {
			t.Errorf("after %v: instance URL %q, want %q", c.values, u, c.want)
		}
	}
}
