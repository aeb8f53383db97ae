package ingest_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/ingest"
)

func TestSuggestClient(t *testing.T) {
	contoso, fabrikam, contosoEU := uuid.New(), uuid.New(), uuid.New()
	clients := []ingest.Candidate{{ID: contoso, Name: "Contoso, Inc."}, {ID: fabrikam, Name: "Fabrikam Fiber"}, {ID: uuid.New(), Name: "AB"}}
	for _, c := range []struct {
		scope string
		want  uuid.UUID
		score float64
	}{
		{"Contoso Computers", contoso, 1},
		{"contoso", contoso, 1},
		{"Fabrikam Fiber - Berlin Office", fabrikam, 0.9},
		{"Fiber Fabrikam", fabrikam, 0.9}, // the same words in another order: contained, not the same name
		{"Northwind Traders", uuid.Nil, 0},
		{"All Computers", uuid.Nil, 0},
		{"AB Group", uuid.Nil, 0}, // "ab" is too short to be contained
	} {
		got, ok := ingest.SuggestClient(c.scope, clients)
		if (c.want == uuid.Nil) != !ok || (ok && (got.ClientID != c.want || got.Score != c.score)) {
			t.Errorf("%q: %+v %v, want %v at %v", c.scope, got, ok, c.want, c.score)
		}
	}
	// Two clients the scope fits equally well: no suggestion.
	tie := append(clients, ingest.Candidate{ID: contosoEU, Name: "Contoso Corp"})
	if got, ok := ingest.SuggestClient("Contoso Computers", tie); ok {
		t.Errorf("ambiguous scope suggested %+v", got)
	}
}

func TestSuggestClientsCombinesEvidence(t *testing.T) {
	contoso, fabrikam, blue := uuid.New(), uuid.New(), uuid.New()
	clients := []ingest.Candidate{{ID: contoso, Name: "Contoso, Inc."}, {ID: fabrikam, Name: "Fabrikam", URL: "https://www.fabrikam.com/"},
		{ID: blue, Name: "Blue Sky Ltd"}}
	cases := []struct {
		name    string
		ev      ingest.ScopeEvidence
		first   uuid.UUID
		reasons int
		min     float64
	}{
		{"name only", ingest.ScopeEvidence{Name: "Contoso Computers"}, contoso, 1, 0.9},
		{"website domain", ingest.ScopeEvidence{Name: "Group 7", Domains: []string{"ad.fabrikam.com"}}, fabrikam, 1, 0.8},
		{"name as a domain label", ingest.ScopeEvidence{Name: "Site 3", Domains: []string{"bluesky.local"}}, blue, 1, 0.8},
		{"mapped in another RMM", ingest.ScopeEvidence{Name: "Org 12", Elsewhere: []ingest.MappedElsewhere{{Provider: "ninjaone", Scope: "Org 12", ClientID: fabrikam}}}, fabrikam, 1, 0.95},
		{"everything agrees", ingest.ScopeEvidence{Name: "Contoso", Domains: []string{"contoso.local"},
			Elsewhere: []ingest.MappedElsewhere{{Provider: "tanium", Scope: "Contoso", ClientID: contoso}}}, contoso, 3, 0.99},
	}
	for _, c := range cases {
		got := ingest.SuggestClients(c.ev, clients, 3)
		if len(got) == 0 || got[0].ClientID != c.first || len(got[0].Reasons) != c.reasons || got[0].Confidence < c.min {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
	if got := ingest.SuggestClients(ingest.ScopeEvidence{Name: "Group 7", Domains: []string{"blueskycorp.com", "workgroup"}}, clients, 3); len(got) != 0 {
		t.Errorf("nothing fits: %+v", got)
	}
	gone := ingest.MappedElsewhere{Provider: "tanium", Scope: "X", ClientID: uuid.New()} // a client no longer active
	if got := ingest.SuggestClients(ingest.ScopeEvidence{Name: "X", Elsewhere: []ingest.MappedElsewhere{gone}}, clients, 3); len(got) != 0 {
		t.Errorf("inactive client suggested: %+v", got)
	}
}
