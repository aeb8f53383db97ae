package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestScopeSuggestionsAndMapScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		second := providertest.NewNamed("rmmb")
		e := newEnv(t, s, providers.Register(second))
		clients := e.connect(e.adminA, 2)
		seen := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		var ds []rmm.Device
		for i, scope := range []string{"s1", "s2", "s2"} {
			ds = append(ds, rmm.Device{ExternalID: "d" + string(rune('0'+i)), ScopeID: scope, Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation,
				Name: "pc", AgentStatus: rmm.AgentOnline, LastSeenAt: rmm.Some(seen),
				Extension: rmm.Extension{SystemInfo: rmm.Some(map[string]any{"domainName": "CLIENTS2.local"})}})
		}
		e.p.SetEstate(scopeList(2), ds, nil)
		e.waitRun(e.adminA, e.startSync(e.adminA))

		// rmmb has an "Org 2" too, mapped to Client s1.
		db := s.Tenant(e.tenantA)
		second.SetEstate([]rmm.Scope{{ExternalID: "x2", Name: "Org 2", Kind: rmm.ScopeOrganization}}, nil, nil)
		e.connectInStore(db, "rmmb")
		type scopeView struct {
			ID, ExternalID string
			Suggestions    []struct {
				Client     struct{ ID, Name string }
				Confidence float64
				Reasons    []string
			}
		}
		list := func(provider string) map[string]scopeView {
			nodes := query[struct {
				Integration struct{ ScopeMappings struct{ Nodes []scopeView } }
			}](e, e.adminA, `query($p: String!) { integration(provider: $p) { scopeMappings { nodes { id externalId suggestions { client { id name } confidence reasons } } } } }`,
				map[string]any{"p": provider}).Integration.ScopeMappings.Nodes
			out := map[string]scopeView{}
			for _, n := range nodes {
				out[n.ExternalID] = n
			}
			return out
		}
		x2 := list("rmmb")["x2"]
		const mapScopes = `mutation($m: [ScopeMappingInput!]!) { mapScopes(input: {mappings: $m}) { scopeMappings { externalId client { name } } userErrors { field code message } } }`
		type mapped struct {
			MapScopes struct {
				ScopeMappings []struct {
					ExternalID string
					Client     struct{ Name string }
				}
				UserErrors []userError
			}
		}
		bad := query[mapped](e, e.adminA, mapScopes, map[string]any{"m": []map[string]any{{"scopeId": x2.ID, "clientId": clients["s1"]}, {"scopeId": x2.ID, "clientId": clients["s1"]}}}).MapScopes
		if len(bad.UserErrors) != 1 || strings.Join(bad.UserErrors[0].Field, ".") != "input.mappings.1.scopeId" || len(bad.ScopeMappings) != 0 {
			t.Fatalf("duplicate scope: %+v", bad)
		}
		ok := query[mapped](e, e.adminA, mapScopes, map[string]any{"m": []map[string]any{{"scopeId": x2.ID, "clientId": clients["s1"]}}}).MapScopes
		if len(ok.UserErrors) != 0 || ok.ScopeMappings[0].Client.Name != "Client s1" {
			t.Fatalf("mapScopes: %+v", ok)
		}
		if other := query[mapped](e, e.adminB, mapScopes, map[string]any{"m": []map[string]any{{"scopeId": x2.ID, "clientId": clients["s1"]}}}).MapScopes; len(other.UserErrors) != 1 || other.UserErrors[0].Code != "NOT_FOUND" {
			t.Fatalf("tenant B maps A's scope: %+v", other)
		}

		// testrmm's s2 ("Org 2") is unmapped: its devices' domain names
		// Client s2; rmmb maps the same organization to Client s1.
		s2 := list("testrmm")["s2"]
		e.do(e.adminA, `mutation($s: ID!) { unmapScope(input: {scopeId: $s}) { userErrors { message } } }`, map[string]any{"s": s2.ID})
		got := list("testrmm")["s2"].Suggestions
		if len(got) != 2 || got[0].Client.Name != "Client s1" || !strings.Contains(got[0].Reasons[0], "mapped to it in rmmb") ||
			got[1].Client.Name != "Client s2" || !strings.Contains(got[1].Reasons[0], "clients2.local") || got[0].Confidence <= got[1].Confidence {
			t.Fatalf("suggestions: %+v", got)
		}
		if mappedS1 := list("testrmm")["s1"].Suggestions; len(mappedS1) != 0 {
			t.Fatalf("a mapped scope has suggestions: %+v", mappedS1)
		}
	})
}
