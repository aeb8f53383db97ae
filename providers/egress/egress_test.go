package egress_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/egress"
)

func TestAllowed(t *testing.T) {
	strict := egress.Policy{}
	onPrem, err := egress.ParseAllow("10.20.0.0/16, 192.168.7.9")
	if err != nil {
		t.Fatal(err)
	}
	allow := egress.Policy{Allow: onPrem}
	for addr, want := range map[string][2]bool{ // strict, with the allow-list
		"203.0.113.10":     {true, true},   // public
		"2001:db8::1":      {true, true},   // public (documentation) v6
		"127.0.0.1":        {false, false}, // loopback
		"::1":              {false, false},
		"169.254.169.254":  {false, false}, // cloud metadata
		"fe80::1":          {false, false},
		"10.0.0.5":         {false, false},
		"10.20.3.4":        {false, true},
		"192.168.7.9":      {false, true},
		"192.168.7.10":     {false, false},
		"100.64.1.1":       {false, false}, // shared address space
		"0.0.0.0":          {false, false},
		"::ffff:127.0.0.1": {false, false}, // v4-mapped loopback
	} {
		a := netip.MustParseAddr(addr)
		if got := strict.Allowed(a); got != want[0] {
			t.Errorf("strict %s: %v, want %v", addr, got, want[0])
		}
		if got := allow.Allowed(a); got != want[1] {
			t.Errorf("allow-list %s: %v, want %v", addr, got, want[1])
		}
	}
	if _, err := egress.ParseAllow("10.0.0.0/8, nonsense"); err == nil {
		t.Error("a bad network was accepted")
	}
}

func TestCheckURL(t *testing.T) {
	if err := (egress.Policy{}).CheckURL("http://rmm.example.com"); !errors.Is(err, egress.ErrRefused) {
		t.Errorf("http with the default policy: %v", err)
	}
	if err := (egress.Policy{AllowHTTP: true}).CheckURL("http://rmm.example.com"); err != nil {
		t.Errorf("http when allowed: %v", err)
	}
	if err := (egress.Policy{}).CheckURL("https://rmm.example.com"); err != nil {
		t.Errorf("https: %v", err)
	}
	if err := (egress.Policy{AllowHTTP: true}).CheckURL("file:///etc/passwd"); !errors.Is(err, egress.ErrRefused) {
		t.Errorf("file URL: %v", err)
	}
}

// The check is made on the address being connected to, so a name that
// resolves to loopback (as a rebinding DNS answer would) is refused too.
func TestDialerChecksTheResolvedAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ctx := context.Background()
	for _, host := range []string{"127.0.0.1", "localhost"} {
		_, err := egress.Policy{}.DialContext(time.Second)(ctx, "tcp", net.JoinHostPort(host, port))
		if !errors.Is(err, egress.ErrRefused) {
			t.Errorf("dial %s with the default policy: %v", host, err)
		}
	}
	c, err := egress.Policy{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}.DialContext(time.Second)(ctx, "tcp", net.JoinHostPort("localhost", port))
	if err != nil {
		t.Fatalf("dial with loopback allowed: %v", err)
	}
	c.Close()
}
