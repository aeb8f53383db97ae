// Package providertest is an in-memory RMM provider for tests of the
// registry, the pipeline and the API. Its sessions pin every capability
// interface of package rmm.
package providertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// ID is the provider id of Provider; FullID of the one NewFull returns.
const (
	ID     = "testrmm"
	FullID = "testrmmfull"
)

var (
	_ rmm.Connector         = (*Session)(nil)
	_ rmm.ScopeDiscoverer   = (*Session)(nil)
	_ rmm.FullSyncer        = (*Session)(nil)
	_ rmm.DeviceFetcher     = (*Session)(nil)
	_ rmm.IncrementalSyncer = (*FullSession)(nil)
	_ rmm.AgedOutChecker    = (*FullSession)(nil)
	_ rmm.AlertLister       = (*FullSession)(nil)
	_ rmm.AlertAcknowledger = (*FullSession)(nil)
	_ rmm.AlertResolver     = (*FullSession)(nil)
	_ rmm.Webhooks          = (*Full)(nil)

	_ providers.Opener[*Session]     = (*Provider)(nil)
	_ providers.Opener[*FullSession] = (*Full)(nil)
)

// Provider serves a mutable in-memory estate of scopes and devices.
type Provider struct {
	id       string // ID unless NewNamed set another
	mu       sync.Mutex
	scopes   []rmm.Scope
	devices  map[string][]rmm.Device // by listing scope
	pageSize int
	// fail makes listing a scope fail after that many pages.
	fail map[string]failure
	// err, when set, is returned by every call that reaches the "RMM".
	err     error
	onPage  func()
	opened  int
	closed  int
	rotate  string
	changed map[string]time.Time // device id -> when it changed (incremental listings)
	exists  map[string]bool      // source ids a secondary source still knows

	alerts      []rmm.Alert // active alerts (Full)
	alertCalls  []string
	deviceReads int
}

type failure struct {
	afterPages int
	err        error
}

// New returns an empty provider with pages of 100 devices.
func New() *Provider {
	return &Provider{devices: map[string][]rmm.Device{}, pageSize: 100, fail: map[string]failure{}}
}

// NewNamed returns an empty provider with another id, for tenants with
// devices of several providers.
func NewNamed(id string) *Provider {
	p := New()
	p.id = id
	return p
}

// Info implements providers.Opener.
func (p *Provider) Info() providers.Info {
	id, name := ID, "Test RMM"
	if p.id != "" {
		id, name = p.id, "Test RMM "+p.id
	}
	return providers.Info{
		ID:          id,
		DisplayName: name,
		Description: "An in-memory RMM used by rmmgraph's tests.",
		ConfigFields: []providers.ConfigField{
			{Key: "url", Label: "Server URL", Kind: providers.FieldURL, Required: true, Connects: true, Placeholder: "https://rmm.example.com"},
			{Key: "apiKey", Label: "API key", Kind: providers.FieldSecret, Required: true, Connects: true, Help: "Write-only."},
			{Key: "region", Label: "Region", Kind: providers.FieldEnum, Connects: true, Options: []providers.Option{{Value: "us", Label: "US"}, {Value: "eu", Label: "EU"}}},
			{Key: "pageSize", Label: "Page size", Kind: providers.FieldInt, Help: "Devices per page; applies without verifying again.",
				Default: "100", Min: providers.Bound(1), Max: providers.Bound(1000), Advanced: true},
		},
		InstanceURL: "url",
	}
}

// Open implements providers.Opener.
func (p *Provider) Open(ctx context.Context, c rmm.Connection) (*Session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opened++
	return &Session{p: p, conn: c}, nil
}

// Sessions reports how many sessions were opened and closed.
func (p *Provider) Sessions() (opened, closed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opened, p.closed
}

// RotateKeyOnVerify makes the next successful verification save key as the
// new API key, as an OAuth session saves a refreshed token.
func (p *Provider) RotateKeyOnVerify(key string) { p.mu.Lock(); p.rotate = key; p.mu.Unlock() }

// SetEstate replaces the scopes and devices. A device is listed under its
// ScopeID, and under every scope in listedIn[device id] as well.
func (p *Provider) SetEstate(scopes []rmm.Scope, devices []rmm.Device, listedIn map[string][]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scopes = scopes
	p.devices = map[string][]rmm.Device{}
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

// Session is one integration's connection to the in-memory RMM.
type Session struct {
	p    *Provider
	conn rmm.Connection
}

// Close implements rmm.Session.
func (s *Session) Close() { s.p.mu.Lock(); s.p.closed++; s.p.mu.Unlock() }

// Verify implements rmm.Connector: the key must be "good" (or the key it
// was last rotated to).
func (s *Session) Verify(ctx context.Context) error {
	p := s.p
	p.mu.Lock()
	err, rotate := p.err, p.rotate
	p.mu.Unlock()
	if err != nil {
		return err
	}
	if key := s.conn.Config["apiKey"]; key != "good" && (rotate == "" || key != rotate) {
		return rmm.Errorf(rmm.ErrUnauthorized, "testrmm: the API key was rejected")
	}
	if rotate != "" && s.conn.Config["apiKey"] != rotate {
		return s.conn.SaveSecrets(ctx, map[string]string{"apiKey": rotate})
	}
	return nil
}

// Scopes implements rmm.ScopeDiscoverer.
func (s *Session) Scopes(ctx context.Context) ([]rmm.Scope, error) {
	p := s.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return nil, p.err
	}
	return append([]rmm.Scope(nil), p.scopes...), nil
}

// ListDevices implements rmm.FullSyncer.
func (s *Session) ListDevices(ctx context.Context, scopeID string, emit rmm.Emit) error {
	return s.list(ctx, scopeID, func(rmm.Device) bool { return true }, emit)
}

func (s *Session) list(ctx context.Context, scopeID string, keep func(rmm.Device) bool, emit rmm.Emit) error {
	p := s.p
	p.mu.Lock()
	var devices []rmm.Device
	for _, d := range p.devices[scopeID] {
		if keep(d) {
			devices = append(devices, d)
		}
	}
	fail, failing := p.fail[scopeID]
	size, err, onPage := p.pageSize, p.err, p.onPage
	p.mu.Unlock()
	if n, convErr := strconv.Atoi(s.conn.Config["pageSize"]); convErr == nil && n > 0 {
		size = n
	}
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

// Device implements rmm.DeviceFetcher.
func (s *Session) Device(ctx context.Context, externalID string) (rmm.Device, error) {
	p := s.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deviceReads++
	if p.err != nil {
		return rmm.Device{}, p.err
	}
	for _, ds := range p.devices {
		for _, d := range ds {
			if d.ExternalID == externalID {
				return d, nil
			}
		}
	}
	return rmm.Device{}, &rmm.Error{Kind: rmm.ErrNotFound, Message: "testrmm: no device " + externalID}
}

// Full is the in-memory RMM with every capability: incremental listings
// (of devices marked changed), a secondary source for aged-out devices,
// webhook deliveries (JSON Delivery bodies, secret in X-Test-Secret) and
// alerts.
type Full struct{ *Provider }

// NewFull returns an empty provider with every capability.
func NewFull() *Full { return &Full{New()} }

// Info implements providers.Opener.
func (f *Full) Info() providers.Info {
	info := f.Provider.Info()
	info.ID, info.DisplayName = FullID, "Test RMM (every capability)"
	return info
}

// Open implements providers.Opener.
func (f *Full) Open(ctx context.Context, c rmm.Connection) (*FullSession, error) {
	s, err := f.Provider.Open(ctx, c)
	return &FullSession{s}, err
}

// MarkChanged records that devices changed at a time, for incremental listings.
func (f *Full) MarkChanged(at time.Time, ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.changed == nil {
		f.changed = map[string]time.Time{}
	}
	for _, id := range ids {
		f.changed[id] = at
	}
}

// SetStillExisting sets the source ids the secondary source knows.
func (f *Full) SetStillExisting(sourceIDs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exists = map[string]bool{}
	for _, id := range sourceIDs {
		f.exists[id] = true
	}
}

// FullSession is a session of Full.
type FullSession struct{ *Session }

// ListChangedDevices implements rmm.IncrementalSyncer: devices marked
// changed after since.
func (s *FullSession) ListChangedDevices(ctx context.Context, scopeID string, since time.Time, emit rmm.Emit) error {
	s.p.mu.Lock()
	changed := make(map[string]time.Time, len(s.p.changed))
	for id, at := range s.p.changed {
		changed[id] = at
	}
	s.p.mu.Unlock()
	return s.list(ctx, scopeID, func(d rmm.Device) bool { return changed[d.ExternalID].After(since) }, emit)
}

// StillExists implements rmm.AgedOutChecker by source id.
func (s *FullSession) StillExists(ctx context.Context, devices []rmm.KnownDevice) (map[string]bool, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	out := map[string]bool{}
	for _, d := range devices {
		if d.Identifiers.SourceID != "" && s.p.exists[d.Identifiers.SourceID] {
			out[d.ExternalID] = true
		}
	}
	return out, nil
}

// WebhookHeader implements rmm.Webhooks.
func (f *Full) WebhookHeader() string { return "X-Test-Secret" }

// Delivery is the test RMM's webhook body.
type Delivery struct {
	ID     string          `json:"id,omitempty"`
	Events []DeliveryEvent `json:"events"`
}

// DeliveryEvent is one event of a Delivery. Kind is "device.changed",
// "device.deleted" or "alert"; anything else is ignored.
type DeliveryEvent struct {
	Kind     string         `json:"kind"`
	DeviceID string         `json:"deviceId,omitempty"`
	Alert    *DeliveryAlert `json:"alert,omitempty"`
}

// DeliveryAlert is an alert event of a Delivery.
type DeliveryAlert struct {
	ID       string    `json:"id"`
	Series   string    `json:"series,omitempty"`
	DeviceID string    `json:"deviceId,omitempty"`
	Severity string    `json:"severity"`
	Class    string    `json:"class,omitempty"`
	Message  string    `json:"message,omitempty"`
	State    string    `json:"state"`
	At       time.Time `json:"at"`
}

// Alert converts the event to the contract's alert.
func (a DeliveryAlert) Alert() rmm.Alert {
	return rmm.Alert{ExternalID: a.ID, SeriesKey: a.Series, DeviceID: a.DeviceID, Severity: rmm.Severity(a.Severity),
		Class: a.Class, Source: "webhook", Message: a.Message, State: rmm.AlertState(a.State), OccurredAt: a.At}
}

// ParseWebhook implements rmm.Webhooks.
func (f *Full) ParseWebhook(header http.Header, body []byte) (rmm.Parsed, error) {
	var d Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return rmm.Parsed{}, fmt.Errorf("the body is not a test RMM delivery: %v", err)
	}
	out := rmm.Parsed{DeliveryID: d.ID}
	for _, e := range d.Events {
		switch {
		case e.Kind == "device.changed" && e.DeviceID != "":
			out.Events = append(out.Events, rmm.Event{Kind: rmm.EventDeviceChanged, DeviceID: e.DeviceID})
		case e.Kind == "device.deleted" && e.DeviceID != "":
			out.Events = append(out.Events, rmm.Event{Kind: rmm.EventDeviceDeleted, DeviceID: e.DeviceID})
		case e.Kind == "alert" && e.Alert != nil:
			out.Events = append(out.Events, rmm.Event{Kind: rmm.EventAlert, Alert: e.Alert.Alert()})
		default:
			out.Events = append(out.Events, rmm.Event{Kind: rmm.EventIgnored, Reason: "unknown event kind " + strconv.Quote(e.Kind)})
		}
	}
	return out, nil
}

// SetAlerts replaces the RMM's active alerts.
func (f *Full) SetAlerts(alerts ...rmm.Alert) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.alerts = alerts
}

// AlertCalls reports the acknowledgements and resolutions the RMM received,
// as "ack:<id>" and "resolve:<id>".
func (f *Full) AlertCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.alertCalls...)
}

// DeviceReads reports how many single devices were read.
func (f *Full) DeviceReads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.deviceReads
}

// ActiveAlerts implements rmm.AlertLister.
func (s *FullSession) ActiveAlerts(ctx context.Context) ([]rmm.Alert, error) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.p.err != nil {
		return nil, s.p.err
	}
	return append([]rmm.Alert(nil), s.p.alerts...), nil
}

// AcknowledgeAlert implements rmm.AlertAcknowledger.
func (s *FullSession) AcknowledgeAlert(ctx context.Context, externalID string) error {
	return s.alertCall("ack", externalID)
}

// ResolveAlert implements rmm.AlertResolver: the alert leaves the active list.
func (s *FullSession) ResolveAlert(ctx context.Context, externalID string) error {
	if err := s.alertCall("resolve", externalID); err != nil {
		return err
	}
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.alerts = slices.DeleteFunc(s.p.alerts, func(a rmm.Alert) bool { return a.ExternalID == externalID })
	return nil
}

func (s *FullSession) alertCall(kind, id string) error {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	if s.p.err != nil {
		return s.p.err
	}
	s.p.alertCalls = append(s.p.alertCalls, kind+":"+id)
	return nil
}
