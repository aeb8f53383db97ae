// Package tanium reads endpoint inventory from Tanium Gateway (GraphQL) for
// the sync pipeline: computer groups are the scopes, endpoints the devices.
package tanium

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium/internal/gateway"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
)

// ID is the provider id.
const ID = "tanium"

// Config keys.
const (
	keyGatewayURL    = "gatewayUrl"
	keyToken         = "apiToken"
	keyCABundle      = "caBundle"
	keyPageSize      = "pageSize"
	keyOnlineMinutes = "onlineWithinMinutes"
	keyOfflineHours  = "offlineAfterHours"
	keyAssetURL      = "assetApiUrl"
	keyAssetFallback = "assetApiFallback"
	keyMaxAnswerMiB  = "maxAnswerMiB"
)

// Provider is the Tanium provider.
type Provider struct {
	// Now is the clock for agent status; time.Now when nil.
	Now func() time.Time
	// HTTP overrides the HTTP client (tests).
	HTTP ClientOptions
}

var (
	_ providers.Opener[*Session] = (*Provider)(nil)
	_ rmm.Connector              = (*Session)(nil)
	_ rmm.ScopeDiscoverer        = (*Session)(nil)
	_ rmm.FullSyncer             = (*Session)(nil)
	_ rmm.IncrementalSyncer      = (*Session)(nil)
	_ rmm.AgedOutChecker         = (*Session)(nil)
)

// New returns the Tanium provider.
func New() *Provider { return &Provider{} }

// Info implements providers.Opener.
func (p *Provider) Info() providers.Info {
	return providers.Info{
		ID:          ID,
		DisplayName: "Tanium",
		Description: "Endpoint inventory from Tanium Gateway (GraphQL, Tanium Data Service). Computer groups map to clients.",
		// Inventory-grade hardware and OS data, read on the endpoint.
		LeadsFor: []string{"general", "hardware", "os"},
		ConfigFields: []providers.ConfigField{
			{Key: keyGatewayURL, Label: "Gateway URL", Kind: providers.FieldURL, Required: true, Connects: true, Placeholder: "https://acme-api.cloud.tanium.com",
				Help: "The API host (<tenant>-api.cloud.tanium.com) or your Tanium Server; the /plugin/products/gateway path is added."},
			{Key: keyToken, Label: "API token", Kind: providers.FieldSecret, Required: true, Connects: true, Placeholder: "token-…",
				Pattern: `token-\S+`, PatternHelp: "must be a Tanium API token, which starts with token-",
				Help: "An API token whose persona has the Gateway User role and management rights on the computer groups to sync."},
			{Key: keyCABundle, Label: "CA bundle (PEM)", Kind: providers.FieldText, Connects: true, Multiline: true, Advanced: true,
				Help: "Certificates of a private CA that signed an on-premises server's certificate."},
			{Key: keyPageSize, Label: "Page size", Kind: providers.FieldInt, Placeholder: "100", Default: "100", Min: providers.Bound(1), Max: providers.Bound(500), Advanced: true, Help: "Endpoints per Gateway request, 1 to 500 (default 100)."},
			{Key: keyMaxAnswerMiB, Label: "Largest answer (MiB)", Kind: providers.FieldInt, Placeholder: "8", Default: "8", Min: providers.Bound(1), Max: providers.Bound(256), Advanced: true,
				Help: "A Gateway answer larger than this fails the request, 1 to 256 (default 8); raise it only with a large page size."},
			{Key: keyOnlineMinutes, Label: "Online within (minutes)", Kind: providers.FieldInt, Placeholder: "60", Default: "60", Min: providers.Bound(1), Max: providers.Bound(10080), Advanced: true,
				Help: "An endpoint Tanium saw this recently is online (default 60)."},
			{Key: keyOfflineHours, Label: "Offline after (hours)", Kind: providers.FieldInt, Placeholder: "24", Default: "24", Min: providers.Bound(1), Max: providers.Bound(8760), Advanced: true,
				Help: "An endpoint not seen for this long is offline; in between it is overdue (default 24)."},
			{Key: keyAssetFallback, Label: "Confirm missing endpoints in the Asset API", Kind: providers.FieldBool, Default: "false",
				Help: "Tanium Data Service drops endpoints unseen for 30 days. When on, an endpoint missing from a full sync is looked up in the Asset API before it is retired: found there, it is kept with its agent offline."},
			{Key: keyAssetURL, Label: "Asset API URL", Kind: providers.FieldURL, Connects: true, SameHostAs: keyGatewayURL, Advanced: true,
				ShownWhen: &providers.Condition{Field: keyAssetFallback, Equals: "true"}, Placeholder: "https://acme-api.cloud.tanium.com/plugin/products/asset",
				Help: "Defaults to the Gateway host's /plugin/products/asset."},
		},
		InstanceURL: keyGatewayURL,
	}
}

// Session is one integration's connection to Tanium Gateway: its parsed
// configuration and one HTTP client for every call.
type Session struct {
	now           func() time.Time
	client        *Client
	pageSize      int
	th            Thresholds
	assetFallback bool
	assetBase     string
	opt           optional // optional blocks the Gateway refused
}

func intSetting(cfg rmm.Config, key string, def, lo, hi int) int {
	v, err := strconv.Atoi(strings.TrimSpace(cfg[key]))
	if err != nil {
		return def
	}
	return min(max(v, lo), hi)
}

// Open implements providers.Opener: it parses the configuration and builds
// the session's Gateway client.
func (p *Provider) Open(ctx context.Context, conn rmm.Connection) (*Session, error) {
	cfg := conn.Config
	endpoint, base, err := NormalizeGatewayURL(cfg[keyGatewayURL])
	if err != nil {
		return nil, err
	}
	assetBase := strings.TrimRight(strings.TrimSpace(cfg[keyAssetURL]), "/")
	if assetBase == "" {
		assetBase = base + "/plugin/products/asset"
	}
	fallback, _ := strconv.ParseBool(cfg[keyAssetFallback])
	for _, u := range []string{endpoint, assetBase} {
		if err := conn.Egress.CheckURL(u); err != nil {
			return nil, &rmm.Error{Kind: rmm.ErrConfig, Message: "tanium: " + rest.EgressReason(err), Err: err}
		}
	}
	o := p.HTTP
	o.Endpoint, o.Token, o.CABundle, o.Egress = endpoint, strings.TrimSpace(cfg[keyToken]), cfg[keyCABundle], conn.Egress
	if _, set := cfg[keyMaxAnswerMiB]; set {
		o.MaxResponseBytes = int64(intSetting(cfg, keyMaxAnswerMiB, 8, 1, 256)) << 20
	}
	c, err := NewClient(o)
	if err != nil {
		return nil, err
	}
	return &Session{
		now:           p.now,
		client:        c,
		pageSize:      intSetting(cfg, keyPageSize, 100, 1, 500),
		assetFallback: fallback,
		assetBase:     assetBase,
		th: Thresholds{
			Online:  time.Duration(intSetting(cfg, keyOnlineMinutes, 60, 1, 7*24*60)) * time.Minute,
			Offline: time.Duration(intSetting(cfg, keyOfflineHours, 24, 1, 90*24)) * time.Hour,
		},
	}, nil
}

func (p *Provider) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Close implements rmm.Session.
func (s *Session) Close() { s.client.http.CloseIdleConnections() }

// Verify implements rmm.Connector with one cheap query.
func (s *Session) Verify(ctx context.Context) error {
	resp, err := gateway.Probe(ctx, s.client)
	if err != nil {
		return err
	}
	if resp.ComputerGroups == nil {
		return rmm.Errorf(rmm.ErrBadResponse, "tanium: the Gateway answered the check without computer groups: check that the URL is the Gateway (the API host, <tenant>-api.cloud.tanium.com) and that the token's persona has the Gateway User role")
	}
	return nil
}

// Scopes implements rmm.ScopeDiscoverer: every computer group the
// token's persona can see.
func (s *Session) Scopes(ctx context.Context) ([]rmm.Scope, error) {
	var out []rmm.Scope
	var after *string
	for page := 0; ; page++ {
		resp, err := gateway.ComputerGroups(ctx, s.client, 100, after)
		if err != nil {
			return nil, err
		}
		conn := resp.ComputerGroups
		if conn == nil {
			return nil, rmm.Errorf(rmm.ErrBadResponse, "tanium: the Gateway returned no computer groups connection")
		}
		for _, e := range conn.Edges {
			g := e.Node
			meta := map[string]any{"kind": "computer_group", "groupType": string(g.Type), "managementRightsEnabled": g.ManagementRightsEnabled}
			if g.ContentSet != nil && g.ContentSet.Name != nil {
				meta["contentSet"] = *g.ContentSet.Name
			}
			out = append(out, rmm.Scope{ExternalID: g.Id, Name: g.Name, Kind: rmm.ScopeGroup, Metadata: meta})
		}
		if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == nil || len(conn.Edges) == 0 {
			return out, nil
		}
		after = conn.PageInfo.EndCursor
	}
}

// ListDevices implements rmm.FullSyncer: the group's endpoints.
func (s *Session) ListDevices(ctx context.Context, scopeID string, emit rmm.Emit) error {
	id := scopeID
	return s.list(ctx, scopeID, &gateway.EndpointFieldFilter{MemberOf: &gateway.EndpointFieldFilterComputerGroup{Id: &id}}, emit)
}

// ListChangedDevices implements rmm.IncrementalSyncer: the group's
// endpoints seen since a time.
func (s *Session) ListChangedDevices(ctx context.Context, scopeID string, since time.Time, emit rmm.Emit) error {
	id, path, value := scopeID, "eidLastSeen", since.UTC().Format(time.RFC3339)
	filter := &gateway.EndpointFieldFilter{Filters: []gateway.EndpointFieldFilter{
		{MemberOf: &gateway.EndpointFieldFilterComputerGroup{Id: &id}},
		{Path: &path, Op: gateway.FieldFilterOpGt, Value: &value},
	}}
	return s.list(ctx, scopeID, filter, emit)
}

// maxRestarts bounds how often one listing restarts after its cursor expired.
const maxRestarts = 3

// list pages through endpoints. An expired cursor restarts the walk; the
// endpoints already emitted are not emitted again.
func (s *Session) list(ctx context.Context, scope string, filter *gateway.EndpointFieldFilter, emit rmm.Emit) error {
	var emitted map[string]struct{} // only kept once a restart has happened
	var sent []string
	restarts := 0
	var after *string
	for {
		resp, err := gateway.Endpoints(ctx, s.client, s.pageSize, after, filter)
		if errors.Is(err, ErrCursorExpired) && restarts < maxRestarts {
			restarts++
			if emitted == nil {
				emitted = make(map[string]struct{}, len(sent))
				for _, id := range sent {
					emitted[id] = struct{}{}
				}
			}
			after = nil
			continue
		}
		if err != nil {
			return err
		}
		conn := resp.Endpoints
		if conn == nil {
			return rmm.Errorf(rmm.ErrBadResponse, "tanium: the Gateway returned no endpoints connection for group %s", scope)
		}
		now := s.now()
		page := make([]rmm.Device, 0, len(conn.Edges))
		for i := range conn.Edges {
			e := &conn.Edges[i].Node
			if emitted != nil {
				if _, dup := emitted[e.Id]; dup {
					continue
				}
				emitted[e.Id] = struct{}{}
			} else {
				sent = append(sent, e.Id)
			}
			page = append(page, device(e, scope, now, s.th))
		}
		if len(page) > 0 {
			x := s.extras(ctx, after, filter)
			for i := range page {
				x.apply(page[i].ExternalID, &page[i])
			}
		}
		if len(page) > 0 {
			if err := emit(ctx, page); err != nil {
				return err
			}
		}
		if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == nil || len(conn.Edges) == 0 {
			return nil
		}
		after = conn.PageInfo.EndCursor
	}
}

// StillExists implements rmm.AgedOutChecker through the Asset REST
// API: a missing endpoint whose Tanium computer id the Asset API still
// lists is aged out of TDS, not gone. With the fallback off it confirms
// nothing, so missing endpoints retire as usual.
func (s *Session) StillExists(ctx context.Context, devices []rmm.KnownDevice) (map[string]bool, error) {
	if !s.assetFallback || len(devices) == 0 {
		return map[string]bool{}, nil
	}
	byComputer := map[string]string{}
	for _, d := range devices {
		if id := d.Identifiers.SourceID; id != "" {
			byComputer[id] = d.ExternalID
		}
	}
	found := map[string]bool{}
	next := 1
	for range 100000 { // bounded: at most 100,000 pages
		var page struct {
			Data []struct {
				ComputerID string `json:"computer_id"`
			} `json:"data"`
			Meta struct {
				NextAssetID int  `json:"nextAssetId"`
				EndOfReader bool `json:"endOfReader"`
			} `json:"meta"`
		}
		u := s.assetBase + "/v1/assets?limit=200&minimumAssetId=" + strconv.Itoa(next)
		if err := s.client.GetJSON(ctx, u, &page); err != nil {
			return nil, err
		}
		for _, row := range page.Data {
			if eid, ok := byComputer[row.ComputerID]; ok {
				found[eid] = true
			}
		}
		if page.Meta.EndOfReader || len(page.Data) == 0 || page.Meta.NextAssetID <= next || len(found) == len(byComputer) {
			return found, nil
		}
		next = page.Meta.NextAssetID
	}
	return found, nil
}

// NewFake implements providers.Faker with the fake Gateway: a synthetic
// estate with the quirks of real responses.
func (p *Provider) NewFake(devices, scopes int) providers.Fake {
	est := taniumfake.NewEstate(devices, scopes, time.Now())
	f := taniumfake.New(est)
	last := len(est.Endpoints)
	return providers.Fake{
		Handler: f.Handler(),
		Config: func(baseURL string) (map[string]string, map[string]string) {
			return map[string]string{keyGatewayURL: baseURL, keyAssetFallback: "true"}, map[string]string{keyToken: taniumfake.Token}
		},
		Remove: func() string {
			last--
			est.Remove(last)
			return fmt.Sprint(est.Endpoints[last]["id"])
		},
		Break: func(broken bool) {
			if broken {
				f.Inject(taniumfake.FaultUnavailable, -1)
			} else {
				f.Inject(taniumfake.FaultNone, 0)
			}
		},
	}
}
