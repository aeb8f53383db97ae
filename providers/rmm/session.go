package rmm

import (
	"context"

	"reflect"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/egress"
)

// Config is an integration's configuration as a provider receives it:
// field key to value, secrets included in plaintext.
type Config = map[string]string

// Connection is what a provider opens a session with: one integration's
// configuration, and a way to persist secrets the session changes (a
// refreshed OAuth token).
type Connection struct {
	// IntegrationID identifies the integration, for logs and caches.
	IntegrationID string
	Config        Config
	// SaveSecrets seals and stores secrets by config key; the next session
	// opened for the integration receives them in Config.
	SaveSecrets func(ctx context.Context, secrets map[string]string) error
	// UpdateSecrets runs fn with the integration's stored secrets while
	// holding a lock every replica honours, and stores the secrets fn
	// returns before releasing it: a refresh of a shared token made inside
	// happens once, whichever replica gets there first, and finds the
	// token another replica stored meanwhile.
	UpdateSecrets func(ctx context.Context, fn func(current map[string]string) (map[string]string, error)) error
	// Egress is where the operator lets requests go: a session checks its
	// URLs with it and dials through it.
	Egress egress.Policy
}

// Session is an open connection to one integration's RMM. It keeps what
// outlives one call (HTTP clients, tokens, rate-limit state) and is safe for
// concurrent use. The pipeline keeps a session while the integration's
// configuration is unchanged, and closes it after.
//
// What a session can do is the capability interfaces below it implements;
// the registry derives a provider's capabilities from its session type.
type Session interface {
	Close()
}

// Emit receives one page of devices; returning an error stops the listing.
// The pipeline owns the page once Emit is called.
type Emit = func(ctx context.Context, page []Device) error

// Connector checks that the configuration reaches the RMM and is authorized.
type Connector interface {
	Verify(ctx context.Context) error
}

// ScopeDiscoverer lists the RMM's scopes.
type ScopeDiscoverer interface {
	Scopes(ctx context.Context) ([]Scope, error)
}

// FullSyncer lists every device of one scope, page by page. Returning nil
// means the listing was complete.
type FullSyncer interface {
	ListDevices(ctx context.Context, scopeID string, emit Emit) error
}

// IncrementalSyncer lists the devices of one scope changed since a time.
type IncrementalSyncer interface {
	ListChangedDevices(ctx context.Context, scopeID string, since time.Time, emit Emit) error
}

// DeviceFetcher reads one device by its external id. A device the RMM does
// not know is an Error of kind ErrNotFound.
type DeviceFetcher interface {
	Device(ctx context.Context, externalID string) (Device, error)
}

// KnownDevice is a stored device the pipeline asks a provider about.
type KnownDevice struct {
	ExternalID  string
	Identifiers Identifiers
}

// AgedOutChecker confirms, for devices missing from a complete listing,
// which still exist in a secondary source (true) and which are gone.
type AgedOutChecker interface {
	StillExists(ctx context.Context, devices []KnownDevice) (map[string]bool, error)
}

// Capability is one thing a provider can do: a session interface and the
// name it is reported under.
type Capability struct {
	Name      string
	Interface reflect.Type
}

func capability[I any](name string) Capability {
	return Capability{Name: name, Interface: reflect.TypeFor[I]()}
}

// Capabilities lists every capability interface, in the order the API
// reports them.
var Capabilities = []Capability{
	capability[Connector]("connection"),
	capability[ScopeDiscoverer]("scopeDiscovery"),
	capability[FullSyncer]("fullSync"),
	capability[IncrementalSyncer]("incrementalSync"),
	capability[DeviceFetcher]("singleDeviceSync"),
	capability[AgedOutChecker]("agedOutFallback"),
	capability[AlertLister]("alerts"),
	capability[AlertAcknowledger]("acknowledgeAlerts"),
	capability[AlertResolver]("resolveAlerts"),
	capability[WebhookRegistrar]("webhookRegistration"),
}
