package ingest_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestScheduleOf(t *testing.T) {
	cases := []struct {
		settings        map[string]any
		connected       bool
		mapped          int
		enabled         bool
		intervalMinutes int
	}{
		{nil, true, 1, true, 60},   // on by default once connected with a mapped scope
		{nil, false, 1, false, 60}, // not connected
		{nil, true, 0, false, 60},  // nothing mapped
		{map[string]any{"deviceSync": map[string]any{"enabled": false}}, true, 1, false, 60},
		{map[string]any{"deviceSync": map[string]any{"enabled": true, "intervalMinutes": 5.0}}, true, 1, true, 15},
		{map[string]any{"deviceSync": map[string]any{"intervalMinutes": 9999.0}}, true, 1, true, 1440},
		{map[string]any{"deviceSync": map[string]any{"intervalMinutes": 29.6}}, true, 1, true, 30},
		{map[string]any{"deviceSync": map[string]any{"intervalMinutes": "45"}}, true, 1, true, 45},
		{map[string]any{"deviceSync": map[string]any{"intervalMinutes": "often"}}, true, 1, true, 60},
		{map[string]any{"deviceSync": map[string]any{"enabled": "yes"}}, true, 1, true, 60},
	}
	for i, c := range cases {
		got := ingest.ScheduleOf(c.settings, c.connected, c.mapped)
		if got.Enabled != c.enabled || got.IntervalMinutes != c.intervalMinutes {
			t.Errorf("case %d: %+v", i, got)
		}
	}
}

func TestNextTickIsAlignedAcrossReplicas(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 7, 13, 0, time.UTC)
	if got := ingest.NextTick(at, 15*time.Minute); !got.Equal(time.Date(2026, 11, 27, 10, 15, 0, 0, time.UTC)) {
		t.Fatalf("NextTick = %v", got)
	}
	if got := ingest.NextTick(at.Add(time.Second), 15*time.Minute); !got.Equal(time.Date(2026, 11, 27, 10, 15, 0, 0, time.UTC)) {
		t.Fatalf("a replica a second later computed %v", got)
	}
}

// Two schedulers on one Postgres database, as two replicas would be: every
// tick runs exactly once.
func TestTicksRunOnceAcrossReplicas(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	h := newHarness(t, s, 1, ingest.Options{})
	h.setEstate(estate(20, 1, t0))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const unit = 20 * time.Millisecond // a 15-"minute" interval lasts 300 ms
	var schedulers []*ingest.SyncScheduler
	for range 2 {
		sc, err := ingest.NewSyncScheduler(s, h.syncer, slog.New(slog.NewTextHandler(io.Discard, nil)), ingest.SchedulerOptions{Unit: unit, Distributed: true, Reconcile: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sc.SetSchedule(ctx, h.db, providertest.ID, nil, ptr(15)); err != nil {
			t.Fatal(err)
		}
		if err := sc.Start(ctx); err != nil {
			t.Fatal(err)
		}
		schedulers = append(schedulers, sc)
	}
	time.Sleep(2 * time.Second)
	for _, sc := range schedulers {
		sc.Stop()
	}
	h.syncer.Wait()
	var starts []time.Time
	if err := s.DB.NewRaw(`SELECT started_at FROM rmm_sync_runs WHERE tenant = ? AND trigger_type = 'scheduled' ORDER BY started_at`, h.db.ID()).Scan(ctx, &starts); err != nil {
		t.Fatal(err)
	}
	var claims int
	s.DB.NewRaw(`SELECT count(*) FROM scheduler_ticks`).Scan(ctx, &claims)
	// A tick is claimed once (its key is unique) and only its claimer runs
	// it, so a tick that ran twice shows as more runs than claims, however
	// late a loaded machine starts them.
	if len(starts) > claims {
		t.Fatalf("%d scheduled runs for %d claimed ticks: a tick ran twice (%v)", len(starts), claims, starts)
	}
	if len(starts) < 2 {
		t.Fatalf("%d scheduled runs over 2 s of 300 ms ticks", len(starts))
	}
}

func TestStopInterruptsAfterTheBatchInFlight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{BatchSize: 10})
		h.p.SetPageSize(10)
		h.setEstate(estate(100, 1, t0))
		var once sync.Once
		pages := 0
		h.p.OnPage(func() {
			// The provider runs a few pages ahead of the writer; by page 8
			// the writer has written some batches.
			if pages++; pages == 8 {
				once.Do(h.syncer.Stop)
			}
		})
		run, err := h.syncer.Run(context.Background(), h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		if err != nil {
			t.Fatal(err)
		}
		h.checkInvariants()
		storetest.Expect(t, "a run stopped with its syncer", is("status", run.Status, store.RunInterrupted), is("explained", deref(run.Error) != "", true),
			is("created some but not all", run.Created > 0 && run.Created < 100, true))
		if n := h.assetCount(); n != run.Created {
			t.Fatalf("the run says %d created, the database holds %d", run.Created, n)
		}
		integ, _ := h.db.Integration(context.Background(), providertest.ID)
		if integ.SyncStatus != store.SyncError {
			t.Fatalf("integration after an interrupted run: %s", integ.SyncStatus)
		}
	})
}

// A run whose process died is marked interrupted by the sweeper within its
// lease, with its integration, without waiting for the next sync to start.
func TestSweeperMarksDeadRunsInterrupted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		dead := &store.SyncRun{IntegrationID: integ.ID, Mode: "full", Trigger: "manual"}
		if err := h.db.StartRun(h.ctx, dead, time.Second); err != nil {
			t.Fatal(err)
		}
		// Its process stops heartbeating.
		s.DB.NewUpdate().Model((*store.SyncRun)(nil)).Set("heartbeat_at = ?", time.Now().UTC().Add(-time.Minute)).Where("run_id = ?", dead.ID).Exec(h.ctx)
		reg, _ := providers.NewRegistry(providers.Register(providertest.New()))
		e, err := ingest.NewEngine(h.ctx, s, reg, ingest.EngineOptions{Log: quietLog(), Sync: ingest.Options{Lease: 200 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.StartScheduling(); err != nil {
			t.Fatal(err)
		}
		defer e.Stop(time.Second)
		var run store.SyncRun
		for range 100 {
			if run, _ = h.db.SyncRun(h.ctx, dead.ID); run.Status != store.RunRunning {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		integ, _ = h.db.Integration(h.ctx, providertest.ID)
		storetest.Expect(t, "a run of a dead process", is("status", run.Status, store.RunInterrupted), is("explained", strings.Contains(deref(run.Error), "no heartbeat"), true),
			is("integration status", integ.SyncStatus, store.SyncError))
	})
}

func TestAlertPollingOf(t *testing.T) {
	cases := []struct {
		settings map[string]any
		want     ingest.Schedule
	}{
		{nil, ingest.Schedule{Enabled: true, IntervalMinutes: 15}},
		{map[string]any{"alertPolling": map[string]any{"enabled": false}}, ingest.Schedule{Enabled: false, IntervalMinutes: 15}},
		{map[string]any{"alertPolling": map[string]any{"intervalMinutes": 1.0}}, ingest.Schedule{Enabled: true, IntervalMinutes: 5}},
		{map[string]any{"alertPolling": map[string]any{"intervalMinutes": "90"}}, ingest.Schedule{Enabled: true, IntervalMinutes: 60}},
		{map[string]any{"alertPolling": map[string]any{"enabled": "no", "intervalMinutes": 7.4}}, ingest.Schedule{Enabled: true, IntervalMinutes: 7}},
	}
	for _, c := range cases {
		if got := ingest.AlertPollingOf(c.settings); got != c.want {
			t.Errorf("AlertPollingOf(%v) = %+v, want %+v", c.settings, got, c.want)
		}
	}
}

// Alert polls run on their schedule, and resolve alerts the RMM dropped.
func TestScheduledAlertPolls(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	h := newFullHarness(t, s, 1, ingest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sc, err := ingest.NewSyncScheduler(s, h.syncer, quietLog(), ingest.SchedulerOptions{Unit: 20 * time.Millisecond, Reconcile: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.SetAlertPolling(ctx, h.db, h.id, nil, ptr(4)); err == nil {
		t.Fatal("an interval under 5 minutes was accepted")
	}
	if _, err := sc.SetAlertPolling(ctx, h.db, providertest.ID, nil, ptr(5)); err == nil {
		t.Fatal("alert polling was set for a provider that cannot list alerts")
	}
	if _, err := sc.SetAlertPolling(ctx, h.db, h.id, nil, ptr(5)); err != nil { // 100 ms here
		t.Fatal(err)
	}
	h.full.SetAlerts(rmm.Alert{ExternalID: "x1", Severity: rmm.SeverityMinor, State: rmm.AlertTriggered, OccurredAt: t0})
	if err := sc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer sc.Stop()
	wait := func(q string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for h.count(q) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no scheduled poll made %s", q)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	wait(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND status = 'active'`)
	h.full.SetAlerts()
	wait(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND status = 'auto_resolved'`)
}

// A replica runs at most MaxConcurrent scheduled syncs at once; the others
// due on the same tick wait their turn and still run.
func TestScheduledSyncsRespectTheConcurrencyLimit(t *testing.T) {
	for _, limit := range []int{1, 4} {
		s := storetest.Open(t, store.SQLite)
		ctx, cancel := context.WithCancel(context.Background())
		p := providertest.New()
		p.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Scope 1"}}, estate(5, 1, t0), nil)
		var mu sync.Mutex
		inFlight, peak := 0, 0
		p.OnPage(func() {
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			mu.Unlock()
			time.Sleep(60 * time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
		})
		reg, err := providers.NewRegistry(providers.Register(p))
		if err != nil {
			t.Fatal(err)
		}
		syncer := ingest.NewSyncer(ctx, reg, quietLog(), ingest.Options{})
		sc, err := ingest.NewSyncScheduler(s, syncer, quietLog(), ingest.SchedulerOptions{Unit: 20 * time.Millisecond, Reconcile: time.Hour, MaxConcurrent: limit})
		if err != nil {
			t.Fatal(err)
		}
		const tenants = 4
		for i := range tenants {
			tn, _ := s.CreateTenant(ctx, fmt.Sprintf("Tenant %d", i))
			db := s.Tenant(tn.ID)
			if _, err := db.ConfigureIntegration(ctx, providertest.ID, store.IntegrationConfig{Values: map[string]string{"url": "https://rmm.test"}, Secrets: map[string]string{"apiKey": "good"}}); err != nil {
				t.Fatal(err)
			}
			if err := syncer.Verify(ctx, db, providertest.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := syncer.DiscoverScopes(ctx, db, providertest.ID); err != nil {
				t.Fatal(err)
			}
			integ, _ := db.Integration(ctx, providertest.ID)
			scopes, _ := db.AllScopeMappings(ctx, integ.ID)
			name := "Client"
			c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
			if _, err := db.MapScope(ctx, scopes[0].ID, &c.ID, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := sc.SetSchedule(ctx, db, providertest.ID, nil, ptr(15)); err != nil {
				t.Fatal(err)
			}
		}
		if err := sc.Start(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		sc.Stop()
		syncer.Wait()
		cancel()
		var runs int
		s.DB.NewRaw(`SELECT count(DISTINCT tenant) FROM rmm_sync_runs WHERE trigger_type = 'scheduled' AND status = 'completed'`).Scan(context.Background(), &runs)
		if runs != tenants {
			t.Fatalf("limit %d: %d of %d tenants had a scheduled sync", limit, runs, tenants)
		}
		if limit == 1 && peak != 1 {
			t.Fatalf("limit 1: %d syncs listed at once", peak)
		}
		if limit == 4 && peak < 2 {
			t.Fatalf("limit 4: syncs never overlapped (peak %d), so the limit-1 case proves nothing", peak)
		}
	}
}
