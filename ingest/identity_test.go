package ingest_test

import (
	"context"
	"errors"
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

// fleet is one tenant with several test providers, each with scopes s1 and
// s2 mapped to the same two clients.
type fleet struct {
	t       testing.TB
	ctx     context.Context
	s       *store.Store
	db      *store.TenantDB
	syncer  *ingest.Syncer
	ps      map[string]*providertest.Provider
	clients map[string]uuid.UUID // scope -> client
	scopes  []rmm.Scope
}

func newFleet(t testing.TB, s *store.Store, opts ingest.Options, ids ...string) *fleet {
	t.Helper()
	ctx := context.Background()
	tn, err := s.CreateTenant(ctx, "MSP")
	if err != nil {
		t.Fatal(err)
	}
	f := &fleet{t: t, ctx: ctx, s: s, db: s.Tenant(tn.ID), ps: map[string]*providertest.Provider{}, clients: map[string]uuid.UUID{},
		scopes: []rmm.Scope{{ExternalID: "s1", Name: "Acme", Kind: rmm.ScopeOrganization}, {ExternalID: "s2", Name: "Globex", Kind: rmm.ScopeOrganization}}}
	var list []providers.Provider
	for _, id := range ids {
		p := providertest.NewNamed(id)
		p.SetEstate(f.scopes, nil, nil)
		f.ps[id] = p
		list = append(list, providers.Register(p))
	}
	reg, err := providers.NewRegistry(list...)
	if err != nil {
		t.Fatal(err)
	}
	f.syncer = ingest.NewSyncer(ctx, reg, quietLog(), opts)
	for _, sc := range f.scopes {
		c, err := f.db.CreateClient(ctx, store.ClientFields{Name: &sc.Name})
		if err != nil {
			t.Fatal(err)
		}
		f.clients[sc.ExternalID] = c.ID
	}
	for _, id := range ids {
		if _, err := f.db.ConfigureIntegration(ctx, id, store.IntegrationConfig{Values: map[string]string{"url": "https://rmm.test"}, Secrets: map[string]string{"apiKey": "good"}}); err != nil {
			t.Fatal(err)
		}
		if err := f.syncer.Verify(ctx, f.db, id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.syncer.DiscoverScopes(ctx, f.db, id); err != nil {
			t.Fatal(err)
		}
		integ, _ := f.db.Integration(ctx, id)
		all, err := f.db.AllScopeMappings(ctx, integ.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			c := f.clients[m.ExternalOrganizationID]
			if _, err := f.db.MapScope(ctx, m.ID, &c, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func (f *fleet) set(id string, ds []rmm.Device) { f.ps[id].SetEstate(f.scopes, ds, nil) }

func (f *fleet) sync(id string) store.SyncRun {
	f.t.Helper()
	run, err := f.syncer.Run(f.ctx, f.db, ingest.Request{Provider: id, Mode: ingest.ModeFull, Trigger: ingest.TriggerManual})
	if err != nil {
		f.t.Fatalf("sync %s: %v", id, err)
	}
	if run.Status != store.RunCompleted {
		f.t.Fatalf("sync %s: %s %v %v", id, run.Status, deref(run.Error), run.Warnings)
	}
	return run
}

func (f *fleet) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.s.DB.QueryRowContext(f.ctx, q, append([]any{f.db.ID()}, args...)...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// assetOf returns the asset a provider's device is mapped to.
func (f *fleet) assetOf(provider, device string) string {
	f.t.Helper()
	var id string
	err := f.s.DB.QueryRowContext(f.ctx, `SELECT alga_entity_id FROM tenant_external_entity_mappings WHERE tenant = ? AND integration_type = ? AND external_entity_id = ?`,
		f.db.ID(), provider, device).Scan(&id)
	if err != nil {
		f.t.Fatalf("mapping of %s %s: %v", provider, device, err)
	}
	return id
}

func (f *fleet) candidates(status string) []store.Candidate {
	f.t.Helper()
	edges, _, err := f.db.Candidates(f.ctx, store.Page{First: 100}, store.CandidateFilter{Statuses: []string{status}})
	if err != nil {
		f.t.Fatal(err)
	}
	out := make([]store.Candidate, len(edges))
	for i, e := range edges {
		out[i] = e.Node
	}
	return out
}

// laptop is a physical workstation as one provider reports it.
func laptop(id, scope, host, serial, hwUUID, mac string) rmm.Device {
	d := device(id, scope, t0)
	d.Name, d.SerialNumber = host, rmm.Some(serial)
	d.Identifiers = rmm.Identifiers{HardwareUUID: hwUUID, Manufacturer: "Dell Inc."}
	if mac != "" {
		d.Identifiers.MACs = []string{mac}
	}
	return d
}

func TestCrossProviderMatchAttachesToOneAsset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFleet(t, s, ingest.Options{}, "rmma", "rmmb")
		a := laptop("a1", "s1", "LAP-001", "5CG1234XYZ", "4C4C4544-0031-3510-8052-B4C04F4E3332", "00:1a:2b:3c:4d:5e")
		a.Extension.OSVersion = rmm.Some("Windows 11 23H2")
		other := laptop("a2", "s1", "LAP-002", "5CG9999AAA", "", "")
		f.set("rmma", []rmm.Device{a, other})
		f.sync("rmma")

		// The same laptop in the second RMM: another id, another name
		// spelling, the same hardware; another OS version string.
		b := laptop("b-77", "s1", "lap-001.acme.local", "5cg1234xyz", "4c4c4544-0031-3510-8052-b4c04f4e3332", "00-1A-2B-3C-4D-5E")
		b.Identifiers.Manufacturer = "DELL"
		b.Extension.OSVersion = rmm.Some("10.0.22631")
		b.Extension.CurrentUser = rmm.Some("ACME\\someone")
		filler := laptop("b-2", "s1", "PRINT-SRV", "CZC0002", "", "")
		f.set("rmmb", []rmm.Device{b, filler})
		run := f.sync("rmmb")
		storetest.Expect(t, "second provider's run", is("created", run.Created, 1), is("updated", run.Updated, 1), is("matched", run.Matched, 1), is("queued", run.Queued, 0))
		storetest.Expect(t, "one asset per physical device", is("assets", f.count(`SELECT count(*) FROM assets WHERE tenant = ?`), 3),
			is("same asset", f.assetOf("rmmb", "b-77"), f.assetOf("rmma", "a1")))
		var rule, evidence string
		if err := s.DB.QueryRowContext(f.ctx, `SELECT match_rule, CAST(match_evidence AS TEXT) FROM tenant_external_entity_mappings WHERE tenant = ? AND integration_type = 'rmmb' AND external_entity_id = 'b-77'`, f.db.ID()).Scan(&rule, &evidence); err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "why", is("rule", rule, store.RuleHardwareUUIDSerial))
		if want := "5CG1234XYZ"; !strings.Contains(evidence, want) {
			t.Errorf("evidence %s does not name the serial", evidence)
		}

		// rmma ranks first by default (neither is listed, so by id): the
		// asset keeps its OS version; rmmb wrote nothing it does not own.
		ws := f.workstation(f.assetOf("rmma", "a1"))
		storetest.Expect(t, "precedence", is("os version", deref(ws.OSVersion), "Windows 11 23H2"), is("user", deref(ws.CurrentUser), "ACME\\jdoe"))

		// Unchanged re-syncs of both write nothing and stay matched; each
		// source keeps its own values beside the asset's.
		f.sync("rmma")
		run = f.sync("rmmb")
		storetest.Expect(t, "re-sync", is("unchanged", run.Unchanged, 2), is("created", run.Created, 0))
		storetest.Expect(t, "kept values", is("rmmb", f.sourceField("rmmb", "workstation_assets.os_version"), "10.0.22631"),
			is("rmma", f.sourceField("rmma", "workstation_assets.os_version"), "Windows 11 23H2"))

		// The admin puts rmmb first for the OS: rmmb's next sync writes it,
		// and only it.
		if err := f.db.SetPrecedence(f.ctx, store.GroupOS, []string{"rmmb", "rmma"}, time.Now()); err != nil {
			t.Fatal(err)
		}
		f.sync("rmmb")
		f.sync("rmma")
		ws = f.workstation(f.assetOf("rmma", "a1"))
		storetest.Expect(t, "precedence changed", is("os version", deref(ws.OSVersion), "10.0.22631"), is("user", deref(ws.CurrentUser), "ACME\\jdoe"))

		// rmmb stops reporting it: its mapping retires, the asset stays
		// active because rmma still reports it.
		f.set("rmmb", []rmm.Device{filler})
		f.sync("rmmb")
		f.sync("rmmb")
		var status, mapStatus string
		if err := s.DB.QueryRowContext(f.ctx, `SELECT a.status, m.sync_status FROM assets a JOIN tenant_external_entity_mappings m ON m.tenant = a.tenant AND m.alga_entity_id = CAST(a.asset_id AS TEXT)
			WHERE a.tenant = ? AND m.integration_type = 'rmmb' AND m.external_entity_id = 'b-77'`, f.db.ID()).Scan(&status, &mapStatus); err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "retired by one provider only", is("asset", status, "active"), is("mapping", mapStatus, "error"))
		// With rmmb gone, rmma owns the OS again and rewrites it.
		f.sync("rmma")
		ws = f.workstation(f.assetOf("rmma", "a1"))
		storetest.Expect(t, "handed back", is("os version", deref(ws.OSVersion), "Windows 11 23H2"))

		// rmma drops it too: now it retires.
		f.set("rmma", []rmm.Device{other})
		f.sync("rmma")
		f.sync("rmma")
		if err := s.DB.QueryRowContext(f.ctx, `SELECT status FROM assets WHERE tenant = ? AND CAST(asset_id AS TEXT) = ?`, f.db.ID(), f.assetOf("rmma", "a1")).Scan(&status); err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "retired by its last source", is("asset", status, "inactive"))
	})
}

// sourceField is a value a provider keeps for the asset of its laptop.
func (f *fleet) sourceField(provider, field string) any {
	f.t.Helper()
	var ms []store.EntityMapping
	if err := f.s.DB.NewSelect().Model(&ms).Where("tenant = ? AND integration_type = ? AND external_entity_id IN ('a1', 'b-77')", f.db.ID(), provider).Scan(f.ctx); err != nil || len(ms) != 1 {
		f.t.Fatalf("mapping of %s: %v", provider, err)
	}
	return ms[0].SourceFields[field]
}

func (f *fleet) workstation(asset string) store.WorkstationAsset {
	f.t.Helper()
	var ws store.WorkstationAsset
	if err := f.s.DB.NewSelect().Model(&ws).Where("tenant = ? AND CAST(asset_id AS TEXT) = ?", f.db.ID(), asset).Scan(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	return ws
}

func TestDoubtfulMatchesAreQueuedNotMerged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFleet(t, s, ingest.Options{}, "rmma", "rmmb")
		clone1 := laptop("a-vm1", "s1", "VM-APP1", "VMware-42 10 1f f4 00 01", "42101FF4-0000-0000-0000-000000000001", "00:50:56:aa:00:01")
		clone2 := laptop("a-vm2", "s1", "VM-APP2", "VMware-42 10 1f f4 00 01", "42101FF4-0000-0000-0000-000000000001", "00:50:56:aa:00:02")
		oem := laptop("a-oem", "s1", "DESK-OEM", "To be filled by O.E.M.", "", "")
		named := laptop("a-name", "s1", "RECEPTION", "CZC111", "", "")
		otherClient := laptop("a-glob", "s2", "GLOB-1", "CZC222", "", "")
		maker := laptop("a-mk", "s1", "DESK-9", "SER-42", "", "")
		f.set("rmma", []rmm.Device{clone1, clone2, oem, named, otherClient, maker})
		f.sync("rmma")

		// A third clone: UUID and serial are on two assets already, and its
		// host name and MAC are its own; nothing identifies it.
		b1 := laptop("b-vm3", "s1", "VM-APP3", "VMware-42 10 1f f4 00 01", "42101FF4-0000-0000-0000-000000000001", "00:50:56:aa:00:03")
		// A placeholder serial identifies nothing; host names differ.
		b2 := laptop("b-oem", "s1", "DESK-OEM2", "To be filled by O.E.M.", "", "")
		// The same host name, other hardware: a hint for review only.
		b3 := laptop("b-name", "s1", "reception", "CZC999", "", "")
		// The same hardware in another client: review.
		b4 := laptop("b-glob", "s1", "GLOB-1", "CZC222", "", "")
		// The same serial by another manufacturer: a conflict.
		b5 := laptop("b-mk", "s1", "DESK-9", "SER-42", "", "")
		b5.Identifiers.Manufacturer = "LENOVO"
		// The same host name in another client only: host names repeat
		// across clients, so it is not even a hint.
		b6 := laptop("b-rcp", "s2", "RECEPTION", "CZC777", "", "")
		f.set("rmmb", []rmm.Device{b1, b2, b3, b4, b5, b6})
		run := f.sync("rmmb")
		storetest.Expect(t, "doubtful run", is("created", run.Created, 6), is("matched", run.Matched, 0), is("queued", run.Queued, 3))
		storetest.Expect(t, "no merge", is("assets", f.count(`SELECT count(*) FROM assets WHERE tenant = ?`), 12))
		open := f.candidates(store.CandidateOpen)
		got := map[string]string{}
		for _, c := range open {
			got[c.ExternalID] = c.Rule + ": " + c.Reason
		}
		if len(got) != 3 || got["b-name"] == "" || got["b-glob"] == "" || got["b-mk"] == "" {
			t.Fatalf("queued %v", got)
		}
		if !strings.Contains(got["b-glob"], "another client") || !strings.Contains(got["b-name"], "hostname") || !strings.Contains(got["b-mk"], "contradicts") {
			t.Errorf("reasons %v", got)
		}

		// Rejected: never proposed again, even when the pair comes up again.
		var rejected store.Candidate
		for _, c := range open {
			if c.ExternalID == "b-name" {
				rejected = c
			}
		}
		if _, err := f.db.RejectCandidate(f.ctx, rejected.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.RejectCandidate(f.ctx, rejected.ID, time.Now()); !errors.Is(err, store.ErrCandidateClosed) {
			t.Fatalf("second rejection: %v", err)
		}
		f.sync("rmmb")
		f.sync("rmma")
		storetest.Expect(t, "after rejection", is("open", len(f.candidates(store.CandidateOpen)), 2), is("rejected", len(f.candidates(store.CandidateRejected)), 1))

		// Confirmed: the newer asset merges into the older one.
		var confirm store.Candidate
		for _, c := range f.candidates(store.CandidateOpen) {
			if c.ExternalID == "b-mk" {
				confirm = c
			}
		}
		m, err := f.db.ConfirmCandidate(f.ctx, confirm.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "merge", is("survivor", m.Survivor, confirm.MatchAssetID), is("retired", m.Retired, confirm.AssetID),
			is("rmmb now maps to the survivor", f.assetOf("rmmb", "b-mk"), confirm.MatchAssetID.String()),
			is("loser retired", f.count(`SELECT count(*) FROM assets WHERE tenant = ? AND asset_id = ? AND status = 'inactive'`, m.Retired), 1))
		before := f.count(`SELECT count(*) FROM assets WHERE tenant = ?`)
		f.sync("rmmb")
		f.sync("rmma")
		storetest.Expect(t, "merge holds", is("assets", f.count(`SELECT count(*) FROM assets WHERE tenant = ?`), before),
			is("survivor still has both", f.assetOf("rmmb", "b-mk"), f.assetOf("rmma", "a-mk")))
	})
}

func TestConfirmRefusesTwoLiveDevicesOfOneProvider(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFleet(t, s, ingest.Options{}, "rmma", "rmmb")
		// A re-imaged machine: the same hardware under a new agent id of
		// the same provider is queued, not merged.
		old := laptop("a-old", "s1", "PC-1", "MXL0001", "11111111-2222-3333-4444-555555555555", "")
		f.set("rmma", []rmm.Device{old})
		f.sync("rmma")
		f.set("rmmb", []rmm.Device{laptop("b-1", "s1", "PC-1", "MXL0001", "11111111-2222-3333-4444-555555555555", "")})
		f.sync("rmmb")
		reimaged := laptop("a-new", "s1", "PC-1", "MXL0001", "11111111-2222-3333-4444-555555555555", "")
		f.set("rmma", []rmm.Device{old, reimaged})
		run := f.sync("rmma")
		storetest.Expect(t, "re-imaged", is("created", run.Created, 1), is("queued", run.Queued, 1))
		c := f.candidates(store.CandidateOpen)[0]
		if !strings.Contains(c.Reason, "already reports") {
			t.Errorf("reason %q", c.Reason)
		}
		var conflict *store.MergeConflictError
		if _, err := f.db.ConfirmCandidate(f.ctx, c.ID, time.Now()); !errors.As(err, &conflict) || conflict.Provider != "rmma" {
			t.Fatalf("confirm while both agents report: %v", err)
		}
		// Once the old agent is gone, confirming swaps the agents: the
		// older asset keeps its history and takes the new agent.
		f.set("rmma", []rmm.Device{reimaged})
		f.sync("rmma")
		f.sync("rmma")
		m, err := f.db.ConfirmCandidate(f.ctx, c.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "swap", is("new agent on survivor", f.assetOf("rmma", "a-new"), m.Survivor.String()),
			is("old agent with the retired asset", f.assetOf("rmma", "a-old"), m.Retired.String()),
			is("rmmb stays", f.assetOf("rmmb", "b-1"), m.Survivor.String()))
		f.sync("rmma")
		f.sync("rmmb")
		storetest.Expect(t, "active assets", is("n", f.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`), 1))
	})
}

func TestSameRunMatchesOneAssetOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFleet(t, s, ingest.Options{}, "rmma", "rmmb")
		f.set("rmma", []rmm.Device{laptop("a1", "s1", "PC-1", "MXL0001", "", "00:1a:2b:3c:4d:01")})
		f.sync("rmma")
		// Two rmmb devices with the same host name and MAC (a cloned image
		// before sysprep): the first could match, but the serial is shared
		// in the run, and the MAC too: neither merges.
		f.set("rmmb", []rmm.Device{
			laptop("b1", "s1", "PC-1", "MXL0001", "", "00:1a:2b:3c:4d:01"),
			laptop("b2", "s1", "PC-1", "MXL0001", "", "00:1a:2b:3c:4d:01"),
		})
		run := f.sync("rmmb")
		storetest.Expect(t, "clones in one run", is("matched", run.Matched, 0), is("created", run.Created, 2))
		if run.Queued < 2 {
			t.Errorf("queued %d, want both", run.Queued)
		}
	})
}

// Assets two RMMs created before the rules existed (written here straight
// through the store, as the pipeline used to) are found by a scan and
// queued, never merged without an admin.
func TestScanFindsExistingDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFleet(t, s, ingest.Options{}, "rmma", "rmmb")
		f.set("rmma", []rmm.Device{laptop("a1", "s1", "LAP-1", "5CG0001", "4C4C4544-0000-4000-8000-000000000001", ""),
			laptop("a2", "s1", "DESK-2", "CZC0002", "", ""), laptop("a3", "s1", "OTHER", "CZC0003", "", "")})
		f.sync("rmma")
		var ws []store.DeviceWrite
		for _, d := range []rmm.Device{laptop("b1", "s1", "lap-1", "5CG0001", "4C4C4544-0000-4000-8000-000000000001", ""),
			laptop("b2", "s1", "desk-2", "MXL9999", "", ""), laptop("b3", "s1", "ELSE", "CZC0004", "", "")} {
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
			ws = append(ws, store.DeviceWrite{Rows: store.EncodeDevice("rmmb", &d, f.clients["s1"]), AssetID: uuid.New(), Create: true, Extension: true, Mapping: true})
		}
		if err := f.db.ApplyDevices(f.ctx, "rmmb", t0, ws); err != nil {
			t.Fatal(err)
		}

		n, err := f.syncer.ScanIdentities(f.ctx, f.db)
		if err != nil {
			t.Fatal(err)
		}
		open := f.candidates(store.CandidateOpen)
		rules := map[string]string{}
		for _, c := range open {
			rules[c.ExternalID] = c.Rule + ": " + c.Reason
		}
		storetest.Expect(t, "scan", is("queued", n, 2), is("open", len(open), 2))
		if len(rules) != 2 || !strings.Contains(rules["a1"]+rules["b1"], "hardware_uuid_serial: two assets of the same device") ||
			!strings.HasPrefix(rules["a2"]+rules["b2"], "hostname") {
			t.Fatalf("queued %v", rules)
		}
		if n, err := f.syncer.ScanIdentities(f.ctx, f.db); err != nil || n != 0 {
			t.Fatalf("a second scan queued %d (%v)", n, err)
		}
		for _, c := range open {
			if strings.HasPrefix(c.Rule, "hostname") {
				if _, err := f.db.RejectCandidate(f.ctx, c.ID, time.Now()); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := f.db.ConfirmCandidate(f.ctx, c.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := f.syncer.ScanIdentities(f.ctx, f.db); err != nil || n != 0 {
			t.Fatalf("a scan after the decisions queued %d (%v)", n, err)
		}
		storetest.Expect(t, "merged", is("laptop", f.assetOf("rmmb", "b1"), f.assetOf("rmma", "a1")))
	})
}
