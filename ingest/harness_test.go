package ingest_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// harness is a tenant with a connected test provider whose scopes s1..sN
// map to clients c1..cN.
type harness struct {
	t       *testing.T
	ctx     context.Context
	s       *store.Store
	db      *store.TenantDB
	p       *providertest.Provider
	full    *providertest.Full // set by newFullHarness
	id      string             // the provider id
	syncer  *ingest.Syncer
	clients map[string]uuid.UUID // scope id -> client
	scopes  []rmm.Scope
}

func newHarness(t *testing.T, s *store.Store, scopes int, opts ingest.Options) *harness {
	t.Helper()
	p := providertest.New()
	return setUpHarness(t, s, scopes, opts, &harness{p: p, id: providertest.ID}, providers.Register(p))
}

// newFullHarness is newHarness with the provider that can do everything
// (incremental listings, a secondary source for aged-out devices).
func newFullHarness(t *testing.T, s *store.Store, scopes int, opts ingest.Options) *harness {
	t.Helper()
	f := providertest.NewFull()
	return setUpHarness(t, s, scopes, opts, &harness{p: f.Provider, full: f, id: providertest.FullID}, providers.Register(f))
}

func setUpHarness(t *testing.T, s *store.Store, scopes int, opts ingest.Options, h *harness, p providers.Provider) *harness {
	t.Helper()
	ctx := context.Background()
	tn, err := s.CreateTenant(ctx, "MSP")
	if err != nil {
		t.Fatal(err)
	}
	h.t, h.ctx, h.s, h.db, h.clients = t, ctx, s, s.Tenant(tn.ID), map[string]uuid.UUID{}
	reg, err := providers.NewRegistry(p)
	if err != nil {
		t.Fatal(err)
	}
	h.syncer = ingest.NewSyncer(ctx, reg, nil, opts)
	for i := 1; i <= scopes; i++ {
		h.scopes = append(h.scopes, rmm.Scope{ExternalID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Scope %d", i), Kind: rmm.ScopeOrganization})
	}
	h.p.SetEstate(h.scopes, nil, nil)
	if _, err := h.db.ConfigureIntegration(ctx, h.id, store.IntegrationConfig{Values: map[string]string{"url": "https://rmm.test"}, Secrets: map[string]string{"apiKey": "good"}}); err != nil {
		t.Fatal(err)
	}
	if err := h.syncer.Verify(ctx, h.db, h.id); err != nil {
		t.Fatal(err)
	}
	if _, err := h.syncer.DiscoverScopes(ctx, h.db, h.id); err != nil {
		t.Fatal(err)
	}
	for _, sc := range h.scopes {
		name := "Client " + sc.ExternalID
		c, err := h.db.CreateClient(ctx, store.ClientFields{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		h.clients[sc.ExternalID] = c.ID
		h.mapScope(sc.ExternalID, &c.ID)
	}
	h.installWriteLog()
	return h
}

func (h *harness) mapScope(scope string, client *uuid.UUID) {
	h.t.Helper()
	integ, _ := h.db.Integration(h.ctx, h.id)
	all, err := h.db.AllScopeMappings(h.ctx, integ.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, m := range all {
		if m.ExternalOrganizationID == scope {
			if _, err := h.db.MapScope(h.ctx, m.ID, client, nil); err != nil {
				h.t.Fatal(err)
			}
			return
		}
	}
	h.t.Fatalf("no scope %s", scope)
}

// installWriteLog records every insert and update of the asset tables, so
// tests can prove that nothing was written.
func (h *harness) installWriteLog() {
	ctx := h.ctx
	exec := func(q string) {
		if _, err := h.s.DB.ExecContext(ctx, q); err != nil {
			h.t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE write_log (tbl text NOT NULL, op text NOT NULL)`)
	for _, tbl := range []string{"assets", "workstation_assets", "server_assets"} {
		for _, op := range []string{"INSERT", "UPDATE"} {
			name := strings.ToLower("log_" + tbl + "_" + op)
			if h.s.Dialect() == store.SQLite {
				exec(fmt.Sprintf(`CREATE TRIGGER %s AFTER %s ON %s BEGIN INSERT INTO write_log VALUES ('%s', '%s'); END`, name, op, tbl, tbl, op))
				continue
			}
			exec(fmt.Sprintf(`CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO write_log VALUES ('%s', '%s'); RETURN NULL; END $$`, name, tbl, op))
			exec(fmt.Sprintf(`CREATE TRIGGER %s AFTER %s ON %s FOR EACH ROW EXECUTE FUNCTION %s()`, name, op, tbl, name))
		}
	}
}

// writes returns and clears the write log: "table OP" -> rows.
func (h *harness) writes() map[string]int {
	h.t.Helper()
	var rows []struct {
		Tbl string `bun:"tbl"`
		Op  string `bun:"op"`
		N   int    `bun:"n"`
	}
	if err := h.s.DB.NewRaw(`SELECT tbl, op, count(*) AS n FROM write_log GROUP BY tbl, op`).Scan(h.ctx, &rows); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.s.DB.ExecContext(h.ctx, `DELETE FROM write_log`); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Tbl+" "+r.Op] = r.N
	}
	return out
}

func (h *harness) sync(mode ingest.Mode) store.SyncRun {
	h.t.Helper()
	run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: h.id, Mode: mode, Trigger: ingest.TriggerManual})
	if err != nil {
		h.t.Fatalf("sync: %v", err)
	}
	h.checkInvariants()
	return run
}

func (h *harness) mustComplete(run store.SyncRun) store.SyncRun {
	h.t.Helper()
	if run.Status != store.RunCompleted {
		h.t.Fatalf("run %s: %v warnings %v", run.Status, deref(run.Error), run.Warnings)
	}
	return run
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// checkInvariants fails the test when the database holds a duplicate or
// orphan asset or mapping.
func (h *harness) checkInvariants() {
	h.t.Helper()
	checks := map[string]string{
		"duplicate assets per device":    `SELECT count(*) FROM (SELECT rmm_device_id FROM assets WHERE tenant = ? AND rmm_provider = 'testrmm' GROUP BY rmm_device_id HAVING count(*) > 1) d`,
		"duplicate mappings per device":  `SELECT count(*) FROM (SELECT external_entity_id FROM tenant_external_entity_mappings WHERE tenant = ? AND integration_type = 'testrmm' GROUP BY external_entity_id HAVING count(*) > 1) d`,
		"mappings without asset":         `SELECT count(*) FROM tenant_external_entity_mappings m WHERE m.tenant = ? AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.tenant = m.tenant AND CAST(a.asset_id AS TEXT) = m.alga_entity_id)`,
		"assets without mapping":         `SELECT count(*) FROM assets a WHERE a.tenant = ? AND NOT EXISTS (SELECT 1 FROM tenant_external_entity_mappings m WHERE m.tenant = a.tenant AND CAST(a.asset_id AS TEXT) = m.alga_entity_id)`,
		"realm differs from asset scope": `SELECT count(*) FROM assets a JOIN tenant_external_entity_mappings m ON m.tenant = a.tenant AND CAST(a.asset_id AS TEXT) = m.alga_entity_id WHERE a.tenant = ? AND m.external_realm_id <> a.rmm_organization_id`,
	}
	for name, q := range checks {
		var n int
		if err := h.s.DB.QueryRowContext(h.ctx, q, h.db.ID()).Scan(&n); err != nil {
			h.t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			h.t.Fatalf("invariant broken: %s (%d)", name, n)
		}
	}
}

type assetView struct {
	ID          uuid.UUID  `bun:"asset_id"`
	ClientID    uuid.UUID  `bun:"client_id"`
	Type        string     `bun:"asset_type"`
	Name        string     `bun:"name"`
	Serial      *string    `bun:"serial_number"`
	Status      string     `bun:"status"`
	AgentStatus *string    `bun:"agent_status"`
	Realm       *string    `bun:"rmm_organization_id"`
	LastSeen    *time.Time `bun:"last_seen_at"`
	Tag         string     `bun:"asset_tag"`
	MapStatus   string     `bun:"sync_status"`
	MapRealm    *string    `bun:"external_realm_id"`
	Metadata    string     `bun:"metadata"`
	Missing     int        `bun:"missing_count"`
}

func (h *harness) asset(externalID string) assetView {
	h.t.Helper()
	var v assetView
	err := h.s.DB.NewRaw(`SELECT a.asset_id, a.client_id, a.asset_type, a.name, a.serial_number, a.status, a.agent_status, a.rmm_organization_id,
		a.last_seen_at, a.asset_tag, m.sync_status, m.external_realm_id, CAST(m.metadata AS TEXT) AS metadata, m.missing_count
		FROM assets a JOIN tenant_external_entity_mappings m ON m.tenant = a.tenant AND CAST(a.asset_id AS TEXT) = m.alga_entity_id
		WHERE a.tenant = ? AND a.rmm_device_id = ?`, h.db.ID(), externalID).Scan(h.ctx, &v)
	if err != nil {
		h.t.Fatalf("asset %s: %v", externalID, err)
	}
	v.Metadata = strings.ReplaceAll(v.Metadata, " ", "") // Postgres prints jsonb with spaces
	return v
}

func (h *harness) count(q string) int {
	h.t.Helper()
	var n int
	if err := h.s.DB.QueryRowContext(h.ctx, q, h.db.ID()).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *harness) assetCount() int {
	return h.count(`SELECT count(*) FROM assets WHERE tenant = ?`)
}

// estate makes n workstations spread over the harness's scopes.
func estate(n, scopes int, seen time.Time) []rmm.Device {
	out := make([]rmm.Device, n)
	for i := range out {
		out[i] = device(fmt.Sprintf("dev-%05d", i), fmt.Sprintf("s%d", i%scopes+1), seen)
	}
	return out
}

func device(id, scope string, seen time.Time) rmm.Device {
	return rmm.Device{
		ExternalID: id, ScopeID: scope, Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation,
		Name: "host-" + id, SerialNumber: rmm.Some("SN-" + id), AgentStatus: rmm.AgentOnline,
		LastSeenAt: rmm.Some(seen),
		Extension: rmm.Extension{
			OSType: rmm.Some("Windows"), OSVersion: rmm.Some("Windows 11 Pro 23H2"), CPUModel: rmm.Some("Intel Core i7-1185G7"),
			CPUCores: rmm.Some(8), RAMGB: rmm.Some(16), CurrentUser: rmm.Some("ACME\\jdoe"), LanIP: rmm.Some("10.0.0.5"),
			DiskUsage:         rmm.Some([]rmm.DiskUsage{{Name: "C:", TotalGB: 475.5, FreeGB: 120.25, UtilizationPercent: 74.71}}),
			InstalledSoftware: rmm.Some([]rmm.Software{{Name: "7-Zip", Version: "23.01"}}),
		},
		Metadata: map[string]any{"uid": id},
	}
}

func (h *harness) setEstate(ds []rmm.Device) { h.p.SetEstate(h.scopes, ds, nil) }

// is names a property for storetest.Expect.
var is = storetest.Is

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
