package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// synthetic is an RMM whose devices are generated page by page, so the
// estate costs no memory of its own.
type synthetic struct {
	scopes, perScope int
	seen             atomic.Int64 // unix seconds every device reports as last seen
}

func (p *synthetic) Info() providers.Info {
	return providers.Info{ID: "synthetic", DisplayName: "Synthetic"}
}

func (p *synthetic) Open(context.Context, rmm.Connection) (*synthetic, error) { return p, nil }

func (p *synthetic) Close() {}

func (p *synthetic) Verify(context.Context) error { return nil }

func (p *synthetic) Scopes(context.Context) ([]rmm.Scope, error) {
	out := make([]rmm.Scope, p.scopes)
	for i := range out {
		out[i] = rmm.Scope{ExternalID: fmt.Sprintf("g%02d", i), Name: fmt.Sprintf("Group %d", i), Kind: rmm.ScopeGroup}
	}
	return out, nil
}

func (p *synthetic) ListDevices(ctx context.Context, scope string, emit rmm.Emit) error {
	var g int
	fmt.Sscanf(scope, "g%d", &g)
	seen := time.Unix(p.seen.Load(), 0).UTC()
	const page = 100
	for start := 0; start < p.perScope; start += page {
		devs := make([]rmm.Device, 0, page)
		for i := start; i < min(start+page, p.perScope); i++ {
			devs = append(devs, synthDevice(scope, g*p.perScope+i, seen))
		}
		if err := emit(ctx, devs); err != nil {
			return err
		}
	}
	return nil
}

func synthDevice(scope string, n int, seen time.Time) rmm.Device {
	d := rmm.Device{
		ExternalID: fmt.Sprintf("eid-%07d", n), ScopeID: scope, Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation,
		Name: fmt.Sprintf("WS-%07d", n), SerialNumber: rmm.Some(fmt.Sprintf("PF%08X", n*7919)), AgentStatus: rmm.AgentOnline,
		LastSeenAt: rmm.Some(seen),
		Extension: rmm.Extension{
			OSType: rmm.Some("Windows"), OSVersion: rmm.Some("Windows 11 Enterprise 23H2"), CPUModel: rmm.Some("Intel(R) Core(TM) i7-1265U"),
			CPUCores: rmm.Some(12), RAMGB: rmm.Some(16 << (n % 2)), CurrentUser: rmm.Some(fmt.Sprintf(`CORP\user%05d`, n%50000)),
			LanIP:     rmm.Some(fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)),
			DiskUsage: rmm.Some([]rmm.DiskUsage{{Name: "C:", TotalGB: 476.3, FreeGB: float64(n%400) + 0.5, UtilizationPercent: 12.5}}),
			InstalledSoftware: rmm.Some([]rmm.Software{{Name: "Microsoft Edge", Version: "131.0.2903.70"}, {Name: "7-Zip 23.01 (x64)", Version: "23.01"},
				{Name: "Tanium Client", Version: "7.6.2.1218"}}),
			SystemInfo: rmm.Some(map[string]any{"manufacturer": "LENOVO", "model": "21C1S0B300", "chassisType": "Notebook"}),
		},
		Metadata: map[string]any{"computerID": fmt.Sprint(1000000 + n), "groupIds": []string{scope}},
	}
	if n%5 == 0 {
		d.AssetType = rmm.AssetServer
		d.Name = fmt.Sprintf("SRV-%07d", n)
		d.Extension.IsVirtual = rmm.Some(n%10 == 0)
	}
	return d
}

type benchEnv struct {
	s      *store.Store
	db     *store.TenantDB
	p      *synthetic
	syncer *ingest.Syncer
	url    string
}

func newBenchEnv(b *testing.B, d store.Dialect, scopes, perScope int) *benchEnv {
	return newBenchEnvT(b, d, scopes, perScope)
}

func newBenchEnvT(b testing.TB, d store.Dialect, scopes, perScope int) *benchEnv {
	ctx := context.Background()
	u := storetest.NewDatabaseURL(b, d)
	s, err := store.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	key := bytes.Repeat([]byte{7}, 32)
	sl, _ := store.NewSealer(key)
	s.SetSealer(sl)
	if _, err := s.MigrateUp(ctx); err != nil {
		b.Fatal(err)
	}
	tn, _ := s.CreateTenant(ctx, "Bench MSP")
	e := &benchEnv{s: s, db: s.Tenant(tn.ID), p: &synthetic{scopes: scopes, perScope: perScope}, url: u}
	e.p.seen.Store(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix())
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg, err := providers.NewRegistry(providers.Register(e.p))
	if err != nil {
		b.Fatal(err)
	}
	e.syncer = ingest.NewSyncer(ctx, reg, quiet, ingest.Options{})
	if _, err := e.db.ConfigureIntegration(ctx, "synthetic", store.IntegrationConfig{}); err != nil {
		b.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, e.db, "synthetic"); err != nil {
		b.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, e.db, "synthetic"); err != nil {
		b.Fatal(err)
	}
	integ, _ := e.db.Integration(ctx, "synthetic")
	maps, _ := e.db.AllScopeMappings(ctx, integ.ID)
	for i, m := range maps {
		name := fmt.Sprintf("Client %02d", i)
		c, err := e.db.CreateClient(ctx, store.ClientFields{Name: &name})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.db.MapScope(ctx, m.ID, &c.ID, nil); err != nil {
			b.Fatal(err)
		}
	}
	return e
}

// heapPeaks are the largest heaps seen while a sync ran: the heap the
// garbage collector last found reachable, which is what the pipeline holds,
// and all heap objects, garbage not yet collected included, whose peak
// depends on when the collector happened to run.
type heapPeaks struct{ live, objects uint64 }

// timedSync runs a full sync and returns its duration and the peak heaps
// seen while it ran.
func (e *benchEnv) timedSync(b *testing.B) (time.Duration, heapPeaks, store.SyncRun) {
	runtime.GC()
	stop := make(chan struct{})
	peak := make(chan heapPeaks)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		var top heapPeaks
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			top.live = max(top.live, sample[0].Value.Uint64())
			top.objects = max(top.objects, sample[1].Value.Uint64())
			select {
			case <-stop:
				peak <- top
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	run, err := e.syncer.Run(context.Background(), e.db, ingest.Request{Provider: "synthetic", Mode: ingest.ModeFull})
	elapsed := time.Since(start)
	close(stop)
	if err != nil || run.Status != store.RunCompleted {
		b.Fatalf("sync: %v %+v", err, run)
	}
	return elapsed, <-peak, run
}

var copyTables = []string{"assets", "workstation_assets", "server_assets", "tenant_external_entity_mappings"}

// copyBaseline times COPY FROM of exactly the rows the first sync wrote,
// into an empty database with the same schema.
func copyBaseline(b *testing.B, e *benchEnv) time.Duration {
	ctx := context.Background()
	src, err := pgx.Connect(ctx, e.url)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close(ctx)
	dump := map[string]*bytes.Buffer{}
	for _, t := range append([]string{"tenants", "clients"}, copyTables...) {
		dump[t] = &bytes.Buffer{}
		if _, err := src.PgConn().CopyTo(ctx, dump[t], "COPY "+t+" TO STDOUT"); err != nil {
			b.Fatal(err)
		}
	}
	dst := storetest.Open(b, store.Postgres)
	defer dst.Close()
	conn, err := dst.DB.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	var elapsed time.Duration
	err = conn.Raw(func(dc any) error {
		pc := dc.(interface{ Conn() *pgx.Conn }).Conn().PgConn()
		for _, t := range []string{"tenants", "clients"} {
			if _, err := pc.CopyFrom(ctx, dump[t], "COPY "+t+" FROM STDIN"); err != nil {
				return err
			}
		}
		start := time.Now()
		for _, t := range copyTables {
			if _, err := pc.CopyFrom(ctx, dump[t], "COPY "+t+" FROM STDIN"); err != nil {
				return err
			}
		}
		elapsed = time.Since(start)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return elapsed
}

// BenchmarkPipeline measures the sync pipeline against the bounds of its
// design and prints the figures; `make bench` runs it once. Each figure is
// the median of RMMGRAPH_BENCH_REPS repetitions (default 3), each on a
// fresh database, with min and max beside it; the bounds judge the medians.
// RMMGRAPH_BENCH_DEVICES sets the large estate (default 100000), and
// RMMGRAPH_BENCH_PROFILES a folder for CPU and allocation profiles of the
// first repetition's first sync and unchanged re-sync.
func BenchmarkPipeline(b *testing.B) {
	large, reps := 100000, 3
	if v := os.Getenv("RMMGRAPH_BENCH_DEVICES"); v != "" {
		fmt.Sscan(v, &large)
	}
	if v := os.Getenv("RMMGRAPH_BENCH_REPS"); v != "" {
		fmt.Sscan(v, &reps)
	}
	profiles := os.Getenv("RMMGRAPH_BENCH_PROFILES")
	const scopes = 20
	report := &benchReport{b: b}
	line, check := report.line, report.check
	for b.Loop() {
		for _, d := range benchDialects() {
			var first, again, seen, base, ratioCopy, ratioAgain, ratioSeen figure
			var heapRatio, heapLarge, heapSmall, objectsRatio, objectsLarge, objectsSmall figure
			var firstPage, deepPage time.Duration
			for rep := range reps {
				// The tenth of the estate first, each estate's store closed
				// when done with: both peaks start from the same heap.
				small := newBenchEnv(b, d, scopes, large/10/scopes)
				_, peakSmall, _ := small.timedSync(b)
				small.s.Close()
				e := newBenchEnv(b, d, scopes, large/scopes)
				phase := func(name string) func() {
					if rep > 0 || profiles == "" {
						return func() {}
					}
					return startProfile(b, filepath.Join(profiles, fmt.Sprintf("%s-%s", d, name)))
				}
				stop := phase("first-sync")
				t1, peakLarge, run := e.timedSync(b)
				stop()
				if run.Created != large {
					b.Fatalf("first sync created %d of %d", run.Created, large)
				}
				before := rowVersions(b, e.s)
				stop = phase("unchanged-resync")
				t2, _, run2 := e.timedSync(b)
				stop()
				after := rowVersions(b, e.s)
				if run2.Unchanged != large || run2.Updated != 0 {
					b.Fatalf("unchanged re-sync: %d unchanged, %d updated of %d", run2.Unchanged, run2.Updated, large)
				}
				if before != after {
					b.Fatalf("an unchanged re-sync wrote rows of assets or extension tables (%s -> %s)", before, after)
				}
				e.p.seen.Add(3600)
				t3, _, run3 := e.timedSync(b)
				if run3.Updated != large {
					b.Fatalf("last-seen re-sync updated %d of %d", run3.Updated, large)
				}
				first.add(t1.Seconds())
				again.add(t2.Seconds())
				seen.add(t3.Seconds())
				ratioAgain.add(t2.Seconds() / t1.Seconds())
				ratioSeen.add(t3.Seconds() / t1.Seconds())
				heapRatio.add(float64(peakLarge.live) / float64(peakSmall.live))
				heapLarge.add(float64(peakLarge.live) / (1 << 20))
				heapSmall.add(float64(peakSmall.live) / (1 << 20))
				objectsRatio.add(float64(peakLarge.objects) / float64(peakSmall.objects))
				objectsLarge.add(float64(peakLarge.objects) / (1 << 20))
				objectsSmall.add(float64(peakSmall.objects) / (1 << 20))
				if d == store.Postgres {
					c := copyBaseline(b, e)
					base.add(c.Seconds())
					ratioCopy.add(t1.Seconds() / c.Seconds())
				}
				if rep == 0 {
					firstPage, deepPage = pageCosts(b, e, large)
				}
				e.s.Close()
			}
			line("%s, %d devices in %d scopes, median of %d (min, max):", d, large, scopes, reps)
			line("  first sync                         %s s  (%.0f devices/s)", first, float64(large)/first.median())
			if d == store.Postgres {
				line("  COPY of the same rows (baseline)   %s s", base)
			}
			line("  re-sync, nothing changed           %s s  (no row of assets or extension tables written)", again)
			line("  re-sync, every last seen changed   %s s", seen)
			line("  peak live heap, first sync         %s MB; %s MB at %d devices", heapLarge, heapSmall, large/10)
			line("  peak heap objects, first sync      %s MB; %s MB at %d devices (%s; garbage included, so it swings with when the collector ran)",
				objectsLarge, objectsSmall, large/10, objectsRatio)
			if d == store.Postgres {
				check(ratioCopy.median() <= 1.25, "first sync / COPY = %s (bound 1.25)%s", ratioCopy, ratioCopy.over(1.25))
			}
			check(ratioAgain.median() <= 0.15, "unchanged re-sync / first sync = %s (bound 0.15)%s", ratioAgain, ratioAgain.over(0.15))
			check(ratioSeen.median() <= 0.5, "last-seen re-sync / first sync = %s (bound 0.5)%s", ratioSeen, ratioSeen.over(0.5))
			check(heapRatio.median() <= 1.3, "peak live heap %d / %d devices = %s (bound 1.3)%s", large, large/10, heapRatio, heapRatio.over(1.3))
			line("  asset list, 50 per page: first page %.2f ms, page at row %d %.2f ms", firstPage.Seconds()*1000, large-100, deepPage.Seconds()*1000)
			check(deepPage.Seconds() <= 2*firstPage.Seconds()+0.002, "deep page / first page = %.2f (keyset: bound 2)", deepPage.Seconds()/firstPage.Seconds())
		}
	}
	fmt.Print("\n" + report.String())
}

// benchReport collects a benchmark's printed figures; check fails the
// benchmark on a figure over its bound and says so beside it.
type benchReport struct {
	strings.Builder
	b *testing.B
}

func (r *benchReport) line(format string, args ...any) { fmt.Fprintf(r, format+"\n", args...) }

func (r *benchReport) check(ok bool, format string, args ...any) {
	verdict := "ok"
	if !ok {
		verdict = "OVER BOUND"
		r.b.Errorf(format, args...)
	}
	r.line("    %-86s %s", fmt.Sprintf(format, args...), verdict)
}

// goal prints a figure against a goal, which a miss does not fail.
func (r *benchReport) goal(ok bool, format string, args ...any) {
	verdict := "met"
	if !ok {
		verdict = "MISSED"
	}
	r.line("    %-86s %s", fmt.Sprintf(format, args...), verdict)
}

// figure is one measurement's repetitions.
type figure []float64

func (f *figure) add(v float64) { *f = append(*f, v) }

func (f figure) median() float64 {
	s := slices.Clone(f)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func (f figure) String() string {
	if len(f) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f (%.2f, %.2f)", f.median(), slices.Min(f), slices.Max(f))
}

// over says by how much the median misses a bound, if it does.
func (f figure) over(bound float64) string {
	if m := f.median(); m > bound {
		return fmt.Sprintf(": %.0f%% over", 100*(m/bound-1))
	}
	return ""
}

// rowVersions fingerprints the row versions of the asset and extension
// tables: on Postgres their xmin; on SQLite, which keeps none, the assets'
// update times (every write stamps them) and the extension row counts.
func rowVersions(b *testing.B, s *store.Store) string {
	var parts []string
	for _, t := range []string{"assets", "workstation_assets", "server_assets"} {
		q := `SELECT count(*)::text || ':' || COALESCE(sum(xmin::text::bigint), 0)::text FROM ` + t
		switch {
		case s.Dialect() == store.SQLite && t == "assets":
			q = `SELECT count(*) || ':' || COALESCE(max(updated_at), '') || ':' || COALESCE(sum(julianday(updated_at)), 0) FROM assets`
		case s.Dialect() == store.SQLite:
			q = `SELECT CAST(count(*) AS TEXT) FROM ` + t
		}
		var out string
		if err := s.DB.QueryRowContext(context.Background(), q).Scan(&out); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, out)
	}
	return strings.Join(parts, ",")
}

// startProfile writes a CPU profile to path.cpu.pprof until the returned
// func is called, which then writes the allocations so far to
// path.allocs.pprof.
func startProfile(b *testing.B, path string) func() {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(path + ".cpu.pprof")
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		a, err := os.Create(path + ".allocs.pprof")
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		if err := pprof.Lookup("allocs").WriteTo(a, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDialects is every dialect, or the one named by RMMGRAPH_BENCH_DIALECT.
func benchDialects() []store.Dialect {
	if d := os.Getenv("RMMGRAPH_BENCH_DIALECT"); d != "" {
		return []store.Dialect{store.Dialect(d)}
	}
	return storetest.Dialects
}

// pageCosts times the first page of the asset list and a page near its end
// (best of 20 each, so one slow moment on a shared machine does not count).
func pageCosts(b *testing.B, e *benchEnv, n int) (first, deep time.Duration) {
	ctx := context.Background()
	var near store.Asset
	if err := e.s.DB.NewSelect().Model(&near).Where("tenant = ?", e.db.ID()).OrderExpr("name, asset_id").Offset(int64(n - 100)).Limit(1).Scan(ctx); err != nil {
		b.Fatal(err)
	}
	best := func(after string) time.Duration {
		var min time.Duration
		for range 20 {
			start := time.Now()
			edges, _, err := e.db.Assets(ctx, store.Page{First: 50, After: after}, store.AssetFilter{}, false)
			d := time.Since(start)
			if err != nil || len(edges) != 50 {
				b.Fatalf("page after %q: %d rows, %v", after, len(edges), err)
			}
			if min == 0 || d < min {
				min = d
			}
		}
		return min
	}
	return best(""), best(store.AssetCursor(near))
}
