package tanium_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

type fixture struct {
	fake  *taniumfake.Server
	srv   *httptest.Server
	p     *tanium.Provider
	cfg   rmm.Config
	waits *waits
}

// waits records the client's waits between retries instead of spending them.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

// take returns and clears the recorded waits.
func (w *waits) take() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	d := w.d
	w.d = nil
	return d
}

func newFixture(t *testing.T, endpoints, groups int) *fixture {
	t.Helper()
	fake := taniumfake.New(taniumfake.NewEstate(endpoints, groups, now))
	fake.SetClock(func() time.Time { return now })
	srv := httptest.NewServer(fake.Handler())
	t.Cleanup(srv.Close)
	p := tanium.New()
	p.Now = func() time.Time { return now }
	w := &waits{}
	p.HTTP = tanium.ClientOptions{BaseDelay: time.Millisecond, Timeout: 5 * time.Second, Sleep: w.sleep}
	return &fixture{fake: fake, srv: srv, p: p, cfg: rmm.Config{"gatewayUrl": srv.URL, "apiToken": taniumfake.Token, "pageSize": "7"}, waits: w}
}

// is names a property for storetest.Expect.
var is = storetest.Is

// session opens a session with the configuration as it is now (tests
// change it between calls).
func session(t testing.TB, p *tanium.Provider, cfg rmm.Config) *tanium.Session {
	t.Helper()
	s, err := p.Open(context.Background(), rmm.Connection{Config: cfg, Egress: egress.Open})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// verify opens a session and verifies it, as verifyIntegration does.
func verify(ctx context.Context, p *tanium.Provider, cfg rmm.Config) error {
	s, err := p.Open(ctx, rmm.Connection{Config: cfg, Egress: egress.Open})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Verify(ctx)
}

func (f *fixture) list(t *testing.T, scope string) []rmm.Device {
	t.Helper()
	var out []rmm.Device
	err := session(t, f.p, f.cfg).ListDevices(context.Background(), scope, func(_ context.Context, page []rmm.Device) error {
		out = append(out, page...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNormalizeGatewayURL(t *testing.T) {
	for in, want := range map[string]string{
		"acme-api.cloud.tanium.com":                                         "https://acme-api.cloud.tanium.com/plugin/products/gateway/graphql",
		"https://acme-api.cloud.tanium.com/":                                "https://acme-api.cloud.tanium.com/plugin/products/gateway/graphql",
		"https://acme-api.cloud.tanium.com/plugin/products/gateway":         "https://acme-api.cloud.tanium.com/plugin/products/gateway/graphql",
		"https://acme-api.cloud.tanium.com/plugin/products/gateway/graphql": "https://acme-api.cloud.tanium.com/plugin/products/gateway/graphql",
		"https://tanium.corp.local:8443/plugin/products/gateway/graphql/":   "https://tanium.corp.local:8443/plugin/products/gateway/graphql",
	} {
		got, _, err := tanium.NormalizeGatewayURL(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "ftp://x", "https://"} {
		if _, _, err := tanium.NormalizeGatewayURL(bad); rmm.KindOf(err) != rmm.ErrConfig {
			t.Errorf("%q: want a config error, got %v", bad, err)
		}
	}
}

func TestTokenMustStartWithTokenPrefix(t *testing.T) {
	f := newFixture(t, 10, 2)
	f.cfg["apiToken"] = "0a1b2c3d"
	err := verify(context.Background(), f.p, f.cfg)
	if rmm.KindOf(err) != rmm.ErrConfig || !strings.Contains(err.Error(), `"token-"`) {
		t.Fatalf("token without prefix: %v", err)
	}
}

func TestVerifyAndFaults(t *testing.T) {
	f := newFixture(t, 10, 2)
	ctx := context.Background()
	if err := verify(ctx, f.p, f.cfg); err != nil {
		t.Fatalf("verify: %v", err)
	}
	cases := []struct {
		fault   taniumfake.Fault
		n       int
		kind    rmm.ErrorKind
		message string
	}{
		{taniumfake.FaultLoginPage, -1, rmm.ErrConfig, "not JSON"},
		{taniumfake.FaultRedirect, -1, rmm.ErrConfig, "redirect"},
		{taniumfake.FaultForbidden, -1, rmm.ErrUnauthorized, "HTTP 403"},
		{taniumfake.FaultGraphQL, -1, rmm.ErrBadResponse, "reported an error"},
		{taniumfake.FaultBadJSON, -1, rmm.ErrBadResponse, "not valid JSON"},
		{taniumfake.FaultUnavailable, -1, rmm.ErrUnavailable, "HTTP 502"},
		{taniumfake.FaultUnavailable, 2, "", ""}, // retried, then succeeds
		{taniumfake.FaultRateLimit, 1, "", ""},   // waits Retry-After, then succeeds
	}
	for _, c := range cases {
		f.fake.Inject(c.fault, c.n)
		f.waits.take()
		err := verify(ctx, f.p, f.cfg)
		f.fake.Inject(taniumfake.FaultNone, 0)
		if c.kind == "" {
			if err != nil {
				t.Errorf("%s x%d: want recovery, got %v", c.fault, c.n, err)
			}
			if w := f.waits.take(); c.fault == taniumfake.FaultRateLimit && (len(w) != 1 || w[0] != time.Second) {
				t.Errorf("rate limited once: waited %v, want the Retry-After of 1s", w)
			}
			continue
		}
		if rmm.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: got %v (kind %q)", c.fault, err, rmm.KindOf(err))
		}
	}
	f.cfg["apiToken"] = "token-wrong"
	if err := verify(ctx, f.p, f.cfg); rmm.KindOf(err) != rmm.ErrUnauthorized || !strings.Contains(err.Error(), "401") {
		t.Errorf("bad token: %v", err)
	}
}

func TestScopesAndDevices(t *testing.T) {
	f := newFixture(t, 60, 3)
	scopes, err := session(t, f.p, f.cfg).Scopes(context.Background())
	if err != nil || len(scopes) != 3 || scopes[0].ExternalID != "1001" || scopes[0].Kind != rmm.ScopeGroup {
		t.Fatalf("scopes: %+v %v", scopes, err)
	}
	// Group 1001 holds endpoints 0, 3, 6, … 57 and, overlapping, every
	// tenth endpoint of group 1003 (2 and 32).
	devs := f.list(t, "1001")
	seen := map[string]bool{}
	for _, d := range devs {
		if seen[d.ExternalID] {
			t.Fatalf("endpoint %s listed twice", d.ExternalID)
		}
		seen[d.ExternalID] = true
		if d.ScopeID != "1001" {
			t.Fatalf("scope id %q", d.ScopeID)
		}
	}
	if len(devs) != 20+2 {
		t.Fatalf("group 1001: %d endpoints", len(devs))
	}
}

func TestExpiredCursorRestartsWithoutDuplicates(t *testing.T) {
	f := newFixture(t, 60, 1)
	calls := 0
	var out []rmm.Device
	err := session(t, f.p, f.cfg).ListDevices(context.Background(), "1001", func(_ context.Context, page []rmm.Device) error {
		if calls++; calls == 3 {
			f.fake.Inject(taniumfake.FaultCursor, 1)
		}
		out = append(out, page...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range out {
		if ids[d.ExternalID] {
			t.Fatalf("duplicate %s after restart", d.ExternalID)
		}
		ids[d.ExternalID] = true
	}
	if len(ids) != 60 || f.fake.RequestCount("Endpoints") < 11 {
		t.Fatalf("after restart: %d endpoints, %d requests", len(ids), f.fake.RequestCount("Endpoints"))
	}
	// A cursor unused for over five minutes expires too.
	clock := now
	f.fake.SetClock(func() time.Time { return clock })
	calls = 0
	out = nil
	err = session(t, f.p, f.cfg).ListDevices(context.Background(), "1001", func(_ context.Context, page []rmm.Device) error {
		clock = clock.Add(6 * time.Minute)
		out = append(out, page...)
		return nil
	})
	if err == nil || !errors.Is(err, tanium.ErrCursorExpired) {
		t.Fatalf("cursor that always expires: want ErrCursorExpired after bounded restarts, got %v (%d devices)", err, len(out))
	}
}

func TestIncrementalFilter(t *testing.T) {
	f := newFixture(t, 120, 1)
	var n int
	err := session(t, f.p, f.cfg).ListChangedDevices(context.Background(), "1001", now.Add(-time.Hour), func(_ context.Context, page []rmm.Device) error {
		for _, d := range page {
			if !d.LastSeenAt.Set || !d.LastSeenAt.V.After(now.Add(-time.Hour)) {
				t.Fatalf("%s last seen %v, before the cutoff", d.ExternalID, d.LastSeenAt)
			}
		}
		n += len(page)
		return nil
	})
	if err != nil || n == 0 || n >= 120 {
		t.Fatalf("incremental: %d endpoints, %v", n, err)
	}
}

func TestEndpointMappingGolden(t *testing.T) {
	f := newFixture(t, 60, 1)
	devs := f.list(t, "1001")
	// Endpoints that show each quirk: 0 (server, VMware serial, TSE-Error
	// app, No Domain, public NAT address, risk), 13 (OEM placeholder
	// serial, private NAT address: no WAN IP), 17 (primary user is an
	// error, no risk module data), 22 (Mac), 38 (Last Reboot "[no
	// results]"), 46 (no platform: OS family from the name), 49 (Linux),
	// 50 (not seen for a week, no Discover data).
	pick := map[string]bool{"100000": true, "100013": true, "100017": true, "100022": true, "100038": true, "100046": true, "100049": true, "100050": true}
	var got []rmm.Device
	for _, d := range devs {
		if pick[d.ExternalID] {
			if err := d.Validate(); err != nil { // as the pipeline does
				t.Fatal(err)
			}
			got = append(got, d)
		}
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/devices.golden.json"
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, append(b, '\n'), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(b)+"\n"); diff != "" {
		t.Fatalf("mapping changed (-golden +got):\n%s", diff)
	}
	for _, d := range got {
		raw, _ := json.Marshal(d)
		for _, bad := range []string{"TSE-Error", "Error:", "To Be Filled", "No Domain"} {
			if strings.Contains(string(raw), bad) {
				t.Errorf("%s: %q stored as data", d.ExternalID, bad)
			}
		}
	}
}
