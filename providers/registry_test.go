package providers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// bare is a provider whose sessions can do nothing.
type bare struct{ info providers.Info }

type bareSession struct{}

func (bareSession) Close() {}

func (b bare) Info() providers.Info { return b.info }
func (b bare) Open(context.Context, rmm.Connection) (bareSession, error) {
	return bareSession{}, nil
}

func reg(info providers.Info) providers.Provider { return providers.Register(bare{info}) }

// drifted means to list devices, but its method lost the emit argument's type.
type drifted struct{ bare }

type driftedSession struct{ bareSession }

func (driftedSession) ListDevices(ctx context.Context, scopeID string, emit func([]rmm.Device) error) error {
	return nil
}

func (d drifted) Open(context.Context, rmm.Connection) (driftedSession, error) {
	return driftedSession{}, nil
}

func TestCapabilitiesAreDerivedFromMethods(t *testing.T) {
	got := providers.Register(providertest.New()).Capabilities()
	want := providers.Capabilities{Connection: true, ScopeDiscovery: true, FullSync: true, SingleDeviceSync: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("capabilities (-want +got):\n%s", diff)
	}
	got = providers.Register(providertest.NewFull()).Capabilities()
	want = providers.Capabilities{Connection: true, ScopeDiscovery: true, FullSync: true, IncrementalSync: true, SingleDeviceSync: true, AgedOutFallback: true,
		WebhookEvents: true, Alerts: true, AcknowledgeAlerts: true, ResolveAlerts: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("capabilities of the full test provider (-want +got):\n%s", diff)
	}
	if got := reg(providers.Info{}).Capabilities(); got != (providers.Capabilities{}) {
		t.Fatalf("a provider whose session has only Close has capabilities %+v", got)
	}
}

// A session method whose signature drifted from its capability interface
// fails registration, instead of the registry quietly reporting the
// capability off while the provider means to offer it.
func TestRegistryRefusesADriftedCapabilityMethod(t *testing.T) {
	_, err := providers.NewRegistry(providers.Register(drifted{bare{providers.Info{ID: "drift", DisplayName: "Drift"}}}))
	if err == nil {
		t.Fatal("a drifted ListDevices was registered")
	}
	if !strings.Contains(err.Error(), "ListDevices") || !strings.Contains(err.Error(), "fullSync") {
		t.Fatalf("the error does not name the method and the capability: %v", err)
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
		if _, err := providers.NewRegistry(reg(ok), reg(info)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := providers.NewRegistry(reg(ok), reg(ok)); err == nil {
		t.Error("duplicate id accepted")
	}
	r, err := providers.NewRegistry(providers.Register(providertest.New()), reg(ok))
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

// Incoherent field rules are refused when the registry is built.
func TestFieldRulesAreChecked(t *testing.T) {
	cases := map[string]providers.ConfigField{
		"bad pattern":     {Key: "a", Label: "A", Kind: providers.FieldText, Pattern: "("},
		"pattern on int":  {Key: "a", Label: "A", Kind: providers.FieldInt, Pattern: "1"},
		"min above max":   {Key: "a", Label: "A", Kind: providers.FieldInt, Min: providers.Bound(5), Max: providers.Bound(1)},
		"bad default":     {Key: "a", Label: "A", Kind: providers.FieldInt, Max: providers.Bound(10), Default: "11"},
		"secret default":  {Key: "a", Label: "A", Kind: providers.FieldSecret, Connects: true, Default: "x"},
		"unknown depends": {Key: "a", Label: "A", Kind: providers.FieldText, ShownWhen: &providers.Condition{Field: "nope", Equals: "x"}},
	}
	for name, f := range cases {
		if _, err := providers.NewRegistry(reg(providers.Info{ID: "rules", DisplayName: "R", ConfigFields: []providers.ConfigField{f}})); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
