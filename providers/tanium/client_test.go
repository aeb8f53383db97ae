package tanium_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// The filter a full listing sends has no op at all; an incremental one
// sends op GT. An unset enum is never sent as "".
func TestFilterVariables(t *testing.T) {
	f := newFixture(t, 5, 1)
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		f.fake.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	f.cfg["gatewayUrl"] = srv.URL
	emit := func(context.Context, []rmm.Device) error { return nil }
	if err := session(t, f.p, f.cfg).ListDevices(context.Background(), "1001", emit); err != nil {
		t.Fatal(err)
	}
	if err := session(t, f.p, f.cfg).ListChangedDevices(context.Background(), "1001", now.Add(-time.Hour), emit); err != nil {
		t.Fatal(err)
	}
	var full, incr struct {
		Variables struct {
			Filter map[string]any `json:"filter"`
		} `json:"variables"`
	}
	json.Unmarshal([]byte(bodies[0]), &full)
	json.Unmarshal([]byte(bodies[len(bodies)-1]), &incr)
	if want := `{"memberOf":{"id":"1001"}}`; mustJSON(full.Variables.Filter) != want {
		t.Fatalf("full listing filter %s, want %s", mustJSON(full.Variables.Filter), want)
	}
	// The incremental filter holds the group and the time asked for.
	if want := `{"filters":[{"memberOf":{"id":"1001"}},{"op":"GT","path":"eidLastSeen","value":"2026-11-20T11:00:00Z"}]}`; mustJSON(incr.Variables.Filter) != want {
		t.Fatalf("incremental filter %s, want %s", mustJSON(incr.Variables.Filter), want)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestUnknownFieldMeansVersionMismatch(t *testing.T) {
	f := newFixture(t, 5, 1)
	f.fake.HideField("Endpoint", "isEncrypted")
	err := session(t, f.p, f.cfg).ListDevices(context.Background(), "1001", func(context.Context, []rmm.Device) error { return nil })
	storetest.Expect(t, "a field the Gateway does not know", is("kind", rmm.KindOf(err), rmm.ErrBadResponse),
		is("says so", strings.Contains(err.Error(), "does not know the field"), true), is("names it", strings.Contains(err.Error(), "isEncrypted"), true))
}

func TestTimeout(t *testing.T) {
	f := newFixture(t, 5, 1)
	f.p.HTTP.Timeout = 100 * time.Millisecond
	f.p.HTTP.Retries = 1
	f.fake.Delay = time.Second
	f.fake.Inject(taniumfake.FaultSlow, -1)
	err := verify(context.Background(), f.p, f.cfg)
	storetest.Expect(t, "a Gateway slower than the timeout", is("kind", rmm.KindOf(err), rmm.ErrUnavailable),
		is("says it timed out", strings.Contains(err.Error(), "did not answer in time"), true), is("requests (one retry)", f.fake.RequestCount("Probe"), 2))
}

func TestCustomCABundle(t *testing.T) {
	fake := taniumfake.New(taniumfake.NewEstate(5, 1, now))
	srv := httptest.NewTLSServer(fake.Handler())
	defer srv.Close()
	p := tanium.New()
	cfg := rmm.Config{"gatewayUrl": srv.URL, "apiToken": taniumfake.Token}
	if err := verify(context.Background(), p, cfg); rmm.KindOf(err) != rmm.ErrConfig || !strings.Contains(err.Error(), "CA bundle") {
		t.Fatalf("untrusted certificate: %v", err)
	}
	cfg["caBundle"] = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	if err := verify(context.Background(), p, cfg); err != nil {
		t.Fatalf("with the CA bundle: %v", err)
	}
	cfg["caBundle"] = "not a certificate"
	if err := verify(context.Background(), p, cfg); rmm.KindOf(err) != rmm.ErrConfig {
		t.Fatalf("bad CA bundle: %v", err)
	}
}

// Credentials go only where the operator's egress policy lets them: plain
// http and private, loopback or link-local hosts are refused unless
// allowed, and the reason names no address.
func TestEgressPolicy(t *testing.T) {
	f := newFixture(t, 5, 1) // the fake listens on http://127.0.0.1
	open := func(p egress.Policy) error {
		s, err := f.p.Open(context.Background(), rmm.Connection{Config: f.cfg, Egress: p})
		if err != nil {
			return err
		}
		return s.Verify(context.Background())
	}
	err := open(egress.Policy{})
	storetest.Expect(t, "an http Gateway with the default policy", is("kind", rmm.KindOf(err), rmm.ErrConfig), is("says http", strings.Contains(fmt.Sprint(err), "http://"), true))
	err = open(egress.Policy{AllowHTTP: true})
	storetest.Expect(t, "a loopback Gateway with the default networks", is("kind", rmm.KindOf(err), rmm.ErrConfig),
		is("says private", strings.Contains(fmt.Sprint(err), "private, loopback or link-local"), true), is("names the address", strings.Contains(fmt.Sprint(err), "127.0.0.1"), false))
	if f.fake.RequestCount("Probe") != 0 {
		t.Fatalf("the refused Gateway received %d requests", f.fake.RequestCount("Probe"))
	}
	allow, _ := egress.ParseAllow("127.0.0.1")
	if err := open(egress.Policy{Allow: allow, AllowHTTP: true}); err != nil {
		t.Fatalf("with loopback allowed: %v", err)
	}
}

// An answer over the size cap fails the call with a clear reason, and six
// verifications against a host answering 200 MB keep memory bounded.
func TestOversizedAnswer(t *testing.T) {
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		w.Write([]byte(`{"data":`))
		for range 200 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer huge.Close()
	p := tanium.New()
	p.HTTP = tanium.ClientOptions{MaxResponseBytes: 1 << 20, Timeout: 30 * time.Second}
	cfg := rmm.Config{"gatewayUrl": huge.URL, "apiToken": "token-x"}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() { // sample the heap while the verifications run
		for {
			select {
			case <-stop:
				return
			default:
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for i := range errs {
		wg.Go(func() { errs[i] = verify(context.Background(), p, cfg) })
	}
	wg.Wait()
	close(stop)
	for _, err := range errs {
		storetest.Expect(t, "a 200 MB answer", is("kind", rmm.KindOf(err), rmm.ErrBadResponse), is("says too large", strings.Contains(fmt.Sprint(err), "more than 1 MiB"), true))
	}
	grown := int64(peak.Load()) - int64(before.HeapAlloc)
	t.Logf("heap grew by %d MiB at most during six 200 MB answers", grown>>20)
	// Uncapped, the six answers alone would take 1,200 MiB; capped, each
	// holds at most a few times its 1 MiB while it is read (slice growth,
	// transport buffers, a garbage collector that runs when it likes).
	if grown > 128<<20 {
		t.Fatalf("heap grew by %d MiB during six 200 MB answers: answers are not capped", grown>>20)
	}
}

// The answer cap is an integration setting.
func TestAnswerCapIsASetting(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":{"now":"` + strings.Repeat("x", 3<<20) + `"}}`))
	}))
	defer big.Close()
	p := tanium.New()
	cfg := rmm.Config{"gatewayUrl": big.URL, "apiToken": "token-x", "maxAnswerMiB": "2"}
	err := verify(context.Background(), p, cfg)
	if !strings.Contains(fmt.Sprint(err), "more than 2 MiB") {
		t.Fatalf("a 3 MiB answer with a 2 MiB cap: %v", err)
	}
	cfg["maxAnswerMiB"] = "4"
	if err := verify(context.Background(), p, cfg); err != nil && strings.Contains(err.Error(), "MiB") {
		t.Fatalf("a 3 MiB answer with a 4 MiB cap: %v", err)
	}
}
