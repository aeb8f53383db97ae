package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// twoRMMs connects testrmm (through the API) and a second test RMM (through
// the store) in tenant A, with scope s1 of both mapped to one client, and
// syncs each once: one laptop both report, and a desk both name alike but
// whose hardware differs.
func twoRMMs(t *testing.T, e *env, second *providertest.Provider) {
	t.Helper()
	ctx := context.Background()
	e.connect(e.adminA, 1)
	seen := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	dev := func(id, host, serial, hw string) rmm.Device {
		return rmm.Device{ExternalID: id, ScopeID: "s1", Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation, Name: host,
			SerialNumber: rmm.Some(serial), AgentStatus: rmm.AgentOnline, LastSeenAt: rmm.Some(seen),
			Identifiers: rmm.Identifiers{HardwareUUID: hw, Manufacturer: "LENOVO"},
			Extension:   rmm.Extension{OSVersion: rmm.Some("11 23H2"), CurrentUser: rmm.Some("jdoe")}}
	}
	scopes := []rmm.Scope{{ExternalID: "s1", Name: "Org 1", Kind: rmm.ScopeOrganization}}
	e.p.SetEstate(scopes, []rmm.Device{dev("a1", "LAP-1", "PF3ABC12", "8A1B2C3D-0000-4000-8000-000000000001"), dev("a2", "DESK-7", "PF3XYZ99", "")}, nil)
	e.waitRun(e.adminA, e.startSync(e.adminA))

	db := e.store.Tenant(e.tenantA)
	second.SetEstate(scopes, []rmm.Device{dev("b1", "lap-1", "pf3abc12", "8a1b2c3d-0000-4000-8000-000000000001"), dev("b2", "desk-7", "PF3OTHER", "")}, nil)
	e.connectInStore(db, "rmmb")
	integ, _ := db.Integration(ctx, "rmmb")
	all, _ := db.AllScopeMappings(ctx, integ.ID)
	active, err := db.ActiveClients(ctx, 10)
	if err != nil || len(active) != 1 {
		t.Fatalf("clients: %v %v", active, err)
	}
	for _, m := range all {
		if _, err := db.MapScope(ctx, m.ID, &active[0].ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	run, err := e.syncer.Run(ctx, db, ingest.Request{Provider: "rmmb", Mode: ingest.ModeFull, Trigger: ingest.TriggerManual})
	if err != nil || run.Status != store.RunCompleted || run.Matched != 1 || run.Queued != 1 {
		t.Fatalf("second RMM's sync: %v %+v", err, run)
	}
}

// connectInStore configures, verifies and discovers a test provider of
// tenant A directly, for tests about what follows.
func (e *env) connectInStore(db *store.TenantDB, provider string) {
	e.t.Helper()
	ctx := context.Background()
	if _, err := db.ConfigureIntegration(ctx, provider, store.IntegrationConfig{Values: map[string]string{"url": "https://" + provider + ".test"},
		Secrets: map[string]string{"apiKey": "good"}}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.syncer.Verify(ctx, db, provider); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.syncer.DiscoverScopes(ctx, db, provider); err != nil {
		e.t.Fatal(err)
	}
}

type candidateNode struct {
	ID, Provider, ExternalID, Rule, Reason, Status string
	Asset, Match                                   struct{ ID, Name string }
	Evidence                                       []struct{ Rule, Outcome, Detail string }
}

const candidatesQuery = `query($status: CandidateStatus) { identityCandidates(status: $status) { totalCount nodes {
	id provider externalId rule reason status asset { id name } match { id name } evidence { rule outcome detail } } } }`

func TestIdentityThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		second := providertest.NewNamed("rmmb")
		e := newEnv(t, s, providers.Register(second))
		twoRMMs(t, e, second)

		// The laptop is one asset with two sources and says why.
		type source struct {
			Provider, ExternalID, Rule string
			Retired                    bool
			Evidence                   []struct{ Rule, Outcome string }
			Fields                     map[string]any
		}
		assets := query[struct {
			Assets struct {
				Nodes []struct {
					ID, Name string
					Identity struct {
						Rule         string
						Sources      []source
						FieldSources []struct {
							Group    string
							Provider *string
						}
					}
				}
			}
		}](e, e.adminA, `{ assets(filter: {search: "LAP-1"}) { nodes { id name identity { rule sources { provider externalId rule retired evidence { rule outcome } fields }
			fieldSources { group provider } } } } }`, nil).Assets.Nodes
		if len(assets) != 1 {
			t.Fatalf("LAP-1 assets: %+v", assets)
		}
		id := assets[0].Identity
		storetest.Expect(t, "identity", is("rule", id.Rule, "HARDWARE_UUID_SERIAL"), is("sources", len(id.Sources), 2),
			is("first source", id.Sources[0].Provider+"/"+id.Sources[0].Rule, "testrmm/PROVIDER_ID"),
			is("second source", id.Sources[1].Provider+"/"+id.Sources[1].ExternalID+"/"+id.Sources[1].Rule, "rmmb/b1/HARDWARE_UUID_SERIAL"),
			is("groups", len(id.FieldSources), 7), is("rmmb keeps its name", id.Sources[1].Fields["name"], "lap-1"))
		// Neither provider is in the default order, so they rank by id:
		// rmmb first, for every group it supplies.
		for _, fs := range id.FieldSources {
			want := "rmmb"
			if fs.Group == "PATCHING" || fs.Group == "SECURITY" {
				want = "" // neither supplied them
			}
			if got := deref(fs.Provider); got != want {
				t.Errorf("group %s from %q, want %q", fs.Group, got, want)
			}
		}

		// The desk is queued, with evidence per rule.
		q := query[struct {
			IdentityCandidates struct {
				TotalCount int
				Nodes      []candidateNode
			}
		}](e, e.adminA, candidatesQuery, nil).IdentityCandidates
		if q.TotalCount != 1 || q.Nodes[0].ExternalID != "b2" || q.Nodes[0].Rule != "HOSTNAME" || len(q.Nodes[0].Evidence) < 3 {
			t.Fatalf("queue: %+v", q)
		}
		cand := q.Nodes[0]

		// Another tenant sees none of it and cannot act on it; a viewer
		// cannot act either.
		other := query[struct{ IdentityCandidates struct{ TotalCount int } }](e, e.adminB, candidatesQuery, nil).IdentityCandidates
		const confirm = `mutation($id: ID!) { confirmMatch(input: {candidateId: $id}) { survivor { id name } retired { id identity { mergedInto { id } } }
			candidate { status } userErrors { field code message } } }`
		type confirmed struct {
			ConfirmMatch struct {
				Survivor *struct{ ID, Name string }
				Retired  *struct {
					ID       string
					Identity struct{ MergedInto *struct{ ID string } }
				}
				Candidate  *struct{ Status string }
				UserErrors []userError
			}
		}
		cross := query[confirmed](e, e.adminB, confirm, map[string]any{"id": cand.ID}).ConfirmMatch
		storetest.Expect(t, "tenant B", is("candidates", other.TotalCount, 0), is("confirm refused", len(cross.UserErrors), 1),
			is("code", cross.UserErrors[0].Code, "NOT_FOUND"))
		if r := e.do(e.viewerA, confirm, map[string]any{"id": cand.ID}); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer confirm: %s", r.Raw)
		}
		bad := query[confirmed](e, e.adminA, confirm, map[string]any{"id": "nonsense"}).ConfirmMatch
		storetest.Expect(t, "bad id", is("errors", len(bad.UserErrors), 1), is("field", strings.Join(bad.UserErrors[0].Field, "."), "input.candidateId"))

		// Confirmed: the older asset survives, the newer is retired and
		// says where it went; confirming again is a conflict.
		done := query[confirmed](e, e.adminA, confirm, map[string]any{"id": cand.ID}).ConfirmMatch
		if len(done.UserErrors) != 0 || done.Survivor == nil || done.Survivor.ID != cand.Match.ID || done.Retired.Identity.MergedInto == nil ||
			done.Retired.Identity.MergedInto.ID != cand.Match.ID || done.Candidate.Status != "CONFIRMED" {
			t.Fatalf("confirm: %+v", done)
		}
		again := query[confirmed](e, e.adminA, confirm, map[string]any{"id": cand.ID}).ConfirmMatch
		storetest.Expect(t, "again", is("code", again.UserErrors[0].Code, "CONFLICT"))
		confirmedList := query[struct{ IdentityCandidates struct{ TotalCount int } }](e, e.adminA, candidatesQuery, map[string]any{"status": "CONFIRMED"}).IdentityCandidates
		storetest.Expect(t, "confirmed list", is("n", confirmedList.TotalCount, 1))

		// A scan finds nothing new here, in either tenant; a viewer cannot run it.
		const scan = `mutation { scanIdentities { queued userErrors { message } } }`
		type scanned struct{ ScanIdentities struct{ Queued int } }
		storetest.Expect(t, "scan", is("tenant A", query[scanned](e, e.adminA, scan, nil).ScanIdentities.Queued, 0),
			is("tenant B", query[scanned](e, e.adminB, scan, nil).ScanIdentities.Queued, 0))
		if r := e.do(e.viewerA, scan, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer scan: %s", r.Raw)
		}

		// Precedence: validated, stored, and shown.
		const setPrec = `mutation($g: FieldGroup!, $p: [String!]) { setSourcePrecedence(input: {group: $g, providers: $p}) {
			precedence { group providers isDefault } userErrors { field code message } } }`
		type precPayload struct {
			SetSourcePrecedence struct {
				Precedence *struct {
					Group     string
					Providers []string
					IsDefault bool
				}
				UserErrors []userError
			}
		}
		unknown := query[precPayload](e, e.adminA, setPrec, map[string]any{"g": "OS", "p": []string{"rmmb", "nosuch"}}).SetSourcePrecedence
		storetest.Expect(t, "unknown provider", is("field", strings.Join(unknown.UserErrors[0].Field, "."), "input.providers.1"))
		set := query[precPayload](e, e.adminA, setPrec, map[string]any{"g": "OS", "p": []string{"rmmb", "testrmm"}}).SetSourcePrecedence
		storetest.Expect(t, "set", is("providers", strings.Join(set.Precedence.Providers, ","), "rmmb,testrmm"), is("default", set.Precedence.IsDefault, false))
		list := query[struct {
			SourcePrecedence []struct {
				Group     string
				IsDefault bool
			}
		}](e, e.adminB, `{ sourcePrecedence { group isDefault } }`, nil).SourcePrecedence
		for _, p := range list {
			if !p.IsDefault {
				t.Errorf("tenant B sees tenant A's order for %s", p.Group)
			}
		}
	})
}
