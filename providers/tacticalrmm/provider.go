// Package tacticalrmm is the Tactical RMM provider: clients (with their
// sites) as scopes, agents over the paginated beta API when the server
// offers it and the classic full listing otherwise, alerts by URL-action
// webhooks and polling. Facts: tacticalrmm.md in the shared reference.
package tacticalrmm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tacticalrmm/tacticalfake"
)

// ID is the provider id.
const ID = "tacticalrmm"

var (
	_ rmm.Connector         = (*Session)(nil)
	_ rmm.ScopeDiscoverer   = (*Session)(nil)
	_ rmm.FullSyncer        = (*Session)(nil)
	_ rmm.IncrementalSyncer = (*Session)(nil)
	_ rmm.DeviceFetcher     = (*Session)(nil)
	_ rmm.AlertLister       = (*Session)(nil)
	_ rmm.AlertResolver     = (*Session)(nil)
	_ rmm.Webhooks          = (*Provider)(nil)
	_ rmm.WebhookTemplate   = (*Provider)(nil)

	_ providers.Opener[*Session] = (*Provider)(nil)
)

// Provider opens Tactical RMM sessions.
type Provider struct {
	// HTTP tunes the API client (tests shorten its backoff).
	HTTP rest.Options
	// Now is the clock agent status is computed with (tests fix it).
	Now func() time.Time
}

// New returns the provider.
func New() *Provider { return &Provider{} }

// Info implements providers.Opener.
func (p *Provider) Info() providers.Info {
	return providers.Info{
		ID:          ID,
		DisplayName: "Tactical RMM",
		Description: "Self-hosted Tactical RMM over its REST API: clients and sites, agents, alerts by URL-action webhooks.",
		ConfigFields: []providers.ConfigField{
			{Key: "apiUrl", Label: "API URL", Kind: providers.FieldURL, Required: true, Connects: true, Placeholder: "https://api.example.com",
				Help: "The API host (usually api.<your domain>), not the dashboard (rmm.<your domain>)."},
			{Key: "apiKey", Label: "API key", Kind: providers.FieldSecret, Required: true, Connects: true,
				Pattern: `[A-Z0-9]{32,48}`, PatternHelp: "must be the 32-character key from Settings → Global Settings → API Keys",
				Help: "Settings → Global Settings → API Keys; the key's user needs to view clients, agents and alerts."},
			{Key: "pageSize", Label: "Page size", Kind: providers.FieldInt, Help: "Agents per page of the beta API (default 200, at most 1000).",
				Default: "200", Min: providers.Bound(1), Max: providers.Bound(1000), Advanced: true},
		},
		InstanceURL: "apiUrl",
		InstanceURLOf: func(v map[string]string) string {
			base, err := NormalizeURL(v["apiUrl"])
			if err != nil {
				return v["apiUrl"]
			}
			return base
		},
	}
}

// Open implements providers.Opener.
func (p *Provider) Open(ctx context.Context, c rmm.Connection) (*Session, error) {
	cl, err := newClient(c, p.HTTP)
	if err != nil {
		return nil, err
	}
	size := 200
	if n, err := strconv.Atoi(c.Config["pageSize"]); err == nil && n > 0 {
		size = min(n, 1000)
	}
	now := p.Now
	if now == nil {
		now = time.Now
	}
	return &Session{c: cl, pageSize: size, now: now}, nil
}

// Session is one integration's Tactical RMM connection.
type Session struct {
	c        *client
	pageSize int
	now      func() time.Time

	mu     sync.Mutex
	sites  map[int64]site
	siteAt time.Time
	beta   *bool // whether the server offers the beta API, once known
}

// Close implements rmm.Session.
func (s *Session) Close() {}

// Calls reports how many HTTP requests the session made.
func (s *Session) Calls() int64 { return s.c.calls.Load() }

type clientJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Sites []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"sites"`
}

// Verify implements rmm.Connector: the client list is the cheapest call
// that proves the host is the API and the key is accepted.
func (s *Session) Verify(ctx context.Context) error {
	_, err := s.clients(ctx)
	return err
}

func (s *Session) clients(ctx context.Context) ([]clientJSON, error) {
	var out []clientJSON
	if err := s.c.call(ctx, http.MethodGet, "/clients/", nil, nil, &out); err != nil {
		return nil, err
	}
	sites := map[int64]site{}
	for _, c := range out {
		for _, st := range c.Sites {
			sites[st.ID] = site{Client: c.ID, Name: st.Name}
		}
	}
	s.mu.Lock()
	s.sites, s.siteAt = sites, time.Now()
	s.mu.Unlock()
	return out, nil
}

// siteMap is every site's client and name, read at most every 10 minutes.
func (s *Session) siteMap(ctx context.Context) (map[int64]site, error) {
	s.mu.Lock()
	if s.sites != nil && time.Since(s.siteAt) < 10*time.Minute {
		defer s.mu.Unlock()
		return s.sites, nil
	}
	s.mu.Unlock()
	if _, err := s.clients(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sites, nil
}

// Scopes implements rmm.ScopeDiscoverer: clients; their sites are kept
// as metadata and become the agents' locations.
func (s *Session) Scopes(ctx context.Context) ([]rmm.Scope, error) {
	cs, err := s.clients(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]rmm.Scope, 0, len(cs))
	for _, c := range cs {
		names := make([]string, 0, len(c.Sites))
		for _, st := range c.Sites {
			names = append(names, st.Name)
		}
		out = append(out, rmm.Scope{ExternalID: strconv.FormatInt(c.ID, 10), Name: c.Name, Kind: rmm.ScopeOrganization,
			Metadata: map[string]any{"sites": names}})
	}
	return out, nil
}

// ListDevices implements rmm.FullSyncer.
func (s *Session) ListDevices(ctx context.Context, scopeID string, emit rmm.Emit) error {
	return s.list(ctx, scopeID, time.Time{}, emit)
}

// ListChangedDevices implements rmm.IncrementalSyncer: the beta API
// filters by last seen on the server; the classic listing is read whole
// and filtered here (it has no filter), which costs the same transfer as a
// full listing but writes only the changed agents.
func (s *Session) ListChangedDevices(ctx context.Context, scopeID string, since time.Time, emit rmm.Emit) error {
	return s.list(ctx, scopeID, since, emit)
}

func (s *Session) list(ctx context.Context, scopeID string, since time.Time, emit rmm.Emit) error {
	client, err := strconv.ParseInt(scopeID, 10, 64)
	if err != nil {
		return rmm.Errorf(rmm.ErrNotFound, "tacticalrmm: %q is not a client id", scopeID)
	}
	sites, err := s.siteMap(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	beta := s.beta
	s.mu.Unlock()
	if beta == nil || *beta {
		err := s.listBeta(ctx, client, since, sites, emit)
		if !errors.Is(err, errBetaMissing) {
			if beta == nil && err == nil {
				s.remember(true)
			}
			return err
		}
		s.remember(false)
	}
	return s.listClassic(ctx, client, since, sites, emit)
}

func (s *Session) remember(beta bool) {
	s.mu.Lock()
	s.beta = &beta
	s.mu.Unlock()
}

// Beta reports whether the session found the beta API (nil: not yet known).
func (s *Session) Beta() *bool { s.mu.Lock(); defer s.mu.Unlock(); return s.beta }

// listBeta walks /beta/v1/agent/ for one client, page by page.
func (s *Session) listBeta(ctx context.Context, client int64, since time.Time, sites map[int64]site, emit rmm.Emit) error {
	q := url.Values{"client_id": {strconv.FormatInt(client, 10)}, "page_size": {strconv.Itoa(s.pageSize)}, "ordering": {"id"}}
	if !since.IsZero() {
		q.Set("last_seen_range_after", since.UTC().Format(time.RFC3339))
	}
	for page := 1; page < 100000; page++ {
		q.Set("page", strconv.Itoa(page))
		var ans struct {
			Count   int     `json:"count"`
			Next    *string `json:"next"`
			Results []agent `json:"results"`
		}
		if err := s.c.call(ctx, http.MethodGet, "/beta/v1/agent/", q, nil, &ans); err != nil {
			return err
		}
		if err := s.emit(ctx, ans.Results, client, sites, emit); err != nil {
			return err
		}
		if ans.Next == nil || len(ans.Results) == 0 {
			return nil
		}
	}
	return rmm.Errorf(rmm.ErrBadResponse, "tacticalrmm: the beta agent listing does not end")
}

// listClassic reads /agents/?client= whole (it has no paging) and emits it
// in pages.
func (s *Session) listClassic(ctx context.Context, client int64, since time.Time, sites map[int64]site, emit rmm.Emit) error {
	var all []agent
	if err := s.c.call(ctx, http.MethodGet, "/agents/", url.Values{"client": {strconv.FormatInt(client, 10)}}, nil, &all); err != nil {
		return err
	}
	if !since.IsZero() {
		kept := all[:0]
		for _, a := range all {
			if t, ok := parseTime(a.LastSeen); ok && !t.Before(since) {
				kept = append(kept, a)
			}
		}
		all = kept
	}
	for start := 0; start < len(all); start += s.pageSize {
		if err := s.emit(ctx, all[start:min(start+s.pageSize, len(all))], client, sites, emit); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) emit(ctx context.Context, page []agent, client int64, sites map[int64]site, emit rmm.Emit) error {
	if len(page) == 0 {
		return nil
	}
	now := s.now()
	out := make([]rmm.Device, 0, len(page))
	for _, a := range page {
		d := toDevice(a, sites, now)
		if d.ScopeID == "" {
			d.ScopeID = strconv.FormatInt(client, 10) // the classic list names the site, not its id
		}
		out = append(out, d)
	}
	return emit(ctx, out)
}

// Device implements rmm.DeviceFetcher with the classic detail route, which
// takes the agent_id (the beta route wants the integer pk).
func (s *Session) Device(ctx context.Context, externalID string) (rmm.Device, error) {
	if len(externalID) < 21 {
		return rmm.Device{}, rmm.Errorf(rmm.ErrNotFound, "tacticalrmm: %q is not an agent id", externalID)
	}
	sites, err := s.siteMap(ctx)
	if err != nil {
		return rmm.Device{}, err
	}
	var a agent
	if err := s.c.call(ctx, http.MethodGet, "/agents/"+url.PathEscape(externalID)+"/", nil, nil, &a); err != nil {
		return rmm.Device{}, err
	}
	if a.AgentID == "" {
		a.AgentID = externalID
	}
	return toDevice(a, sites, s.now()), nil
}

// NewFake implements providers.Faker.
func (p *Provider) NewFake(devices, scopes int) providers.Fake {
	f := tacticalfake.New(devices, scopes)
	last := devices
	return providers.Fake{
		Handler: f.Handler(),
		Config: func(baseURL string) (map[string]string, map[string]string) {
			return map[string]string{"apiUrl": baseURL}, map[string]string{"apiKey": tacticalfake.Key}
		},
		Remove: func() string {
			last--
			f.Delete(last)
			return tacticalfake.AgentID(last)
		},
		Break: func(broken bool) {
			if broken {
				f.Inject(tacticalfake.Fault500, -1)
			} else {
				f.Inject(tacticalfake.FaultNone, 0)
			}
		},
		Deliver: func(url, header, secret string) error {
			code, err := tacticalfake.Fire(url, map[string]string{header: secret}, "trigger", tacticalfake.Alert{ID: time.Now().UnixNano() % 1e9,
				AgentID: tacticalfake.AgentID(1), AlertType: "availability", Severity: "error", Message: "PC-00001 is overdue",
				AlertTime: time.Now().UTC().Format(time.RFC3339Nano), Hostname: "PC-00001"})
			if err == nil && code != http.StatusOK {
				err = fmt.Errorf("the receiver answered HTTP %d", code)
			}
			return err
		},
	}
}
