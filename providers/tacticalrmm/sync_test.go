package tacticalrmm_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm/tacticalfake"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// Every fault ends in a recorded, explained run; nothing is duplicated or
// lost; the next sync succeeds. Incremental syncs work in both API styles.
func TestTacticalFaultsAndIncremental(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, beta := range []bool{true, false} {
			ctx := context.Background()
			fake := tacticalfake.New(120, 3)
			fake.Beta = beta
			fake.Delay = 300 * time.Millisecond
			srv := httptest.NewServer(fake.Handler())
			defer srv.Close()
			p := &tacticalrmm.Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1, Timeout: 100 * time.Millisecond}}
			reg, _ := providers.NewRegistry(providers.Register(p))
			syncer := ingest.NewSyncer(ctx, reg, nil, ingest.Options{Egress: egress.Open})
			tn, _ := s.CreateTenant(ctx, "MSP")
			db := s.Tenant(tn.ID)
			if _, err := db.ConfigureIntegration(ctx, tacticalrmm.ID, store.IntegrationConfig{Values: map[string]string{"apiUrl": srv.URL, "pageSize": "25"},
				Secrets: map[string]string{"apiKey": tacticalfake.Key}}); err != nil {
				t.Fatal(err)
			}
			if err := syncer.Verify(ctx, db, tacticalrmm.ID); err != nil {
				t.Fatal(err)
			}
			syncer.DiscoverScopes(ctx, db, tacticalrmm.ID)
			in, _ := db.Integration(ctx, tacticalrmm.ID)
			scopes, _ := db.AllScopeMappings(ctx, in.ID)
			for _, m := range scopes {
				name := "Client " + m.ExternalOrganizationID
				c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
				db.MapScope(ctx, m.ID, &c.ID, nil)
			}
			run := func(mode ingest.Mode) store.SyncRun {
				t.Helper()
				r, err := syncer.Run(ctx, db, ingest.Request{Provider: tacticalrmm.ID, Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			count := func(q string) int {
				var n int
				s.DB.QueryRowContext(ctx, q, tn.ID).Scan(&n)
				return n
			}
			if r := run(ingest.ModeFull); r.Status != store.RunCompleted || r.Created != 120 {
				t.Fatalf("beta=%v first sync: %s %v %+v", beta, r.Status, r.Error, r)
			}
			for _, c := range []struct {
				fault tacticalfake.Fault
				want  string
			}{
				{tacticalfake.Fault401, "API key was rejected"},
				{tacticalfake.Fault403, "permission"},
				{tacticalfake.Fault500, "HTTP 500"},
				{tacticalfake.FaultBare400, "Unable to contact the agent"},
				{tacticalfake.FaultMalformed, "not the expected JSON"},
				{tacticalfake.FaultSlow, "did not answer in time"},
			} {
				fake.Inject(c.fault, -1)
				r := run(ingest.ModeFull)
				fake.Inject(tacticalfake.FaultNone, 0)
				if r.Status != store.RunFailed || r.Error == nil || !strings.Contains(*r.Error, c.want) {
					t.Fatalf("beta=%v %s: %s %v", beta, c.fault, r.Status, r.Error)
				}
				if next := run(ingest.ModeFull); next.Status != store.RunCompleted {
					t.Fatalf("beta=%v after %s: %s %v", beta, c.fault, next.Status, next.Error)
				}
				if n := count(`SELECT count(*) FROM assets WHERE tenant = ?`); n != 120 {
					t.Fatalf("beta=%v after %s: %d assets", beta, c.fault, n)
				}
			}
			fake.Seen(7, time.Now())
			inc := run(ingest.ModeIncremental)
			if inc.Status != store.RunCompleted || inc.DevicesSeen != 1 {
				t.Fatalf("beta=%v incremental: %s, %d seen", beta, inc.Status, inc.DevicesSeen)
			}
			hook, ok, err := syncer.WebhookOf(ctx, db, in)
			if err != nil || !ok || !strings.Contains(hook.Body, "{{alert.id}}") {
				t.Fatalf("webhook body template: %+v %v", hook, err)
			}
		}
	})
}
