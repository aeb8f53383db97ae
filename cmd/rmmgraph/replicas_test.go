package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// TestMain lets tests start this test binary as a real rmmgraph process.
func TestMain(m *testing.M) {
	if args := os.Getenv("RMMGRAPH_TEST_EXEC"); args != "" {
		// The test provider takes webhooks; a real one is not needed to
		// prove the ingress durable.
		newRegistry = func() (*providers.Registry, error) {
			return providers.NewRegistry(providers.Register(tanium.New()), providers.Register(ninjaone.New()), providers.Register(tacticalrmm.New()), providers.Register(providertest.NewFull()))
		}
		ctx, stop := signalContext()
		defer stop()
		os.Exit(run(ctx, strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(storetest.Main(m))
}

type replica struct {
	cmd *exec.Cmd
	out *syncWriter
}

func startReplica(t *testing.T, db, key string, extra ...string) *replica {
	t.Helper()
	args := append([]string{"serve", "-d", db, "--addr", freePort(t), "--schedule-unit", "100ms", "--sync-lease", "2s", "--shutdown-timeout", "5s",
		"--allow-upstream-networks", "127.0.0.1", "--allow-http-upstreams"}, extra...) // the fake Gateway listens on loopback
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "RMMGRAPH_TEST_EXEC="+strings.Join(args, "\x1f"), "RMMGRAPH_SECRET_KEY="+key)
	r := &replica{cmd: cmd, out: &syncWriter{}}
	cmd.Stdout, cmd.Stderr = r.out, r.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return r
}

// setupScheduled prepares a Postgres database whose tenant syncs a fake
// Tanium Gateway every 15 schedule-minutes (1.5 s with the test unit).
func setupScheduled(t *testing.T, fake *taniumfake.Server) (db, key string, st *store.Store, tdb *store.TenantDB) {
	t.Helper()
	ctx := context.Background()
	srv := httptest.NewServer(fake.Handler())
	t.Cleanup(srv.Close)
	key = strings.Repeat("5a", 32)
	db, st = migratedPostgres(t, key)
	tn, _ := st.CreateTenant(ctx, "MSP")
	tdb = st.Tenant(tn.ID)
	reg, err := newRegistry()
	if err != nil {
		t.Fatal(err)
	}
	syncer := ingest.NewSyncer(ctx, reg, nil, ingest.Options{Egress: egress.Open})
	cfg := store.IntegrationConfig{Values: map[string]string{"gatewayUrl": srv.URL, "pageSize": "10"}, Secrets: map[string]string{"apiToken": taniumfake.Token}}
	if _, err := tdb.ConfigureIntegration(ctx, tanium.ID, cfg); err != nil {
		t.Fatal(err)
	}
	if err := syncer.Verify(ctx, tdb, tanium.ID); err != nil {
		t.Fatal(err)
	}
	syncer.DiscoverScopes(ctx, tdb, tanium.ID)
	integ, _ := tdb.Integration(ctx, tanium.ID)
	scopes, _ := tdb.AllScopeMappings(ctx, integ.ID)
	name := "Client"
	c, _ := tdb.CreateClient(ctx, store.ClientFields{Name: &name})
	for _, m := range scopes {
		tdb.MapScope(ctx, m.ID, &c.ID, nil)
	}
	if _, err := tdb.MergeSettings(ctx, tanium.ID, map[string]any{"deviceSync": map[string]any{"enabled": true, "intervalMinutes": 15}}); err != nil {
		t.Fatal(err)
	}
	return db, key, st, tdb
}

type runRow struct {
	Status    string    `bun:"status"`
	StartedAt time.Time `bun:"started_at"`
	Trigger   string    `bun:"trigger_type"`
}

func runs(t *testing.T, st *store.Store, tdb *store.TenantDB) []runRow {
	t.Helper()
	var out []runRow
	if err := st.DB.NewRaw(`SELECT status, started_at, trigger_type FROM rmm_sync_runs WHERE tenant = ? ORDER BY started_at`, tdb.ID()).Scan(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func stopReplica(t *testing.T, r *replica) time.Duration {
	t.Helper()
	start := time.Now()
	r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("replica exited with %v:\n%s", err, r.out.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("replica did not exit within 15 s of SIGTERM:\n%s", r.out.String())
	}
	return time.Since(start)
}

// Two rmmgraph processes on one Postgres run each scheduled tick once.
func TestReplicasRunEachTickOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process replica test (about 10 s): runs without -short, as make test and CI do")
	}
	fake := taniumfake.New(taniumfake.NewEstate(40, 2, time.Now()))
	db, key, st, tdb := setupScheduled(t, fake)
	a, b := startReplica(t, db, key), startReplica(t, db, key)
	time.Sleep(8 * time.Second) // about five ticks of 1.5 s
	stopReplica(t, a)
	stopReplica(t, b)
	rs := runs(t, st, tdb)
	var claims int
	st.DB.NewRaw(`SELECT count(*) FROM scheduler_ticks`).Scan(context.Background(), &claims)
	// Every run had its tick claimed by exactly one replica (a claimed
	// tick may find the previous run still going and skip).
	if len(rs) < 3 || len(rs) > claims {
		t.Fatalf("%d runs for %d claimed ticks:\n%v\n%s\n%s", len(rs), claims, rs, a.out.String(), b.out.String())
	}
	for i, r := range rs {
		// The last run may have been under way when the replicas stopped.
		if r.Trigger != "scheduled" || (r.Status != store.RunCompleted && !(i == len(rs)-1 && r.Status == store.RunInterrupted)) {
			t.Fatalf("run %d: %+v", i, r)
		}
	}
	var assets int
	st.DB.NewRaw(`SELECT count(*) FROM assets WHERE tenant = ?`, tdb.ID()).Scan(context.Background(), &assets)
	if assets != 40 {
		t.Fatalf("%d assets, want 40", assets)
	}
}

// A replica killed mid-run leaves a running run; the next tick on another
// replica marks it interrupted once its lease lapses and syncs again, with
// no duplicates. SIGTERM ends a replica promptly, recording its run.
func TestKilledReplicaIsRecoveredAndTermIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process replica test (about 10 s): runs without -short, as make test and CI do")
	}
	fake := taniumfake.New(taniumfake.NewEstate(60, 1, time.Now()))
	fake.Delay = 300 * time.Millisecond
	fake.Inject(taniumfake.FaultSlow, -1) // a run takes about 2 s
	db, key, st, tdb := setupScheduled(t, fake)
	a := startReplica(t, db, key)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if rs := runs(t, st, tdb); len(rs) > 0 && rs[0].Status == store.RunRunning {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.cmd.Process.Kill() // no chance to record anything
	a.cmd.Wait()
	fake.Inject(taniumfake.FaultNone, 0)
	b := startReplica(t, db, key)
	deadline = time.Now().Add(15 * time.Second)
	var rs []runRow
	for time.Now().Before(deadline) {
		rs = runs(t, st, tdb)
		if len(rs) >= 2 && rs[len(rs)-1].Status == store.RunCompleted {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(rs) < 2 {
		t.Fatalf("after the kill: %d runs, want the killed one and a completed one\n%s", len(rs), b.out.String())
	}
	storetest.Expect(t, "after the kill\n"+b.out.String(), storetest.Is("the killed run", rs[0].Status, store.RunInterrupted),
		storetest.Is("the last run", rs[len(rs)-1].Status, store.RunCompleted))
	var assets int
	st.DB.NewRaw(`SELECT count(*) FROM assets WHERE tenant = ?`, tdb.ID()).Scan(context.Background(), &assets)
	if assets != 60 {
		t.Fatalf("%d assets, want 60", assets)
	}

	// SIGTERM in the middle of a run: bounded exit, run recorded interrupted.
	fake.Inject(taniumfake.FaultSlow, -1)
	before := len(runs(t, st, tdb))
	deadline = time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if rs := runs(t, st, tdb); len(rs) > before && rs[len(rs)-1].Status == store.RunRunning {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := stopReplica(t, b)
	rs = runs(t, st, tdb)
	last := rs[len(rs)-1]
	if last.Status != store.RunInterrupted || took > 8*time.Second {
		t.Fatalf("SIGTERM: last run %s, exit took %v\n%s", last.Status, took, b.out.String())
	}
	t.Logf("SIGTERM exit took %v", took.Round(time.Millisecond))
}

// A delivery answered 200 survives the process that took it being killed:
// another replica processes it.
func TestAcceptedDeliverySurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process replica test (a few seconds): runs without -short, as make test and CI do")
	}
	ctx := context.Background()
	key := strings.Repeat("6b", 32)
	db, st := migratedPostgres(t, key)
	tn, _ := st.CreateTenant(ctx, "MSP")
	tdb := st.Tenant(tn.ID)
	in, err := tdb.ConfigureIntegration(ctx, providertest.FullID, store.IntegrationConfig{Values: map[string]string{"url": "https://rmm.test"}, Secrets: map[string]string{"apiKey": "good"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := tdb.SetIntegrationVerified(ctx, in.ID, true); err != nil {
		t.Fatal(err)
	}
	secret := strings.Repeat("c3", 32)
	if err := tdb.SetIntegrationSecret(ctx, in.ID, store.WebhookSecretName, []byte(secret)); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	a := startReplica(t, db, key, "--no-process-webhooks", "--addr", addr)
	body := `{"events":[{"kind":"alert","alert":{"id":"a1","deviceId":"d1","severity":"critical","state":"triggered","at":"2026-11-29T05:00:00Z"}}]}`
	url := "http://" + addr + "/webhooks/" + providertest.FullID + "/" + in.ID.String()
	var code int
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("X-Test-Secret", secret)
		if res, err := http.DefaultClient.Do(req); err == nil {
			code = res.StatusCode
			res.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code != http.StatusOK {
		t.Fatalf("delivery: status %d\n%s", code, a.out.String())
	}
	a.cmd.Process.Kill() // right after answering
	a.cmd.Wait()
	count := func(q string) int {
		var n int
		if err := st.DB.NewRaw(q, tdb.ID()).Scan(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM rmm_webhook_deliveries WHERE tenant = ? AND status = 'pending'`); n != 1 {
		t.Fatalf("%d pending deliveries after the kill, want 1", n)
	}
	b := startReplica(t, db, key)
	deadline = time.Now().Add(15 * time.Second)
	// The alert is recorded before its delivery is marked processed: wait
	// for both.
	for time.Now().Before(deadline) && (count(`SELECT count(*) FROM rmm_webhook_deliveries WHERE tenant = ? AND status = 'processed'`) == 0 ||
		count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ?`) == 0) {
		time.Sleep(100 * time.Millisecond)
	}
	// Whatever its status: the new replica's first alert poll may resolve it,
	// as the test RMM lists no active alert.
	storetest.Expect(t, "after another replica started\n"+b.out.String(),
		storetest.Is("alerts", count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND external_alert_id = 'a1'`), 1),
		storetest.Is("processed", count(`SELECT count(*) FROM rmm_webhook_deliveries WHERE tenant = ? AND status = 'processed'`), 1))
}

// migratedPostgres makes a migrated Postgres database whose secrets are
// sealed with key, and returns its URL and an open store on it.
func migratedPostgres(t testing.TB, key string) (string, *store.Store) {
	t.Helper()
	ctx := context.Background()
	db := storetest.NewDatabaseURL(t, store.Postgres)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k, _ := store.ParseKey(key)
	sl, _ := store.NewSealer(k)
	st.SetSealer(sl)
	if _, err := st.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	return db, st
}
