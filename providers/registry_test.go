package providers_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
)

type bare struct{ info providers.Info }

func (b bare) Info() providers.Info { return b.info }

func TestCapabilitiesAreDerivedFromMethods(t *testing.T) {
	got := providers.CapabilitiesOf(providertest.New())
	want := providers.Capabilities{Connection: true, ScopeDiscovery: true, FullSync: true, SingleDeviceSync: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("capabilities (-want +got):\n%s", diff)
	}
	if got := providers.CapabilitiesOf(bare{}); got != (providers.Capabilities{}) {
		t.Fatalf("a provider with only Info has capabilities %+v", got)
	}
}

func TestRegistryValidatesMetadata(t *testing.T) {
	ok := providers.Info{ID: "ok", DisplayName: "OK"}
	cases := map[string]providers.Info{
		"bad id":           {ID: "Bad-ID", DisplayName: "x"},
		"no display name":  {ID: "x1"},
		"enum w/o options": {ID: "x2", DisplayName: "x", ConfigFields: []providers.ConfigField{{Key: "a", Label: "A", Kind: providers.FieldEnum}}},
		"unknown kind":     {ID: "x3", DisplayName: "x", ConfigFields: []providers.ConfigField{{Key: "a", Label: "A", Kind: "color"}}},
		"repeated key":     {ID: "x4", DisplayName: "x", ConfigFields: []providers.ConfigField{{Key: "a", Label: "A", Kind: providers.FieldText}, {Key: "a", Label: "B", Kind: providers.FieldText}}},
		"no label":         {ID: "x5", DisplayName: "x", ConfigFields: []providers.ConfigField{{Key: "a", Kind: providers.FieldText}}},
	}
	for name, info := range cases {
		if _, err := providers.NewRegistry(bare{ok}, bare{info}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := providers.NewRegistry(bare{ok}, bare{ok}); err == nil {
		t.Error("duplicate id accepted")
	}
	r, err := providers.NewRegistry(providertest.New(), bare{ok})
	if err != nil {
		t.Fatal(err)
	}
	if p, found := r.Get(providertest.ID); !found || p.Info().ID != providertest.ID {
		t.Fatal("Get(testrmm) failed")
	}
	if _, found := r.Get("nope"); found {
		t.Fatal("Get(nope) found something")
	}
	if len(r.All()) != 2 || r.All()[1].Info().ID != "ok" {
		t.Fatal("All() lost registration order")
	}
}
