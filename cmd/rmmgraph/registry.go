package main

import (
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
)

// newRegistry lists the providers this build offers; adding a provider
// adds one line here and nothing else to cmd.
var newRegistry = func() (*providers.Registry, error) {
	return providers.NewRegistry(append([]providers.Provider{
		providers.Register(tanium.New()),
		providers.Register(ninjaone.New()),
		providers.Register(tacticalrmm.New()),
	}, extraProviders()...)...)
}

// extraProviders are providers only some builds offer (see registry_e2e.go).
var extraProviders = func() []providers.Provider { return nil }
