package tanium_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A Gateway without the optional modules or the sensor still lists every
// endpoint: each missing block leaves its fields not supplied, a refused
// block is asked for once per session, not once per page, and what an
// earlier sync stored stays.
func TestOptionalBlocksDegradeTheirFieldsNotTheRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newSyncEnv(t, s, 120, 2)
		run := e.sync(t)
		if run.Status != store.RunCompleted || run.Created != 120 {
			t.Fatalf("first sync: %s %+v", run.Status, run)
		}
		ctx := context.Background()
		type row struct {
			WanIP      *string `bun:"wan_ip"`
			LastReboot *string `bun:"last_reboot"`
			Apps       string  `bun:"apps"`
			Info       string  `bun:"info"`
		}
		read := func(name string) row {
			t.Helper()
			var r row
			err := s.DB.NewRaw(`SELECT s.wan_ip, CAST(s.last_reboot_at AS TEXT) AS last_reboot, CAST(s.installed_software AS TEXT) AS apps, CAST(s.system_info AS TEXT) AS info
				FROM assets a JOIN server_assets s ON s.tenant = a.tenant AND s.asset_id = a.asset_id WHERE a.tenant = ? AND a.name = ?`, e.db.ID(), name).Scan(ctx, &r)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		// ACME-00000 is a server with a public NAT address and risk data,
		// ACME-00020 one with a reboot time too.
		before, rebooted := read("ACME-00000"), read("ACME-00020")
		storetest.Expect(t, "the first sync",
			is("WAN IP", deref(before.WanIP), "203.0.113.1"), is("criticality", strings.Contains(before.Info, `"criticality"`), true),
			is("apps", strings.Contains(before.Apps, "Google Chrome"), true), is("last reboot", rebooted.LastReboot != nil, true),
			is("network interfaces", strings.Contains(before.Info, "network_interfaces"), false))

		for _, f := range []string{"discover", "risk", "installedApplications", "sensorReadings"} {
			e.fake.HideField("Endpoint", f)
		}
		pages := e.fake.RequestCount("Endpoints")
		run = e.sync(t)
		pages = e.fake.RequestCount("Endpoints") - pages
		if run.Status != store.RunCompleted || run.Unchanged+run.Updated != 120 {
			t.Fatalf("sync without the optional modules: %s %v %+v", run.Status, run.Error, run)
		}
		storetest.Expect(t, "the optional blocks were asked for", is("listing pages", pages > 4, true),
			is("all at once", e.fake.RequestCount("EndpointExtras"), pages+1), // every page of the first sync, the first of this one
			is("Discover", e.fake.RequestCount("EndpointDiscover"), 1), is("Risk", e.fake.RequestCount("EndpointRisk"), 1),
			is("apps", e.fake.RequestCount("EndpointApps"), 1), is("Last Reboot", e.fake.RequestCount("EndpointLastReboot"), 1))
		after, rebootedAfter := read("ACME-00000"), read("ACME-00020")
		storetest.Expect(t, "what the first sync stored",
			is("WAN IP", deref(after.WanIP), "203.0.113.1"), is("apps", after.Apps, before.Apps),
			is("last reboot", deref(rebootedAfter.LastReboot), deref(rebooted.LastReboot)))
	})
}

// A probe answered without computer groups does not verify: the URL is not
// the Gateway, or the persona may not read them.
func TestVerifyNeedsComputerGroups(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":{}}`))
	}))
	defer srv.Close()
	f := newFixture(t, 1, 1)
	f.cfg["gatewayUrl"] = srv.URL
	err := verify(context.Background(), f.p, f.cfg)
	if err == nil || !strings.Contains(err.Error(), "without computer groups") {
		t.Fatalf("verify against an empty answer: %v", err)
	}
}
