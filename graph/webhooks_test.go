package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

type webhookInfo struct {
	URL, Path, SecretHeader     string
	SecretSet                   bool
	Deliveries, Failed, Pending int
	LastDeliveryAt              *time.Time
}

type rotatePayload struct {
	RotateWebhookSecret struct {
		Secret     *string
		Webhook    *webhookInfo
		UserErrors []userError
	}
}

const rotate = `mutation($p: String!) { rotateWebhookSecret(input: {provider: $p}) { secret webhook { url path secretHeader secretSet deliveries failed pending lastDeliveryAt } userErrors { field message code } } }`

// hookEnv is an env whose tenant A has the full test provider connected,
// with one scope mapped and a webhook secret.
type hookEnv struct {
	*env
	full   *providertest.Full
	secret string
	hook   webhookInfo
}

func newHookEnv(t testing.TB, s *store.Store) *hookEnv {
	t.Helper()
	full := providertest.NewFull()
	e := newEnv(t, s, providers.Register(full))
	ctx := context.Background()
	db := s.Tenant(e.tenantA)
	full.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Org 1", Kind: rmm.ScopeOrganization}}, devices(3, 1), nil)
	if _, err := db.ConfigureIntegration(ctx, providertest.FullID, store.IntegrationConfig{Values: map[string]string{"url": "https://rmm.test"}, Secrets: map[string]string{"apiKey": "good"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, db, providertest.FullID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, db, providertest.FullID); err != nil {
		t.Fatal(err)
	}
	in, _ := db.Integration(ctx, providertest.FullID)
	scopes, _ := db.AllScopeMappings(ctx, in.ID)
	name := "Client 1"
	c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
	if _, err := db.MapScope(ctx, scopes[0].ID, &c.ID, nil); err != nil {
		t.Fatal(err)
	}
	r := query[rotatePayload](e, e.adminA, rotate, map[string]any{"p": providertest.FullID}).RotateWebhookSecret
	if r.Secret == nil || r.Webhook == nil || len(r.UserErrors) > 0 {
		t.Fatalf("rotate: %+v", r)
	}
	return &hookEnv{env: e, full: full, secret: *r.Secret, hook: *r.Webhook}
}

// deliver posts a body to a webhook URL with the header set.
func deliver(t *testing.T, url string, body []byte, headers ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

func (h *hookEnv) process() {
	h.t.Helper()
	for {
		n, err := h.engine.Webhooks.ProcessDue(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func TestWebhookIngressStatusCodes(t *testing.T) {
	h := newHookEnv(t, storetest.Open(t, store.SQLite))
	reg := prometheus.NewRegistry()
	graph.NewSyncMetrics(reg, false).Attach(h.engine)
	if !strings.HasPrefix(h.hook.URL, h.srv.URL+"/webhooks/testrmmfull/") || h.hook.SecretHeader != "X-Test-Secret" || !h.hook.SecretSet {
		t.Fatalf("webhook %+v", h.hook)
	}
	good := []byte(`{"id":"act-1","events":[{"kind":"device.changed","deviceId":"d000"},{"kind":"node.rebooted"}]}`)
	status := func(url string, body []byte, headers ...string) int {
		code, _ := deliver(t, url, body, headers...)
		return code
	}
	other := h.srv.URL + "/webhooks/testrmm/" + strings.TrimPrefix(h.hook.Path, "/webhooks/testrmmfull/")
	cases := []struct {
		name    string
		url     string
		body    []byte
		headers []string
		want    int
	}{
		{"no secret", h.hook.URL, good, nil, 401},
		{"wrong secret", h.hook.URL, good, []string{"X-Test-Secret", strings.Repeat("0", 64)}, 401},
		{"unknown integration", h.srv.URL + "/webhooks/testrmmfull/0b8e3f57-2a36-4bd8-8d8f-0c1c2a3f4b5d", good, []string{"X-Test-Secret", h.secret}, 401},
		{"provider without webhooks", other, good, []string{"X-Test-Secret", h.secret}, 401},
		{"unknown provider", h.srv.URL + "/webhooks/nope/x", good, []string{"X-Test-Secret", h.secret}, 401},
		{"too large", h.hook.URL, bytes.Repeat([]byte(" "), 1<<20+1), []string{"X-Test-Secret", h.secret}, 413},
		{"malformed", h.hook.URL, []byte(`{"events": 7`), []string{"X-Test-Secret", h.secret}, 400},
		{"accepted", h.hook.URL, good, []string{"X-Test-Secret", h.secret}, 200},
	}
	for _, c := range cases {
		if got := status(c.url, c.body, c.headers...); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	code, body := deliver(t, h.hook.URL, good, "X-Test-Secret", h.secret)
	storetest.Expect(t, "a redelivery", is("status", code, 200), is("answer", body["status"], "duplicate"))
	_, body = deliver(t, h.hook.URL, []byte(`{"events":[{"kind":"ticket.opened"}]}`), "X-Test-Secret", h.secret)
	storetest.Expect(t, "an unknown kind", is("answer", body["status"], "accepted"), is("ignored", body["ignored"], 1.0), is("events", body["events"], 0.0))

	h.process()
	got := query[struct {
		Integration struct {
			Webhook  webhookInfo
			SyncRuns struct {
				Nodes []struct{ Trigger, Mode, Status string }
			}
		}
	}](h.env, h.adminA, `{ integration(provider: "testrmmfull") { webhook { url path secretHeader secretSet deliveries failed pending lastDeliveryAt } syncRuns { nodes { trigger mode status } } } }`, nil).Integration
	storetest.Expect(t, "after processing", is("deliveries", got.Webhook.Deliveries, 2), is("pending", got.Webhook.Pending, 0),
		is("failed", got.Webhook.Failed, 0), is("last delivery", got.Webhook.LastDeliveryAt != nil, true),
		is("runs", len(got.SyncRuns.Nodes), 1))
	if r := got.SyncRuns.Nodes[0]; r.Trigger != "WEBHOOK" || r.Mode != "DEVICE" || r.Status != "COMPLETED" {
		t.Fatalf("webhook run %+v", r)
	}
	want := `
# HELP rmmgraph_webhook_deliveries_total Webhook deliveries by provider and ingress outcome (accepted, duplicate, unauthorized, malformed, too_large, error).
# TYPE rmmgraph_webhook_deliveries_total counter
rmmgraph_webhook_deliveries_total{outcome="accepted",provider="testrmmfull"} 2
rmmgraph_webhook_deliveries_total{outcome="duplicate",provider="testrmmfull"} 1
rmmgraph_webhook_deliveries_total{outcome="malformed",provider="testrmmfull"} 1
rmmgraph_webhook_deliveries_total{outcome="too_large",provider="testrmmfull"} 1
rmmgraph_webhook_deliveries_total{outcome="unauthorized",provider="testrmm"} 1
rmmgraph_webhook_deliveries_total{outcome="unauthorized",provider="testrmmfull"} 3
rmmgraph_webhook_deliveries_total{outcome="unauthorized",provider="unknown"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "rmmgraph_webhook_deliveries_total"); err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(reg, "rmmgraph_webhook_processing_lag_seconds"); n != 1 {
		t.Fatalf("%d processing lag series, want 1", n)
	}
}

func TestAlertsThroughTheAPI(t *testing.T) {
	h := newHookEnv(t, storetest.Open(t, store.SQLite))
	// The device exists before its alert.
	h.process()
	if _, err := h.syncer.Run(context.Background(), h.store.Tenant(h.tenantA), ingest.Request{Provider: providertest.FullID, Mode: ingest.ModeFull, Trigger: ingest.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	events := []map[string]any{}
	for i, sev := range []string{"critical", "minor", "major"} {
		events = append(events, map[string]any{"kind": "alert", "alert": map[string]any{"id": "al-" + sev, "deviceId": "d000", "severity": sev,
			"message": sev + " problem", "state": "triggered", "at": t0.Add(time.Duration(i) * time.Minute)}})
	}
	body, _ := json.Marshal(map[string]any{"events": events})

	// A PSA listens for alert events before they arrive.
	payload, _ := json.Marshal(map[string]any{"query": `subscription { alertEvents(statuses: [ACTIVE]) { status alert { externalId severity } } }`})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", h.srv.URL+"/graphql", bytes.NewReader(payload))
	req.Header.Set("Authorization", "Bearer "+h.adminA)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	sub, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Body.Close()
	time.Sleep(100 * time.Millisecond)

	if code, _ := deliver(t, h.hook.URL, body, "X-Test-Secret", h.secret); code != 200 {
		t.Fatalf("delivery: %d", code)
	}
	h.process()

	seen := map[string]bool{}
	sc := bufio.NewScanner(sub.Body)
	deadline := time.AfterFunc(10*time.Second, cancel)
	for len(seen) < 3 && sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var ev struct {
				Data struct {
					AlertEvents struct {
						Status string
						Alert  struct{ ExternalID, Severity string }
					}
				}
			}
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatalf("event %q: %v", line, err)
			}
			seen[ev.Data.AlertEvents.Alert.ExternalID] = ev.Data.AlertEvents.Status == "ACTIVE"
		}
	}
	deadline.Stop()
	storetest.Expect(t, "alert events", is("seen", seen, map[string]bool{"al-critical": true, "al-minor": true, "al-major": true}))

	type alertNode struct {
		ID, ExternalID, Severity, Status string
		Asset                            *struct{ Name string }
	}
	type alertPage struct {
		Alerts struct {
			Nodes      []alertNode
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	const list = `query($f: AlertFilter, $after: String) { alerts(first: 2, after: $after, filter: $f) { nodes { id externalId severity status asset { name } } totalCount pageInfo { hasNextPage endCursor } } }`
	p1 := query[alertPage](h.env, h.viewerA, list, nil).Alerts
	p2 := query[alertPage](h.env, h.viewerA, list, map[string]any{"after": *p1.PageInfo.EndCursor}).Alerts
	storetest.Expect(t, "pages", is("first", []string{p1.Nodes[0].ExternalID, p1.Nodes[1].ExternalID}, []string{"al-major", "al-minor"}),
		is("more", p1.PageInfo.HasNextPage, true), is("total", p1.TotalCount, 3), is("second", len(p2.Nodes), 1), is("last", p2.Nodes[0].ExternalID, "al-critical"),
		is("asset", p2.Nodes[0].Asset != nil, true))
	crit := query[alertPage](h.env, h.viewerA, list, map[string]any{"f": map[string]any{"severities": []string{"CRITICAL", "MAJOR"}, "providers": []string{"testrmmfull"}}}).Alerts
	storetest.Expect(t, "filtered", is("critical and major", len(crit.Nodes), 2), is("their count", crit.TotalCount, 2))

	// A viewer cannot acknowledge or rotate; tenant B cannot see or touch A's alerts.
	id := p2.Nodes[0].ID
	const ack = `mutation($id: ID!) { acknowledgeAlert(input: {alertId: $id}) { alert { status } pushedToRmm userErrors { code message } } }`
	if r := h.do(h.viewerA, ack, map[string]any{"id": id}); r.code() != "FORBIDDEN" {
		t.Fatalf("viewer acknowledge: %s", r.Raw)
	}
	if r := h.do(h.viewerA, rotate, map[string]any{"p": providertest.FullID}); r.code() != "FORBIDDEN" {
		t.Fatalf("viewer rotate: %s", r.Raw)
	}
	b := query[struct {
		AcknowledgeAlert struct{ UserErrors []userError }
	}](h.env, h.adminB, ack, map[string]any{"id": id}).AcknowledgeAlert
	if len(b.UserErrors) != 1 || b.UserErrors[0].Code != "NOT_FOUND" {
		t.Fatalf("tenant B acknowledged A's alert: %+v", b)
	}
	if n := len(query[alertPage](h.env, h.adminB, list, nil).Alerts.Nodes); n != 0 {
		t.Fatalf("tenant B sees %d of A's alerts", n)
	}
	if r := h.do(h.adminB, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}); r.code() != "NOT_FOUND" {
		t.Fatalf("tenant B reads A's alert by node: %s", r.Raw)
	}
	if r := query[struct{ Node *struct{ ExternalID string } }](h.env, h.viewerA, `query($id: ID!) { node(id: $id) { ... on Alert { externalId } } }`, map[string]any{"id": id}); r.Node == nil || r.Node.ExternalID != "al-critical" {
		t.Fatalf("tenant A reads its alert by node: %+v", r)
	}
	a := query[struct {
		AcknowledgeAlert struct {
			Alert       struct{ Status string }
			PushedToRmm bool
		}
	}](h.env, h.adminA, ack, map[string]any{"id": id}).AcknowledgeAlert
	storetest.Expect(t, "acknowledged", is("status", a.Alert.Status, "ACKNOWLEDGED"), is("pushed", a.PushedToRmm, true),
		is("RMM calls", h.full.AlertCalls(), []string{"ack:al-critical"}))
	// Tenant B's webhook view and deliveries are its own.
	if r := query[struct{ Integration *struct{ ID string } }](h.env, h.adminB, `{ integration(provider: "testrmmfull") { id webhook { deliveries } } }`, nil); r.Integration != nil {
		t.Fatal("tenant B sees A's integration")
	}
}

// A page of alerts reads its assets and integrations in one query each,
// however many alerts it holds.
func TestAlertPageReadsNestedRowsOnce(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	var assets, integrations atomic.Int64
	s.DB.AddQueryHook(&countQueries{match: `"assets"`, n: &assets}) // before anything queries
	s.DB.AddQueryHook(&countQueries{match: `"rmm_integrations"`, n: &integrations})
	h := newHookEnv(t, s)
	h.process()
	if _, err := h.syncer.Run(context.Background(), s.Tenant(h.tenantA), ingest.Request{Provider: providertest.FullID, Mode: ingest.ModeFull, Trigger: ingest.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	events := []map[string]any{}
	for i, d := range []string{"d000", "d001", "d002"} {
		events = append(events, map[string]any{"kind": "alert", "alert": map[string]any{"id": "al-" + d, "deviceId": d, "severity": "minor",
			"state": "triggered", "at": time.Now().UTC().Add(-time.Duration(i) * time.Minute)}})
	}
	body, _ := json.Marshal(map[string]any{"events": events})
	if code, _ := deliver(t, h.hook.URL, body, "X-Test-Secret", h.secret); code != 200 {
		t.Fatalf("delivery: %d", code)
	}
	h.process()
	assets.Store(0)
	integrations.Store(0)
	got := query[struct {
		Alerts struct {
			Nodes []struct {
				Asset       *struct{ Name string }
				Integration struct{ ID string }
			}
		}
	}](h.env, h.adminA, `{ alerts { nodes { asset { name } integration { id } } } }`, nil).Alerts.Nodes
	if len(got) != 3 || got[0].Asset == nil || got[2].Integration.ID == "" {
		t.Fatalf("alerts %+v", got)
	}
	storetest.Expect(t, "queries for a page of 3", is("assets", assets.Load(), int64(1)), is("integrations", integrations.Load() <= 1, true))
}
