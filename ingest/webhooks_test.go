package ingest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// hooks is a full harness with a webhook secret and the webhook pipeline.
type hooks struct {
	*harness
	w      *ingest.Webhooks
	secret string
	integ  store.Integration
}

func newHooks(t *testing.T, s *store.Store, o ingest.WebhookOptions) *hooks {
	t.Helper()
	h := newFullHarness(t, s, 2, ingest.Options{})
	h.syncer = ingest.NewSyncer(h.ctx, mustRegistry(t, h.full), quietLog(), ingest.Options{})
	rotated, err := h.syncer.RotateWebhookSecret(h.ctx, h.db, h.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(rotated.Secret) != 64 {
		t.Fatalf("secret %q is not 32 bytes in hex", rotated.Secret)
	}
	return &hooks{harness: h, w: ingest.NewWebhooks(s, h.syncer, quietLog(), o), secret: rotated.Secret, integ: rotated.Integration}
}

func (k *hooks) send(d providertest.Delivery) (ingest.Accepted, error) {
	body, _ := json.Marshal(d)
	return k.sendBody(body)
}

func (k *hooks) sendBody(body []byte) (ingest.Accepted, error) {
	hdr := http.Header{}
	hdr.Set("X-Test-Secret", k.secret)
	return k.w.Accept(k.ctx, k.id, k.integ.ID.String(), hdr, body)
}

func (k *hooks) mustSend(d providertest.Delivery) ingest.Accepted {
	k.t.Helper()
	a, err := k.send(d)
	if err != nil {
		k.t.Fatal(err)
	}
	return a
}

// drain processes every due delivery.
func (k *hooks) drain() {
	k.t.Helper()
	for {
		n, err := k.w.ProcessDue(k.ctx)
		if err != nil {
			k.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (k *hooks) deliveries() map[string]int {
	k.t.Helper()
	var rows []struct {
		Status string `bun:"status"`
		N      int    `bun:"n"`
	}
	if err := k.s.DB.NewRaw(`SELECT status, count(*) AS n FROM rmm_webhook_deliveries WHERE tenant = ? GROUP BY status`, k.db.ID()).Scan(k.ctx, &rows); err != nil {
		k.t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}

func changed(ids ...string) providertest.Delivery {
	d := providertest.Delivery{}
	for _, id := range ids {
		d.Events = append(d.Events, providertest.DeliveryEvent{Kind: "device.changed", DeviceID: id})
	}
	return d
}

func alertEvent(id, device, state string, at time.Time) providertest.DeliveryEvent {
	return providertest.DeliveryEvent{Kind: "alert", Alert: &providertest.DeliveryAlert{ID: id, DeviceID: device, Severity: "major",
		Class: "cpu", Message: "CPU above 95% on " + device, State: state, At: at}}
}

func TestWebhookAcceptRefusesWhatItCannotAuthenticate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{})
		body, _ := json.Marshal(changed("dev-1"))
		withSecret := func(v string) http.Header { h := http.Header{}; h.Set("X-Test-Secret", v); return h }
		cases := map[string]func() error{
			"no secret": func() error { _, err := k.w.Accept(k.ctx, k.id, k.integ.ID.String(), http.Header{}, body); return err },
			"wrong secret": func() error {
				_, err := k.w.Accept(k.ctx, k.id, k.integ.ID.String(), withSecret(wrong(k.secret)), body)
				return err
			},
			"unknown integration": func() error {
				_, err := k.w.Accept(k.ctx, k.id, "6b0a3b8e-4f3e-4a7a-9d55-1c2f0e9d8a11", withSecret(k.secret), body)
				return err
			},
			"malformed id": func() error { _, err := k.w.Accept(k.ctx, k.id, "not-a-uuid", withSecret(k.secret), body); return err },
			"other provider": func() error {
				_, err := k.w.Accept(k.ctx, providertest.ID, k.integ.ID.String(), withSecret(k.secret), body)
				return err
			},
		}
		for name, f := range cases {
			if err := f(); !errors.Is(err, ingest.ErrWebhookUnauthorized) {
				t.Errorf("%s: got %v, want unauthorized", name, err)
			}
		}
		if _, err := k.sendBody([]byte("{not json")); err == nil {
			t.Fatal("a malformed body was accepted")
		} else if _, ok := err.(*ingest.MalformedDelivery); !ok {
			t.Fatalf("malformed body: %T %v", err, err)
		}
		if got := k.deliveries(); len(got) != 0 {
			t.Fatalf("refused deliveries were stored: %v", got)
		}
		// Concurrent senders share commits; each gets its own answer.
		var wg sync.WaitGroup
		results := make([]ingest.Accepted, 40)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := changed(fmt.Sprintf("dev-%d", i%20))
				d.ID = fmt.Sprintf("burst-%d", i%30) // ten redeliveries among them
				a, err := k.send(d)
				if err != nil {
					t.Error(err)
				}
				results[i] = a
			}()
		}
		wg.Wait()
		dups := 0
		for _, a := range results {
			if a.Duplicate {
				dups++
			}
		}
		storetest.Expect(t, "a concurrent burst", is("duplicates", dups, 10), is("stored", k.deliveries(), map[string]int{store.DeliveryPending: 30}))
		if _, err := k.s.DB.ExecContext(k.ctx, `DELETE FROM rmm_webhook_deliveries`); err != nil {
			t.Fatal(err)
		}
		// An integration that failed verification, or was disconnected,
		// takes no deliveries.
		if _, err := k.send(changed("dev-1")); err != nil {
			t.Fatal(err)
		}
		k.full.FailAll(&rmm.Error{Kind: rmm.ErrUnauthorized, Message: "testrmm: key revoked"})
		if err := k.syncer.Verify(k.ctx, k.db, k.id); err == nil {
			t.Fatal("verify passed")
		}
		if _, err := k.send(changed("dev-2")); !errors.Is(err, ingest.ErrWebhookUnauthorized) {
			t.Fatalf("unverified integration: %v", err)
		}
		k.full.FailAll(nil)
		if err := k.syncer.Verify(k.ctx, k.db, k.id); err != nil {
			t.Fatal(err)
		}
		// After a rotation the old secret is refused.
		old := k.secret
		rotated, err := k.syncer.RotateWebhookSecret(k.ctx, k.db, k.id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.send(changed("dev-1")); !errors.Is(err, ingest.ErrWebhookUnauthorized) || rotated.Secret == old {
			t.Fatalf("old secret after rotation: %v", err)
		}
		k.secret = rotated.Secret
		if _, err := k.send(changed("dev-4")); err != nil {
			t.Fatalf("new secret: %v", err)
		}
		if err := k.syncer.Disconnect(k.ctx, k.db, k.integ.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := k.send(changed("dev-3")); !errors.Is(err, ingest.ErrWebhookUnauthorized) {
			t.Fatalf("disconnected integration: %v", err)
		}
	})
}

func TestWebhookDeviceEventsRunThroughThePipeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{})
		now := time.Now().UTC().Truncate(time.Second)
		devices := estate(10, 2, now)
		k.setEstate(devices)
		// A burst: 60 deliveries naming 10 devices, plus an unknown kind.
		for i := range 60 {
			d := changed(fmt.Sprintf("dev-%05d", i%10))
			d.ID = fmt.Sprintf("activity-%d", i)
			if i == 0 {
				d.Events = append(d.Events, providertest.DeliveryEvent{Kind: "user.logged_in"})
			}
			a := k.mustSend(d)
			if a.Duplicate || (i == 0 && a.Ignored != 1) {
				t.Fatalf("delivery %d: %+v", i, a)
			}
		}
		reads := k.full.DeviceReads()
		k.drain()
		storetest.Expect(t, "after the burst",
			is("devices read (coalesced)", k.full.DeviceReads()-reads, 10),
			is("assets", k.assetCount(), 10),
			is("deliveries", k.deliveries(), map[string]int{store.DeliveryProcessed: 60}),
			is("webhook runs", k.count(`SELECT count(*) FROM rmm_sync_runs WHERE tenant = ? AND trigger_type = 'webhook' AND status = 'completed'`), 1))
		k.checkInvariants()

		// A redelivery (same RMM delivery id, or the same body) is a no-op.
		d := changed("dev-00001")
		d.ID = "activity-3"
		if a := k.mustSend(d); !a.Duplicate {
			t.Fatal("a redelivery with the same id was stored again")
		}
		body := []byte(`{"events":[{"kind":"device.changed","deviceId":"dev-00002"}]}`)
		if a, err := k.sendBody(body); err != nil || a.Duplicate {
			t.Fatalf("first: %+v %v", a, err)
		}
		if a, err := k.sendBody(body); err != nil || !a.Duplicate {
			t.Fatalf("the same body again: %+v %v", a, err)
		}
		k.drain()
		storetest.Expect(t, "after redeliveries", is("devices read", k.full.DeviceReads()-reads, 11))

		// A delete retires the device at once; a change then delete in one
		// batch ends deleted.
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{
			{Kind: "device.changed", DeviceID: "dev-00004"}, {Kind: "device.deleted", DeviceID: "dev-00004"},
			{Kind: "device.deleted", DeviceID: "dev-00005"}}})
		k.drain()
		storetest.Expect(t, "after deletes",
			is("dev-00004", k.asset("dev-00004").Status, "inactive"),
			is("dev-00005", k.asset("dev-00005").Status, "inactive"),
			is("dev-00006", k.asset("dev-00006").Status, "active"))
		k.checkInvariants()
	})
}

func TestWebhookProcessingRetriesThenFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{MaxAttempts: 2, RetryBase: time.Hour})
		k.setEstate(estate(2, 2, time.Now()))
		k.full.FailAll(&rmm.Error{Kind: rmm.ErrUnavailable, Message: "testrmm: 503 Service Unavailable"})
		k.mustSend(changed("dev-00000"))
		k.drain()
		var d store.WebhookDelivery
		read := func() {
			if err := k.s.DB.NewSelect().Model(&d).Where("tenant = ?", k.db.ID()).Scan(k.ctx); err != nil {
				t.Fatal(err)
			}
		}
		read()
		storetest.Expect(t, "after one failure", is("status", d.Status, store.DeliveryPending), is("attempts", d.Attempts, 1),
			is("error", deref(d.LastError) != "", true))
		if d.NextAttemptAt.Before(time.Now().Add(5 * time.Minute)) {
			t.Fatalf("retry at %v: the backoff was not applied", d.NextAttemptAt)
		}
		if _, err := k.s.DB.ExecContext(k.ctx, `UPDATE rmm_webhook_deliveries SET next_attempt_at = ?`, time.Now().UTC().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		k.drain()
		read()
		storetest.Expect(t, "after the last attempt", is("status", d.Status, store.DeliveryFailed), is("attempts", d.Attempts, 2))
		if got := deref(d.LastError); got == "" || !strings.Contains(got, "503 Service Unavailable") {
			t.Fatalf("last error %q does not explain", got)
		}
		hook, _, err := k.syncer.WebhookOf(k.ctx, k.db, k.integ)
		if err != nil || hook.Failed != 1 || hook.Deliveries != 1 || hook.LastDeliveryAt == nil || !hook.SecretSet {
			t.Fatalf("webhook stats %+v %v", hook, err)
		}
		// Pruning removes finished deliveries older than the cutoff, never pending ones.
		k.mustSend(changed("dev-00001"))
		n, err := k.s.PruneDeliveries(k.ctx, time.Now().Add(time.Minute))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d: %v", n, err)
		}
		storetest.Expect(t, "after pruning", is("left", k.deliveries(), map[string]int{store.DeliveryPending: 1}))
	})
}

func mustRegistry(t *testing.T, f *providertest.Full) *providers.Registry {
	t.Helper()
	reg, err := providers.NewRegistry(providers.Register(f))
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestWebhookWaitsForARunningSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{Defer: time.Hour})
		k.setEstate(estate(2, 2, time.Now()))
		run := &store.SyncRun{IntegrationID: k.integ.ID, Mode: "full", Trigger: "manual"}
		if err := k.db.StartRun(k.ctx, run, time.Minute); err != nil {
			t.Fatal(err)
		}
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{{Kind: "device.changed", DeviceID: "dev-00000"},
			alertEvent("a1", "dev-00000", "triggered", time.Now())}})
		k.drain()
		var d store.WebhookDelivery
		if err := k.s.DB.NewSelect().Model(&d).Where("tenant = ?", k.db.ID()).Scan(k.ctx); err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "while a sync runs", is("status", d.Status, store.DeliveryPending), is("attempts", d.Attempts, 0),
			is("waits", d.NextAttemptAt.After(time.Now().Add(30*time.Minute)), true),
			is("alert applied meanwhile", k.count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ?`), 1),
			is("assets", k.assetCount(), 0))
	})
}

func TestAlertsFromWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{})
		t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		alert := func(id string) store.Alert {
			t.Helper()
			var a store.Alert
			if err := k.s.DB.NewSelect().Model(&a).Where("tenant = ? AND external_alert_id = ?", k.db.ID(), id).Scan(k.ctx); err != nil {
				t.Fatalf("alert %s: %v", id, err)
			}
			return a
		}
		// Reset before its trigger: it ends resolved, triggered at the trigger's time.
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{alertEvent("a1", "dev-00000", "reset", t0.Add(time.Minute))}})
		k.drain()
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{alertEvent("a1", "dev-00000", "triggered", t0)}})
		k.drain()
		a := alert("a1")
		storetest.Expect(t, "reset before trigger", is("status", a.Status, store.AlertResolved),
			is("triggered at", a.TriggeredAt.Equal(t0), true), is("resolved at", a.ResolvedAt.Equal(t0.Add(time.Minute)), true),
			is("message", deref(a.Message), "CPU above 95% on dev-00000"), is("occurrences", a.OccurrenceCount, 1),
			is("asset (device not synced yet)", a.AssetID == nil, true), is("device", deref(a.ExternalDeviceID), "dev-00000"))

		// Trigger, redelivered, acknowledged, triggered again, reset.
		for _, e := range []providertest.DeliveryEvent{alertEvent("a2", "dev-00001", "triggered", t0), alertEvent("a2", "dev-00001", "triggered", t0),
			alertEvent("a2", "dev-00001", "acknowledged", t0.Add(time.Minute))} {
			k.mustSend(providertest.Delivery{ID: fmt.Sprint(e.Alert.State, e.Alert.At.Unix(), len(e.Alert.ID)), Events: []providertest.DeliveryEvent{e}})
		}
		k.drain()
		storetest.Expect(t, "acknowledged", is("status", alert("a2").Status, store.AlertAcknowledged), is("occurrences", alert("a2").OccurrenceCount, 1))
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{alertEvent("a2", "dev-00001", "triggered", t0.Add(2*time.Minute)),
			alertEvent("a2", "dev-00001", "reset", t0.Add(3*time.Minute))}})
		k.drain()
		a = alert("a2")
		storetest.Expect(t, "re-triggered and reset", is("status", a.Status, store.AlertResolved), is("occurrences", a.OccurrenceCount, 2),
			is("last occurrence", a.LastOccurrenceAt.Equal(t0.Add(2*time.Minute)), true))
		// A late trigger (older than the reset) does not reopen it.
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{alertEvent("a2", "dev-00001", "triggered", t0.Add(90*time.Second))}})
		k.drain()
		storetest.Expect(t, "late trigger", is("status", alert("a2").Status, store.AlertResolved))

		// The device arrives: its alerts are linked to its asset.
		k.setEstate(estate(2, 2, time.Now()))
		k.mustComplete(k.sync(ingest.ModeFull))
		storetest.Expect(t, "linked", is("a1", alert("a1").AssetID != nil && *alert("a1").AssetID == k.asset("dev-00000").ID, true),
			is("a2", alert("a2").AssetID != nil && *alert("a2").AssetID == k.asset("dev-00001").ID, true))
		// An alert about a synced device is linked at once.
		k.mustSend(providertest.Delivery{Events: []providertest.DeliveryEvent{alertEvent("a3", "dev-00001", "triggered", t0)}})
		k.drain()
		storetest.Expect(t, "linked at once", is("a3", alert("a3").AssetID != nil, true))
	})
}

func TestAlertPollAndPushBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{})
		t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		polled := func(id string) rmm.Alert {
			return rmm.Alert{ExternalID: id, DeviceID: "dev-00000", Severity: rmm.SeverityCritical, Class: "disk", Source: "poll",
				Message: "Disk C: below 5%", State: rmm.AlertTriggered, OccurredAt: t0}
		}
		k.full.SetAlerts(polled("p1"), polled("p2"), rmm.Alert{ExternalID: "bad", Severity: "loud", State: rmm.AlertTriggered, OccurredAt: t0})
		res, err := k.syncer.PollAlerts(k.ctx, k.db, k.id, nil)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "first poll", is("result", res, ingest.AlertPoll{Active: 2, Changed: 2}))
		// p2 leaves the RMM's active list: a complete poll resolves it.
		k.full.SetAlerts(polled("p1"))
		res, err = k.syncer.PollAlerts(k.ctx, k.db, k.id, nil)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "second poll", is("result", res, ingest.AlertPoll{Active: 1, AutoResolved: 1}),
			is("p2", k.count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND external_alert_id = 'p2' AND status = 'auto_resolved'`), 1))
		// A failing poll changes nothing.
		k.full.FailAll(&rmm.Error{Kind: rmm.ErrUnavailable, Message: "testrmm: down"})
		if _, err := k.syncer.PollAlerts(k.ctx, k.db, k.id, nil); err == nil {
			t.Fatal("a failing poll reported success")
		}
		k.full.FailAll(nil)
		storetest.Expect(t, "after a failed poll", is("active", k.count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND status = 'active'`), 1))

		// Acknowledge and resolve go to the RMM first.
		var p1 store.Alert
		if err := k.s.DB.NewSelect().Model(&p1).Where("tenant = ? AND external_alert_id = 'p1'", k.db.ID()).Scan(k.ctx); err != nil {
			t.Fatal(err)
		}
		u, err := k.syncer.SetAlertStatus(k.ctx, k.db, p1.ID, store.AlertAcknowledged)
		if err != nil || !u.Pushed || !u.Changed || u.Alert.Status != store.AlertAcknowledged {
			t.Fatalf("acknowledge: %+v %v", u, err)
		}
		if _, err := k.syncer.SetAlertStatus(k.ctx, k.db, p1.ID, store.AlertAcknowledged); err == nil {
			t.Fatal("acknowledged twice")
		}
		k.full.FailAll(&rmm.Error{Kind: rmm.ErrUnauthorized, Message: "testrmm: token revoked"})
		if _, err := k.syncer.SetAlertStatus(k.ctx, k.db, p1.ID, store.AlertResolved); err == nil {
			t.Fatal("resolved although the RMM refused")
		}
		k.full.FailAll(nil)
		if a, _ := k.db.Alert(k.ctx, p1.ID); a.Status != store.AlertAcknowledged {
			t.Fatalf("a refused resolve changed the alert to %s", a.Status)
		}
		u, err = k.syncer.SetAlertStatus(k.ctx, k.db, p1.ID, store.AlertResolved)
		if err != nil || !u.Pushed || u.Alert.Status != store.AlertResolved {
			t.Fatalf("resolve: %+v %v", u, err)
		}
		storetest.Expect(t, "calls to the RMM", is("calls", k.full.AlertCalls(), []string{"ack:p1", "resolve:p1"}))
	})
}

// A poll whose listing started before a webhook recorded an alert does
// not resolve it for being absent from that listing, however old the
// alert's own times are.
func TestAlertPollLeavesAlertsRecordedAfterItsListing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		k := newHooks(t, s, ingest.WebhookOptions{})
		listedAt := time.Now().UTC().Add(-time.Second)
		old := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		if _, err := k.db.ApplyAlerts(k.ctx, k.integ.ID, k.id, []rmm.Alert{{ExternalID: "w1", DeviceID: "dev-00000",
			Severity: rmm.SeverityCritical, State: rmm.AlertTriggered, OccurredAt: old}}); err != nil {
			t.Fatal(err)
		}
		resolved, err := k.db.AutoResolveAlerts(k.ctx, k.integ.ID, nil, listedAt)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "an alert recorded after the listing started", is("resolved", len(resolved), 0),
			is("active", k.count(`SELECT count(*) FROM rmm_alerts WHERE tenant = ? AND external_alert_id = 'w1' AND status = 'active'`), 1))
		// A later listing that leaves it out resolves it.
		if resolved, err = k.db.AutoResolveAlerts(k.ctx, k.integ.ID, nil, time.Now().UTC().Add(time.Second)); err != nil || len(resolved) != 1 {
			t.Fatalf("a later listing: %d resolved, %v", len(resolved), err)
		}
	})
}

// Two replicas processing the same queue process each delivery once.
func TestWebhookReplicasProcessEachDeliveryOnce(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	k := newHooks(t, s, ingest.WebhookOptions{Batch: 7, Defer: time.Millisecond})
	const n = 120
	k.setEstate(estate(n, 2, time.Now()))
	for i := range n {
		k.mustSend(changed(fmt.Sprintf("dev-%05d", i)))
	}
	reads := k.full.DeviceReads()
	other := ingest.NewWebhooks(s, ingest.NewSyncer(k.ctx, mustRegistry(t, k.full), quietLog(), ingest.Options{}), quietLog(), ingest.WebhookOptions{Batch: 7, Defer: time.Millisecond})
	var wg sync.WaitGroup
	for _, w := range []*ingest.Webhooks{k.w, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(30 * time.Second)
			for time.Now().Before(deadline) {
				if _, err := w.ProcessDue(k.ctx); err != nil {
					t.Error(err)
					return
				}
				if k.deliveries()[store.DeliveryProcessed] == n {
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	storetest.Expect(t, "after two replicas", is("deliveries", k.deliveries(), map[string]int{store.DeliveryProcessed: n}),
		is("devices read", k.full.DeviceReads()-reads, n), is("assets", k.assetCount(), n),
		is("attempts", k.count(`SELECT COALESCE(sum(attempts), 0) FROM rmm_webhook_deliveries WHERE tenant = ?`), 0))
	k.checkInvariants()
}

// wrong is a secret that differs from s in its last character.
func wrong(s string) string {
	if strings.HasSuffix(s, "0") {
		return s[:len(s)-1] + "1"
	}
	return s[:len(s)-1] + "0"
}
