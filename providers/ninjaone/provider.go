// Package ninjaone is the NinjaOne RMM provider: OAuth (client credentials
// or authorization code), organizations as scopes, devices with health,
// antivirus and patch data from bulk reports, webhooks and alerts. Facts:
// ninjaone.md and ninjaone-openapi.yaml in the shared reference.
package ninjaone

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// ID is the provider id.
const ID = "ninjaone"

var (
	_ rmm.Connector         = (*Session)(nil)
	_ rmm.ScopeDiscoverer   = (*Session)(nil)
	_ rmm.FullSyncer        = (*Session)(nil)
	_ rmm.IncrementalSyncer = (*Session)(nil)
	_ rmm.DeviceFetcher     = (*Session)(nil)
	_ rmm.AlertLister       = (*Session)(nil)
	_ rmm.AlertResolver     = (*Session)(nil)
	_ rmm.WebhookRegistrar  = (*Session)(nil)
	_ rmm.Webhooks          = (*Provider)(nil)
	_ rmm.OAuth             = (*Provider)(nil)

	_ providers.Opener[*Session] = (*Provider)(nil)
)

// Provider opens NinjaOne sessions.
type Provider struct {
	// HTTP tunes the API client (tests shorten its backoff).
	HTTP rest.Options
	// Now is the clock agent status is judged by (tests fix it).
	Now func() time.Time
}

// New returns the provider.
func New() *Provider { return &Provider{} }

// Info implements providers.Opener.
func (p *Provider) Info() providers.Info {
	regions := []providers.Option{{Value: "US", Label: "US (app.ninjarmm.com)"}, {Value: "US2", Label: "US2 (us2.ninjarmm.com)"},
		{Value: "EU", Label: "EU (eu.ninjarmm.com)"}, {Value: "CA", Label: "Canada (ca.ninjarmm.com)"}, {Value: "OC", Label: "Oceania (oc.ninjarmm.com)"}}
	return providers.Info{
		ID:          ID,
		DisplayName: "NinjaOne",
		Description: "NinjaOne RMM over its public API v2: organizations, devices with health and patch data, alerts and webhooks.",
		// The agent, its user and the patch and antivirus state it manages.
		LeadsFor: []string{"user", "agent", "patching", "security"},
		ConfigFields: []providers.ConfigField{
			{Key: "region", Label: "Region", Kind: providers.FieldEnum, Connects: true, Options: regions, Default: "US",
				Help: "The NinjaOne region your console runs in; ignored when an instance URL is set."},
			{Key: "instanceUrl", Label: "Instance URL", Kind: providers.FieldURL, Connects: true, Placeholder: "https://eu.ninjarmm.com", Advanced: true,
				Help: "Only for an instance outside the listed regions."},
			{Key: "clientId", Label: "Client ID", Kind: providers.FieldText, Required: true, Connects: true,
				Help: "Administration → Apps → API → Client App IDs."},
			{Key: "clientSecret", Label: "Client secret", Kind: providers.FieldSecret, Required: true, Connects: true, Help: "Shown once when the client app is made."},
			{Key: "authMode", Label: "Authorization", Kind: providers.FieldEnum, Connects: true, Default: AuthClientCredentials,
				Options: []providers.Option{{Value: AuthClientCredentials, Label: "Client credentials (API Services app)"}, {Value: AuthCode, Label: "Authorization code (Web app, signs in as a user)"}},
				Help:    "Client credentials needs no browser; authorization code signs in as a NinjaOne user (needed to register webhooks as a system administrator)."},
			{Key: "pageSize", Label: "Page size", Kind: providers.FieldInt, Help: "Devices per request (default 250).", Default: "250",
				Min: providers.Bound(1), Max: providers.Bound(1000), Advanced: true},
		},
		InstanceURL: "instanceUrl",
		InstanceURLOf: func(v map[string]string) string {
			base, err := NormalizeBaseURL(v["region"], v["instanceUrl"])
			if err != nil {
				return v["instanceUrl"]
			}
			return base
		},
		// NinjaOne has no changed-since filter: incremental listings compare
		// last contact and last update, whose clocks may lag a little.
		IncrementalMargin: 15 * time.Minute,
	}
}

// Open implements providers.Opener.
func (p *Provider) Open(ctx context.Context, c rmm.Connection) (*Session, error) {
	cl, err := newClient(c, p.HTTP)
	if err != nil {
		return nil, err
	}
	// 250 a page keeps a sync's memory flat as the estate grows (bigger
	// pages raise the peak: pages wait in the pipeline's queue) at about 12
	// requests per 1,000 devices.
	size := 250
	if n, err := strconv.Atoi(c.Config["pageSize"]); err == nil && n > 0 {
		size = min(n, 1000)
	}
	now := p.Now
	if now == nil {
		now = time.Now
	}
	return &Session{c: cl, pageSize: size, now: now}, nil
}

// Session is one integration's NinjaOne connection.
type Session struct {
	c        *client
	pageSize int
	now      func() time.Time

	mu        sync.Mutex
	locations map[int64]string
	locAt     time.Time
}

// Close implements rmm.Session.
func (s *Session) Close() {}

// Calls reports how many HTTP requests the session made.
func (s *Session) Calls() int64 { return s.c.calls.Load() }

// Verify implements rmm.Connector with one cheap authenticated call.
func (s *Session) Verify(ctx context.Context) error {
	var orgs []organization
	return s.c.get(ctx, "/v2/organizations", url.Values{"pageSize": {"1"}}, &orgs)
}

type organization struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

type location struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	OrganizationID int64  `json:"organizationId"`
}

// Scopes implements rmm.ScopeDiscoverer: every organization.
func (s *Session) Scopes(ctx context.Context) ([]rmm.Scope, error) {
	var out []rmm.Scope
	err := pages(ctx, s, "/v2/organizations", nil, func(o organization) int64 { return o.ID }, func(page []organization) error {
		for _, o := range page {
			sc := rmm.Scope{ExternalID: strconv.FormatInt(o.ID, 10), Name: o.Name, Kind: rmm.ScopeOrganization}
			if o.Description != "" {
				sc.Metadata = map[string]any{"description": o.Description}
			}
			out = append(out, sc)
		}
		return nil
	})
	return out, err
}

// pages walks a bare-array listing paged by the last id (`after`), until a
// page shorter than the page size.
func pages[T any](ctx context.Context, s *Session, path string, q url.Values, id func(T) int64, each func([]T) error) error {
	if q == nil {
		q = url.Values{}
	}
	q.Set("pageSize", strconv.Itoa(s.pageSize))
	q.Del("after")
	for {
		var page []T
		if err := s.c.get(ctx, path, q, &page); err != nil {
			return err
		}
		if len(page) > 0 {
			if err := each(page); err != nil {
				return err
			}
		}
		if len(page) < s.pageSize {
			return nil
		}
		last := id(page[len(page)-1])
		if prev := q.Get("after"); prev == strconv.FormatInt(last, 10) {
			return rmm.Errorf(rmm.ErrBadResponse, "ninjaone: %s returned the same page twice: paging does not advance", path)
		}
		q.Set("after", strconv.FormatInt(last, 10))
	}
}

// locationNames maps location ids to names, read once per 10 minutes.
func (s *Session) locationNames(ctx context.Context) (map[int64]string, error) {
	s.mu.Lock()
	if s.locations != nil && time.Since(s.locAt) < 10*time.Minute {
		defer s.mu.Unlock()
		return s.locations, nil
	}
	s.mu.Unlock()
	names := map[int64]string{}
	err := pages(ctx, s, "/v2/locations", nil, func(l location) int64 { return l.ID }, func(page []location) error {
		for _, l := range page {
			names[l.ID] = l.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.locations, s.locAt = names, time.Now()
	s.mu.Unlock()
	return names, nil
}

// ListDevices implements rmm.FullSyncer: the organization's devices, page
// by page, each page with its bulk reports.
func (s *Session) ListDevices(ctx context.Context, scopeID string, emit rmm.Emit) error {
	return s.list(ctx, scopeID, func(device) bool { return true }, emit)
}

// ListChangedDevices implements rmm.IncrementalSyncer. NinjaOne has no
// changed-since filter: the listing is read whole, and only devices whose
// last contact or last update is after since are emitted (and have their
// reports read).
func (s *Session) ListChangedDevices(ctx context.Context, scopeID string, since time.Time, emit rmm.Emit) error {
	return s.list(ctx, scopeID, func(d device) bool {
		for _, v := range []*float64{d.LastContact, d.LastUpdate} {
			if t, ok := epochSeconds(v); ok && !t.Before(since) {
				return true
			}
		}
		return false
	}, emit)
}

func (s *Session) list(ctx context.Context, scopeID string, keep func(device) bool, emit rmm.Emit) error {
	org, err := strconv.ParseInt(scopeID, 10, 64)
	if err != nil {
		return rmm.Errorf(rmm.ErrNotFound, "ninjaone: %q is not an organization id", scopeID)
	}
	locations, err := s.locationNames(ctx)
	if err != nil {
		return err
	}
	q := url.Values{"df": {"org eq " + strconv.FormatInt(org, 10)}}
	return pages(ctx, s, "/v2/devices-detailed", q, func(d device) int64 { return d.ID }, func(page []device) error {
		kept := page[:0:0]
		for _, d := range page {
			if keep(d) {
				kept = append(kept, d)
			}
		}
		if len(kept) == 0 {
			return nil
		}
		r, err := s.reports(ctx, kept)
		if err != nil {
			return err
		}
		r.locations = locations
		now := s.now()
		out := make([]rmm.Device, len(kept))
		for i, d := range kept {
			out[i] = toDevice(d, r, now)
		}
		return emit(ctx, out)
	})
}

// reports reads the device-health and antivirus-status rows of devices:
// two report walks per page of devices, never one call per device.
func (s *Session) reports(ctx context.Context, ds []device) (reports, error) {
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	r := reports{health: map[int64]health{}, antivirus: map[int64]antivirus{}}
	df := deviceIDs(ids)
	// A page one row larger than the devices asked about holds every row
	// of a device-level report in one answer.
	size := len(ids) + 1
	if err := report(ctx, s, "/v2/queries/device-health", df, size, func(h health) { r.health[h.DeviceID] = h }); err != nil {
		return r, err
	}
	err := report(ctx, s, "/v2/queries/antivirus-status", df, size, func(a antivirus) { r.antivirus[a.DeviceID] = a })
	return r, err
}

// report walks a report with its named cursor.
func report[T any](ctx context.Context, s *Session, path, df string, size int, each func(T)) error {
	q := url.Values{"df": {df}, "pageSize": {strconv.Itoa(size)}}
	for range 10000 {
		var page struct {
			Cursor *struct {
				Name string `json:"name"`
			} `json:"cursor"`
			Results []T `json:"results"`
		}
		if err := s.c.get(ctx, path, q, &page); err != nil {
			return err
		}
		for _, row := range page.Results {
			each(row)
		}
		if len(page.Results) < size || page.Cursor == nil || page.Cursor.Name == "" {
			return nil
		}
		q.Set("cursor", page.Cursor.Name)
	}
	return rmm.Errorf(rmm.ErrBadResponse, "ninjaone: the report %s does not end", path)
}

// Device implements rmm.DeviceFetcher.
func (s *Session) Device(ctx context.Context, externalID string) (rmm.Device, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(externalID), 10, 64)
	if err != nil {
		return rmm.Device{}, rmm.Errorf(rmm.ErrNotFound, "ninjaone: %q is not a device id", externalID)
	}
	var d device
	if err := s.c.get(ctx, "/v2/device/"+strconv.FormatInt(id, 10), nil, &d); err != nil {
		return rmm.Device{}, err
	}
	if d.ID == 0 {
		return rmm.Device{}, rmm.Errorf(rmm.ErrNotFound, "ninjaone: no device %d", id)
	}
	r, err := s.reports(ctx, []device{d})
	if err != nil {
		return rmm.Device{}, err
	}
	if r.locations, err = s.locationNames(ctx); err != nil {
		return rmm.Device{}, err
	}
	return toDevice(d, r, s.now()), nil
}

// NewFake implements providers.Faker: a fake NinjaOne with about devices
// devices in scopes organizations, signed in by client credentials.
func (p *Provider) NewFake(devices, scopes int) providers.Fake {
	f := ninjafake.New(devices, scopes)
	last := int64(devices) + 1
	return providers.Fake{
		Handler: f.Handler(),
		Config: func(baseURL string) (map[string]string, map[string]string) {
			return map[string]string{"instanceUrl": baseURL, "clientId": ninjafake.ClientID, "authMode": AuthClientCredentials},
				map[string]string{"clientSecret": ninjafake.ClientSecret}
		},
		Remove: func() string {
			last--
			f.Delete(last)
			return strconv.FormatInt(last, 10)
		},
		Break: func(broken bool) {
			if broken {
				f.Inject(ninjafake.Fault500, -1)
			} else {
				f.Inject(ninjafake.FaultNone, 0)
			}
		},
		Deliver: func(url, header, secret string) error {
			return ninjafake.Post(url, map[string]string{header: secret}, map[string]any{"id": time.Now().UnixNano(), "activityTime": float64(time.Now().Unix()),
				"deviceId": 1, "activityType": "SYSTEM", "statusCode": "NODE_UPDATED"})
		},
	}
}
