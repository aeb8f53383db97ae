package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/store"
)

// keyFlags choose the key that seals provider credentials.
type keyFlags struct {
	SecretKey     string `name:"secret-key" env:"RMMGRAPH_SECRET_KEY" help:"Key sealing provider credentials: 32 bytes as 64 hex digits or base64."`
	SecretKeyFile string `name:"secret-key-file" env:"RMMGRAPH_SECRET_KEY_FILE" type:"path" help:"File holding the secret key. With SQLite and no key set, <database>.key is created beside the database."`
}

// install loads the key and gives it to the store.
func (k keyFlags) install(g *globals, s *store.Store) error {
	key, err := k.loadKey(g, s)
	if err != nil {
		return err
	}
	sealer, err := store.NewSealer(key)
	if err != nil {
		return err
	}
	s.SetSealer(sealer)
	return nil
}

type serveCmd struct {
	keyFlags
	Addr          string `default:"${addr}" env:"RMMGRAPH_ADDR" help:"Address to listen on, host:port (:8080 is every interface)."`
	AutoMigrate   bool   `name:"auto-migrate" default:"true" negatable:"" env:"RMMGRAPH_AUTO_MIGRATE" help:"Apply pending migrations at start."`
	MaxBodyBytes  int64  `name:"max-body-bytes" default:"1048576" env:"RMMGRAPH_MAX_BODY_BYTES" help:"Largest GraphQL request body accepted."`
	MaxComplexity int    `name:"max-complexity" default:"5000" env:"RMMGRAPH_MAX_COMPLEXITY" help:"Largest query cost accepted."`
	// ShutdownTimeout bounds how long a stopping server waits for running syncs.
	ShutdownTimeout time.Duration `name:"shutdown-timeout" default:"20s" env:"RMMGRAPH_SHUTDOWN_TIMEOUT" help:"How long SIGTERM waits for running syncs to finish their batch before cutting them off."`
	ScheduleUnit    time.Duration `name:"schedule-unit" default:"1m" hidden:"" help:"Length of one schedule minute (tests only)."`
	SyncLease       time.Duration `name:"sync-lease" default:"2m" hidden:"" help:"How long a run may miss heartbeats before another process takes over (tests only)."`
	egressFlags
	MetricsPerIntegration bool          `name:"metrics-per-integration" env:"RMMGRAPH_METRICS_PER_INTEGRATION" help:"Label the last-success metric with tenant and integration ids (off: /metrics names no tenant)."`
	MetricsToken          string        `name:"metrics-token" env:"RMMGRAPH_METRICS_TOKEN" help:"When set, /metrics requires the header Authorization: Bearer <token>."`
	AdminKeyFile          string        `name:"admin-key-file" env:"RMMGRAPH_ADMIN_KEY_FILE" type:"path" help:"On a new database, write the first admin API key to this file (created with mode 0600) instead of printing it."`
	MaxConnections        int           `name:"max-connections" default:"1000" env:"RMMGRAPH_MAX_CONNECTIONS" help:"Most client connections served at once; more wait to be accepted."`
	TenantRate            float64       `name:"tenant-rate" default:"50" env:"RMMGRAPH_TENANT_RATE" help:"API requests per second one tenant may make (beyond its burst); over it: 429 RATE_LIMITED with Retry-After."`
	TenantBurst           int           `name:"tenant-burst" default:"100" env:"RMMGRAPH_TENANT_BURST" help:"API requests one tenant may make at once beyond its rate."`
	TenantConcurrency     int           `name:"tenant-concurrency" default:"16" env:"RMMGRAPH_TENANT_CONCURRENCY" help:"API requests one tenant may have in flight."`
	RequestTimeout        time.Duration `name:"request-timeout" default:"30s" env:"RMMGRAPH_REQUEST_TIMEOUT" help:"Longest an API request (and its database statements) may run; subscriptions excepted."`
	PublicURL             string        `name:"public-url" env:"RMMGRAPH_PUBLIC_URL" help:"The URL RMMs reach this server at (https://rmmgraph.example.com), for the webhook URLs the API hands out; default: the host of each API request."`
	CORSOrigins           string        `name:"cors-origins" env:"RMMGRAPH_CORS_ORIGINS" help:"Browser origins (https://psa.example.com, comma-separated) allowed to call the API from another site; none by default."`
	SyncConcurrency       int           `name:"sync-concurrency" default:"8" env:"RMMGRAPH_SYNC_CONCURRENCY" help:"Scheduled syncs and alert polls one replica runs at once; more due at the same tick wait their turn (or another replica takes them)."`
	SyncBatchSize         int           `name:"sync-batch-size" default:"5000" env:"RMMGRAPH_SYNC_BATCH_SIZE" help:"Devices one write transaction of a sync holds."`
	DBPool                int           `name:"db-pool" default:"20" env:"RMMGRAPH_DB_POOL" help:"Most Postgres connections this replica opens (SQLite: 4)."`
	ProcessWebhooks       bool          `name:"process-webhooks" default:"true" negatable:"" env:"RMMGRAPH_PROCESS_WEBHOOKS" help:"Process stored webhook deliveries here; --no-process-webhooks makes a replica that only accepts them."`
	// open lets providers reach every address (the demo's fakes listen on
	// loopback); not a flag.
	open bool
}

// egressFlags choose where providers may send requests.
type egressFlags struct {
	AllowUpstreamNetworks string `name:"allow-upstream-networks" env:"RMMGRAPH_ALLOW_UPSTREAM_NETWORKS" help:"Private, loopback or link-local networks RMM URLs may point to, comma-separated (e.g. 10.20.0.0/16 for an on-premises RMM); others are refused."`
	AllowHTTPUpstreams    bool   `name:"allow-http-upstreams" env:"RMMGRAPH_ALLOW_HTTP_UPSTREAMS" help:"Allow plain http:// RMM URLs (credentials then travel unencrypted)."`
	AllowCrossHostURLs    bool   `name:"allow-cross-host-urls" env:"RMMGRAPH_ALLOW_CROSS_HOST_URLS" help:"Let a provider's secondary URL (such as Tanium's Asset API) be on another host than its primary URL."`
}

func (f egressFlags) policy() (egress.Policy, error) {
	allow, err := egress.ParseAllow(f.AllowUpstreamNetworks)
	if err != nil {
		return egress.Policy{}, fmt.Errorf("--allow-upstream-networks: %w", err)
	}
	return egress.Policy{Allow: allow, AllowHTTP: f.AllowHTTPUpstreams}, nil
}

func (c serveCmd) Run(ctx context.Context, g *globals) error { return c.serve(ctx, g, nil, nil) }

// setupFunc prepares a freshly opened server before it listens (the demo
// configures its integrations there).
type setupFunc func(ctx context.Context, e *ingest.Engine, tenant store.Tenant) error

// serve runs the server with the registry (nil: this build's providers).
func (c serveCmd) serve(ctx context.Context, g *globals, setup setupFunc, registry *providers.Registry) error {
	log := g.logger()
	s, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if c.DBPool < 1 || c.SyncConcurrency < 1 || c.SyncBatchSize < 1 {
		return errors.New("--db-pool, --sync-concurrency and --sync-batch-size must be at least 1")
	}
	s.SetPoolSize(c.DBPool)

	if err := c.install(g, s); err != nil {
		return err
	}

	if c.AutoMigrate {
		applied, err := s.MigrateUp(ctx)
		if err != nil {
			return err
		}
		if len(applied) > 0 {
			log.Info("applied migrations", "versions", applied)
		}
	} else if err := s.CheckSchema(ctx); err != nil {
		return err
	}
	if err := s.CheckSecretKey(ctx); err != nil {
		return err
	}
	// Listen before the first tenant and its key are made, so a taken port
	// cannot lose the only admin key.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("cannot listen on %s: the port is in use (another rmmgraph?); choose another with --addr or RMMGRAPH_ADDR", c.Addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", c.Addr, err)
	}
	defer ln.Close()
	token, tenant, err := s.Bootstrap(ctx)
	if err != nil {
		return fmt.Errorf("create default tenant: %w", err)
	}

	if registry == nil {
		if registry, err = newRegistry(); err != nil {
			return err
		}
	}
	policy, err := c.policy()
	if err != nil {
		return err
	}
	if c.open { // the demo's fake RMMs listen on loopback
		policy = egress.Open
	}
	engine, err := ingest.NewEngine(ctx, s, registry, ingest.EngineOptions{Log: log,
		Sync: ingest.Options{Lease: c.SyncLease, Heartbeat: c.SyncLease / 6, Egress: policy, AllowCrossHostURLs: c.AllowCrossHostURLs,
			PublicURL: c.PublicURL, BatchSize: c.SyncBatchSize},
		Schedule: ingest.SchedulerOptions{Unit: c.ScheduleUnit, MaxConcurrent: c.SyncConcurrency}, AcceptOnly: !c.ProcessWebhooks})
	if err != nil {
		return err
	}
	metrics := prometheus.NewRegistry()
	metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	graph.NewSyncMetrics(metrics, c.MetricsPerIntegration).Attach(engine)
	if setup != nil {
		if err := setup(ctx, engine, tenant); err != nil {
			return err
		}
	}
	if err := engine.StartScheduling(); err != nil {
		return fmt.Errorf("start the sync scheduler: %w", err)
	}
	defer engine.Stop(0)
	ln = limitListener(ln, c.MaxConnections)
	url := "http://" + displayAddr(ln.Addr())
	switch {
	case token != "" && c.AdminKeyFile != "":
		if err := writeKeyFile(c.AdminKeyFile, token); err != nil {
			return fmt.Errorf("write the admin API key of tenant %q to %s: %w (recover with: rmmgraph apikey create --role admin --tenant %s)", tenant.Name, c.AdminKeyFile, err, tenant.ID)
		}
		fmt.Fprintf(g.stdout, "\nCreated tenant %q with an admin API key, written to %s (mode 0600).\nOpen the console at %s/ (GraphiQL at %[3]s/graphiql) and sign in with it; other clients send the header Authorization: Bearer <key>\n\n", tenant.Name, c.AdminKeyFile, url)
	case token != "":
		fmt.Fprintf(g.stdout, "\nCreated tenant %q with an admin API key. It is shown only this once; keep it:\n\n    %s\n\n", tenant.Name, token)
		fmt.Fprintf(g.stdout, "Open the console at %s/ (GraphiQL at %[1]s/graphiql) and sign in with the key; other clients send the header\n\n    Authorization: Bearer %s\n\n", url, token)
	}

	srv := &http.Server{
		Handler: graph.NewHandler(graph.Options{
			Engine: engine, Log: log, Metrics: metrics, MetricsToken: c.MetricsToken,
			Limits:       graph.TenantLimits{Rate: c.TenantRate, Burst: c.TenantBurst, Concurrent: c.TenantConcurrency, Timeout: c.RequestTimeout},
			MaxBodyBytes: c.MaxBodyBytes, MaxComplexity: c.MaxComplexity, PublicURL: c.PublicURL, CORSOrigins: graph.ParseOrigins(c.CORSOrigins),
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Info("serving", "console", url+"/", "graphiql", url+"/graphiql", "graphql", url+"/graphql", "database", string(s.Dialect()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests and ticks; let running syncs finish the batch
	// they are writing and record themselves interrupted; cut them off
	// after the timeout.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if !engine.Stop(time.Until(deadline(shutdownCtx))) {
		log.Warn("syncs did not stop in time; cut them off", "timeout", c.ShutdownTimeout)
	}
	return err
}

// writeKeyFile writes an API key to a new file only its owner can read.
func writeKeyFile(path, key string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// limitListener accepts at most n connections at once; further ones wait
// in the kernel's backlog until one closes.
func limitListener(ln net.Listener, n int) net.Listener {
	if n <= 0 {
		return ln
	}
	return &limitedListener{Listener: ln, slots: make(chan struct{}, n)}
}

type limitedListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitedListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// loadKey finds the secret key: the flag or variable, the key file, or, for
// SQLite only, a key file beside the database that is created on first run.
func (c keyFlags) loadKey(g *globals, s *store.Store) ([]byte, error) {
	d := s.Dialect()
	switch {
	case c.SecretKey != "":
		key, err := store.ParseKey(c.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("RMMGRAPH_SECRET_KEY: %w", err)
		}
		return key, nil
	case c.SecretKeyFile != "":
		return store.ReadKeyFile(c.SecretKeyFile)
	case d != store.SQLite:
		return nil, errors.New("with Postgres a secret key is required, shared by every replica: set RMMGRAPH_SECRET_KEY or --secret-key-file (make one with: openssl rand -hex 32)")
	}
	target, _ := store.ParseURL(g.Database)
	path := strings.TrimSuffix(target.Path, filepath.Ext(target.Path)) + ".key"
	if _, err := os.Stat(path); err == nil {
		return store.ReadKeyFile(path)
	}
	if s.HasSecrets(context.Background()) {
		return nil, fmt.Errorf("the key file %s is missing, but the database holds credentials sealed with it: restore %s from your backup (a new key could not open them)", path, path)
	}
	key, err := store.CreateKeyFile(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(g.stderr, "created secret key file %s (mode 0600): back it up with the database; without it stored credentials cannot be read\n", path)
	return key, nil
}

func deadline(ctx context.Context) time.Time {
	d, _ := ctx.Deadline()
	return d
}

func displayAddr(a net.Addr) string {
	host, port, _ := net.SplitHostPort(a.String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
