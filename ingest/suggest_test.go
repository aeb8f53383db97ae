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
