// Package providertest is an in-memory RMM provider for tests of the
// registry, the pipeline and the API.
package providertest

import (
	"context"
	"errors"
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
	devices  map[string][]ingest.Device // by scope id
	PageSize int
	// Fail, when set, is returned by every call that reaches the "RMM".
	Fail error
}

var (
	_ providers.Connector       = (*Provider)(nil)
	_ providers.ScopeDiscoverer = (*Provider)(nil)
	_ providers.FullSyncer      = (*Provider)(nil)
)

// New returns an empty provider with pages of 100 devices.
func New() *Provider { return &Provider{devices: map[string][]ingest.Device{}, PageSize: 100} }

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

// SetEstate replaces the scopes and devices.
func (p *Provider) SetEstate(scopes []ingest.Scope, devices []ingest.Device) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scopes = scopes
	p.devices = map[string][]ingest.Device{}
	for _, d := range devices {
		p.devices[d.ScopeID] = append(p.devices[d.ScopeID], d)
	}
}

// ErrBadKey is returned by Verify for an empty API key.
var ErrBadKey = errors.New("testrmm: API key rejected")

// Verify implements providers.Connector.
func (p *Provider) Verify(ctx context.Context, cfg providers.Config) error {
	if p.Fail != nil {
		return p.Fail
	}
	if cfg["apiKey"] == "" {
		return ErrBadKey
	}
	return nil
}

// Scopes implements providers.ScopeDiscoverer.
func (p *Provider) Scopes(ctx context.Context, cfg providers.Config) ([]ingest.Scope, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return nil, p.Fail
	}
	return append([]ingest.Scope(nil), p.scopes...), nil
}

// ListDevices implements providers.FullSyncer.
func (p *Provider) ListDevices(ctx context.Context, cfg providers.Config, scopeID string, emit providers.Emit) error {
	p.mu.Lock()
	devices := append([]ingest.Device(nil), p.devices[scopeID]...)
	fail := p.Fail
	p.mu.Unlock()
	if fail != nil {
		return fail
	}
	for start := 0; start < len(devices); start += p.PageSize {
		end := min(start+p.PageSize, len(devices))
		if err := emit(ctx, devices[start:end]); err != nil {
			return err
		}
	}
	return nil
}
