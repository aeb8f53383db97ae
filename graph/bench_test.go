package graph_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// BenchmarkTenantIsolation prints one tenant's p99 latency idle and while
// another tenant floods the API (eight senders against limits of 20
// requests/s and 2 in flight), and their ratio (goal: at most 3).
func BenchmarkTenantIsolation(b *testing.B) {
	for b.Loop() {
		e := newEnv(b, storetest.Open(b, store.SQLite))
		p99 := func(f *flood) time.Duration {
			var d []time.Duration
			for range 100 {
				start := time.Now()
				if code, _ := f.post(e.adminA); code != http.StatusOK {
					b.Fatalf("tenant A got HTTP %d", code)
				}
				d = append(d, time.Since(start))
				time.Sleep(60 * time.Millisecond)
			}
			slices.Sort(d)
			return d[len(d)*99/100]
		}
		quiet := startFlood(b, e, 0)
		idle := p99(quiet)
		quiet.stop()
		f := startFlood(b, e, 8)
		busy := p99(f)
		limited, _ := f.stop()
		b.Logf("tenant A p99: %v idle, %v while tenant B floods (%d of its requests refused): %.2fx (goal <= 3)", idle, busy, limited, float64(busy)/float64(idle))
	}
}
