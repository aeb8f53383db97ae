// Package providers is the registry of RMM providers and the contracts they
// implement. Capabilities are derived from the optional interfaces a provider
// implements, so they cannot drift from the code.
package providers

import (
	"context"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
)

// FieldKind is how a settings form renders a configuration field.
type FieldKind string

const (
	FieldURL    FieldKind = "url"
	FieldSecret FieldKind = "secret"
	FieldText   FieldKind = "text"
	FieldBool   FieldKind = "bool"
	FieldEnum   FieldKind = "enum"
	FieldInt    FieldKind = "int"
)

// Option is one choice of an enum field.
type Option struct {
	Value string
	Label string
}

// ConfigField describes one configuration value a provider needs.
type ConfigField struct {
	Key         string
	Label       string
	Kind        FieldKind
	Required    bool
	Help        string
	Placeholder string
	Options     []Option // enum fields only
}

// Info is what the registry publishes about a provider.
type Info struct {
	ID           string // "tanium": also integration_type and assets.rmm_provider
	DisplayName  string
	Description  string
	ConfigFields []ConfigField
}

// Config is an integration's configuration as a provider receives it:
// field key to value, secrets included in plaintext.
type Config = map[string]string

// Provider is the one method every provider has.
type Provider interface {
	Info() Info
}

// Emit receives one page of devices; returning an error stops the listing.
// The pipeline owns the page once Emit is called.
type Emit = func(ctx context.Context, page []ingest.Device) error

// Connector checks that a configuration reaches the RMM and is authorized.
type Connector interface {
	Verify(ctx context.Context, cfg Config) error
}

// ScopeDiscoverer lists the RMM's scopes.
type ScopeDiscoverer interface {
	Scopes(ctx context.Context, cfg Config) ([]ingest.Scope, error)
}

// FullSyncer lists every device of one scope, page by page. Returning nil
// means the listing was complete.
type FullSyncer interface {
	ListDevices(ctx context.Context, cfg Config, scopeID string, emit Emit) error
}

// IncrementalSyncer lists the devices of one scope changed since a time.
type IncrementalSyncer interface {
	ListChangedDevices(ctx context.Context, cfg Config, scopeID string, since time.Time, emit Emit) error
}

// DeviceFetcher reads one device by its external id.
type DeviceFetcher interface {
	Device(ctx context.Context, cfg Config, externalID string) (ingest.Device, error)
}

// WebhookReceiver turns an RMM's webhook delivery into device changes.
type WebhookReceiver interface {
	ParseWebhook(ctx context.Context, cfg Config, header map[string][]string, body []byte) ([]ingest.Device, error)
}

// Alert is an RMM alert, normalized.
type Alert struct {
	ExternalID       string
	ExternalDeviceID string
	Severity         string
	Message          string
	TriggeredAt      time.Time
}

// AlertSource lists open alerts.
type AlertSource interface {
	Alerts(ctx context.Context, cfg Config, since time.Time) ([]Alert, error)
}

// AgedOutChecker confirms, for devices missing from a complete listing,
// which still exist in a secondary source (true) and which are gone. The
// devices are keyed by external id, with the mapping metadata the provider
// stored for them (identifiers for matching).
type AgedOutChecker interface {
	StillExists(ctx context.Context, cfg Config, devices map[string]map[string]any) (map[string]bool, error)
}

// Authorizer connects by OAuth: it builds the URL to send the admin to.
type Authorizer interface {
	AuthorizeURL(ctx context.Context, cfg Config, state, redirectURL string) (string, error)
}

// RemoteActioner runs actions on devices. No provider implements it yet.
type RemoteActioner interface {
	RunAction(ctx context.Context, cfg Config, externalID, action string) error
}

// DirectConnector opens a remote session to a device. No provider implements it yet.
type DirectConnector interface {
	DirectConnect(ctx context.Context, cfg Config, externalID string) (string, error)
}

// Capabilities says what a provider can do.
type Capabilities struct {
	Connection       bool
	ScopeDiscovery   bool
	FullSync         bool
	IncrementalSync  bool
	SingleDeviceSync bool
	WebhookEvents    bool
	Alerts           bool
	AgedOutFallback  bool
	OAuth            bool
	RemoteActions    bool
	DirectConnect    bool
}

func implements[I any](p Provider) bool {
	_, ok := p.(I)
	return ok
}

// CapabilitiesOf derives a provider's capabilities from its methods.
func CapabilitiesOf(p Provider) Capabilities {
	return Capabilities{
		Connection:       implements[Connector](p),
		ScopeDiscovery:   implements[ScopeDiscoverer](p),
		FullSync:         implements[FullSyncer](p),
		IncrementalSync:  implements[IncrementalSyncer](p),
		SingleDeviceSync: implements[DeviceFetcher](p),
		WebhookEvents:    implements[WebhookReceiver](p),
		Alerts:           implements[AlertSource](p),
		AgedOutFallback:  implements[AgedOutChecker](p),
		OAuth:            implements[Authorizer](p),
		RemoteActions:    implements[RemoteActioner](p),
		DirectConnect:    implements[DirectConnector](p),
	}
}
