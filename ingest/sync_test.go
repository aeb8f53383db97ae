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
		if run.Created != 300 || run.DevicesSeen != 300 || run.Updated != 0 || run.ScopesDone != 3 || run.FinishedAt == nil {
			t.Fatalf("first run: %+v", run)
		}
		w := h.writes()
		if w["assets INSERT"] != 300 || w["workstation_assets INSERT"] != 300 || w["assets UPDATE"] != 0 {
			t.Fatalf("first run writes: %v", w)
		}
		a := h.asset("dev-00004")
		if a.ClientID != h.clients["s2"] || *a.Realm != "s2" || *a.MapRealm != "s2" || a.Status != "active" || *a.AgentStatus != "online" ||
			a.Tag != "testrmm:dev-00004" || a.MapStatus != "synced" || *a.Serial != "SN-dev-00004" || !a.LastSeen.Equal(t0) {
			t.Fatalf("asset: %+v", a)
		}
		var ws store.WorkstationAsset
		if err := s.DB.NewSelect().Model(&ws).Where("tenant = ? AND asset_id = ?", h.db.ID(), a.ID).Scan(h.ctx); err != nil {
			t.Fatal(err)
		}
		if *ws.RAMGB != 16 || *ws.CPUCores != 8 || *ws.CurrentUser != `ACME\jdoe` || !strings.Contains(strings.ReplaceAll(string(ws.DiskUsage), " ", ""), `"total_gb":475.5`) {
			t.Fatalf("workstation row: %+v %s", ws, ws.DiskUsage)
		}
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		if integ.SyncStatus != store.SyncCompleted || integ.LastFullSyncAt == nil || integ.LastSyncAt == nil || integ.SyncError != nil {
			t.Fatalf("integration after sync: %+v", integ)
		}

		// Nothing changed: nothing written to assets or extensions.
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Unchanged != 300 || run.Created != 0 || run.Updated != 0 {
			t.Fatalf("resync counters: %+v", run)
		}
		if w := h.writes(); len(w) != 0 {
			t.Fatalf("unchanged resync wrote %v", w)
		}

		// Only last seen changed: assets updated, extension rows untouched.
		h.setEstate(estate(300, 3, t0.Add(time.Hour)))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Updated != 300 {
			t.Fatalf("last-seen resync: %+v", run)
		}
		if w := h.writes(); w["assets UPDATE"] != 300 || w["workstation_assets UPDATE"] != 0 || w["workstation_assets INSERT"] != 0 {
			t.Fatalf("last-seen resync writes: %v", w)
		}
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
		if ws.CurrentUser != nil || ws.RAMGB == nil || *ws.RAMGB != 16 {
			t.Fatalf("current user should be cleared and RAM kept: user %v ram %v", ws.CurrentUser, ws.RAMGB)
		}

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
		if run.Created != 1 || h.assetCount() != 1 || h.asset("dup").Name != "renamed" {
			t.Fatalf("duplicate device: %+v, %d assets", run, h.assetCount())
		}
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
		if run.Created != 1 || run.SkippedReasons[ingest.SkipUnmappedScope] != 1 || run.ScopesTotal != 1 || h.assetCount() != 1 {
			t.Fatalf("unmapped: %+v, %d assets", run, h.assetCount())
		}
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
		if after.ID != before.ID || after.ClientID != h.clients["s2"] || *after.Realm != "s2" || *after.MapRealm != "s2" || run.Moved != 1 || run.Retired != 0 {
			t.Fatalf("moved device: before %+v after %+v run %+v", before, after, run)
		}
		// s1 no longer lists "mover": that is a move, not a disappearance.
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Retired != 0 || h.asset("mover").Status != "active" {
			t.Fatalf("moved device retired: %+v", run)
		}

		// Re-map s1 to s2's client: its assets follow on the next sync.
		h.mapScope("s1", ptr(h.clients["s2"]))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Moved != 1 || h.asset("stay").ClientID != h.clients["s2"] {
			t.Fatalf("remap: %+v", run)
		}
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
		if run.Retired != 0 || h.asset("dev-00009").Status != "active" || h.asset("dev-00009").Missing != 1 {
			t.Fatalf("first miss retired already: %+v", run)
		}
		run = h.mustComplete(h.sync(ingest.ModeFull))
		a := h.asset("dev-00009")
		if run.Retired != 1 || a.Status != "inactive" || *a.AgentStatus != "offline" || a.MapStatus != "error" ||
			!strings.Contains(a.Metadata, `"deleted":true`) || !strings.Contains(a.Metadata, `"deletedAt"`) {
			t.Fatalf("second miss: run %+v asset %+v", run, a)
		}
		// Nothing else moved.
		if h.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`) != 9 {
			t.Fatal("other assets changed")
		}

		// Guard: the scope suddenly returns 4 of 9: nothing is marked.
		h.setEstate(all[:4])
		run = h.mustComplete(h.sync(ingest.ModeFull))
		if run.Retired != 0 || len(run.Warnings) == 0 || !strings.Contains(run.Warnings[0], "returned 4 of its 9") {
			t.Fatalf("guard: %+v", run)
		}
		if h.asset("dev-00005").Missing != 0 {
			t.Fatal("guard still marked devices missing")
		}

		// The retired device comes back: same asset, active again.
		h.setEstate(all)
		run = h.mustComplete(h.sync(ingest.ModeFull))
		back := h.asset("dev-00009")
		if back.ID != gone.ID || back.Status != "active" || back.MapStatus != "synced" || strings.Contains(back.Metadata, "deleted") || run.Created != 0 {
			t.Fatalf("reappeared: %+v run %+v", back, run)
		}
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
		if run.Retired != 1 || h.asset("x").Status != "inactive" || run.SkippedReasons[ingest.SkipDeletedUnknown] != 1 || h.assetCount() != 2 {
			t.Fatalf("explicit delete: %+v", run)
		}
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
		if a := h.asset("off"); a.Status != "active" || *a.AgentStatus != "offline" {
			t.Fatalf("offline device: %+v", a)
		}
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
		if h.asset("srv").Type != "server" || h.count(`SELECT count(*) FROM workstation_assets WHERE tenant = ?`) != 0 ||
			h.count(`SELECT count(*) FROM server_assets WHERE tenant = ? AND is_virtual AND ram_gb = 16`) != 1 {
			t.Fatal("extension row did not move")
		}
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
		if a := h.asset("d1"); a.ID != legacy || a.Name != "host-d1" || a.Tag != "legacy" || run.Created != 0 || h.assetCount() != 1 {
			t.Fatalf("legacy asset not adopted: %+v run %+v", a, run)
		}
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
		if old.Status != store.RunInterrupted || !strings.Contains(deref(old.Error), "no heartbeat") {
			t.Fatalf("dead run: %+v", old)
		}
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
		if run.Status != store.RunFailed || !strings.Contains(deref(run.Error), "HTTP 503") || run.Retired != 0 || run.ScopesDone != 3 {
			t.Fatalf("failed scope: %+v %s", run, deref(run.Error))
		}
		integ, _ := h.db.Integration(h.ctx, providertest.ID)
		if integ.SyncStatus != store.SyncError || !strings.Contains(deref(integ.SyncError), "HTTP 503") {
			t.Fatalf("integration after failure: %+v", integ)
		}
		if got := h.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`); got != 90 {
			t.Fatalf("assets lost: %d active", got)
		}

		// A fatal provider error stops the run at once.
		h.p.FailScope("s1", 0, rmm.Errorf(rmm.ErrUnauthorized, "testrmm: token revoked"))
		run, _ = h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeFull})
		if run.Status != store.RunFailed || deref(run.Error) == "" || run.ScopesDone != 1 {
			t.Fatalf("fatal: %+v %s", run, deref(run.Error))
		}

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
		if h.assetCount() != 150 || run.Created+run.Unchanged+run.Updated != 150 {
			t.Fatalf("after recovery: %d assets, run %+v", h.assetCount(), run)
		}
	})
}

func TestSingleDeviceSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		h.setEstate(estate(3, 1, t0))
		run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, DeviceID: "dev-00001"})
		if err != nil || run.Status != store.RunCompleted || run.Created != 1 || h.assetCount() != 1 {
			t.Fatalf("device sync: %+v %v", run, err)
		}
		run, _ = h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, DeviceID: "nope"})
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
	if err != nil || run.Status != store.RunFailed || !strings.Contains(deref(run.Error), "internal error") {
		t.Fatalf("panicking provider: %v %s %s", err, run.Status, deref(run.Error))
	}
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
		if run.Status != store.RunInterrupted || !strings.Contains(deref(run.Error), "heartbeat") {
			t.Fatalf("taken-over run: %s %q", run.Status, deref(run.Error))
		}
		h.p.OnPage(nil)
		if run := h.sync(ingest.ModeFull); run.Status != store.RunCompleted || h.assetCount() != 60 {
			t.Fatalf("next run: %s, %d assets", run.Status, h.assetCount())
		}
	})
}
