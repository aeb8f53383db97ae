package tacticalrmm

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm/tacticalfake"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Realistic agents of the classic list, the beta list (Linux with posix
// WMI data, Windows with WMI lists of lists) and one never seen.
func TestMappingGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/agents.json")
	if err != nil {
		t.Fatal(err)
	}
	var as []agent
	if err := json.Unmarshal(raw, &as); err != nil {
		t.Fatal(err)
	}
	sites := map[int64]site{3: {Client: 2, Name: "Datacenter"}, 4: {Client: 2, Name: "Home office"}}
	now := time.Date(2026, 6, 16, 4, 40, 0, 0, time.UTC)
	out := make([]rmm.Device, len(as))
	for i, a := range as {
		out[i] = toDevice(a, sites, now)
	}
	got, _ := json.MarshalIndent(out, "", "  ")
	const golden = "testdata/agents.golden.json"
	if *update {
		os.WriteFile(golden, append(got, '\n'), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)+"\n"); diff != "" {
		t.Fatalf("mapping changed (-golden +got):\n%s", diff)
	}
}

func TestStatusIsComputed(t *testing.T) {
	now := time.Date(2026, 6, 16, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *string { s := now.Add(-d).Format(time.RFC3339Nano); return &s }
	ten, sixty := 10, 60
	cases := []struct {
		a    agent
		want rmm.AgentStatus
	}{
		{agent{LastSeen: at(time.Minute)}, rmm.AgentOnline},
		{agent{LastSeen: at(5 * time.Minute)}, rmm.AgentOffline},
		{agent{LastSeen: at(31 * time.Minute)}, rmm.AgentOverdue},
		{agent{LastSeen: at(5 * time.Minute), OfflineTime: &ten}, rmm.AgentOnline},
		{agent{LastSeen: at(31 * time.Minute), OfflineTime: &ten, OverdueTime: &sixty}, rmm.AgentOffline},
		{agent{}, rmm.AgentOffline},
	}
	for i, c := range cases {
		if got := status(c.a, now); got != c.want {
			t.Errorf("case %d: %s, want %s", i, got, c.want)
		}
	}
}

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{"api.example.com": "https://api.example.com", "https://api.example.com/api/": "https://api.example.com",
		"http://10.0.0.5:8000/": "http://10.0.0.5:8000"} {
		if got, err := NormalizeURL(in); err != nil || got != want {
			t.Errorf("%q → %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := NormalizeURL(""); rmm.KindOf(err) != rmm.ErrConfig {
		t.Errorf("empty: %v", err)
	}
}

func open(t *testing.T, url, key string) *Session {
	t.Helper()
	p := &Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1, Timeout: 2 * time.Second}}
	s, err := p.Open(context.Background(), rmm.Connection{Config: map[string]string{"apiUrl": url, "apiKey": key, "pageSize": "30"}, Egress: egress.Open})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyExplainsWhatToFix(t *testing.T) {
	f := tacticalfake.New(10, 2)
	api := httptest.NewServer(f.Handler())
	defer api.Close()
	dash := httptest.NewServer(tacticalfake.Dashboard())
	defer dash.Close()
	ctx := context.Background()
	if err := open(t, api.URL+"/api/", tacticalfake.Key).Verify(ctx); err != nil {
		t.Fatalf("verify: %v", err)
	}
	cases := []struct {
		name  string
		s     *Session
		fault tacticalfake.Fault
		kind  rmm.ErrorKind
		want  string
	}{
		{"dashboard host", open(t, dash.URL, tacticalfake.Key), "", rmm.ErrConfig, "not the dashboard"},
		{"wrong key", open(t, api.URL, "WRONG"), "", rmm.ErrUnauthorized, "Invalid token"},
		{"expired key", open(t, api.URL, tacticalfake.Key), tacticalfake.Fault401, rmm.ErrUnauthorized, "expired"},
		{"role", open(t, api.URL, tacticalfake.Key), tacticalfake.Fault403, rmm.ErrForbidden, "permission"},
		{"bare string 400", open(t, api.URL, tacticalfake.Key), tacticalfake.FaultBare400, rmm.ErrBadResponse, "Unable to contact the agent"},
		{"HTML 500", open(t, api.URL, tacticalfake.Key), tacticalfake.Fault500, rmm.ErrUnavailable, "HTTP 500"},
	}
	for _, c := range cases {
		f.Inject(c.fault, -1)
		err := c.s.Verify(ctx)
		f.Inject(tacticalfake.FaultNone, 0)
		if rmm.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s with %q", c.name, err, c.kind, c.want)
		}
	}
}

func TestBothAPIStyles(t *testing.T) {
	ctx := context.Background()
	for _, beta := range []bool{true, false} {
		f := tacticalfake.New(100, 4)
		f.Beta = beta
		api := httptest.NewServer(f.Handler())
		s := open(t, api.URL, tacticalfake.Key)
		var got []rmm.Device
		for range 2 { // detected once, remembered
			got = got[:0]
			if err := s.ListDevices(ctx, "2", func(_ context.Context, page []rmm.Device) error { got = append(got, page...); return nil }); err != nil {
				t.Fatalf("beta=%v: %v", beta, err)
			}
		}
		api.Close()
		if s.Beta() == nil || *s.Beta() != beta || len(got) != 25 {
			t.Fatalf("beta=%v: detected %v, %d agents", beta, s.Beta(), len(got))
		}
		betaCalls := f.Calls("/beta/")
		if (beta && betaCalls != 2) || (!beta && betaCalls != 1) {
			t.Fatalf("beta=%v: %d beta calls", beta, betaCalls)
		}
		for _, d := range got {
			if d.ScopeID != "2" || !d.Location.Set || !d.Extension.CPUModel.Set && !d.Extension.RAMGB.Set {
				t.Fatalf("beta=%v: %+v", beta, d)
			}
		}
	}
}

func TestWebhookQuirks(t *testing.T) {
	p := New()
	quirks := []string{
		`{"event":"trigger","agent_id":"AGENT00000000000000000000000000000000005","alert_id":"17","alert_type":"check","severity":"error","message":"Disk C: 95%","alert_time":"2026-02-13 18:25:43.511000+00:00","client_id":"1","site_id":"None","hostname":"PC-5"}`,
		`"{\"event\":\"trigger\",\"agent_id\":\"AGENT00000000000000000000000000000000005\",\"alert_id\":\"17\",\"alert_type\":\"check\",\"severity\":\"error\",\"message\":\"Service \"Spooler\" stopped\",\"alert_time\":\"2026-02-13 18:25:43.511000+00:00\",\"hostname\":\"PC-5\"}"`,
	}
	for _, body := range quirks {
		got, err := p.ParseWebhook(http.Header{}, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if len(got.Events) != 2 || got.Events[0].Kind != rmm.EventAlert || got.Events[1].Kind != rmm.EventDeviceChanged {
			t.Fatalf("%s: %+v", body, got)
		}
		a := got.Events[0].Alert
		if a.ExternalID != "17" || a.Severity != rmm.SeverityCritical || a.State != rmm.AlertTriggered || a.DeviceID != tacticalfake.AgentID(5) ||
			!a.OccurredAt.Equal(time.Date(2026, 2, 13, 18, 25, 43, 511e6, time.UTC)) || a.SeriesKey != tacticalfake.AgentID(5)+"|check:17" {
			t.Fatalf("%s: alert %+v", body, a)
		}
	}
	resolve, _ := p.ParseWebhook(http.Header{}, []byte(`{"event":"resolve","agent_id":"None","alert_id":"17","alert_type":"check","severity":"None","message":"None"}`))
	if len(resolve.Events) != 1 || resolve.Events[0].Alert.State != rmm.AlertReset || resolve.Events[0].Alert.DeviceID != "" {
		t.Fatalf("resolve: %+v", resolve)
	}
	for _, bad := range []string{`hello`, `{"foo":"bar"}`, `{"alert_id":"x1"}`} {
		if _, err := p.ParseWebhook(http.Header{}, []byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestAlertsPollAndResolve(t *testing.T) {
	f := tacticalfake.New(10, 1)
	f.SetAlerts(tacticalfake.Alert{ID: 5, AlertType: "availability", Message: "PC-3 is overdue", AlertTime: "2026-06-16T04:39:24.123456Z", Severity: "error", AgentID: tacticalfake.AgentID(3)},
		tacticalfake.Alert{ID: 6, AlertType: "check", Severity: "warning", Resolved: true})
	api := httptest.NewServer(f.Handler())
	defer api.Close()
	s := open(t, api.URL, tacticalfake.Key)
	got, err := s.ActiveAlerts(context.Background())
	if err != nil || len(got) != 1 || got[0].ExternalID != "5" || got[0].Severity != rmm.SeverityCritical || got[0].Validate() != nil {
		t.Fatalf("alerts %+v %v", got, err)
	}
	if err := s.ResolveAlert(context.Background(), "5"); err != nil || len(f.Resolved()) != 1 {
		t.Fatalf("resolve: %v %v", err, f.Resolved())
	}
}
