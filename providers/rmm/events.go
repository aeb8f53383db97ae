package rmm

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Webhooks is what a provider that accepts webhook deliveries implements
// (on the provider, not a session: parsing reads no RMM and needs no
// credentials). It only parses; authentication, storage, de-duplication,
// processing and retries are the pipeline's.
type Webhooks interface {
	// WebhookHeader names the request header that carries the
	// integration's webhook secret, as registered with the RMM.
	WebhookHeader() string
	// ParseWebhook turns one delivery into events. An error means the body
	// is malformed (the sender gets 400 with the error's text); a delivery
	// of kinds the provider does not handle is events of kind EventIgnored.
	// The events are stored with the delivery and processed later, so they
	// must say everything: processing never parses the body again.
	ParseWebhook(header http.Header, body []byte) (Parsed, error)
}

// Parsed is one delivery, normalized.
type Parsed struct {
	// DeliveryID is the RMM's own id of the delivery (an activity id), when
	// it has one: a redelivery with the same id is not processed again.
	DeliveryID string
	Events     []Event
}

// EventKind is what an event reports.
type EventKind string

const (
	EventDeviceChanged EventKind = "device_changed" // re-read the device
	EventDeviceDeleted EventKind = "device_deleted" // retire it at once
	EventAlert         EventKind = "alert"
	EventIgnored       EventKind = "ignored"
)

// Event is one normalized fact a delivery carries.
type Event struct {
	Kind EventKind `json:"kind"`
	// DeviceID is the device's external id (device events).
	DeviceID string `json:"deviceId,omitempty"`
	// Alert is the alert's new state (EventAlert).
	Alert Alert `json:"alert,omitzero"`
	// Reason says why an event is ignored.
	Reason string `json:"reason,omitempty"`
}

// Severity is an alert's severity in the PSA's five levels.
type Severity string

const (
	SeverityCritical Severity = "critical"
	SeverityMajor    Severity = "major"
	SeverityModerate Severity = "moderate"
	SeverityMinor    Severity = "minor"
	SeverityNone     Severity = "none"
)

// AlertState is what happened to an alert.
type AlertState string

const (
	AlertTriggered    AlertState = "triggered"
	AlertReset        AlertState = "reset"
	AlertAcknowledged AlertState = "acknowledged"
)

// Alert is one alert of the RMM, or one change of it.
type Alert struct {
	// ExternalID is the alert's identity in the RMM: every event of one
	// alert (its trigger, reset, acknowledgement) carries the same one
	// (NinjaOne's series uid, Tactical's alert id).
	ExternalID string `json:"id"`
	// SeriesKey identifies the condition across alerts ("<device>|<check>"):
	// rows with the same key are occurrences of one problem.
	SeriesKey  string   `json:"series,omitempty"`
	DeviceID   string   `json:"deviceId,omitempty"` // external device id; empty: not about a device
	DeviceName string   `json:"deviceName,omitempty"`
	Severity   Severity `json:"severity"`
	// Priority is the RMM's priority, if any (critical, high, medium, low, none).
	Priority string     `json:"priority,omitempty"`
	Class    string     `json:"class,omitempty"`    // the RMM's kind of condition (statusCode, alert_type)
	Source   string     `json:"source,omitempty"`   // where it came from (source type, "webhook")
	Activity string     `json:"activity,omitempty"` // the RMM's activity type, if any
	Message  string     `json:"message,omitempty"`
	State    AlertState `json:"state"`
	// OccurredAt is when the RMM says the change happened.
	OccurredAt time.Time `json:"at"`
	// Raw is the provider payload, kept as the alert's metadata.
	Raw map[string]any `json:"raw,omitempty"`
}

// Validate checks an alert and fills what the contract guarantees.
func (a *Alert) Validate() error {
	a.ExternalID = strings.TrimSpace(a.ExternalID)
	if a.ExternalID == "" {
		return fmt.Errorf("alert without an external id")
	}
	if len(a.ExternalID) > 255 || len(a.DeviceID) > 255 {
		return fmt.Errorf("alert id or device id longer than 255 characters: %.40s…", a.ExternalID)
	}
	switch a.Severity {
	case SeverityCritical, SeverityMajor, SeverityModerate, SeverityMinor, SeverityNone:
	default:
		return fmt.Errorf("alert %s: severity %q is not one of critical, major, moderate, minor, none", a.ExternalID, a.Severity)
	}
	switch a.State {
	case AlertTriggered, AlertReset, AlertAcknowledged:
	default:
		return fmt.Errorf("alert %s: state %q is not one of triggered, reset, acknowledged", a.ExternalID, a.State)
	}
	if a.OccurredAt.IsZero() {
		return fmt.Errorf("alert %s: no time", a.ExternalID)
	}
	if a.SeriesKey == "" {
		device := a.DeviceID
		if device == "" {
			device = "no-device"
		}
		a.SeriesKey = device + "|" + a.ExternalID
	}
	a.SeriesKey = truncate(a.SeriesKey, 255)
	a.Class, a.Source, a.Activity = truncate(a.Class, 100), truncate(a.Source, 50), truncate(a.Activity, 100)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) { // cut on a character boundary
		n--
	}
	return s[:n]
}

// AlertLister lists the RMM's active alerts, all of them: an alert the
// pipeline knows that a successful listing leaves out has ended.
type AlertLister interface {
	ActiveAlerts(ctx context.Context) ([]Alert, error)
}

// AlertAcknowledger acknowledges an alert in the RMM.
type AlertAcknowledger interface {
	AcknowledgeAlert(ctx context.Context, externalID string) error
}

// AlertResolver resets (resolves) an alert in the RMM.
type AlertResolver interface {
	ResolveAlert(ctx context.Context, externalID string) error
}

// OAuth is what a provider that connects by OAuth authorization code
// implements (on the provider): where to send the admin to sign in, and how
// to trade the code the RMM sends back for tokens. The pipeline keeps the
// state, the callback route and the tokens.
type OAuth interface {
	// AuthorizeURL is the RMM's sign-in page for this configuration; an
	// Error of kind ErrConfig when the configuration does not use OAuth.
	AuthorizeURL(cfg Config, redirectURI, state string) (string, error)
	// ExchangeCode trades an authorization code for tokens and stores them
	// with c.SaveSecrets.
	ExchangeCode(ctx context.Context, c Connection, code, redirectURI string) error
}

// WebhookRegistrar registers rmmgraph's webhook endpoint with the RMM, so
// the admin need not paste it.
type WebhookRegistrar interface {
	// RegisterWebhook makes the RMM post its events to url with header set
	// to secret on every delivery.
	RegisterWebhook(ctx context.Context, url, header, secret string) error
	// UnregisterWebhook stops the deliveries.
	UnregisterWebhook(ctx context.Context) error
}

// WebhookTemplate is implemented by a provider whose RMM must be told what
// to send: the body template an admin pastes into the RMM.
type WebhookTemplate interface {
	WebhookBody() string
}
