package main

import (
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
)

// newRegistry lists the providers this build offers.
var newRegistry = func() (*providers.Registry, error) {
	return providers.NewRegistry(tanium.New())
}

// lookup lets the pipeline find providers by id.
func lookup(r *providers.Registry) ingest.Lookup {
	return func(id string) (any, bool) { return r.Get(id) }
}
