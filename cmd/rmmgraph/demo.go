package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/store"
)

// fakeFlags size and place the fake RMMs of the providers that ship one.
type fakeFlags struct {
	Addr    string `default:"127.0.0.1:8099" help:"Address the first fake listens on; each further provider's fake takes the next port (port 0: each a free one)."`
	Devices int    `default:"1000" help:"Devices in each synthetic estate."`
	Scopes  int    `default:"10" help:"Scopes of each estate (computer groups, organizations, clients)."`
}

// start serves provider p's fake on the i-th address until ctx ends and
// returns its base URL.
func (c fakeFlags) start(ctx context.Context, p providers.Provider, i int) (string, providers.Fake, error) {
	if c.Devices < 1 || c.Scopes < 1 {
		return "", providers.Fake{}, errors.New("--devices and --scopes must be at least 1")
	}
	faker, ok := p.Fake()
	if !ok {
		return "", providers.Fake{}, fmt.Errorf("%s ships no fake", p.Info().ID)
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "", providers.Fake{}, fmt.Errorf("fake address %q: %w", c.Addr, err)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		return "", providers.Fake{}, fmt.Errorf("fake address %q: the port must be a number", c.Addr)
	}
	addr := net.JoinHostPort(host, strconv.Itoa(n+i))
	if n == 0 {
		addr = net.JoinHostPort(host, "0") // every fake on a free port of its own
	}
	fake := faker.NewFake(c.Devices, c.Scopes)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fake, fmt.Errorf("the fake %s cannot listen on %s: %w", p.Info().DisplayName, addr, err)
	}
	srv := &http.Server{Handler: fake.Handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	go func() { <-ctx.Done(); srv.Close() }()
	return "http://" + ln.Addr().String(), fake, nil
}

type fakeCmd struct {
	Provider string `arg:"" help:"Provider id whose fake RMM to run, e.g. tanium."`
	fakeFlags
}

func (c fakeCmd) Run(ctx context.Context, g *globals) error {
	reg, err := newRegistry()
	if err != nil {
		return err
	}
	p, ok := reg.Get(c.Provider)
	if !ok {
		return fmt.Errorf("unknown provider %q", c.Provider)
	}
	url, fake, err := c.start(ctx, p, 0)
	if err != nil {
		return err
	}
	values, secrets := fake.Config(url)
	fmt.Fprintf(g.stdout, "Fake %s with %d devices in %d scopes at %s\nConfigure the integration with:\n", p.Info().DisplayName, c.Devices, c.Scopes, url)
	for k, v := range values {
		fmt.Fprintf(g.stdout, "  %s: %s\n", k, v)
	}
	for k, v := range secrets {
		fmt.Fprintf(g.stdout, "  %s: %s\n", k, v)
	}
	<-ctx.Done()
	return nil
}

// The demo's own defaults.
const (
	demoDatabase = "./rmmgraph-demo.db"
	demoAddr     = "127.0.0.1:8081"
)

type demoCmd struct {
	serveCmd
	Fake  fakeFlags `embed:"" prefix:"fake-"`
	Fresh bool      `help:"Delete the demo's database file first, to start from scratch. The demo uses ./rmmgraph-demo.db and 127.0.0.1:8081 unless -d and --addr say otherwise."`
	// Unconfigured leaves integrations for the admin to connect in the
	// console, to try the settings form.
	Unconfigured []string `help:"Provider ids whose fakes run but whose integrations are left for you to connect (their settings are printed), e.g. --unconfigured tanium."`
}

// Run serves rmmgraph on a demo SQLite database with the fake RMM of every
// provider that ships one beside it, each integration configured and
// verified.
func (c demoCmd) Run(ctx context.Context, g *globals) error {
	// The demo keeps to its own database and port, so it never deletes
	// or competes with the one make run uses.
	if g.Database == defaultDatabase {
		g.Database = demoDatabase
	}
	if c.Addr == defaultAddr {
		c.Addr = demoAddr
	}
	if !strings.HasPrefix(g.Database, "postgres") && c.Fresh {
		for _, f := range []string{g.Database, g.Database + "-wal", g.Database + "-shm"} {
			os.Remove(f)
		}
	}
	reg, err := newRegistry()
	if err != nil {
		return err
	}
	for _, id := range c.Unconfigured {
		if p, ok := reg.Get(id); !ok {
			return fmt.Errorf("--unconfigured: unknown provider %q", id)
		} else if _, ok := p.Fake(); !ok {
			return fmt.Errorf("--unconfigured: %s ships no fake", id)
		}
	}
	type running struct {
		p    providers.Provider
		url  string
		fake providers.Fake
	}
	var fakes []running
	for _, p := range reg.All() {
		if _, ok := p.Fake(); !ok {
			continue
		}
		url, fake, err := c.Fake.start(ctx, p, len(fakes))
		if err != nil {
			return err
		}
		fakes = append(fakes, running{p, url, fake})
	}
	c.serveCmd.open = true
	return c.serve(ctx, g, func(ctx context.Context, e *ingest.Engine, tenant store.Tenant) error {
		if tenant.ID == uuid.Nil { // not a new database: use its first tenant
			ts, err := e.Store.Tenants(ctx)
			if err != nil || len(ts) == 0 {
				return fmt.Errorf("demo: no tenant: %v", err)
			}
			tenant = ts[0]
		}
		db := e.Store.Tenant(tenant.ID)
		for _, f := range fakes {
			id := f.p.Info().ID
			values, secrets := f.fake.Config(f.url)
			for k, v := range secrets {
				values[k] = v
			}
			if slices.Contains(c.Unconfigured, id) {
				fmt.Fprintf(g.stdout, "Demo: %s's fake runs at %s (%d devices, %d scopes); connect it with these settings:\n", f.p.Info().DisplayName, f.url, c.Fake.Devices, c.Fake.Scopes)
				for _, k := range slices.Sorted(maps.Keys(values)) {
					fmt.Fprintf(g.stdout, "    %s: %s\n", k, values[k])
				}
				continue
			}
			if _, err := e.Syncer.Configure(ctx, db, id, values); err != nil {
				return fmt.Errorf("demo: configure %s: %w", id, err)
			}
			if err := e.Syncer.Verify(ctx, db, id); err != nil {
				return fmt.Errorf("demo: verify the fake %s: %w", f.p.Info().DisplayName, err)
			}
			fmt.Fprintf(g.stdout, "Demo: tenant %q has %s configured against a fake at %s (%d devices, %d scopes).\n",
				tenant.Name, f.p.Info().DisplayName, f.url, c.Fake.Devices, c.Fake.Scopes)
		}
		fmt.Fprintln(g.stdout, "Next, in the console: discover each integration's scopes, map them to clients, start a sync (see the README's demo walkthrough).")
		return nil
	}, reg)
}
