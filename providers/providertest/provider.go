// Package providertest is an in-memory RMM provider for tests of the
// registry, the pipeline and the API.
package providertest

import (
	"context"
	"sync"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
)

// ID is the provider id of Provider.
const ID = "testrmm"

// Provider serves a mutable in-memory estate of scopes and devices.
type Provider struct {
	mu       sync.Mutex
	scopes   []ingest.Scope
	devices  map[string][]ingest.Device // by listing scope
	pageSize int
	// fail makes listing a scope fail after that many pages.
	fail map[string]failure
	// err, when set, is returned by every call that reaches the "RMM".
	err    error
	onPage func()
}

type failure struct {
	afterPages int
	err        error
}

var (
	_ providers.Connector       = (*Provider)(nil)
	_ providers.ScopeDiscoverer = (*Provider)(nil)
	_ providers.FullSyncer      = (*Provider)(nil)
	_ providers.DeviceFetcher   = (*Provider)(nil)
)

// New returns an empty provider with pages of 100 devices.
func New() *Provider {
	return &Provider{devices: map[string][]ingest.Device{}, pageSize: 100, fail: map[string]failure{}}
}

// Info implements providers.Provider.
func (p *Provider) Info() providers.Info {
	return providers.Info{
		ID:          ID,
		DisplayName: "Test RMM",
		Description: "An in-memory RMM used by rmmgraph's tests.",
		ConfigFields: []providers.ConfigField{
			{Key: "url", Label: "Server URL", Kind: providers.FieldURL, Required: true, Placeholder: "https://rmm.example.com"},
			{Key: "apiKey", Label: "API key", Kind: providers.FieldSecret, Required: true, Help: "Write-only."},
			{Key: "region", Label: "Region", Kind: providers.FieldEnum, Options: []providers.Option{{Value: "us", Label: "US"}, {Value: "eu", Label: "EU"}}},
		},
	}
}

// SetEstate replaces the scopes and devices. A device is listed under its
// ScopeID, and under every scope in listedIn[device id] as well.
func (p *Provider) SetEstate(scopes []ingest.Scope, devices []ingest.Device, listedIn map[string][]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scopes = scopes
	p.devices = map[string][]ingest.Device{}
	for _, d := range devices {
		p.devices[d.ScopeID] = append(p.devices[d.ScopeID], d)
		for _, s := range listedIn[d.ExternalID] {
			p.devices[s] = append(p.devices[s], d)
		}
	}
}

// SetPageSize sets how many devices a page holds.
func (p *Provider) SetPageSize(n int) { p.mu.Lock(); p.pageSize = n; p.mu.Unlock() }

// FailScope makes listing scope fail with err after afterPages pages; a nil
// err clears it.
func (p *Provider) FailScope(scope string, afterPages int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil {
		delete(p.fail, scope)
		return
	}
	p.fail[scope] = failure{afterPages: afterPages, err: err}
}

// OnPage calls f before each page is emitted (nil: nothing).
func (p *Provider) OnPage(f func()) { p.mu.Lock(); p.onPage = f; p.mu.Unlock() }

// FailAll makes every call fail with err (nil clears it).
func (p *Provider) FailAll(err error) { p.mu.Lock(); p.err = err; p.mu.Unlock() }

// Verify implements providers.Connector: the key must be "good".
func (p *Provider) Verify(ctx context.Context, cfg providers.Config) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	if cfg["apiKey"] != "good" {
		return providers.Errorf(providers.ErrUnauthorized, "testrmm: the API key was rejected")
	}
	return nil
}

// Scopes implements providers.ScopeDiscoverer.
func (p *Provider) Scopes(ctx context.Context, cfg providers.Config) ([]ingest.Scope, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return nil, p.err
	}
	return append([]ingest.Scope(nil), p.scopes...), nil
}

// ListDevices implements providers.FullSyncer.
func (p *Provider) ListDevices(ctx context.Context, cfg providers.Config, scopeID string, emit providers.Emit) error {
	p.mu.Lock()
	devices := append([]ingest.Device(nil), p.devices[scopeID]...)
	fail, failing := p.fail[scopeID]
	size, err, onPage := p.pageSize, p.err, p.onPage
	p.mu.Unlock()
	if err != nil {
		return err
	}
	for pages := 0; ; pages++ {
		if failing && pages == fail.afterPages {
			return fail.err
		}
		start := pages * size
		if start >= len(devices) {
			return nil
		}
		if onPage != nil {
			onPage()
		}
		if err := emit(ctx, devices[start:min(start+size, len(devices))]); err != nil {
			return err
		}
	}
}

// Device implements providers.DeviceFetcher.
func (p *Provider) Device(ctx context.Context, cfg providers.Config, externalID string) (ingest.Device, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ds := range p.devices {
		for _, d := range ds {
			if d.ExternalID == externalID {
				return d, nil
			}
		}
	}
	return ingest.Device{}, &providers.Error{Kind: providers.ErrNotFound, Message: "testrmm: no device " + externalID}
}
