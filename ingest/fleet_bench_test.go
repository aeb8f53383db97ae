package ingest_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// dbTime sums the time a store's queries take.
type dbTime struct {
	total   atomic.Int64
	queries atomic.Int64
}

func (d *dbTime) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (d *dbTime) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	d.total.Add(int64(time.Since(e.StartTime)))
	d.queries.Add(1)
}

// activeTime is how long the database's sessions have spent executing
// statements, on the server: the time the bench's own few polling queries
// add is well under a millisecond per run. A session reports its time as
// it ends, so with ended set this first waits until every other session
// has.
func activeTime(b *testing.B, s *store.Store, ended bool) time.Duration {
	ctx := context.Background()
	for deadline := time.Now().Add(30 * time.Second); ended && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var others int
		if err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&others); err != nil {
			b.Fatal(err)
		}
		if others == 0 {
			break
		}
	}
	if _, err := s.DB.ExecContext(ctx, `SELECT pg_stat_clear_snapshot()`); err != nil {
		b.Fatal(err)
	}
	var ms float64
	if err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(active_time, 0) FROM pg_stat_database WHERE datname = current_database()`).Scan(&ms); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// BenchmarkFleet is an MSP platform's shape: RMMGRAPH_BENCH_FLEET_TENANTS
// tenants (default 2,000), each with one integration of 50 devices, all
// due on the same tick, run by two replicas (each its own connection pool
// and scheduler, in this process) on one Postgres. It prints how long the
// tick took against its interval, the database time and queries per run,
// the peak connections against pool × replicas, and each tenant's wait
// from the tick to its run's start against the median. The database time
// a run needs is measured on 100 more tenants' first syncs run one at a
// time; the tick's own figure, printed beside it, adds the wait for a CPU.
func BenchmarkFleet(b *testing.B) {
	tenants := 2000
	if v := os.Getenv("RMMGRAPH_BENCH_FLEET_TENANTS"); v != "" {
		fmt.Sscan(v, &tenants)
	}
	const (
		devices     = 50
		replicas    = 2
		pool        = 10
		concurrency = 8
		unit        = 4 * time.Second // a 15-"minute" interval lasts a minute
		interval    = 15
		// serial more tenants, never scheduled, are synced one after another
		// once the tick is done: their database time is a run's fixed
		// overhead, without the wait for a CPU that 16 runs at once add.
		serial = 100
	)
	report := &benchReport{b: b}
	line, check := report.line, report.check
	for b.Loop() {
		ctx := context.Background()
		url := storetest.NewDatabaseURL(b, store.Postgres)
		setup, err := store.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := setup.MigrateUp(ctx); err != nil {
			b.Fatal(err)
		}
		p := &synthetic{scopes: 1, perScope: devices}
		p.seen.Store(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix())
		reg, err := providers.NewRegistry(providers.Register(p))
		if err != nil {
			b.Fatal(err)
		}
		prep := ingest.NewSyncer(ctx, reg, quietLog(), ingest.Options{})
		started := time.Now()
		var unscheduled []*store.TenantDB
		for i := range tenants + serial {
			tn, err := setup.CreateTenant(ctx, fmt.Sprintf("MSP client %04d", i))
			if err != nil {
				b.Fatal(err)
			}
			db := setup.Tenant(tn.ID)
			if _, err := db.ConfigureIntegration(ctx, "synthetic", store.IntegrationConfig{}); err != nil {
				b.Fatal(err)
			}
			if err := prep.Verify(ctx, db, "synthetic"); err != nil {
				b.Fatal(err)
			}
			if _, err := prep.DiscoverScopes(ctx, db, "synthetic"); err != nil {
				b.Fatal(err)
			}
			integ, _ := db.Integration(ctx, "synthetic")
			scopes, _ := db.AllScopeMappings(ctx, integ.ID)
			name := "Client"
			c, err := db.CreateClient(ctx, store.ClientFields{Name: &name})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.MapScope(ctx, scopes[0].ID, &c.ID, nil); err != nil {
				b.Fatal(err)
			}
			ds := map[string]any{"intervalMinutes": interval}
			if i >= tenants {
				ds["enabled"] = false
				unscheduled = append(unscheduled, db)
			}
			if _, err := db.MergeSettings(ctx, "synthetic", map[string]any{"deviceSync": ds}); err != nil {
				b.Fatal(err)
			}
		}
		setupTook := time.Since(started)
		setup.DB.SetMaxOpenConns(1) // its idle connections would count as the replicas'

		// The replicas start just after a tick, so every integration is due
		// on the next one.
		period := interval * unit
		for time.Until(ingest.NextTick(time.Now(), period)) < 10*time.Second {
			time.Sleep(time.Second)
		}
		tick := ingest.NextTick(time.Now(), period)
		times := make([]*dbTime, replicas)
		var schedulers []*ingest.SyncScheduler
		var syncers []*ingest.Syncer
		var stores []*store.Store
		for r := range replicas {
			s, err := store.Open(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			stores = append(stores, s)
			s.SetPoolSize(pool)
			times[r] = &dbTime{}
			s.DB.AddQueryHook(times[r])
			syncer := ingest.NewSyncer(ctx, reg, quietLog(), ingest.Options{})
			sc, err := ingest.NewSyncScheduler(s, syncer, quietLog(), ingest.SchedulerOptions{Unit: unit, Distributed: true, Reconcile: time.Hour, MaxConcurrent: concurrency})
			if err != nil {
				b.Fatal(err)
			}
			if err := sc.Start(ctx); err != nil {
				b.Fatal(err)
			}
			schedulers, syncers = append(schedulers, sc), append(syncers, syncer)
		}
		activeBefore := activeTime(b, setup, false)
		// Sample the database's connections until every run is done.
		var peak atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var n int64
				setup.DB.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n)
				if n > peak.Load() {
					peak.Store(n)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		deadline := tick.Add(period)
		var done int
		for time.Now().Before(deadline) {
			setup.DB.QueryRowContext(ctx, `SELECT count(*) FROM rmm_sync_runs WHERE trigger_type = 'scheduled' AND status <> 'running'`).Scan(&done)
			if done >= tenants {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		for i, sc := range schedulers {
			sc.Stop()
			syncers[i].Wait()
		}
		for _, s := range stores {
			s.Close() // its sessions report their statistics as they end
		}
		active := activeTime(b, setup, true) - activeBefore

		// The same first syncs, one at a time.
		activeBefore = activeTime(b, setup, true)
		one, err := store.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		one.SetPoolSize(pool)
		alone := ingest.NewSyncer(ctx, reg, quietLog(), ingest.Options{})
		for _, db := range unscheduled {
			run, err := alone.Run(ctx, one.Tenant(db.ID()), ingest.Request{Provider: "synthetic", Mode: ingest.ModeFull})
			if err != nil || run.Status != store.RunCompleted || run.Created != devices {
				b.Fatalf("a first sync one at a time: %v %+v", err, run)
			}
		}
		one.Close()
		fixed := activeTime(b, setup, true) - activeBefore

		var runs []struct {
			Tenant   string     `bun:"tenant"`
			Status   string     `bun:"status"`
			Started  time.Time  `bun:"started_at"`
			Finished *time.Time `bun:"finished_at"`
		}
		if err := setup.DB.NewRaw(`SELECT CAST(tenant AS TEXT) AS tenant, status, started_at, finished_at FROM rmm_sync_runs WHERE trigger_type = 'scheduled'`).Scan(ctx, &runs); err != nil {
			b.Fatal(err)
		}
		var claims int
		setup.DB.QueryRowContext(ctx, `SELECT count(*) FROM scheduler_ticks`).Scan(&claims)
		perTenant := map[string]int{}
		var waits []float64
		var last time.Time
		completed := 0
		for _, r := range runs {
			perTenant[r.Tenant]++
			waits = append(waits, r.Started.Sub(tick).Seconds())
			if r.Status == store.RunCompleted {
				completed++
			}
			if r.Finished != nil && r.Finished.After(last) {
				last = *r.Finished
			}
		}
		twice := 0
		for _, n := range perTenant {
			if n > 1 {
				twice++
			}
		}
		slices.Sort(waits)
		median, worst := 0.0, 0.0
		if len(waits) > 0 {
			median, worst = waits[len(waits)/2], waits[len(waits)-1]
		}
		var total, queries int64
		for _, t := range times {
			total += t.total.Load()
			queries += t.queries.Load()
		}
		tickTook := last.Sub(tick)
		line("fleet: %d tenants x 1 integration x %d devices, %d replicas (pool %d, %d syncs at once each), tick interval %s (set up in %s):",
			tenants, devices, replicas, pool, concurrency, period, setupTook.Round(time.Second))
		line("  runs completed                     %d of %d", completed, tenants)
		line("  tick to last run finished          %.1f s", tickTook.Seconds())
		perRun := fixed.Seconds() * 1000 / serial
		line("  database time per run              %.1f ms  (statements executing, from pg_stat_database, in %d first syncs run one at a time)", perRun, serial)
		line("                          in the tick %.1f ms  (%d runs at once on %d CPUs, database included: most of it is waiting for a CPU)",
			active.Seconds()*1000/float64(max(len(runs), 1)), replicas*concurrency, runtime.NumCPU())
		line("  queries per run, as the pool sees  %.1f taking %.1f ms  (bun queries, bulk write transactions aside)", float64(queries)/float64(max(len(runs), 1)), float64(total)/float64(max(len(runs), 1))/1e6)
		line("  wait from tick to run start        median %.2f s, worst %.2f s", median, worst)
		line("  peak database connections          %d", peak.Load())
		check(completed == tenants, "every tenant's run completed within the tick interval (%d of %d)", completed, tenants)
		check(tickTook < period, "the tick took %.1f s of its %s interval", tickTook.Seconds(), period)
		check(twice == 0 && len(runs) == claims, "each tick ran once (%d runs, %d claims, %d tenants ran twice)", len(runs), claims, twice)
		check(peak.Load() <= pool*replicas, "peak connections %d <= pool %d x replicas %d", peak.Load(), pool, replicas)
		check(worst <= 2*median, "worst wait %.2f s <= 2 x median %.2f s", worst, median)
		report.goal(perRun <= 20, "database time per run %.1f ms (goal 20 ms)%s", perRun, figure{perRun}.over(20))
		setup.Close()
	}
	fmt.Print("\n" + report.String())
}
