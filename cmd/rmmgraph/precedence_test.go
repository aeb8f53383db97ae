package main

import (
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

// Every field group a registered provider says it leads is a real group,
// and every group has a provider leading it by default.
func TestProvidersLeadRealFieldGroups(t *testing.T) {
	reg, err := newRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range reg.All() {
		for _, name := range p.Info().LeadsFor {
			if _, err := store.ParseFieldGroup(name); err != nil {
				t.Errorf("%s: %v", p.Info().ID, err)
			}
		}
	}
	defaults := ingest.DefaultPrecedence(reg.All())
	for _, g := range store.FieldGroups {
		if len(defaults[g]) == 0 {
			t.Errorf("no provider leads %s by default", g)
		}
	}
}
