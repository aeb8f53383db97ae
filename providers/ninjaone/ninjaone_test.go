package ninjaone

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
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

var update = flag.Bool("update", false, "rewrite golden files")

func ptr[T any](v T) *T { return &v }

// The mapping of realistic payloads (workstation, Hyper-V guest, MDM phone,
// NMS switch, pending, decommissioned, stale agent, printer, cloud target).
func TestMappingGolden(t *testing.T) {
	raw, err := os.ReadFile("testdata/devices.json")
	if err != nil {
		t.Fatal(err)
	}
	var ds []device
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	r := reports{
		health: map[int64]health{
			101: {DeviceID: 101, PendingOSPatchesCount: ptr(3), FailedOSPatchesCount: ptr(1), PendingSoftwarePatchesCount: ptr(2), FailedSoftwarePatchesCount: ptr(0)},
			102: {DeviceID: 102, PendingOSPatchesCount: ptr(0)},
		},
		antivirus: map[int64]antivirus{
			101: {DeviceID: 101, ProductName: "Microsoft Defender Antivirus", ProductState: "ON", DefinitionStatus: "UP_TO_DATE"},
			102: {DeviceID: 102, ProductName: "Sophos", ProductState: "ON", DefinitionStatus: "OUT_OF_DATE"},
			107: {DeviceID: 107, ProductState: "UNKNOWN"},
		},
		locations: map[int64]string{3: "HQ", 4: "Branch office"},
	}
	now := time.Unix(1718900100, 0).UTC()
	out := make([]rmm.Device, len(ds))
	for i, d := range ds {
		out[i] = toDevice(d, r, now)
	}
	got, _ := json.MarshalIndent(out, "", "  ")
	const golden = "testdata/devices.golden.json"
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

func TestEpochSeconds(t *testing.T) {
	got, ok := epochSeconds(ptr(1718900000.512))
	if !ok || !got.Equal(time.Date(2024, 6, 20, 16, 13, 20, 512e6, time.UTC)) {
		t.Fatalf("1718900000.512 → %v %v", got, ok)
	}
	for _, bad := range []float64{0, 1718900000512, -5, 1.5} {
		if _, ok := epochSeconds(ptr(bad)); ok {
			t.Errorf("%v was read as a time", bad)
		}
	}
}

func TestNormalizeBaseURL(t *testing.T) {
	cases := map[[2]string]string{
		{"EU", ""}:                           "https://eu.ninjarmm.com",
		{"us2", ""}:                          "https://us2.ninjarmm.com",
		{"", "eu-api.ninjarmm.com/api/v2/"}:  "https://eu-api.ninjarmm.com",
		{"US", "https://ca.ninjarmm.com/v2"}: "https://ca.ninjarmm.com",
		{"", "http://127.0.0.1:9000/api"}:    "http://127.0.0.1:9000",
	}
	for in, want := range cases {
		if got, err := NormalizeBaseURL(in[0], in[1]); err != nil || got != want {
			t.Errorf("%v → %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range [][2]string{{"", ""}, {"XX", ""}, {"", "https://eu.ninjarmm.com/app/dashboard"}, {"", "ftp://x"}} {
		if _, err := NormalizeBaseURL(in[0], in[1]); rmm.KindOf(err) != rmm.ErrConfig {
			t.Errorf("%v: %v, want a configuration error", in, err)
		}
	}
}

// fakeSession opens a session against a fake NinjaOne.
func fakeSession(t *testing.T, f *ninjafake.Server, cfg map[string]string) *Session {
	t.Helper()
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	conf := map[string]string{"instanceUrl": srv.URL, "clientId": ninjafake.ClientID, "clientSecret": ninjafake.ClientSecret, "pageSize": "50"}
	for k, v := range cfg {
		conf[k] = v
	}
	p := &Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 2}}
	s, err := p.Open(context.Background(), rmm.Connection{Config: conf, Egress: egress.Open})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyExplainsFailures(t *testing.T) {
	f := ninjafake.New(10, 2)
	ctx := context.Background()
	if err := fakeSession(t, f, nil).Verify(ctx); err != nil {
		t.Fatalf("verify: %v", err)
	}
	wrong := fakeSession(t, f, map[string]string{"clientSecret": "nope"}).Verify(ctx)
	if rmm.KindOf(wrong) != rmm.ErrUnauthorized {
		t.Fatalf("wrong secret: %v", wrong)
	}
	// A host that is not NinjaOne (HTML).
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html>login</html>"))
	}))
	defer html.Close()
	p := &Provider{HTTP: rest.Options{BaseDelay: time.Millisecond}}
	s, _ := p.Open(ctx, rmm.Connection{Config: map[string]string{"instanceUrl": html.URL, "clientId": "x", "clientSecret": "y"}, Egress: egress.Open})
	if err := s.Verify(ctx); rmm.KindOf(err) != rmm.ErrConfig {
		t.Fatalf("HTML host: %v", err)
	}
	if _, err := p.Open(ctx, rmm.Connection{Config: map[string]string{"region": "EU", "clientId": "x"}, Egress: egress.Open}); rmm.KindOf(err) != rmm.ErrConfig {
		t.Fatalf("no secret: %v", err)
	}
}

func TestListingPagesAndReports(t *testing.T) {
	f := ninjafake.New(230, 2)
	s := fakeSession(t, f, nil)
	ctx := context.Background()
	scopes, err := s.Scopes(ctx)
	if err != nil || len(scopes) != 2 || scopes[1].ExternalID != "2" {
		t.Fatalf("scopes %+v %v", scopes, err)
	}
	before := f.Calls()
	var got []rmm.Device
	err = s.ListDevices(ctx, "1", func(ctx context.Context, page []rmm.Device) error { got = append(got, page...); return nil })
	if err != nil {
		t.Fatal(err)
	}
	calls := f.Calls() - before
	if len(got) != 115 {
		t.Fatalf("%d devices in org 1, want 115", len(got))
	}
	// 3 device pages (50, 50, 15) with 2 report calls each, plus locations.
	if calls != 3+3*2+1 {
		t.Fatalf("%d calls for 115 devices: more than O(pages)", calls)
	}
	var patched, protected int
	for _, d := range got {
		if d.ScopeID != "1" {
			t.Fatalf("device %s of org %s in org 1's listing", d.ExternalID, d.ScopeID)
		}
		if d.Extension.PendingPatches.Set {
			patched++
		}
		if d.Extension.AntivirusStatus.V == "protected" {
			protected++
		}
	}
	if patched == 0 || protected == 0 {
		t.Fatalf("reports not joined: %d with patch counts, %d protected", patched, protected)
	}
	one, err := s.Device(ctx, "5")
	if err != nil || one.ExternalID != "5" || one.Name != "HOST-000005" {
		t.Fatalf("device 5: %+v %v", one, err)
	}
	if _, err := s.Device(ctx, "99999"); rmm.KindOf(err) != rmm.ErrNotFound {
		t.Fatalf("unknown device: %v", err)
	}
}

func TestTokenRefreshAndFaults(t *testing.T) {
	f := ninjafake.New(20, 1)
	s := fakeSession(t, f, nil)
	ctx := context.Background()
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	issued := f.TokensIssued()
	f.ExpireTokens() // the API refuses the cached token: one new token, the call replayed
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if f.TokensIssued() != issued+1 {
		t.Fatalf("%d tokens issued after expiry, want 1", f.TokensIssued()-issued)
	}
	f.Inject(ninjafake.Fault429, 1) // retried after Retry-After
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("after one 429: %v", err)
	}
	f.Inject(ninjafake.Fault500, -1)
	if err := s.Verify(ctx); rmm.KindOf(err) != rmm.ErrUnavailable {
		t.Fatalf("5xx: %v", err)
	}
	f.Inject(ninjafake.FaultMalformed, -1)
	err := s.ListDevices(ctx, "1", func(context.Context, []rmm.Device) error { return nil })
	if rmm.KindOf(err) != rmm.ErrBadResponse {
		t.Fatalf("malformed: %v", err)
	}
	f.Inject(ninjafake.Fault401, -1)
	if err := s.Verify(ctx); rmm.KindOf(err) != rmm.ErrUnauthorized {
		t.Fatalf("401 after a fresh token: %v", err)
	}
	f.Inject(ninjafake.FaultNone, 0)
}

func TestParseWebhook(t *testing.T) {
	p := New()
	cases := []struct {
		body string
		want rmm.Parsed
	}{
		{`{"id":12938,"activityTime":1718900000.5,"deviceId":100,"activityType":"SYSTEM","statusCode":"NODE_UPDATED"}`,
			rmm.Parsed{DeliveryID: "12938", Events: []rmm.Event{{Kind: rmm.EventDeviceChanged, DeviceID: "100"}}}},
		{`{"id":12939,"activityTime":1718900001,"deviceId":100,"activityType":"SYSTEM","statusCode":"NODE_DELETED"}`,
			rmm.Parsed{DeliveryID: "12939", Events: []rmm.Event{{Kind: rmm.EventDeviceDeleted, DeviceID: "100"}}}},
		{`{"id":12940,"activityTime":1718900002,"deviceId":100,"activityType":"SYSTEM","statusCode":"USER_LOGGED_OUT"}`,
			rmm.Parsed{DeliveryID: "12940", Events: []rmm.Event{{Kind: rmm.EventIgnored, Reason: "SYSTEM USER_LOGGED_OUT"}}}},
		{`{"id":12941,"activityTime":1718900003.25,"deviceId":100,"activityType":"CONDITION","statusCode":"TRIGGERED","severity":"MAJOR","priority":"HIGH",
		   "seriesUid":"2f5c0000-aaaa-4bbb-8ccc-000000000001","sourceConfigUid":"cond-cpu","sourceName":"CPU over 90%","message":"CPU 97%","device":{"id":100,"displayName":"DESKTOP-100"}}`,
			rmm.Parsed{DeliveryID: "12941", Events: []rmm.Event{{Kind: rmm.EventAlert, Alert: rmm.Alert{ExternalID: "2f5c0000-aaaa-4bbb-8ccc-000000000001",
				SeriesKey: "100|cond-cpu", DeviceID: "100", DeviceName: "DESKTOP-100", Severity: rmm.SeverityMajor, Priority: "high", Class: "CPU over 90%",
				Source: "condition", Activity: "CONDITION", Message: "CPU 97%", State: rmm.AlertTriggered, OccurredAt: time.Unix(1718900003, 250e6).UTC(),
				Raw: map[string]any{"activityId": int64(12941), "statusCode": "TRIGGERED", "sourceConfigUid": "cond-cpu"}}}}}},
	}
	for _, c := range cases {
		got, err := p.ParseWebhook(http.Header{}, []byte(c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.body, diff)
		}
	}
	for _, bad := range []string{`not json`, `{"foo":1}`, `[]`} {
		if _, err := p.ParseWebhook(http.Header{}, []byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestAlertsListAndReset(t *testing.T) {
	f := ninjafake.New(5, 1)
	f.SetAlerts(ninjafake.Alert{UID: "u1", DeviceID: 3, Message: "Disk C: 95%", CreateTime: 1718900000, SourceType: "CONDITION_AGENT_DISK_USAGE", SourceName: "Disk usage", Severity: "CRITICAL"})
	s := fakeSession(t, f, nil)
	ctx := context.Background()
	alerts, err := s.ActiveAlerts(ctx)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts %+v %v", alerts, err)
	}
	a := alerts[0]
	if err := a.Validate(); err != nil || a.ExternalID != "u1" || a.Severity != rmm.SeverityCritical || a.DeviceID != "3" || a.Class != "Disk usage" {
		t.Fatalf("alert %+v %v", a, err)
	}
	if err := s.ResolveAlert(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if got := f.Resets(); len(got) != 1 || got[0] != "u1" {
		t.Fatalf("resets %v", got)
	}
}

func TestSlowAnswersTimeOut(t *testing.T) {
	f := ninjafake.New(5, 1)
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()
	p := &Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1, Timeout: 100 * time.Millisecond}}
	s, err := p.Open(context.Background(), rmm.Connection{Config: map[string]string{"instanceUrl": srv.URL, "clientId": ninjafake.ClientID,
		"clientSecret": ninjafake.ClientSecret}, Egress: egress.Open})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.Delay = 500 * time.Millisecond
	f.Inject(ninjafake.FaultSlow, -1)
	defer f.Inject(ninjafake.FaultNone, 0)
	err = s.Verify(context.Background())
	if rmm.KindOf(err) != rmm.ErrUnavailable || !strings.Contains(err.Error(), "did not answer in time") {
		t.Fatalf("slow answers: %v", err)
	}
}
