//go:build e2e

package main

import (
	"fmt"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// The console's browser tests build with -tags e2e: the in-memory test
// provider, which the console has never been told about, is registered
// too (3 scopes, 30 devices; it accepts the API key "good"), to prove the
// console renders any provider from the registry alone.
func init() {
	extraProviders = func() []providers.Provider {
		p := providertest.New()
		var scopes []rmm.Scope
		for i := 1; i <= 3; i++ {
			scopes = append(scopes, rmm.Scope{ExternalID: fmt.Sprintf("site-%d", i), Name: fmt.Sprintf("Test site %d", i), Kind: rmm.ScopeSite})
		}
		var devices []rmm.Device
		for i := range 30 {
			devices = append(devices, rmm.Device{ExternalID: fmt.Sprintf("t%02d", i), ScopeID: fmt.Sprintf("site-%d", i%3+1), AssetType: rmm.AssetWorkstation,
				Name: fmt.Sprintf("test-pc-%02d", i), SerialNumber: rmm.Some(fmt.Sprintf("TST%04d", i)), AgentStatus: rmm.AgentOnline,
				LastSeenAt: rmm.Some(time.Now().UTC().Truncate(time.Minute))})
		}
		p.SetEstate(scopes, devices, nil)
		return []providers.Provider{providers.Register(p)}
	}
}
