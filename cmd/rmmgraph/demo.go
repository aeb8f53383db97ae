package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/tanium"
	"github.com/rmmgraph/rmmgraph/providers/tanium/taniumfake"
	"github.com/rmmgraph/rmmgraph/store"
)

type taniumFakeCmd struct {
	Addr      string `default:"127.0.0.1:8099" help:"Address the fake Gateway listens on."`
	Endpoints int    `default:"1000" help:"Endpoints in the synthetic estate."`
	Groups    int    `default:"10" help:"Computer groups (every tenth endpoint is in two)."`
}

// startFake serves a fake Tanium Gateway until ctx ends.
func (c taniumFakeCmd) start(ctx context.Context) (string, error) {
	if c.Endpoints < 1 || c.Groups < 1 {
		return "", errors.New("--endpoints and --groups must be at least 1")
	}
	fake := taniumfake.New(taniumfake.NewEstate(c.Endpoints, c.Groups, time.Now()))
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return "", fmt.Errorf("fake Gateway cannot listen on %s: %w", c.Addr, err)
	}
	srv := &http.Server{Handler: fake.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	go func() { <-ctx.Done(); srv.Close() }()
	return "http://" + ln.Addr().String(), nil
}

func (c taniumFakeCmd) Run(ctx context.Context, g *globals) error {
	url, err := c.start(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "Fake Tanium Gateway with %d endpoints in %d groups\n  Gateway URL: %s\n  API token:   %s\n", c.Endpoints, c.Groups, url, taniumfake.Token)
	<-ctx.Done()
	return nil
}

type demoCmd struct {
	serveCmd
	Fake  taniumFakeCmd `embed:"" prefix:"fake-"`
	Fresh bool          `help:"Delete the database file first, to start the demo from scratch (make demo uses ./rmmgraph-demo.db)."`
}

// Run serves rmmgraph on a demo SQLite database with a fake Tanium Gateway
// beside it and the tenant's Tanium integration configured and verified.
func (c demoCmd) Run(ctx context.Context, g *globals) error {
	if !strings.HasPrefix(g.Database, "postgres") && c.Fresh {
		for _, f := range []string{g.Database, g.Database + "-wal", g.Database + "-shm"} {
			os.Remove(f)
		}
	}
	gatewayURL, err := c.Fake.start(ctx)
	if err != nil {
		return err
	}
	return c.serve(ctx, g, func(ctx context.Context, s *store.Store, syncer *ingest.Syncer, tenant store.Tenant) error {
		if tenant.ID == uuid.Nil { // not a new database: use its first tenant
			ts, err := s.Tenants(ctx)
			if err != nil || len(ts) == 0 {
				return fmt.Errorf("demo: no tenant: %v", err)
			}
			tenant = ts[0]
		}
		db := s.Tenant(tenant.ID)
		cfg := store.IntegrationConfig{Values: map[string]string{"gatewayUrl": gatewayURL, "assetApiFallback": "true"}, Secrets: map[string]string{"apiToken": taniumfake.Token}}
		if _, err := db.ConfigureIntegration(ctx, tanium.ID, cfg); err != nil {
			return err
		}
		if err := syncer.Verify(ctx, db, tanium.ID); err != nil {
			return fmt.Errorf("demo: verify the fake Gateway: %w", err)
		}
		fmt.Fprintf(g.stdout, "Demo: tenant %q has Tanium configured against a fake Gateway at %s (%d endpoints, %d groups).\n"+
			"Next, in GraphiQL: discoverScopes, createClient, mapScope, startSync (see the README's demo walkthrough).\n",
			tenant.Name, gatewayURL, c.Fake.Endpoints, c.Fake.Groups)
		return nil
	})
}
