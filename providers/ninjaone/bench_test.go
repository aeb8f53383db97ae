package ninjaone_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// BenchmarkNinjaOneSync measures a first sync from the fake NinjaOne (in a
// child process, over loopback) against its bound, 1.3 × (fetch only +
// store only), the peak RSS at a tenth of the estate and at all of it
// (bound 1.3, the median of 3), and the API calls per 1,000 devices. RMMGRAPH_BENCH_DEVICES
// sets the estate (default 100,000 in 50 organizations).
func BenchmarkNinjaOneSync(b *testing.B) {
	large := 100000
	if v := os.Getenv("RMMGRAPH_BENCH_DEVICES"); v != "" {
		fmt.Sscan(v, &large)
	}
	const orgs = 50
	ctx := context.Background()
	for b.Loop() {
		var report strings.Builder
		var ratios []float64
		rss := map[int]int{} // the last repetition's
		for rep := range 3 {
			for _, n := range []int{large / 10, large} {
				url := providertest.StartChild(b, "NINJAFAKE_SERVE", fmt.Sprintf("%d/%d", n, orgs))
				values := map[string]string{"instanceUrl": url, "clientId": ninjafake.ClientID}
				secrets := map[string]string{"clientSecret": ninjafake.ClientSecret}
				cfg := rmm.Config{"clientSecret": ninjafake.ClientSecret}
				for k, v := range values {
					cfg[k] = v
				}
				open := func() *ninjaone.Session {
					s, err := ninjaone.New().Open(ctx, rmm.Connection{Config: cfg, Egress: egress.Open})
					if err != nil {
						b.Fatal(err)
					}
					return s
				}
				scopes, err := open().Scopes(ctx)
				if err != nil {
					b.Fatal(err)
				}
				providertest.PeakRSS()
				e2e, run := providertest.BenchSync(b, providers.Register(ninjaone.New()), scopes, values, secrets)
				rss[n] = providertest.PeakRSS()
				if n != large || rep > 0 {
					continue
				}
				start := time.Now()
				sess := open()
				replay := &providertest.Replay{Of: ninjaone.New().Info(), Devices: providertest.Fetch(b, sess, scopes)}
				fetch := time.Since(start)
				storeOnly, _ := providertest.BenchSync(b, providers.Register(replay), scopes, values, secrets)
				fmt.Fprintf(&report, "ninjaone first sync, %d devices in %d organizations (fake NinjaOne over loopback, Postgres):\n", n, orgs)
				fmt.Fprintf(&report, "  end to end       %8.2f s  (%d assets created, %d skipped, %d listed)\n", e2e.Seconds(), run.Created, run.Skipped, run.DevicesSeen)
				fmt.Fprintf(&report, "  API calls        %8.1f per 1,000 devices (%d for one full listing with reports)\n", float64(sess.Calls())*1000/float64(n), sess.Calls())
				providertest.Bound(b, &report, e2e, fetch, storeOnly)
			}
			ratios = append(ratios, float64(rss[large])/float64(rss[large/10]))
		}
		slices.Sort(ratios)
		ratio := ratios[1]
		verdict := "ok"
		if ratio > 1.3 {
			verdict = "OVER BOUND"
			b.Errorf("peak RSS %.2fx from %d to %d devices (bound 1.3)", ratio, large/10, large)
		}
		fmt.Fprintf(&report, "  peak RSS of the syncing process: %.1f MB at %d devices, %.1f MB at %d (last of 3); median %.2fx (%.2f, %.2f) (bound 1.3)  %s\n",
			float64(rss[large/10])/1024, large/10, float64(rss[large])/1024, large, ratio, ratios[0], ratios[2], verdict)
		fmt.Print("\n" + report.String())
	}
}
