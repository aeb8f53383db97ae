//go:build e2e

package main

import (
	"fmt"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// The console's browser tests build with -tags e2e: two in-memory test
// providers, which the console has never been told about, are registered
// too, to prove the console renders any provider from the registry alone
// (both accept the API key "good"). testrmm has 3 sites and 30 devices;
// testrmm2 has 3 organizations of the same names and 12 devices: 8 of them
// testrmm's hardware under other ids and names, 2 with only a host name in
// common with testrmm's, and 2 of its own.
func init() {
	extraProviders = func() []providers.Provider {
		seen := rmm.Some(time.Now().UTC().Truncate(time.Minute))
		hw := func(i int) rmm.Identifiers {
			return rmm.Identifiers{HardwareUUID: fmt.Sprintf("4C4C4544-0000-4000-8000-%012d", i), Manufacturer: "Dell Inc."}
		}
		first := providertest.New()
		var scopes []rmm.Scope
		for i := 1; i <= 3; i++ {
			scopes = append(scopes, rmm.Scope{ExternalID: fmt.Sprintf("site-%d", i), Name: fmt.Sprintf("Test site %d", i), Kind: rmm.ScopeSite})
		}
		var devices []rmm.Device
		for i := range 30 {
			devices = append(devices, rmm.Device{ExternalID: fmt.Sprintf("t%02d", i), ScopeID: fmt.Sprintf("site-%d", i%3+1), AssetType: rmm.AssetWorkstation,
				Name: fmt.Sprintf("test-pc-%02d", i), SerialNumber: rmm.Some(fmt.Sprintf("TST%04d", i)), AgentStatus: rmm.AgentOnline,
				LastSeenAt: seen, Identifiers: hw(i)})
		}
		first.SetEstate(scopes, devices, nil)

		second := providertest.NewNamed("testrmm2")
		var orgs []rmm.Scope
		for i := 1; i <= 3; i++ {
			orgs = append(orgs, rmm.Scope{ExternalID: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("Test site %d", i), Kind: rmm.ScopeOrganization})
		}
		var more []rmm.Device
		for i := range 12 {
			d := rmm.Device{ExternalID: fmt.Sprintf("u%02d", i), ScopeID: fmt.Sprintf("org-%d", i%3+1), AssetType: rmm.AssetWorkstation,
				Name: fmt.Sprintf("TEST-PC-%02d.test.local", i), SerialNumber: rmm.Some(fmt.Sprintf("TST%04d", i)), AgentStatus: rmm.AgentOnline,
				LastSeenAt: seen, Identifiers: hw(i)}
			if i >= 8 { // not testrmm's hardware
				d.SerialNumber, d.Identifiers = rmm.Some(fmt.Sprintf("OTH%04d", i)), rmm.Identifiers{}
			}
			if i >= 10 {
				d.Name = fmt.Sprintf("other-pc-%02d", i)
			}
			more = append(more, d)
		}
		second.SetEstate(orgs, more, nil)
		return []providers.Provider{providers.Register(first), providers.Register(second)}
	}
}
