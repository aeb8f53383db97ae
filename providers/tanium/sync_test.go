package tanium_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
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
	reg, err := providers.NewRegistry(providers.Register(f.p))
	if err != nil {
		t.Fatal(err)
	}
	e.syncer = ingest.NewSyncer(ctx, reg, nil, ingest.Options{Egress: egress.Open}) // the fake listens on loopback
	values := map[string]string{"gatewayUrl": f.cfg["gatewayUrl"], "pageSize": f.cfg["pageSize"]}
	if _, err := e.db.ConfigureIntegration(ctx, "tanium", store.IntegrationConfig{Values: values, Secrets: map[string]string{"apiToken": f.cfg["apiToken"]}}); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, e.db, "tanium"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, e.db, "tanium"); err != nil {
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
		// Endpoint 100002 is in groups 1003 and 1004: it belongs to 1003.
		var realm string
		if err := s.DB.NewRaw(`SELECT rmm_organization_id FROM assets WHERE tenant = ? AND rmm_device_id = '100002'`, e.db.ID()).Scan(context.Background(), &realm); err != nil || realm != "1003" {
			t.Fatalf("owner of an endpoint in two groups: %q %v", realm, err)
		}
		// Nothing flips on the next sync.
		run = e.sync(t)
		storetest.Expect(t, "second sync", is("status", run.Status, store.RunCompleted), is("unchanged", run.Unchanged, 200), is("moved", run.Moved, 0), is("updated", run.Updated, 0))
	})
}

// Every fault the fake can inject ends in a recorded run with a clear
// message, leaves no duplicate or lost asset, and the next sync succeeds.
func TestFaultsEndInAnExplainedRunAndRecover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 120, 3)
		e.p.HTTP.Retries = 1
		if run := e.sync(t); run.Status != store.RunCompleted {
			t.Fatalf("baseline: %+v", run)
		}
		count := func() int {
			var n int
			s.DB.NewRaw(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`, e.db.ID()).Scan(context.Background(), &n)
			return n
		}
		cases := []struct {
			fault taniumfake.Fault
			n     int
			want  string
		}{
			{taniumfake.FaultUnavailable, -1, "HTTP 502"},
			{taniumfake.FaultRateLimit, -1, "rate limiting"},
			{taniumfake.FaultGraphQL, -1, "reported an error"},
			{taniumfake.FaultLoginPage, -1, "not JSON"},
			{taniumfake.FaultRedirect, -1, "redirect"},
			{taniumfake.FaultForbidden, -1, "HTTP 403"},
			{taniumfake.FaultBadJSON, -1, "not valid JSON"},
			{taniumfake.FaultCursor, 1, ""},      // restarts the walk; the run completes
			{taniumfake.FaultUnavailable, 1, ""}, // one retry absorbs it
		}
		for _, c := range cases {
			e.fake.Inject(c.fault, c.n)
			run := e.sync(t)
			e.fake.Inject(taniumfake.FaultNone, 0)
			integ, _ := e.db.Integration(context.Background(), "tanium")
			if c.want == "" {
				storetest.Expect(t, fmt.Sprintf("%s once", c.fault), is("status", run.Status, store.RunCompleted), is("unchanged", run.Unchanged, 120))
			} else {
				// What the Gateway said stays in the log: the run shows a
				// classified reason, never its error text or redirect target.
				upstream := strings.Contains(deref(run.Error), "Tanium Data Service") || strings.Contains(deref(run.Error), "titankube") ||
					strings.Contains(deref(run.Error), "127.0.0.1")
				storetest.Expect(t, string(c.fault), is("status", run.Status, store.RunFailed), is("explains "+c.want, strings.Contains(deref(run.Error), c.want), true),
					is("echoes the Gateway", upstream, false), is("integration status", integ.SyncStatus, store.SyncError), is("integration explains", integ.SyncError != nil, true))
			}
			if n := count(); n != 120 {
				t.Fatalf("%s: %d active assets, want 120", c.fault, n)
			}
			run = e.sync(t)
			storetest.Expect(t, fmt.Sprintf("the sync after %s", c.fault), is("status", run.Status, store.RunCompleted), is("unchanged", run.Unchanged, 120))
		}
		// A Gateway slower than the request timeout.
		e.p.HTTP.Timeout, e.fake.Delay = 100*time.Millisecond, time.Second
		e.syncer.CloseSessions() // sessions keep their client: open one with the short timeout
		e.fake.Inject(taniumfake.FaultSlow, -1)
		run := e.sync(t)
		e.fake.Inject(taniumfake.FaultNone, 0)
		e.p.HTTP.Timeout = 5 * time.Second
		e.syncer.CloseSessions()
		storetest.Expect(t, "a slow Gateway", is("status", run.Status, store.RunFailed), is("says it timed out", strings.Contains(deref(run.Error), "did not answer in time"), true),
			is("active assets", count(), 120))
		if run := e.sync(t); run.Status != store.RunCompleted {
			t.Fatalf("after a slow Gateway: %s", run.Status)
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// With the Asset API fallback on, an endpoint aged out of TDS is kept with
// its agent offline; one Tanium no longer knows at all is retired.
func TestAssetAPIFallback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 60, 2)
		ctx := context.Background()
		if _, err := e.db.ConfigureIntegration(ctx, "tanium", store.IntegrationConfig{Values: map[string]string{"assetApiFallback": "true"}}); err != nil {
			t.Fatal(err)
		}
		if err := e.syncer.Verify(ctx, e.db, "tanium"); err != nil {
			t.Fatal(err)
		}
		if run := e.sync(t); run.Created != 60 {
			t.Fatalf("first sync: %+v", run)
		}
		estate := taniumfake.NewEstate(60, 2, now)
		estate.AgeOut(4, now)
		estate.Remove(6)
		e.fake.SetEstate(estate)
		for range 2 {
			if run := e.sync(t); run.Status != store.RunCompleted {
				t.Fatalf("sync: %+v", run)
			}
		}
		state := func(eid string) (status, agent string) {
			s.DB.QueryRowContext(ctx, `SELECT status, agent_status FROM assets WHERE tenant = ? AND rmm_device_id = ?`, e.db.ID(), eid).Scan(&status, &agent)
			return
		}
		if st, ag := state("100004"); st != "active" || ag != "offline" {
			t.Fatalf("aged-out endpoint: %s/%s, want active/offline", st, ag)
		}
		if st, _ := state("100006"); st != "inactive" {
			t.Fatalf("removed endpoint: %s, want inactive", st)
		}
		if e.fake.RequestCount("assets") == 0 {
			t.Fatal("the Asset API was never asked")
		}
	})
}

// The integration's instance URL is the Gateway URL, whatever else is
// configured, and computer groups are stored as groups whatever Tanium's
// own metadata calls them.
func TestInstanceURLAndScopeKind(t *testing.T) {
	e := newSyncEnv(t, storetest.Open(t, store.SQLite), 20, 2)
	ctx := context.Background()
	values := map[string]string{"gatewayUrl": e.cfg["gatewayUrl"], "assetApiUrl": e.cfg["gatewayUrl"] + "/plugin/products/asset", "assetApiFallback": "true", "apiToken": taniumfake.Token}
	for i := range 30 {
		c, err := e.syncer.Configure(ctx, e.db, "tanium", values)
		if err != nil {
			t.Fatal(err)
		}
		if in := c.Integration; in.InstanceURL == nil || *in.InstanceURL != values["gatewayUrl"] {
			t.Fatalf("configure %d: instance URL %v, want the Gateway URL", i, in.InstanceURL)
		}
	}
	integ, _ := e.db.Integration(ctx, "tanium")
	scopes, _ := e.db.AllScopeMappings(ctx, integ.ID)
	for _, m := range scopes {
		storetest.Expect(t, "group "+m.ExternalOrganizationID, is("kind", deref(m.ScopeKind), "group"), is("Tanium's own kind", m.Metadata["kind"], any("computer_group")))
	}
}

// Incremental cutoffs are per computer group: an incremental run of one
// group never hides the check-ins of another from the next run.
func TestScopedIncrementalKeepsOtherGroupsCheckIns(t *testing.T) {
	e := newSyncEnv(t, storetest.Open(t, store.SQLite), 20, 2)
	ctx := context.Background()
	incremental := func(scopes ...string) store.SyncRun {
		t.Helper()
		run, err := e.syncer.Run(ctx, e.db, ingest.Request{Provider: "tanium", Mode: ingest.ModeIncremental, ScopeIDs: scopes})
		if err != nil || run.Status != store.RunCompleted {
			t.Fatalf("incremental %v: %v %+v", scopes, err, run)
		}
		return run
	}
	e.sync(t)
	incremental()
	estate := taniumfake.NewEstate(20, 2, now)
	at := time.Now().Truncate(time.Second)                    // Gateway times have whole seconds
	for _, i := range []int{2, 4, 6, 8, 3, 5, 7, 9, 11, 13} { // four of group 1001 ("Acme"), six of 1002 ("Globex")
		estate.CheckIn(i, at)
	}
	e.fake.SetEstate(estate)
	if run := incremental("1002"); run.DevicesSeen != 6 {
		t.Fatalf("Globex incremental saw %d endpoints, want 6", run.DevicesSeen)
	}
	if run := incremental(); run.DevicesSeen != 10 {
		t.Fatalf("the next incremental saw %d endpoints, want all ten check-ins", run.DevicesSeen)
	}
}

// countingTransport counts the requests it sends.
type countingTransport struct{ n *atomic.Int32 }

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// A Gateway that refuses connections fails the run once, after one retry,
// instead of every group retrying on its own; verify says so as fast.
func TestUnreachableGatewayFailsTheRunOnce(t *testing.T) {
	e := newSyncEnv(t, storetest.Open(t, store.SQLite), 30, 3)
	var attempts atomic.Int32
	e.p.HTTP.HTTP = &http.Client{Transport: countingTransport{&attempts}}
	e.syncer.CloseSessions()
	e.srv.Close() // connections are refused from now on

	run := e.sync(t)
	if run.Status != store.RunFailed || !strings.Contains(deref(run.Error), "cannot reach the Gateway: connection refused") {
		t.Fatalf("run: %s %q", run.Status, deref(run.Error))
	}
	if run.ScopesDone != 1 || attempts.Load() != 2 {
		t.Fatalf("the run listed %d of 3 groups with %d requests; want it to stop after the first group's one retry (2 requests)", run.ScopesDone, attempts.Load())
	}
	attempts.Store(0)
	err := e.syncer.Verify(context.Background(), e.db, "tanium")
	if rmm.KindOf(err) != rmm.ErrUnreachable || attempts.Load() != 2 {
		t.Fatalf("verify: %v after %d requests", err, attempts.Load())
	}
}

// A stored token stays with the Gateway it was entered for: changing the
// Gateway URL, or the Asset API URL (the quiet variant, with the fallback
// on), without entering the token again is refused, and the Asset API must
// be on the Gateway's host.
func TestCredentialsCannotBeRedirected(t *testing.T) {
	e := newSyncEnv(t, storetest.Open(t, store.SQLite), 10, 1)
	ctx := context.Background()
	configure := func(values map[string]string) ingest.FieldErrors {
		t.Helper()
		_, err := e.syncer.Configure(ctx, e.db, "tanium", values)
		var fe ingest.FieldErrors
		if err != nil && !errors.As(err, &fe) {
			t.Fatal(err)
		}
		return fe
	}
	keys := func(fe ingest.FieldErrors) []string {
		var out []string
		for _, f := range fe {
			out = append(out, f.Key)
		}
		return out
	}
	gateway := e.cfg["gatewayUrl"]
	for _, values := range []map[string]string{
		{"gatewayUrl": "https://attacker.example"},
		{"assetApiUrl": gateway + "/elsewhere", "assetApiFallback": "true"},
		{"caBundle": "-----BEGIN CERTIFICATE-----"},
	} {
		if got := keys(configure(values)); !slices.Equal(got, []string{"apiToken"}) {
			t.Errorf("%v without the token: errors on %v, want apiToken", values, got)
		}
	}
	if cfg := storedConfig(t, e); cfg["gatewayUrl"] != gateway || cfg["assetApiUrl"] != "" {
		t.Fatalf("a refused change was stored: %v", cfg)
	}
	// With the token entered again the change is taken; a setting that
	// sends nothing elsewhere needs no token.
	if fe := configure(map[string]string{"assetApiUrl": gateway + "/plugin/products/asset", "apiToken": taniumfake.Token}); fe != nil {
		t.Fatalf("with the token: %v", fe)
	}
	if fe := configure(map[string]string{"pageSize": "50"}); fe != nil {
		t.Fatalf("page size: %v", fe)
	}
	// The Asset API on another host is refused even with the token.
	if got := keys(configure(map[string]string{"assetApiUrl": "https://attacker.example/asset", "apiToken": taniumfake.Token})); !slices.Equal(got, []string{"assetApiUrl"}) {
		t.Fatalf("an Asset API on another host: errors on %v", got)
	}
}

func storedConfig(t *testing.T, e *syncEnv) map[string]string {
	t.Helper()
	in, err := e.db.Integration(context.Background(), "tanium")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := e.db.ProviderConfig(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
