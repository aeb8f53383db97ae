package ingest_test

import (
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// An incremental run of some scopes moves only their cutoffs: the next
// unscoped incremental still brings every other scope's check-ins.
func TestScopedIncrementalNeverHidesOtherScopesChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newFullHarness(t, s, 2, ingest.Options{}) // s1 "Acme", s2 "Globex"
		all := estate(20, 2, t0)
		h.setEstate(all)
		h.mustComplete(h.sync(ingest.ModeFull))
		h.mustComplete(h.sync(ingest.ModeIncremental)) // its start is every scope's cutoff

		// Four Acme and six Globex devices check in after that.
		later := time.Now()
		var acme, globex []string
		for _, d := range all {
			switch {
			case d.ScopeID == "s1" && len(acme) < 4:
				acme = append(acme, d.ExternalID)
			case d.ScopeID == "s2" && len(globex) < 6:
				globex = append(globex, d.ExternalID)
			}
		}
		h.full.MarkChanged(later, append(acme, globex...)...)

		run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: h.id, Mode: ingest.ModeIncremental, ScopeIDs: []string{"s2"}})
		if err != nil {
			t.Fatal(err)
		}
		if h.mustComplete(run).DevicesSeen != 6 {
			t.Fatalf("Globex run saw %d devices, want 6", run.DevicesSeen)
		}
		// Globex's six are within its cutoff's margin, so they come again.
		run = h.mustComplete(h.sync(ingest.ModeIncremental))
		if run.DevicesSeen != 10 {
			t.Fatalf("the unscoped incremental after a Globex-only run saw %d devices, want all ten check-ins", run.DevicesSeen)
		}
		integ, _ := h.db.Integration(h.ctx, h.id)
		scopes, _ := h.db.AllScopeMappings(h.ctx, integ.ID)
		for _, m := range scopes {
			if m.LastListedAt == nil || m.LastListedAt.Sub(run.StartedAt).Abs() > time.Millisecond {
				t.Errorf("scope %s: cutoff %v, want the last run's start %v", m.ExternalOrganizationID, m.LastListedAt, run.StartedAt)
			}
		}
	})
}

// A scoped full sync moves its scopes' full-listing times only: the
// integration's last full sync (which decides when the scheduler runs the
// daily full sync and its retirement check) still means every scope.
func TestScopedFullSyncDoesNotPostponeTheOthers(t *testing.T) {
	h := newFullHarness(t, storetest.Open(t, store.SQLite), 2, ingest.Options{})
	h.setEstate(estate(10, 2, t0))
	first := h.mustComplete(h.sync(ingest.ModeFull))
	run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: h.id, Mode: ingest.ModeFull, ScopeIDs: []string{"s1"}})
	if err != nil {
		t.Fatal(err)
	}
	h.mustComplete(run)
	integ, _ := h.db.Integration(h.ctx, h.id)
	if integ.LastFullSyncAt == nil || integ.LastFullSyncAt.Sub(first.StartedAt).Abs() > time.Millisecond {
		t.Fatalf("last full sync %v moved to the scoped run (first run %v)", integ.LastFullSyncAt, first.StartedAt)
	}
	if integ.LastSyncAt == nil || integ.LastSyncAt.Sub(run.StartedAt).Abs() > time.Millisecond {
		t.Fatalf("last sync %v should be the scoped run's start %v", integ.LastSyncAt, run.StartedAt)
	}
}

// A scope mapped after the last full sync is listed in full by the next
// incremental run: a listing of changes would never bring its devices.
func TestIncrementalListsANewScopeInFull(t *testing.T) {
	h := newFullHarness(t, storetest.Open(t, store.SQLite), 2, ingest.Options{})
	h.setEstate(estate(10, 2, t0))
	h.mapScope("s2", nil)
	h.mustComplete(h.sync(ingest.ModeFull))
	c := h.clients["s2"]
	h.mapScope("s2", &c)
	run := h.mustComplete(h.sync(ingest.ModeIncremental))
	if run.Created != 5 {
		t.Fatalf("incremental after mapping s2 created %d assets, want s2's 5", run.Created)
	}
}
