package tacticalrmm_test

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
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm/tacticalfake"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// TestMain serves the fake when the benchmark starts this binary as its
// fake (TACTICALFAKE_SERVE=agents/clients, classic API only).
func TestMain(m *testing.M) {
	if spec := os.Getenv("TACTICALFAKE_SERVE"); spec != "" {
		var n, c int
		fmt.Sscanf(spec, "%d/%d", &n, &c)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		fmt.Println(ln.Addr().String())
		f := tacticalfake.New(n, c)
		f.Beta = false
		http.Serve(ln, f.Handler())
		return
	}
	os.Exit(storetest.Main(m))
}

// BenchmarkTacticalSync measures a first sync of 50,000 agents in 100
// clients over the classic API (fake in a child process, loopback,
// Postgres) against 1.3 × (fetch only + store only), and prints the agent
// detail calls made per changed agent. RMMGRAPH_BENCH_AGENTS sets the
// estate.
func BenchmarkTacticalSync(b *testing.B) {
	n := 50000
	if v := os.Getenv("RMMGRAPH_BENCH_AGENTS"); v != "" {
		fmt.Sscan(v, &n)
	}
	const clients = 100
	ctx := context.Background()
	for b.Loop() {
		url := providertest.StartChild(b, "TACTICALFAKE_SERVE", fmt.Sprintf("%d/%d", n, clients))
		values, secrets := map[string]string{"apiUrl": url}, map[string]string{"apiKey": tacticalfake.Key}
		open := func() *tacticalrmm.Session {
			s, err := tacticalrmm.New().Open(ctx, rmm.Connection{Config: map[string]string{"apiUrl": url, "apiKey": tacticalfake.Key}, Egress: egress.Open})
			if err != nil {
				b.Fatal(err)
			}
			return s
		}
		scopes, err := open().Scopes(ctx)
		if err != nil {
			b.Fatal(err)
		}
		e2e, run := providertest.BenchSync(b, providers.Register(tacticalrmm.New()), scopes, values, secrets)
		start := time.Now()
		sess := open()
		rep := &providertest.Replay{Of: tacticalrmm.New().Info(), Devices: providertest.Fetch(b, sess, scopes)}
		fetch := time.Since(start)
		storeOnly, _ := providertest.BenchSync(b, providers.Register(rep), scopes, values, secrets)
		var report strings.Builder
		fmt.Fprintf(&report, "tacticalrmm first sync, %d agents in %d clients, classic API (fake over loopback, Postgres):\n", n, clients)
		fmt.Fprintf(&report, "  end to end       %8.2f s  (%d assets created)\n", e2e.Seconds(), run.Created)
		fmt.Fprintf(&report, "  API calls        %d for the listing (%.2f per 1,000 agents); agent detail calls per changed agent: 0 (the listing carries serial and make/model)\n",
			sess.Calls(), float64(sess.Calls())*1000/float64(n))
		providertest.Bound(b, &report, e2e, fetch, storeOnly)
		fmt.Print("\n" + report.String())
	}
}
