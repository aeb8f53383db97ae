package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// floodResult is what a flood of webhook deliveries measured.
type floodResult struct {
	sent     int64
	failed   int64
	p99      time.Duration
	perSec   float64
	heapMiB  []float64 // live heap after a GC, every 5 s
	duration time.Duration
}

// flood posts unique deliveries from senders goroutines for d.
func floodHooks(b *testing.B, url string, senders int, d time.Duration, body func(n int64) []byte, header ...string) floodResult {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders, MaxConnsPerHost: senders}}
	var (
		next, failed atomic.Int64
		mu           sync.Mutex
		lat          []time.Duration
		wg           sync.WaitGroup
	)
	stop := time.Now().Add(d)
	start := time.Now()
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(stop) {
				n := next.Add(1)
				req, _ := http.NewRequest("POST", url, bytes.NewReader(body(n)))
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil || res.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				if err == nil {
					res.Body.Close()
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	var heap []float64
	tick := time.NewTicker(5 * time.Second)
	for done := false; !done; {
		select {
		case <-tick.C:
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			heap = append(heap, float64(m.HeapAlloc)/(1<<20))
			done = time.Now().After(stop)
		case <-time.After(time.Until(stop) + time.Second):
			done = true
		}
	}
	tick.Stop()
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	return floodResult{sent: int64(len(lat)), failed: failed.Load(), p99: lat[len(lat)*99/100], perSec: float64(len(lat)) / took.Seconds(), heapMiB: heap, duration: took}
}

// BenchmarkWebhooks prints, on Postgres over loopback: deliveries accepted
// per second by 50 concurrent senders and their p99 latency, beside a
// baseline handler that stores each body with one INSERT (goals: at least
// 2,000/s, p99 under 50 ms); the live heap across the flood (goal: flat);
// and how long 10,000 queued events for 1,000 devices take to process,
// beside a full sync of the same devices (goal: under 10 s, coalesced to at
// most 1,000 device reads). RMMGRAPH_BENCH_FLOOD sets the flood's length
// (default 60s).
func BenchmarkWebhooks(b *testing.B) {
	floodFor := 60 * time.Second
	if v := os.Getenv("RMMGRAPH_BENCH_FLOOD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		floodFor = d
	}
	for b.Loop() {
		s := storetest.Open(b, store.Postgres)
		h := newHookEnv(b, s)
		const devices = 1000
		estate := make([]rmm.Device, devices)
		for i := range estate {
			estate[i] = rmm.Device{ExternalID: fmt.Sprintf("d%04d", i), ScopeID: "s1", AssetType: rmm.AssetWorkstation, Name: fmt.Sprintf("pc-%04d", i),
				AgentStatus: rmm.AgentOnline, LastSeenAt: rmm.Some(time.Now().UTC().Truncate(time.Second))}
		}
		h.full.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Org 1", Kind: rmm.ScopeOrganization}}, estate, nil)
		body := func(n int64) []byte {
			return fmt.Appendf(nil, `{"id":"bench-%d","events":[{"kind":"device.changed","deviceId":"d%04d"}]}`, n, n%devices)
		}

		// Baseline: one INSERT per request, same senders, same database.
		ctx := context.Background()
		if _, err := s.DB.ExecContext(ctx, `CREATE TABLE bench_inbox (id bigserial PRIMARY KEY, body bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			b.Fatal(err)
		}
		base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var buf bytes.Buffer
			buf.ReadFrom(r.Body)
			if _, err := s.DB.ExecContext(r.Context(), `INSERT INTO bench_inbox (body) VALUES (?)`, buf.Bytes()); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			w.Write([]byte(`{"status":"accepted"}`))
		}))
		baseline := floodHooks(b, base.URL, 50, 10*time.Second, body)
		base.Close()

		// The ingress, with processing running as on a server.
		if err := h.engine.StartScheduling(); err != nil {
			b.Fatal(err)
		}
		res := floodHooks(b, h.hook.URL, 50, floodFor, body, "X-Test-Secret", h.secret)
		b.Logf("webhook ingress, 50 senders, %v: %.0f deliveries/s accepted (goal >= 2000), p99 %v (goal < 50ms), %d failed; baseline INSERT handler %.0f/s, p99 %v: %.2fx its rate",
			res.duration.Round(time.Second), res.perSec, res.p99.Round(100*time.Microsecond), res.failed, baseline.perSec, baseline.p99.Round(100*time.Microsecond), res.perSec/baseline.perSec)
		if h := res.heapMiB; len(h) >= 4 {
			// Flat: the second half's peak is no higher than the first's.
			b.Logf("live heap during the flood (MiB, every 5 s): %.1f; peak of the second half / peak of the first %.2fx (goal: flat, about 1)",
				h, slices.Max(h[len(h)/2:])/slices.Max(h[:len(h)/2]))
		}
		h.engine.Stop(30 * time.Second)

		// Processing: 10,000 queued events for 1,000 devices.
		s2 := storetest.Open(b, store.Postgres)
		q := newHookEnv(b, s2)
		q.full.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Org 1", Kind: rmm.ScopeOrganization}}, estate, nil)
		full0 := time.Now()
		if _, err := q.syncer.Run(ctx, s2.Tenant(q.tenantA), ingest.Request{Provider: providertest.FullID, Mode: ingest.ModeFull, Trigger: ingest.TriggerManual}); err != nil {
			b.Fatal(err)
		}
		fullTook := time.Since(full0)
		queue(b, q.hook.URL, 10000, func(n int64) []byte { return body(1_000_000 + n) }, "X-Test-Secret", q.secret)
		reads := q.full.DeviceReads()
		p0 := time.Now()
		q.process()
		took := time.Since(p0)
		b.Logf("processing 10,000 queued events for 1,000 devices: %v (goal < 10s), %d device reads (goal <= 1000); a full sync of the 1,000 devices: %v; %.2fx",
			took.Round(time.Millisecond), q.full.DeviceReads()-reads, fullTook.Round(time.Millisecond), took.Seconds()/fullTook.Seconds())
	}
}

// queue posts n deliveries from 50 senders and fails on any refusal.
func queue(b *testing.B, url string, n int64, body func(n int64) []byte, header ...string) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= n; i = next.Add(1) {
				req, _ := http.NewRequest("POST", url, bytes.NewReader(body(i)))
				for j := 0; j+1 < len(header); j += 2 {
					req.Header.Set(header[j], header[j+1])
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Errorf("delivery %d: HTTP %d", i, res.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
}
