package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// lazy serves a handler set after the server starts.
type lazy struct{ h http.Handler }

func (l *lazy) ServeHTTP(w http.ResponseWriter, r *http.Request) { l.h.ServeHTTP(w, r) }

// NinjaOne's webhook is registered with the URL and secret of the shared
// ingress, its deliveries become device syncs and alerts, and it is
// removed on disconnect; a 403 is explained.
func TestNinjaOneWebhooks(t *testing.T) {
	fake := ninjafake.New(40, 2)
	rmmSrv := httptest.NewServer(fake.Handler())
	defer rmmSrv.Close()
	front := &lazy{}
	public := httptest.NewServer(front)
	defer public.Close()
	p := &ninjaone.Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1}}
	s := storetest.Open(t, store.SQLite)
	e := newEnvWith(t, s, ingest.EngineOptions{Log: quiet, Sync: ingest.Options{Egress: egress.Open, PublicURL: public.URL}}, providers.Register(p))
	front.h = e.srv.Config.Handler
	ctx := context.Background()
	db := s.Tenant(e.tenantA)
	if _, err := db.ConfigureIntegration(ctx, ninjaone.ID, store.IntegrationConfig{Values: map[string]string{"instanceUrl": rmmSrv.URL, "clientId": ninjafake.ClientID},
		Secrets: map[string]string{"clientSecret": ninjafake.ClientSecret}}); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, db, ninjaone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, db, ninjaone.ID); err != nil {
		t.Fatal(err)
	}
	in, _ := db.Integration(ctx, ninjaone.ID)
	scopes, _ := db.AllScopeMappings(ctx, in.ID)
	for _, m := range scopes {
		name := "Client " + m.ExternalOrganizationID
		c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
		db.MapScope(ctx, m.ID, &c.ID, nil)
	}
	const rotateNinja = `mutation { rotateWebhookSecret(input: {provider: "ninjaone"}) { secret registeredWithRmm registrationError webhook { url secretHeader } userErrors { message } } }`
	type rotated struct {
		RotateWebhookSecret struct {
			Secret            *string
			RegisteredWithRmm bool
			RegistrationError *string
			Webhook           struct{ URL, SecretHeader string }
		}
	}
	fake.Inject(ninjafake.FaultNotAdmin, -1)
	r := query[rotated](e, e.adminA, rotateNinja, nil).RotateWebhookSecret
	if r.RegisteredWithRmm || r.RegistrationError == nil || !strings.Contains(*r.RegistrationError, "system administrator") {
		t.Fatalf("registration as a non-admin: %+v", r)
	}
	fake.Inject(ninjafake.FaultNone, 0)
	r = query[rotated](e, e.adminA, rotateNinja, nil).RotateWebhookSecret
	hook := fake.Webhook()
	if !r.RegisteredWithRmm || hook == nil || !strings.HasSuffix(r.Webhook.URL, strings.TrimPrefix(hook.URL, public.URL)) || !strings.HasPrefix(hook.URL, public.URL+"/webhooks/ninjaone/") ||
		len(hook.Headers) != 1 || hook.Headers[0].Name != "X-Webhook-Secret" || hook.Headers[0].Value != *r.Secret {
		t.Fatalf("registered %+v for %+v", hook, r)
	}
	// Deliveries: a device update, a condition and its reset, noise.
	now := float64(time.Now().Unix())
	for i, a := range []map[string]any{
		{"id": 1001, "activityTime": now, "deviceId": 3, "activityType": "SYSTEM", "statusCode": "NODE_UPDATED"},
		{"id": 1002, "activityTime": now, "deviceId": 3, "activityType": "CONDITION", "statusCode": "TRIGGERED", "severity": "CRITICAL", "seriesUid": "s-1", "sourceConfigUid": "c-1", "message": "Disk full"},
		{"id": 1003, "activityTime": now + 60, "deviceId": 3, "activityType": "CONDITION", "statusCode": "RESET", "seriesUid": "s-1", "sourceConfigUid": "c-1"},
		{"id": 1004, "activityTime": now, "deviceId": 3, "activityType": "SYSTEM", "statusCode": "USER_LOGGED_IN"},
		{"id": 1001, "activityTime": now, "deviceId": 3, "activityType": "SYSTEM", "statusCode": "NODE_UPDATED"},
	} {
		if code, err := fake.Send(a); err != nil || code != 200 {
			t.Fatalf("delivery %d: %d %v", i, code, err)
		}
	}
	for {
		n, err := e.engine.Webhooks.ProcessDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	var alert store.Alert
	if err := s.DB.NewSelect().Model(&alert).Where("tenant = ?", e.tenantA).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Expect(t, "after the deliveries",
		is("asset of device 3", count(t, s, `SELECT count(*) FROM assets WHERE tenant = ? AND rmm_device_id = '3'`, e.tenantA), 1),
		is("alert", alert.Status, store.AlertResolved), is("alert device", deref(alert.ExternalDeviceID), "3"),
		is("alert asset linked", alert.AssetID != nil, true), is("dedup key", deref(alert.DedupKey), "3|c-1"),
		is("webhook runs", count(t, s, `SELECT count(*) FROM rmm_sync_runs WHERE tenant = ? AND trigger_type = 'webhook'`, e.tenantA), 1))
	// Disconnecting removes the webhook from NinjaOne.
	query[struct{}](e, e.adminA, `mutation { disconnectIntegration(input: {provider: "ninjaone"}) { userErrors { message } } }`, nil)
	if fake.Webhook() != nil {
		t.Fatal("the webhook stayed registered after disconnect")
	}
}

func count(t *testing.T, s *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
