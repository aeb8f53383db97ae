package tanium_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
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
			url := providertest.StartChild(b, "TANIUMFAKE_SERVE", fmt.Sprintf("%d/%d", n, groups))
			p := tanium.New()
			cfg := rmm.Config{"gatewayUrl": url, "apiToken": taniumfake.Token, "pageSize": "100"}
			scopes, err := session(b, p, cfg).Scopes(ctx)
			if err != nil {
				b.Fatal(err)
			}
			providertest.PeakRSS()
			values, secrets := map[string]string{"gatewayUrl": url, "pageSize": "100"}, map[string]string{"apiToken": taniumfake.Token}
			e2e, run := providertest.BenchSync(b, providers.Register(p), scopes, values, secrets)
			rss[n] = providertest.PeakRSS()
			if n != large {
				continue
			}
			// Fetch only: every group's pages, nothing written.
			start := time.Now()
			rep := &providertest.Replay{Of: p.Info(), Devices: providertest.Fetch(b, session(b, p, cfg), scopes)}
			fetch := time.Since(start)
			storeOnly, _ := providertest.BenchSync(b, providers.Register(rep), scopes, values, secrets)
			fmt.Fprintf(&report, "tanium first sync, %d endpoints in %d groups (fake Gateway over loopback, Postgres):\n", n, groups)
			fmt.Fprintf(&report, "  end to end       %8.2f s  (%d assets created, %d listings)\n", e2e.Seconds(), run.Created, run.DevicesSeen)
			providertest.Bound(b, &report, e2e, fetch, storeOnly)
		}
		fmt.Fprintf(&report, "  peak RSS of the syncing process: %.1f MB at %d endpoints, %.1f MB at %d\n",
			float64(rss[large/10])/1024, large/10, float64(rss[large])/1024, large)
		fmt.Print("\n" + report.String())
	}
}
