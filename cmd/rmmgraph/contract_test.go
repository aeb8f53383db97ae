package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// The same contract, run over every provider this build registers, against
// the fake it ships: connect, discover, map, full sync, an unchanged
// re-sync writes nothing, a removed device retires after the grace, a
// down RMM ends in an explained run and the next sync recovers, a webhook
// delivery refreshes a device or stores an alert. A provider added to the
// registry with a fake is held to it without a line here.
func TestEveryProviderKeepsTheContract(t *testing.T) {
	reg, err := newRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reg.All() {
		faker, ok := p.Fake()
		if !ok {
			continue
		}
		id := p.Info().ID
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			fake := faker.NewFake(60, 3)
			rmmSrv := httptest.NewServer(fake.Handler)
			defer rmmSrv.Close()
			s := storetest.Open(t, store.SQLite)
			engine, err := ingest.NewEngine(ctx, s, reg, ingest.EngineOptions{Log: quietLog(), Sync: ingest.Options{Egress: egress.Open}})
			if err != nil {
				t.Fatal(err)
			}
			defer engine.Stop(10 * time.Second)
			api := httptest.NewServer(graph.NewHandler(graph.Options{Engine: engine, Log: quietLog()}))
			defer api.Close()
			tn, _ := s.CreateTenant(ctx, "MSP")
			db := s.Tenant(tn.ID)
			values, secrets := fake.Config(rmmSrv.URL)
			if _, err := db.ConfigureIntegration(ctx, id, store.IntegrationConfig{Values: values, Secrets: secrets}); err != nil {
				t.Fatal(err)
			}
			if err := engine.Syncer.Verify(ctx, db, id); err != nil {
				t.Fatalf("verify: %v", err)
			}
			found, err := engine.Syncer.DiscoverScopes(ctx, db, id)
			if err != nil || found.Total == 0 {
				t.Fatalf("discover: %+v %v", found, err)
			}
			in, _ := db.Integration(ctx, id)
			scopes, _ := db.AllScopeMappings(ctx, in.ID)
			for _, m := range scopes {
				name := "Client " + m.ExternalOrganizationID
				c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
				if _, err := db.MapScope(ctx, m.ID, &c.ID, nil); err != nil {
					t.Fatal(err)
				}
			}
			sync := func() store.SyncRun {
				t.Helper()
				run, err := engine.Syncer.Run(ctx, db, ingest.Request{Provider: id, Mode: ingest.ModeFull, Trigger: ingest.TriggerManual})
				if err != nil {
					t.Fatal(err)
				}
				return run
			}
			first := sync()
			if first.Status != store.RunCompleted || first.Created == 0 {
				t.Fatalf("first sync: %s %v %+v", first.Status, first.Error, first)
			}
			again := sync()
			if again.Status != store.RunCompleted || again.Created+again.Updated+again.Retired != 0 {
				t.Fatalf("unchanged re-sync wrote: %+v", again)
			}
			if fake.Remove != nil {
				gone := fake.Remove()
				sync()
				sync()
				var status string
				s.DB.NewRaw(`SELECT status FROM assets WHERE tenant = ? AND rmm_device_id = ?`, tn.ID, gone).Scan(ctx, &status)
				if status != "inactive" {
					t.Fatalf("device %s removed from the RMM: asset %q after the grace", gone, status)
				}
			}
			if fake.Break != nil {
				fake.Break(true)
				broken := sync()
				fake.Break(false)
				if broken.Status != store.RunFailed || broken.Error == nil || !strings.Contains(*broken.Error, id) {
					t.Fatalf("sync of a broken RMM: %s %v", broken.Status, broken.Error)
				}
				if next := sync(); next.Status != store.RunCompleted {
					t.Fatalf("sync after recovery: %s %v", next.Status, next.Error)
				}
			}
			if fake.Deliver != nil && p.Capabilities().WebhookEvents {
				rotated, err := engine.Syncer.RotateWebhookSecret(ctx, db, id)
				if err != nil {
					t.Fatal(err)
				}
				if err := fake.Deliver(api.URL+rotated.Webhook.Path, rotated.Webhook.Header, rotated.Secret); err != nil {
					t.Fatalf("deliver: %v", err)
				}
				for {
					n, err := engine.Webhooks.ProcessDue(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if n == 0 {
						break
					}
				}
				var runs, alerts int
				s.DB.NewRaw(`SELECT count(*) FROM rmm_sync_runs WHERE tenant = ? AND trigger_type = 'webhook' AND status = 'completed'`, tn.ID).Scan(ctx, &runs)
				s.DB.NewRaw(`SELECT count(*) FROM rmm_alerts WHERE tenant = ?`, tn.ID).Scan(ctx, &alerts)
				if runs+alerts == 0 {
					t.Fatal("a webhook delivery neither refreshed a device nor stored an alert")
				}
			}
			var dups int
			s.DB.NewRaw(`SELECT count(*) FROM (SELECT rmm_device_id FROM assets WHERE tenant = ? GROUP BY rmm_device_id HAVING count(*) > 1) d`, tn.ID).Scan(ctx, &dups)
			if dups != 0 {
				t.Fatalf("%d devices have two assets", dups)
			}
		})
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
