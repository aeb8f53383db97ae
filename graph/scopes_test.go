package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestScopeConflictsAndHoldsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 2)
		seen := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		dev := func(id, scope string) rmm.Device {
			return rmm.Device{ExternalID: id, ScopeID: scope, Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation, Name: "host-" + id,
				AgentStatus: rmm.AgentOnline, LastSeenAt: rmm.Some(seen)}
		}
		// s1 holds all ten devices; s2, mapped to another client, four of them.
		var ds []rmm.Device
		for i := range 10 {
			ds = append(ds, dev(fmt.Sprintf("d%d", i), "s1"))
			if i < 4 {
				ds = append(ds, dev(fmt.Sprintf("d%d", i), "s2"))
			}
		}
		e.p.SetEstate(scopeList(2), ds, nil)
		run := e.waitRun(e.adminA, e.startSync(e.adminA))
		if run.Counts.Conflicts != 4 {
			t.Fatalf("run: %+v", run)
		}
		type conflicts struct {
			Integration struct {
				ScopePriority struct {
					Mode     string
					ScopeIds []string
				}
				ScopeConflicts struct {
					TotalCount int
					Nodes      []struct {
						ExternalID, Name string
						Scopes           []struct{ ExternalID string }
						Run              struct{ ID string }
					}
				}
			}
		}
		const q = `{ integration(provider: "testrmm") { scopePriority { mode scopeIds } scopeConflicts(first: 2) { totalCount nodes { externalId name scopes { externalId } run { id } } } } }`
		got := query[conflicts](e, e.adminA, q, nil).Integration
		storetest.Expect(t, "conflicts", is("mode", got.ScopePriority.Mode, "LOWEST_ID"), is("total", got.ScopeConflicts.TotalCount, 4),
			is("page", len(got.ScopeConflicts.Nodes), 2), is("first", got.ScopeConflicts.Nodes[0].ExternalID, "d0"),
			is("owner first", got.ScopeConflicts.Nodes[0].Scopes[0].ExternalID+","+got.ScopeConflicts.Nodes[0].Scopes[1].ExternalID, "s1,s2"),
			is("run", got.ScopeConflicts.Nodes[0].Run.ID, run.ID))
		if n := query[conflicts](e, e.adminB, `{ integration(provider: "testrmm") { scopeConflicts { totalCount } } }`, nil); n.Integration.ScopeConflicts.TotalCount != 0 {
			t.Fatalf("tenant B sees conflicts")
		}

		const setPrio = `mutation($m: ScopePriorityMode!, $ids: [String!]) { setScopePriority(input: {provider: "testrmm", mode: $m, scopeIds: $ids}) {
			integration { scopePriority { mode scopeIds } } userErrors { field code message } } }`
		type prioPayload struct {
			SetScopePriority struct {
				Integration *struct{ ScopePriority struct{ Mode string } }
				UserErrors  []userError
			}
		}
		bad := query[prioPayload](e, e.adminA, setPrio, map[string]any{"m": "EXPLICIT", "ids": []string{"s2", "nope"}}).SetScopePriority
		if len(bad.UserErrors) != 1 || strings.Join(bad.UserErrors[0].Field, ".") != "input.scopeIds.1" {
			t.Fatalf("unknown scope: %+v", bad)
		}
		ok := query[prioPayload](e, e.adminA, setPrio, map[string]any{"m": "MOST_SPECIFIC"}).SetScopePriority
		if ok.Integration == nil || ok.Integration.ScopePriority.Mode != "MOST_SPECIFIC" {
			t.Fatalf("set: %+v", ok)
		}
		run = e.waitRun(e.adminA, e.startSync(e.adminA))
		got = query[conflicts](e, e.adminA, q, nil).Integration
		storetest.Expect(t, "most specific", is("moved", run.Counts.Moved, 4), is("owner first", got.ScopeConflicts.Nodes[0].Scopes[0].ExternalID, "s2"))

		heldCount := func() int {
			return query[struct {
				Integration struct{ ScopeMappings struct{ TotalCount int } }
			}](e, e.adminA, `{ integration(provider: "testrmm") { scopeMappings(held: true) { totalCount } } }`, nil).Integration.ScopeMappings.TotalCount
		}
		if n := heldCount(); n != 0 {
			t.Fatalf("%d scopes held before any guard tripped", n)
		}
		// s1 now lists 2 of its 6: held.
		var fewer []rmm.Device
		for _, d := range ds {
			if d.ScopeID == "s2" || d.ExternalID == "d8" || d.ExternalID == "d9" {
				fewer = append(fewer, d)
			}
		}
		e.p.SetEstate(scopeList(2), fewer, nil)
		run = e.waitRun(e.adminA, e.startSync(e.adminA))
		type holdView struct {
			ID             string
			ExternalID     string
			RetirementHold *struct {
				Had, Returned, WouldRetire int
				Dismissed                  bool
				Devices                    []struct {
					ExternalID string
					Asset      *struct{ Name string }
				}
			}
		}
		scopes := query[struct {
			Integration struct{ ScopeMappings struct{ Nodes []holdView } }
		}](e, e.adminA, `{ integration(provider: "testrmm") { scopeMappings { nodes { id externalId retirementHold { had returned wouldRetire dismissed devices(first: 3) { externalId asset { name } } } } } } }`, nil).Integration.ScopeMappings.Nodes
		var s1 holdView
		for _, n := range scopes {
			if n.ExternalID == "s1" {
				s1 = n
			}
		}
		if h := s1.RetirementHold; h == nil || h.Had != 6 || h.Returned != 2 || h.WouldRetire != 4 || len(h.Devices) != 3 || h.Devices[0].Asset == nil || h.Devices[0].Asset.Name != "host-d4" {
			t.Fatalf("hold: %+v", s1.RetirementHold)
		}
		if n := heldCount(); n != 1 {
			t.Fatalf("%d scopes held, want 1", n)
		}
		const confirm = `mutation($s: ID!) { confirmRetirement(input: {scopeId: $s}) { retired scopeMapping { retirementHold { had } } userErrors { field code message } } }`
		type confirmed struct {
			ConfirmRetirement struct {
				Retired      int
				ScopeMapping *struct{ RetirementHold *struct{ Had int } }
				UserErrors   []userError
			}
		}
		if r := query[confirmed](e, e.adminB, confirm, map[string]any{"s": s1.ID}).ConfirmRetirement; len(r.UserErrors) != 1 || r.UserErrors[0].Code != "NOT_FOUND" {
			t.Fatalf("tenant B confirms: %+v", r)
		}
		if r := e.do(e.viewerA, confirm, map[string]any{"s": s1.ID}); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer confirms: %s", r.Raw)
		}
		done := query[confirmed](e, e.adminA, confirm, map[string]any{"s": s1.ID}).ConfirmRetirement
		if done.Retired != 4 || done.ScopeMapping == nil || done.ScopeMapping.RetirementHold != nil {
			t.Fatalf("confirm: %+v", done)
		}
		again := query[confirmed](e, e.adminA, confirm, map[string]any{"s": s1.ID}).ConfirmRetirement
		storetest.Expect(t, "nothing held", is("field", strings.Join(again.UserErrors[0].Field, "."), "input.scopeId"))
	})
}
