package ingest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func warned(run store.SyncRun, code string) string {
	for _, w := range run.Warnings {
		if w.Code == code {
			return w.Message
		}
	}
	return ""
}

func (h *harness) conflicts() []store.ScopeConflict {
	h.t.Helper()
	integ, _ := h.db.Integration(h.ctx, h.id)
	edges, _, err := h.db.ScopeConflicts(h.ctx, integ.ID, store.Page{First: 100})
	if err != nil {
		h.t.Fatal(err)
	}
	out := make([]store.ScopeConflict, len(edges))
	for i, e := range edges {
		out[i] = e.Node
	}
	return out
}

// Tanium group "Acme Corp" (s1, client 1) holds every Acme device; its
// subgroup "Acme Servers" (s2, client 2) the servers. Both mapped to
// different clients is a conflict, which the scope priority settles.
func TestScopeConflictsFollowTheScopePriority(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 3, ingest.Options{})
		var ds []rmm.Device
		for i := range 6 {
			id := fmt.Sprintf("acme-%d", i)
			ds = append(ds, device(id, "s1", t0))
			if i < 4 { // the servers: in the subgroup too, reported under it there
				ds = append(ds, device(id, "s2", t0))
			}
		}
		ds = append(ds, device("other", "s3", t0))
		h.p.SetEstate(h.scopes, ds, nil)

		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "by lowest id", is("conflicts", run.Conflicts, 4), is("client", h.asset("acme-0").ClientID, h.clients["s1"]))
		if msg := warned(run, ingest.WarnScopeConflict); !strings.Contains(msg, "4 devices") || !strings.Contains(msg, "host-acme-0 (s1 over s2)") {
			t.Errorf("warning %q", msg)
		}
		cs := h.conflicts()
		if len(cs) != 4 || strings.Join(cs[0].ScopeIDs, ",") != "s1,s2" || cs[0].Name != "host-acme-0" {
			t.Fatalf("conflicts %+v", cs)
		}

		// Most specific first: the subgroup (fewer devices) wins.
		if _, err := h.syncer.SetScopePriority(h.ctx, h.db, h.id, ingest.ScopePriority{Mode: ingest.PriorityMostSpecific}); err != nil {
			t.Fatal(err)
		}
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "most specific", is("moved", run.Moved, 4), is("client", h.asset("acme-0").ClientID, h.clients["s2"]),
			is("not a server", h.asset("acme-5").ClientID, h.clients["s1"]), is("order", strings.Join(h.conflicts()[0].ScopeIDs, ","), "s2,s1"))
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "stable", is("moved", run.Moved, 0), is("conflicts", run.Conflicts, 4))

		// An explicit order.
		if _, err := h.syncer.SetScopePriority(h.ctx, h.db, h.id, ingest.ScopePriority{Mode: ingest.PriorityExplicit, ScopeIDs: []string{"s1"}}); err != nil {
			t.Fatal(err)
		}
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "explicit", is("moved", run.Moved, 4), is("client", h.asset("acme-0").ClientID, h.clients["s1"]))

		// Bad input.
		var re *ingest.RequestError
		_, err := h.syncer.SetScopePriority(h.ctx, h.db, h.id, ingest.ScopePriority{Mode: ingest.PriorityExplicit, ScopeIDs: []string{"s1", "nope"}})
		if !errors.As(err, &re) || re.Field != "scopeIds.1" {
			t.Fatalf("unknown scope: %v", err)
		}
		if _, err := h.syncer.SetScopePriority(h.ctx, h.db, h.id, ingest.ScopePriority{Mode: "loudest"}); !errors.As(err, &re) || re.Field != "mode" {
			t.Fatalf("unknown mode: %v", err)
		}

		// Both scopes mapped to one client: no conflict, and a full run
		// clears the recorded ones.
		c := h.clients["s1"]
		h.mapScope("s2", &c)
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "same client", is("conflicts", run.Conflicts, 0), is("recorded", len(h.conflicts()), 0), is("warning", warned(run, ingest.WarnScopeConflict), ""))
	})
}

func TestRetirementHoldAwaitsAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 1, ingest.Options{})
		all := estate(10, 1, t0)
		h.setEstate(all)
		h.mustComplete(h.sync(ingest.ModeFull))
		scope := func() store.OrgMapping {
			integ, _ := h.db.Integration(h.ctx, h.id)
			ms, _ := h.db.AllScopeMappings(h.ctx, integ.ID)
			return ms[0]
		}

		// The listing returns 3 of 10: held, and it keeps warning.
		h.setEstate(all[:3])
		for range 2 {
			run := h.mustComplete(h.sync(ingest.ModeFull))
			storetest.Expect(t, "guarded", is("retired", run.Retired, 0), is("warns", warned(run, ingest.WarnRetireGuard) != "", true))
		}
		hold := scope().RetireHold
		if hold == nil || hold.Had != 10 || hold.Returned != 3 || len(hold.Missing) != 7 || hold.Dismissed {
			t.Fatalf("hold %+v", hold)
		}

		// Dismissed: no more warnings while nothing else goes missing.
		if _, err := h.syncer.DismissRetirement(h.ctx, h.db, scope().ID); err != nil {
			t.Fatal(err)
		}
		run := h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "dismissed", is("warns", warned(run, ingest.WarnRetireGuard), ""), is("still held", scope().RetireHold.Dismissed, true))
		h.setEstate(all[:2])
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "another goes missing", is("warns", warned(run, ingest.WarnRetireGuard) != "", true), is("dismissed", scope().RetireHold.Dismissed, false))

		// Confirmed: the 8 retire at once.
		m, n, err := h.syncer.ConfirmRetirement(h.ctx, h.db, scope().ID)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "confirmed", is("retired", n, 8), is("hold", m.RetireHold == nil, true), is("stored hold", scope().RetireHold == nil, true),
			is("asset", h.asset(all[9].ExternalID).Status, "inactive"), is("kept", h.asset(all[0].ExternalID).Status, "active"))
		var re *ingest.RequestError
		if _, _, err := h.syncer.ConfirmRetirement(h.ctx, h.db, scope().ID); !errors.As(err, &re) || re.Field != "scopeId" {
			t.Fatalf("confirm without a hold: %v", err)
		}
		run = h.mustComplete(h.sync(ingest.ModeFull))
		storetest.Expect(t, "back to normal", is("warns", warned(run, ingest.WarnRetireGuard), ""), is("hold", scope().RetireHold == nil, true))
	})
}
