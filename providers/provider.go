// Package providers is the registry of RMM providers: what each one is
// called, the configuration its settings form needs, and what it can do.
// The contract providers implement is package rmm; capabilities are derived
// from the interfaces a provider's session type implements, so they cannot
// drift from the code.
package providers

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
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
	Key      string
	Label    string
	Kind     FieldKind
	Required bool
	// Connects marks a value that decides where or as whom rmmgraph
	// connects (URLs, credentials, CA bundles, regions): changing it needs
	// the integration verified again. Other values apply at once.
	Connects bool
	// SameHostAs names the URL field whose host this URL must share (a
	// secondary API of the same server), unless the operator allows more.
	SameHostAs  string
	Help        string
	Placeholder string
	Options     []Option // enum fields only

	// The rules a form shows and configureIntegration enforces.

	// Default is the value in effect when none is set.
	Default string
	// Min and Max bound an int field.
	Min, Max *int
	// Pattern is a regular expression a text or secret value must match
	// in full; PatternHelp says what it wants ("starts with token-").
	Pattern     string
	PatternHelp string
	// Multiline: a text field takes several lines (a PEM bundle).
	Multiline bool
	// Advanced: a form may fold the field away.
	Advanced bool
	// ShownWhen: the field applies only while another field has a value.
	ShownWhen *Condition
}

// Condition is another field's value a field depends on.
type Condition struct {
	Field  string
	Equals string
}

// Bound is a pointer to n, for Min and Max.
func Bound(n int) *int { return &n }

// Info is what the registry publishes about a provider.
type Info struct {
	ID           string // "tanium": also integration_type and assets.rmm_provider
	DisplayName  string
	Description  string
	ConfigFields []ConfigField
	// InstanceURL is the key of the URL field that names the RMM instance;
	// empty: none.
	InstanceURL string
	// InstanceURLOf derives the instance's URL (stored as the integration's
	// instance_url) from the values in effect, defaults applied, for an RMM
	// whose URL follows from other fields (a region); nil: the InstanceURL
	// field's value.
	InstanceURLOf func(values map[string]string) string
	// IncrementalMargin is how far before a scope's last complete listing
	// an incremental listing starts, to cover the RMM's reporting delay and
	// clock skew; zero means DefaultIncrementalMargin.
	IncrementalMargin time.Duration
	// LeadsFor are the asset field groups (general, hardware, os, user,
	// agent, patching, security) whose values should show first, by
	// default, on an asset several RMMs report: what this RMM knows best.
	// A tenant's own source precedence overrides it.
	LeadsFor []string
}

// InstanceURLFrom is the instance URL the values (stored and given,
// without defaults) name; empty when none does.
func (info Info) InstanceURLFrom(values map[string]string) string {
	if info.InstanceURLOf == nil {
		if info.InstanceURL == "" {
			return ""
		}
		return values[info.InstanceURL]
	}
	effective := make(map[string]string, len(info.ConfigFields))
	for _, f := range info.ConfigFields {
		if v := values[f.Key]; v != "" {
			effective[f.Key] = v
		} else if f.Default != "" {
			effective[f.Key] = f.Default
		}
	}
	return info.InstanceURLOf(effective)
}

// DefaultIncrementalMargin is the incremental margin of a provider that
// does not set its own.
const DefaultIncrementalMargin = 10 * time.Minute

// CutoffMargin is the provider's incremental margin.
func (info Info) CutoffMargin() time.Duration {
	if info.IncrementalMargin > 0 {
		return info.IncrementalMargin
	}
	return DefaultIncrementalMargin
}

// Opener is what a provider package implements: its metadata, and a
// session for one integration. S is the provider's session type; the
// capability interfaces of package rmm it implements are the provider's
// capabilities.
type Opener[S rmm.Session] interface {
	Info() Info
	Open(ctx context.Context, c rmm.Connection) (S, error)
}

// Provider is a registered provider.
type Provider interface {
	Info() Info
	// Open opens a session for one integration.
	Open(ctx context.Context, c rmm.Connection) (rmm.Session, error)
	// Capabilities says what its sessions can do.
	Capabilities() Capabilities
	// Fake returns the fake RMM the provider ships, if any.
	Fake() (Faker, bool)
	// Webhooks returns the provider's webhook parser, if it accepts
	// webhook deliveries.
	Webhooks() (rmm.Webhooks, bool)
	// OAuth returns the provider's OAuth flow, if it connects by one.
	OAuth() (rmm.OAuth, bool)
	sessionType() reflect.Type
}

// Register wraps a provider for the registry.
func Register[S rmm.Session](p Opener[S]) Provider { return registered[S]{p} }

type registered[S rmm.Session] struct{ p Opener[S] }

func (r registered[S]) Info() Info { return r.p.Info() }

func (r registered[S]) Open(ctx context.Context, c rmm.Connection) (rmm.Session, error) {
	s, err := r.p.Open(ctx, c)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (r registered[S]) sessionType() reflect.Type { return reflect.TypeFor[S]() }

func (r registered[S]) Capabilities() Capabilities {
	t := r.sessionType()
	c := Capabilities{}
	for _, cap := range rmm.Capabilities {
		if t.Implements(cap.Interface) {
			c.set(cap.Name)
		}
	}
	_, c.WebhookEvents = r.Webhooks()
	_, c.OAuth = r.OAuth()
	return c
}

func (r registered[S]) OAuth() (rmm.OAuth, bool) {
	o, ok := any(r.p).(rmm.OAuth)
	return o, ok
}

func (r registered[S]) Webhooks() (rmm.Webhooks, bool) {
	w, ok := any(r.p).(rmm.Webhooks)
	return w, ok
}

func (r registered[S]) Fake() (Faker, bool) {
	f, ok := any(r.p).(Faker)
	return f, ok
}

// Capabilities says what a provider can do. Remote actions and direct
// connect have no contract yet: no provider can offer them.
type Capabilities struct {
	Connection        bool
	ScopeDiscovery    bool
	FullSync          bool
	IncrementalSync   bool
	SingleDeviceSync  bool
	AgedOutFallback   bool
	WebhookEvents     bool // the provider parses webhook deliveries
	Alerts            bool // sessions list the RMM's active alerts
	AcknowledgeAlerts bool // sessions acknowledge alerts in the RMM
	ResolveAlerts     bool // sessions reset alerts in the RMM
	OAuth             bool // the provider connects by OAuth authorization code
	// WebhookRegistration: sessions register the webhook endpoint with the RMM.
	WebhookRegistration bool
}

func (c *Capabilities) set(name string) {
	switch name {
	case "connection":
		c.Connection = true
	case "scopeDiscovery":
		c.ScopeDiscovery = true
	case "fullSync":
		c.FullSync = true
	case "incrementalSync":
		c.IncrementalSync = true
	case "singleDeviceSync":
		c.SingleDeviceSync = true
	case "agedOutFallback":
		c.AgedOutFallback = true
	case "alerts":
		c.Alerts = true
	case "acknowledgeAlerts":
		c.AcknowledgeAlerts = true
	case "resolveAlerts":
		c.ResolveAlerts = true
	case "webhookRegistration":
		c.WebhookRegistration = true
	default:
		panic("providers: unknown capability " + name)
	}
}

// checkSession refuses a session type with a method named like one of a
// capability interface's whose signature differs: that provider means to
// offer the capability and would silently not.
func checkSession(id string, t reflect.Type) error {
	for _, cap := range rmm.Capabilities {
		if t.Implements(cap.Interface) {
			continue
		}
		for i := range cap.Interface.NumMethod() {
			want := cap.Interface.Method(i)
			if got, ok := t.MethodByName(want.Name); ok {
				return fmt.Errorf("provider %q: %s.%s is %s, but the %s capability needs %s", id, t, want.Name, got.Type, cap.Name, want.Type)
			}
		}
	}
	return nil
}

// Faker is a provider that ships a fake of its RMM, for the demo, the fake
// command and tests.
type Faker interface {
	// NewFake makes a fake with about devices devices in scopes scopes.
	NewFake(devices, scopes int) Fake
}

// Fake is a running-ready fake RMM.
type Fake struct {
	Handler http.Handler
	// Config is the configuration of an integration against the fake when
	// it is served at baseURL: values and secrets by config key.
	Config func(baseURL string) (values, secrets map[string]string)

	// What the shared contract suite drives; nil when a fake cannot.

	// Remove deletes one device from the estate and returns its external id.
	Remove func() string
	// Break makes every request fail as the RMM fails when it is down
	// (true), or recover (false).
	Break func(broken bool)
	// Deliver posts one webhook delivery, about a device of the estate, to
	// url with header set to secret.
	Deliver func(url, header, secret string) error
}
