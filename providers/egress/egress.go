// Package egress decides where rmmgraph may send a provider's requests.
// An admin (or a stolen admin key) chooses the URLs an integration talks
// to, so without a policy rmmgraph could be made to reach the metadata
// service of its cloud, a database on its own host or a service on the
// operator's private network. The policy is checked on the resolved
// address, when the connection is made, so a DNS answer that changes
// between a check and the connection does not get past it.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Policy is the operator's egress setting. The zero value allows only
// https to public addresses.
type Policy struct {
	// Allow lists the private, loopback or link-local networks requests
	// may reach (for RMM servers on the operator's own network).
	Allow []netip.Prefix
	// AllowHTTP allows plain http:// URLs.
	AllowHTTP bool
}

// Open is a policy that allows every address and http, for tests and the
// demo, whose fake RMMs listen on loopback.
var Open = Policy{Allow: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}, AllowHTTP: true}

// ParseAllow reads a comma-separated list of networks or addresses.
func ParseAllow(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a network (10.0.0.0/8) or an address", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// ErrRefused is wrapped by every refusal of the policy.
var ErrRefused = errors.New("refused by the egress policy")

// CheckURL refuses a URL whose scheme the policy does not allow.
func (p Policy) CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrRefused, err)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !p.AllowHTTP {
			return fmt.Errorf("%w: plain http:// would send the credentials unencrypted; use https:// (an operator can allow http with --allow-http-upstreams)", ErrRefused)
		}
	default:
		return fmt.Errorf("%w: scheme %q", ErrRefused, u.Scheme)
	}
	return nil
}

// Allowed reports whether the policy lets a connection reach an address.
func (p Policy) Allowed(a netip.Addr) bool {
	a = a.Unmap()
	if !internal(a) {
		return true
	}
	for _, pre := range p.Allow {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// internal reports addresses that are not on the public internet: loopback,
// private, link-local (cloud metadata services live there), unspecified,
// shared (CGNAT) and multicast.
func internal(a netip.Addr) bool {
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast() || cgnat.Contains(a)
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// Dialer returns a dialer that refuses, at connect time, the addresses the
// policy does not allow.
func (p Policy) Dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{
		Timeout:   timeout,
		KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrRefused, address)
			}
			if !p.Allowed(ap.Addr()) {
				return fmt.Errorf("%w: the host resolves to a private, loopback or link-local address (an operator can allow networks with --allow-upstream-networks)", ErrRefused)
			}
			return nil
		},
	}
}

// DialContext dials through the policy's dialer.
func (p Policy) DialContext(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return p.Dialer(timeout).DialContext
}
