package tanium_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// The benchmark runs the fake Gateway in a child process (this test binary
// with TANIUMFAKE_SERVE set), so the memory figures are the sync's alone.
func TestMain(m *testing.M) {
	if spec := os.Getenv("TANIUMFAKE_SERVE"); spec != "" {
		var n, g int
		fmt.Sscanf(spec, "%d/%d", &n, &g)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		fmt.Println(ln.Addr().String())
		http.Serve(ln, taniumfake.New(taniumfake.NewEstate(n, g, time.Now())).Handler())
		return
	}
	os.Exit(storetest.Main(m))
}

func startFakeProcess(b *testing.B, endpoints, groups int) string {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("TANIUMFAKE_SERVE=%d/%d", endpoints, groups))
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	return "http://" + strings.TrimSpace(addr)
}

// peakRSS reads and resets this process's peak resident set size.
func peakRSS() (kb int) {
	f, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(f), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ = strconv.Atoi(strings.Fields(v)[0])
			}
		}
	}
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return kb
}

// replay is a Tanium stand-in that lists devices already fetched.
type replay struct{ devices map[string][]rmm.Device }

func (r *replay) Info() providers.Info                                  { return tanium.New().Info() }
func (r *replay) Open(context.Context, rmm.Connection) (*replay, error) { return r, nil }
func (r *replay) Close()                                                {}

func (r *replay) ListDevices(ctx context.Context, scope string, emit rmm.Emit) error {
	ds := r.devices[scope]
	for i := 0; i < len(ds); i += 100 {
		if err := emit(ctx, ds[i:min(i+100, len(ds))]); err != nil {
			return err
		}
	}
	return nil
}

func (r *replay) Verify(context.Context) error { return nil }

// benchSync configures provider p (as "tanium") on a fresh Postgres
// database, maps every group and times one full sync.
func benchSync(b *testing.B, p providers.Provider, groups []rmm.Scope, cfg rmm.Config) (time.Duration, store.SyncRun) {
	ctx := context.Background()
	s := storetest.Open(b, store.Postgres)
	tn, _ := s.CreateTenant(ctx, "Bench")
	db := s.Tenant(tn.ID)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg, err := providers.NewRegistry(p)
	if err != nil {
		b.Fatal(err)
	}
	syncer := ingest.NewSyncer(ctx, reg, quiet, ingest.Options{Egress: egress.Open})
	secrets := map[string]string{"apiToken": cfg["apiToken"]}
	values := map[string]string{"gatewayUrl": cfg["gatewayUrl"], "pageSize": cfg["pageSize"]}
	if _, err := db.ConfigureIntegration(ctx, "tanium", store.IntegrationConfig{Values: values, Secrets: secrets}); err != nil {
		b.Fatal(err)
	}
	if err := syncer.Verify(ctx, db, "tanium"); err != nil {
		b.Fatal(err)
	}
	integ, _ := db.Integration(ctx, "tanium")
	db.UpsertScopes(ctx, integ.ID, groups)
	maps, _ := db.AllScopeMappings(ctx, integ.ID)
	for _, m := range maps {
		name := "C " + m.ExternalOrganizationID
		c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
		db.MapScope(ctx, m.ID, &c.ID, nil)
	}
	start := time.Now()
	run, err := syncer.Run(ctx, db, ingest.Request{Provider: "tanium", Mode: ingest.ModeFull})
	if err != nil || run.Status != store.RunCompleted {
		b.Fatalf("sync: %v %+v", err, run)
	}
	return time.Since(start), run
}

// BenchmarkTaniumSync measures a first sync from the fake Gateway over
// loopback HTTP against its bound: the time to page through the fake with
// no database writes plus the pipeline's store-only time for the same
// devices. RMMGRAPH_BENCH_DEVICES sets the estate (default 100000).
func BenchmarkTaniumSync(b *testing.B) {
	large := 100000
	if v := os.Getenv("RMMGRAPH_BENCH_DEVICES"); v != "" {
		fmt.Sscan(v, &large)
	}
	const groups = 20
	ctx := context.Background()
	for b.Loop() {
		var report strings.Builder
		rss := map[int]int{}
		for _, n := range []int{large / 10, large} {
			url := startFakeProcess(b, n, groups)
			p := tanium.New()
			cfg := rmm.Config{"gatewayUrl": url, "apiToken": taniumfake.Token, "pageSize": "100"}
			scopes, err := session(b, p, cfg).Scopes(ctx)
			if err != nil {
				b.Fatal(err)
			}
			peakRSS()
			e2e, run := benchSync(b, providers.Register(p), scopes, cfg)
			rss[n] = peakRSS()
			if n != large {
				continue
			}
			// Fetch only: every group's pages, nothing written.
			start := time.Now()
			rep := &replay{devices: map[string][]rmm.Device{}}
			sess := session(b, p, cfg)
			for _, sc := range scopes {
				err := sess.ListDevices(ctx, sc.ExternalID, func(_ context.Context, page []rmm.Device) error {
					rep.devices[sc.ExternalID] = append(rep.devices[sc.ExternalID], page...)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			fetch := time.Since(start)
			storeOnly, _ := benchSync(b, providers.Register(rep), scopes, cfg)
			bound := fetch + storeOnly
			fmt.Fprintf(&report, "tanium first sync, %d endpoints in %d groups (fake Gateway over loopback, Postgres):\n", n, groups)
			fmt.Fprintf(&report, "  end to end       %8.2f s  (%d assets created, %d listings)\n", e2e.Seconds(), run.Created, run.DevicesSeen)
			fmt.Fprintf(&report, "  fetch only       %8.2f s\n", fetch.Seconds())
			fmt.Fprintf(&report, "  store only       %8.2f s\n", storeOnly.Seconds())
			verdict := "ok"
			if e2e.Seconds() > 1.3*bound.Seconds() {
				verdict = "OVER BOUND"
				b.Errorf("end to end %.2f s > 1.3 x (fetch + store) %.2f s", e2e.Seconds(), bound.Seconds())
			}
			fmt.Fprintf(&report, "  end to end / (fetch + store) = %.2f (bound 1.3)  %s\n", e2e.Seconds()/bound.Seconds(), verdict)
		}
		fmt.Fprintf(&report, "  peak RSS of the syncing process: %.1f MB at %d endpoints, %.1f MB at %d\n",
			float64(rss[large/10])/1024, large/10, float64(rss[large])/1024, large)
		fmt.Print("\n" + report.String())
	}
}
