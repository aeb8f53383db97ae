package tanium

import (
	"context"
	"errors"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium/internal/gateway"
)

// An optional block is a part of an endpoint that older or smaller
// Gateways may lack: a module that is not licensed, a sensor that does not
// exist. A Gateway refuses a whole query that asks for one it lacks, so
// blocks are fetched apart from the listing, a page at a time: their
// absence leaves their fields not supplied (stored values stay) instead of
// failing the run.
type block int

const (
	blockApps     block = iota // installedApplications
	blockReboot                // the "Last Reboot" sensor
	blockDiscover              // discover.natIpAddress (Discover module)
	blockRisk                  // risk (Risk module)
	blocks
)

// refusedFor is how long a Gateway that refused a block is not asked for it
// again; a transient error that looked like a refusal heals after it.
const refusedFor = time.Hour

// optional remembers, per session, the blocks the Gateway refused.
type optional struct {
	mu      sync.Mutex
	refused [blocks]time.Time // until when
}

// extras are a page's optional blocks by endpoint id; an id missing from a
// map has that block not supplied.
type extras struct {
	apps     map[string][]gateway.InstalledApplication
	reboot   map[string]gateway.SensorReadings
	discover map[string]*gateway.Discover
	risk     map[string]*gateway.Risk
}

func newExtras() extras {
	return extras{apps: map[string][]gateway.InstalledApplication{}, reboot: map[string]gateway.SensorReadings{},
		discover: map[string]*gateway.Discover{}, risk: map[string]*gateway.Risk{}}
}

// refusal is an answer that says the Gateway does not serve what the
// query asks for (an unknown field, a sensor or module error), as opposed
// to a transient failure.
func refusal(err error) bool {
	var re *rmm.Error
	return errors.As(err, &re) && re.Kind == rmm.ErrBadResponse && !errors.Is(err, ErrCursorExpired)
}

// extras fetches the optional blocks of the page the listing just read
// (same first, after and filter): all in one query while the Gateway
// serves them all, else one query per block it still serves.
func (s *Session) extras(ctx context.Context, after *string, filter *gateway.EndpointFieldFilter) extras {
	x := newExtras()
	now := s.now()
	s.opt.mu.Lock()
	var want []block
	for b := range blocks {
		if now.After(s.opt.refused[b]) {
			want = append(want, b)
		}
	}
	s.opt.mu.Unlock()
	if len(want) == int(blocks) {
		resp, err := gateway.EndpointExtras(ctx, s.client, s.pageSize, after, filter)
		if err == nil && resp.Endpoints != nil {
			for _, e := range resp.Endpoints.Edges {
				n := e.Node
				x.apps[n.Id], x.reboot[n.Id], x.discover[n.Id], x.risk[n.Id] = n.InstalledApplications, n.SensorReadings, n.Discover, n.Risk
			}
			return x
		}
		if !refusal(err) {
			return x // transient: this page's optional fields stay as stored
		}
	}
	for _, b := range want {
		if err := s.fetchBlock(ctx, b, after, filter, x); refusal(err) {
			s.opt.mu.Lock()
			s.opt.refused[b] = now.Add(refusedFor)
			s.opt.mu.Unlock()
		}
	}
	return x
}

func (s *Session) fetchBlock(ctx context.Context, b block, after *string, filter *gateway.EndpointFieldFilter, x extras) error {
	switch b {
	case blockApps:
		resp, err := gateway.EndpointApps(ctx, s.client, s.pageSize, after, filter)
		if err != nil || resp.Endpoints == nil {
			return err
		}
		for _, e := range resp.Endpoints.Edges {
			x.apps[e.Node.Id] = e.Node.InstalledApplications
		}
	case blockReboot:
		resp, err := gateway.EndpointLastReboot(ctx, s.client, s.pageSize, after, filter)
		if err != nil || resp.Endpoints == nil {
			return err
		}
		for _, e := range resp.Endpoints.Edges {
			x.reboot[e.Node.Id] = e.Node.SensorReadings
		}
	case blockDiscover:
		resp, err := gateway.EndpointDiscover(ctx, s.client, s.pageSize, after, filter)
		if err != nil || resp.Endpoints == nil {
			return err
		}
		for _, e := range resp.Endpoints.Edges {
			x.discover[e.Node.Id] = e.Node.Discover
		}
	case blockRisk:
		resp, err := gateway.EndpointRisk(ctx, s.client, s.pageSize, after, filter)
		if err != nil || resp.Endpoints == nil {
			return err
		}
		for _, e := range resp.Endpoints.Edges {
			x.risk[e.Node.Id] = e.Node.Risk
		}
	}
	return nil
}

// apply adds endpoint id's optional blocks to d.
func (x extras) apply(id string, d *rmm.Device) {
	ext := &d.Extension
	if apps, ok := x.apps[id]; ok && len(apps) > 0 {
		var out []rmm.Software
		for _, a := range apps {
			name, ok := value(a.Name)
			if !ok {
				continue
			}
			version, _ := value(a.Version)
			out = append(out, rmm.Software{Name: name, Version: version})
		}
		ext.InstalledSoftware = rmm.Some(out)
	}
	if r, ok := x.reboot[id]; ok {
		if at, ok := lastReboot(r); ok {
			ext.LastRebootAt = rmm.Some(at)
		}
	}
	if dsc := x.discover[id]; dsc != nil && dsc.NatIpAddress != nil {
		if ip, ok := publicIP(*dsc.NatIpAddress); ok {
			ext.WanIP = rmm.Some(ip)
		}
	}
	if r := x.risk[id]; r != nil && ext.SystemInfo.Set {
		crit := map[string]any{"score": r.CriticalityScore}
		if level, ok := value(r.AssetCriticality); ok {
			crit["level"] = level
		}
		ext.SystemInfo.V["criticality"] = crit
	}
}

// rebootLayouts are the forms the "Last Reboot" sensor answers in:
// RFC 2822 style ("Sat, 11 Apr 2026 21:50:13 -0400") and a few others.
var rebootLayouts = []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "01/02/2006 15:04:05"}

// lastReboot reads the first value of the sensor's column, leniently;
// errors and "[no results]" are not a time.
func lastReboot(r gateway.SensorReadings) (time.Time, bool) {
	for _, c := range r.Columns {
		if len(c.Values) == 0 {
			continue
		}
		v, ok := value(c.Values[0])
		if !ok {
			return time.Time{}, false
		}
		v = strings.Join(strings.Fields(v), " ")
		for _, layout := range rebootLayouts {
			if t, err := time.Parse(layout, v); err == nil && t.Year() > 1990 {
				return t.UTC(), true
			}
		}
		return time.Time{}, false
	}
	return time.Time{}, false
}

// sharedNAT is 100.64.0.0/10, carrier-grade NAT: not a public address.
var sharedNAT = netip.MustParsePrefix("100.64.0.0/10")

// publicIP is s when it is a public unicast address: a private NAT address
// is the endpoint's LAN side, not its WAN IP.
func publicIP(s string) (string, bool) {
	v, ok := value(s)
	if !ok {
		return "", false
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return "", false
	}
	a = a.Unmap()
	if !a.IsGlobalUnicast() || a.IsPrivate() || sharedNAT.Contains(a) {
		return "", false
	}
	return a.String(), true
}

var speedPattern = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:bps|b/s|bit/s)?\s*$`)

// speedMbps reads an adapter speed such as "1000 Mbps" or "1 Gbps".
func speedMbps(s string) int {
	m := speedPattern.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0
	}
	switch strings.ToUpper(m[2]) {
	case "K":
		n /= 1000
	case "", "M":
	case "G":
		n *= 1000
	case "T":
		n *= 1e6
	}
	return int(n + 0.5)
}
