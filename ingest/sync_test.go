package ingest_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
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

var t0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func TestFirstSyncAndIdempotentResync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 3, ingest.Options{BatchSize: 70})
		h.p.SetPageSize(25)
		h.setEstate(estate(300, 3, t0))

		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "first run", is("created", run.Created, 300), is("seen", run.DevicesSeen, 300), is("updated", run.Updated, 0),
			is("scopes done", run.ScopesDone, 3), is("finished", run.FinishedAt != nil, true))
		w := h.writes()
		storetest.Expect(t, "first run writes", is("asset inserts", w["assets INSERT"], 300), is("workstation inserts", w["workstation_assets INSERT"], 300),
			is("asset updates", w["assets UPDATE"], 0))
		a := h.asset("dev-00004")
		storetest.Expect(t, "asset dev-00004", is("client", a.ClientID, h.clients["s2"]), is("realm", a.Realm, ptr("s2")), is("mapping realm", a.MapRealm, ptr("s2")),
			is("status", a.Status, "active"), is("agent status", a.AgentStatus, ptr("online")), is("tag", a.Tag, "testrmm:dev-00004"),
			is("mapping status", a.MapStatus, "synced"), is("serial", a.Serial, ptr("SN-dev-00004")), is("last seen", a.LastSeen.Equal(t0), true))
		var ws store.WorkstationAsset
		if err := s.DB.NewSelect().Model(&ws).Where("tenant = ? AND asset_id = ?", h.db.ID(), a.ID).Scan(h.ctx); err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "workstation row", is("ram", ws.RAMGB, ptr(16)), is("cores", ws.CPUCores, ptr(8)), is("user", ws.CurrentUser, ptr(`ACME\jdoe`)),
			is("disk usage has C: of 475.5 GB", strings.Contains(strings.ReplaceAll(string(ws.DiskUsage), " ", ""), `"total_gb":475.5`), true))
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		storetest.Expect(t, "integration after sync", is("status", integ.SyncStatus, store.SyncCompleted), is("last full sync set", integ.LastFullSyncAt != nil, true),
			is("last sync set", integ.LastSyncAt != nil, true), is("error", integ.SyncError, (*string)(nil)))

		// Nothing changed: nothing written to assets or extensions.
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "resync", is("unchanged", run.Unchanged, 300), is("created", run.Created, 0), is("updated", run.Updated, 0))
		if w := h.writes(); len(w) != 0 {
			t.Fatalf("unchanged resync wrote %v", w)
		}

		// Only last seen changed: assets updated, extension rows untouched.
		h.setEstate(estate(300, 3, t0.Add(time.Hour)))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Updated != 300 {
			t.Fatalf("last-seen resync: %+v", run)
		}
		w = h.writes()
		storetest.Expect(t, "last-seen resync writes", is("asset updates", w["assets UPDATE"], 300), is("workstation updates", w["workstation_assets UPDATE"], 0),
			is("workstation inserts", w["workstation_assets INSERT"], 0))
		if a := h.asset("dev-00004"); !a.LastSeen.Equal(t0.Add(time.Hour)) {
			t.Fatalf("last seen not updated: %v", a.LastSeen)
		}
	})
}

func TestNotSuppliedNeverOverwrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		d := device("d1", "s1", t0)
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))

		// Serial not supplied, serial a placeholder, user supplied empty, RAM not supplied.
		d.SerialNumber = rmm.Opt[string]{}
		d.Extension.CurrentUser = rmm.Some("")
		d.Extension.RAMGB = rmm.Opt[int]{}
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))
		d.SerialNumber = rmm.Some("To Be Filled By O.E.M.")
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))

		a := h.asset("d1")
		if a.Serial == nil || *a.Serial != "SN-d1" {
			t.Fatalf("serial overwritten: %v", a.Serial)
		}
		var ws store.WorkstationAsset
		s.DB.NewSelect().Model(&ws).Where("tenant = ? AND asset_id = ?", h.db.ID(), a.ID).Scan(h.ctx)
		storetest.Expect(t, "supplied empty clears, not supplied keeps", is("user", ws.CurrentUser, (*string)(nil)), is("ram", ws.RAMGB, ptr(16)))

		// A new device whose serial is a placeholder gets none.
		p := device("d2", "s1", t0)
		p.SerialNumber = rmm.Some("  00000000 ")
		h.setEstate([]rmm.Device{d, p})
		h.mustComplete(h.sync(ingest.ModeFull))
		if a := h.asset("d2"); a.Serial != nil {
			t.Fatalf("placeholder serial stored: %q", *a.Serial)
		}
	})
}

func TestDuplicateInOnePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		a, b := device("dup", "s1", t0), device("dup", "s1", t0.Add(time.Minute))
		b.Name = "renamed"
		h.setEstate([]rmm.Device{a, b})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "a device twice in one page", is("created", run.Created, 1), is("assets", h.assetCount(), 1), is("name (the later report)", h.asset("dup").Name, "renamed"))
	})
}

func TestUnmappedScopesAreSkipped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{})
		h.mapScope("s2", nil)
		ds := []rmm.Device{device("a", "s1", t0), device("b", "s1", t0)}
		// A device listed in s1 but owned by unmapped s2.
		ds[1].ScopeID = "s2"
		h.p.SetEstate(h.scopes, ds[:1], nil)
		h.p.SetEstate(h.scopes, ds, map[string][]string{"b": {"s1"}})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "a device of an unmapped scope", is("created", run.Created, 1), is("skipped as unmapped", run.SkippedReasons[ingest.SkipUnmappedScope], 1),
			is("scopes listed", run.ScopesTotal, 1), is("assets", h.assetCount(), 1))
	})
}

func TestScopeMoveAndRemap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{})
		d := device("mover", "s1", t0)
		h.setEstate([]rmm.Device{d, device("stay", "s1", t0)})
		h.mustComplete(h.sync(ingest.ModeFull))
		before := h.asset("mover")

		d.ScopeID = "s2"
		h.setEstate([]rmm.Device{d, device("stay", "s1", t0)})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		after := h.asset("mover")
		storetest.Expect(t, "a device that moved scope", is("asset", after.ID, before.ID), is("client", after.ClientID, h.clients["s2"]),
			is("realm", after.Realm, ptr("s2")), is("mapping realm", after.MapRealm, ptr("s2")), is("moved", run.Moved, 1), is("retired", run.Retired, 0))
		// s1 no longer lists "mover": that is a move, not a disappearance.
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "the scope a device left", is("retired", run.Retired, 0), is("status", h.asset("mover").Status, "active"))

		// Re-map s1 to s2's client: its assets follow on the next sync.
		h.mapScope("s1", ptr(h.clients["s2"]))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "remapped scope", is("moved", run.Moved, 1), is("client", h.asset("stay").ClientID, h.clients["s2"]))
	})
}

// A device that moves to a scope listed before its old one is found by
// lookup, while the old scope's devices were read ahead before the move
// was written: the old scope's listing, which no longer has it, must not
// count it missing.
func TestMoveToAnEarlierScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{BatchSize: 1})
		h.setEstate([]rmm.Device{device("a", "s1", t0), device("mover", "s2", t0), device("b", "s2", t0)})
		h.mustComplete(h.sync(ingest.ModeFull))
		before := h.asset("mover")

		h.setEstate([]rmm.Device{device("a", "s1", t0), device("mover", "s1", t0), device("b", "s2", t0)})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		after := h.asset("mover")
		storetest.Expect(t, "a device that moved to an earlier scope", is("asset", after.ID, before.ID), is("client", after.ClientID, h.clients["s1"]),
			is("mapping realm", after.MapRealm, ptr("s1")), is("moved", run.Moved, 1), is("missing count", after.Missing, 0),
			is("unchanged", run.Unchanged, 2), is("retired", run.Retired, 0))
	})
}

func ptr[T any](v T) *T { return &v }

func TestRetirementGraceGuardAndReappearance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		all := estate(10, 1, t0)
		h.setEstate(all)
		h.mustComplete(h.sync(ingest.ModeFull))
		gone := h.asset("dev-00009")

		h.setEstate(all[:9])
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "first miss", is("retired", run.Retired, 0), is("status", h.asset("dev-00009").Status, "active"), is("missing count", h.asset("dev-00009").Missing, 1))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		a := h.asset("dev-00009")
		storetest.Expect(t, "second miss", is("retired", run.Retired, 1), is("status", a.Status, "inactive"), is("agent status", a.AgentStatus, ptr("offline")),
			is("mapping status", a.MapStatus, "error"), is("metadata deleted", strings.Contains(a.Metadata, `"deleted":true`), true),
			is("metadata deletedAt", strings.Contains(a.Metadata, `"deletedAt"`), true))
		// Nothing else moved.
		if h.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`) != 9 {
			t.Fatal("other assets changed")
		}

		// Guard: the scope suddenly returns 4 of 9: nothing is marked.
		h.setEstate(all[:4])
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "retirement guard", is("retired", run.Retired, 0), is("warns 4 of 9", len(run.Warnings) > 0 && strings.Contains(run.Warnings[0].Message, "returned 4 of its 9") && run.Warnings[0].Code == ingest.WarnRetireGuard, true))
		if h.asset("dev-00005").Missing != 0 {
			t.Fatal("guard still marked devices missing")
		}

		// The retired device comes back: same asset, active again.
		h.setEstate(all)
		run = h.mustComplete(h.sync(ingest.ModeFull))
		back := h.asset("dev-00009")
		storetest.Expect(t, "a retired device that came back", is("asset", back.ID, gone.ID), is("status", back.Status, "active"),
			is("mapping status", back.MapStatus, "synced"), is("metadata says deleted", strings.Contains(back.Metadata, "deleted"), false), is("created", run.Created, 0))
	})
}

func TestExplicitDeleteRetiresAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		d := device("x", "s1", t0)
		h.setEstate([]rmm.Device{d, device("y", "s1", t0)})
		h.mustComplete(h.sync(ingest.ModeFull))
		d.Lifecycle = rmm.LifecycleDeleted
		unknown := device("never-seen", "s1", t0)
		unknown.Lifecycle = rmm.LifecycleDeleted
		h.setEstate([]rmm.Device{d, unknown, device("y", "s1", t0)})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "explicit delete", is("retired", run.Retired, 1), is("status", h.asset("x").Status, "inactive"),
			is("unknown deletions skipped", run.SkippedReasons[ingest.SkipDeletedUnknown], 1), is("assets", h.assetCount(), 2))
	})
}

func TestOfflineDeviceStaysActive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		d := device("off", "s1", t0)
		d.AgentStatus = rmm.AgentOffline
		d.Lifecycle = rmm.LifecycleOffline
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))
		a := h.asset("off")
		storetest.Expect(t, "offline device", is("status", a.Status, "active"), is("agent status", a.AgentStatus, ptr("offline")))
	})
}

func TestTypeChangeMovesExtensionRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		d := device("srv", "s1", t0)
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))
		d.AssetType = rmm.AssetServer
		d.Extension.IsVirtual = rmm.Some(true)
		h.setEstate([]rmm.Device{d})
		h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "a workstation that became a server", is("type", h.asset("srv").Type, "server"),
			is("workstation rows", h.count(`SELECT count(*) FROM workstation_assets WHERE tenant = ?`), 0),
			is("virtual server rows with its RAM", h.count(`SELECT count(*) FROM server_assets WHERE tenant = ? AND is_virtual AND ram_gb = 16`), 1))
	})
}

func TestAdoptsAssetWithoutMapping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		legacy := uuid.New()
		if _, err := s.DB.ExecContext(h.ctx, `INSERT INTO assets (tenant, asset_id, client_id, asset_type, asset_tag, name, status, rmm_provider, rmm_device_id, rmm_organization_id)
			VALUES (?, ?, ?, 'workstation', 'legacy', 'old name', 'active', 'testrmm', 'd1', 's1')`, h.db.ID(), legacy, h.clients["s1"]); err != nil {
			t.Fatal(err)
		}
		h.setEstate([]rmm.Device{device("d1", "s1", t0)})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		a := h.asset("d1")
		storetest.Expect(t, "an asset without mapping", is("asset", a.ID, legacy), is("name", a.Name, "host-d1"), is("tag", a.Tag, "legacy"),
			is("created", run.Created, 0), is("assets", h.assetCount(), 1))
	})
}

// Devices written before any scope was listed (pushed by a webhook, or by
// a first run that failed part way) are found by the first listing, which
// updates them instead of creating them again.
func TestFirstListingFindsDevicesWrittenBeforeIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		pushed := device("d1", "s1", t0)
		first, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, Trigger: ingest.TriggerWebhook,
			Devices: []rmm.Device{pushed}})
		if err != nil {
			t.Fatal(err)
		}
		h.mustComplete(first)
		changed := device("d1", "s1", t0)
		changed.Name = "renamed"
		h.setEstate([]rmm.Device{changed, device("d2", "s1", t0)})
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "first listing after a push", is("created", run.Created, 1), is("updated", run.Updated, 1),
			is("assets", h.assetCount(), 2), is("name", h.asset("d1").Name, "renamed"))
	})
}

func TestOneRunPerIntegration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		h.setEstate(estate(5, 1, t0))
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		// Many concurrent starts: exactly one wins.
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, conflicts := 0, 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := h.db.StartRun(h.ctx, &store.SyncRun{IntegrationID: integ.ID, Mode: "full", Trigger: "manual"}, time.Minute)
				mu.Lock()
				defer mu.Unlock()
				var busy *store.ErrRunInProgress
				switch {
				case err == nil:
					won++
				case errors.As(err, &busy):
					conflicts++
				default:
					t.Errorf("StartRun: %v", err)
				}
			}()
		}
		wg.Wait()
		if won != 1 || conflicts != 7 {
			t.Fatalf("won %d, conflicts %d", won, conflicts)
		}
		_, err := h.syncer.Start(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		var busy *store.ErrRunInProgress
		if !errors.As(err, &busy) || busy.RunID == uuid.Nil {
			t.Fatalf("sync while running: %v", err)
		}
	})
}

func TestCrashedRunIsInterruptedAndNextRunRecovers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{Lease: time.Second})
		h.setEstate(estate(5, 1, t0))
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		dead := &store.SyncRun{IntegrationID: integ.ID, Mode: "full", Trigger: "manual"}
		if err := h.db.StartRun(h.ctx, dead, time.Second); err != nil {
			t.Fatal(err)
		}
		stale := time.Now().UTC().Add(-time.Minute)
		s.DB.NewUpdate().Model((*store.SyncRun)(nil)).Set("heartbeat_at = ?", stale).Where("run_id = ?", dead.ID).Exec(h.ctx)

		run := h.mustComplete(h.sync(ingest.ModeFull))
		if run.Created != 5 {
			t.Fatalf("recovery run: %+v", run)
		}
		old, _ := h.db.SyncRun(h.ctx, dead.ID)
		storetest.Expect(t, "the dead run", is("status", old.Status, store.RunInterrupted), is("says no heartbeat", strings.Contains(deref(old.Error), "no heartbeat"), true))
	})
}

func TestFailedScopeAndCrashMidRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 3, ingest.Options{BatchSize: 10})
		h.p.SetPageSize(7)
		all := estate(90, 3, t0)
		h.setEstate(all)
		h.mustComplete(h.sync(ingest.ModeFull))

		// Scope s2 fails after 2 pages (a 5xx from the RMM): the run fails
		// with the RMM's message, other scopes are written, nothing of s2
		// is retired even though most of it was not listed.
		h.p.FailScope("s2", 2, rmm.Errorf(rmm.ErrUnavailable, "testrmm: server error (HTTP 503)"))
		h.setEstate(estate(90, 3, t0.Add(time.Hour)))
		run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		if err != nil {
			t.Fatal(err)
		}
		h.checkInvariants()
		storetest.Expect(t, "a run with a failed scope", is("status", run.Status, store.RunFailed), is("error has the RMM's words", strings.Contains(deref(run.Error), "HTTP 503"), true),
			is("retired", run.Retired, 0), is("scopes done", run.ScopesDone, 3))
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		storetest.Expect(t, "integration after the failure", is("status", integ.SyncStatus, store.SyncError), is("error has the RMM's words", strings.Contains(deref(integ.SyncError), "HTTP 503"), true))
		if got := h.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`); got != 90 {
			t.Fatalf("assets lost: %d active", got)
		}

		// A fatal provider error stops the run at once.
		h.p.FailScope("s1", 0, rmm.Errorf(rmm.ErrUnauthorized, "testrmm: token revoked"))
		run, _ = h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		storetest.Expect(t, "a fatal provider error", is("status", run.Status, store.RunFailed), is("explained", deref(run.Error) != "", true), is("scopes done", run.ScopesDone, 1))

		// A crash mid-run (the context ends after some pages): the run is
		// interrupted, the pages written are consistent, and the next run
		// finishes without duplicates.
		h.p.FailScope("s1", 0, nil)
		h.p.FailScope("s2", 0, nil)
		more := estate(150, 3, t0.Add(2*time.Hour))
		h.setEstate(more)
		ctx, cancel := context.WithCancel(h.ctx)
		crashAt := 1 + rand.IntN(20) // of 22 pages
		t.Logf("crash at page %d", crashAt)
		pages := 0
		h.p.OnPage(func() {
			if pages++; pages == crashAt {
				cancel()
			}
		})
		run, _ = h.syncer.Run(ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		h.p.OnPage(nil)
		h.checkInvariants()
		if run.Status != store.RunInterrupted {
			t.Fatalf("crash: %+v", run)
		}
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "after recovery", is("assets", h.assetCount(), 150), is("created+unchanged+updated", run.Created+run.Unchanged+run.Updated, 150))
	})
}

func TestSingleDeviceSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		h.setEstate(estate(3, 1, t0))
		run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, DeviceIDs: []string{"dev-00001"}})
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "device sync", is("status", run.Status, store.RunCompleted), is("created", run.Created, 1), is("assets", h.assetCount(), 1))
		run, _ = h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, DeviceIDs: []string{"nope"}})
		if run.SkippedReasons[ingest.SkipDeviceNotFound] != 1 {
			t.Fatalf("unknown device: %+v", run)
		}
	})
}

func TestBadRequests(t *testing.T) {
	h := newHarness(t, storetest.Open(t, store.SQLite), 1, ingest.Options{})
	for _, req := range []ingest.Request{
		{Provider: "nope", Mode: ingest.ModeFull},
		{Provider: providertest.ID, Mode: ingest.ModeIncremental},
		{Provider: providertest.ID, Mode: "sideways"},
		{Provider: providertest.ID, Mode: ingest.ModeDevice},
		{Provider: providertest.ID, Mode: ingest.ModeFull, ScopeIDs: []string{"s9"}},
	} {
		var re *ingest.RequestError
		if _, err := h.syncer.Run(h.ctx, h.db, req); !errors.As(err, &re) || re.Message == "" {
			t.Errorf("%+v: want a RequestError, got %v", req, err)
		}
	}
}

// panicking is the test provider with a session that panics listing devices.
type panicking struct{ *providertest.Provider }

type panickingSession struct{ *providertest.Session }

func (p panicking) Open(ctx context.Context, c rmm.Connection) (panickingSession, error) {
	s, err := p.Provider.Open(ctx, c)
	return panickingSession{s}, err
}

func (panickingSession) ListDevices(context.Context, string, rmm.Emit) error {
	panic("provider bug")
}

func TestPanickingProviderFailsTheRunNotTheProcess(t *testing.T) {
	h := newHarness(t, storetest.Open(t, store.SQLite), 1, ingest.Options{})
	p := panicking{h.p}
	reg, err := providers.NewRegistry(providers.Register(p))
	if err != nil {
		t.Fatal(err)
	}
	syncer := ingest.NewSyncer(context.Background(), reg, quietLog(), ingest.Options{})
	run, err := syncer.Run(context.Background(), h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Expect(t, "a panicking provider's run", is("status", run.Status, store.RunFailed), is("says internal error", strings.Contains(deref(run.Error), "internal error"), true))
	if run, _ := h.syncer.Run(context.Background(), h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull}); run.Status != store.RunCompleted {
		t.Fatalf("next run: %s", run.Status)
	}
}

// A run whose heartbeat lapsed and that another process gave up stops at
// its next batch and says why.
func TestRunTakenOverStopsWithAReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{BatchSize: 10})
		h.p.SetPageSize(10)
		h.setEstate(estate(60, 1, t0))
		pages := 0
		h.p.OnPage(func() {
			if pages++; pages == 2 {
				s.DB.ExecContext(context.Background(), `UPDATE rmm_sync_runs SET status = 'interrupted' WHERE status = 'running'`)
			}
		})
		run, err := h.syncer.Run(context.Background(), h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		if err != nil {
			t.Fatal(err)
		}
		h.checkInvariants()
		storetest.Expect(t, "a taken-over run", is("status", run.Status, store.RunInterrupted), is("says heartbeat", strings.Contains(deref(run.Error), "heartbeat"), true))
		h.p.OnPage(nil)
		run = h.sync(ingest.ModeFull)
		storetest.Expect(t, "the next run", is("status", run.Status, store.RunCompleted), is("assets", h.assetCount(), 60))
	})
}

// A device several scopes report is counted once in seen, and the extra
// reports as duplicates: seen is the sum of the outcomes.
func TestCountsAddUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{BatchSize: 7})
		ds := estate(20, 2, t0)
		listedIn := map[string][]string{}
		for _, d := range ds[:6] {
			other := "s1"
			if d.ScopeID == "s1" {
				other = "s2"
			}
			listedIn[d.ExternalID] = []string{other}
		}
		h.p.SetEstate(h.scopes, ds, listedIn)
		for range 2 {
			run := h.mustComplete(h.sync(ingest.ModeFull))
			sum := run.Created + run.Updated + run.Unchanged + run.Skipped + run.Failed
			storetest.Expect(t, "counts", is("seen", run.DevicesSeen, 20), is("duplicates", run.Duplicates, 6), is("sum of outcomes", sum, run.DevicesSeen))
		}
	})
}

// A failed run carries a stable code beside its message.
func TestFailedRunHasACode(t *testing.T) {
	h := newHarness(t, storetest.Open(t, store.SQLite), 1, ingest.Options{})
	h.setEstate(estate(3, 1, t0))
	h.p.FailAll(&rmm.Error{Kind: rmm.ErrRateLimited, Message: "testrmm: slow down"})
	run := h.sync(ingest.ModeFull)
	if run.Status != store.RunFailed || run.ErrorCode == nil || *run.ErrorCode != "RATE_LIMITED" {
		t.Fatalf("run %s, code %q", run.Status, deref(run.ErrorCode))
	}
}

// A run that writes many devices refreshes the planner's statistics after
// the first thousand and again at its end, so that the tables' statistics
// describe what it wrote (reads planned on a thousand rows were 30 times
// slower at 100,000).
func TestLargeRunRefreshesStatisticsAtItsEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.Postgres {
			t.Skip("SQLite keeps no statistics the pipeline refreshes")
		}
		h := newHarness(t, s, 1, ingest.Options{BatchSize: 500})
		h.setEstate(estate(3000, 1, t0))
		h.mustComplete(h.sync(ingest.ModeFull))
		var tuples float64
		if err := s.DB.QueryRowContext(h.ctx, `SELECT reltuples FROM pg_class WHERE relname = 'assets'`).Scan(&tuples); err != nil {
			t.Fatal(err)
		}
		if tuples != 3000 {
			t.Fatalf("the planner counts %v assets after a run that wrote 3000", tuples)
		}
	})
}
