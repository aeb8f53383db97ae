// Command rmmgraph serves the rmmgraph GraphQL API and administers its
// database: migrations, tenants and API keys.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"

	"github.com/rmmgraph/rmmgraph/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type globals struct {
	Database  string           `name:"database" short:"d" env:"RMMGRAPH_DATABASE_URL" default:"${database}" help:"Database: a SQLite file path (the default) or a postgres:// URL."`
	LogLevel  string           `name:"log-level" env:"RMMGRAPH_LOG_LEVEL" default:"info" enum:"debug,info,warn,error" help:"Log level: debug, info, warn or error."`
	LogFormat string           `name:"log-format" env:"RMMGRAPH_LOG_FORMAT" default:"text" enum:"text,json" help:"Log format: text or json."`
	Version   kong.VersionFlag `name:"version" help:"Print the version and exit."`

	stdout io.Writer
	stderr io.Writer
}

type cli struct {
	globals

	Serve   serveCmd   `cmd:"" help:"Run the GraphQL API server."`
	Migrate migrateCmd `cmd:"" help:"Apply, revert or list database migrations."`
	Tenant  tenantCmd  `cmd:"" help:"Manage tenants."`
	Apikey  apikeyCmd  `cmd:"" name:"apikey" help:"Manage API keys."`
	Sync    syncCmd    `cmd:"" help:"Run one sync now, with a progress bar."`
	Demo    demoCmd    `cmd:"" help:"Serve a demo: SQLite plus the fake RMM of every provider that ships one, each integration configured."`
	Fake    fakeCmd    `cmd:"" help:"Run a provider's fake RMM with a synthetic estate, for demos and trials."`
	Version versionCmd `cmd:"" help:"Print the version."`
}

func main() {
	ctx, stop := signalContext()
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// signalContext ends on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// run parses args and runs one command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c cli
	c.stdout, c.stderr = stdout, stderr
	exitCode := -1
	parser, err := kong.New(&c,
		kong.Name("rmmgraph"),
		kong.Description("GraphQL API that federates RMM device inventory into a PSA asset model."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exitCode = code; panic(exitSignal{}) }),
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Vars{"version": version, "database": defaultDatabase, "addr": defaultAddr},
	)
	if err != nil {
		fmt.Fprintln(stderr, "rmmgraph:", err)
		return 2
	}
	code := func() (code int) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(exitSignal); !ok {
					panic(r)
				}
				code = exitCode
			}
		}()
		if len(args) == 0 {
			args = []string{"--help"} // a bare rmmgraph explains itself
		}
		kctx, err := parser.Parse(args)
		if err != nil {
			fmt.Fprintln(stderr, "rmmgraph:", err)
			return 2
		}
		if err := kctx.Run(&c.globals); err != nil {
			fmt.Fprintln(stderr, "rmmgraph:", err)
			return 1
		}
		return 0
	}()
	return code
}

// The defaults of serve; the demo has its own.
const (
	defaultDatabase = "./rmmgraph.db"
	defaultAddr     = ":8080"
)

// exitSignal unwinds a --help or usage error out of kong without os.Exit.
type exitSignal struct{}

func (g *globals) logger() *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(g.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if g.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(g.stderr, opts))
}

// open connects to the configured database.
func (g *globals) open(ctx context.Context) (*store.Store, error) {
	return store.Open(ctx, g.Database)
}

// openMigrated connects and checks the schema is current. A SQLite file
// that does not exist is not created: the path is likely mistyped.
func (g *globals) openMigrated(ctx context.Context) (*store.Store, error) {
	if t, err := store.ParseURL(g.Database); err == nil && t.Dialect == store.SQLite {
		if _, err := os.Stat(t.Path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s: check the path (-d or RMMGRAPH_DATABASE_URL), or create it with rmmgraph serve -d %s", t.Path, t.Path)
		}
	}
	s, err := g.open(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.CheckSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

type versionCmd struct{}

func (versionCmd) Run(g *globals) error {
	fmt.Fprintln(g.stdout, "rmmgraph", version)
	return nil
}
