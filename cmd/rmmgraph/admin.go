package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
)

type migrateCmd struct {
	Up     migrateUpCmd     `cmd:"" help:"Apply every pending migration."`
	Down   migrateDownCmd   `cmd:"" help:"Revert applied migrations, newest first."`
	Status migrateStatusCmd `cmd:"" help:"List migrations and when each was applied."`
}

type migrateUpCmd struct{}

func (migrateUpCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	done, err := s.MigrateUp(ctx)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(g.stdout, "database is up to date")
	}
	for _, v := range done {
		fmt.Fprintln(g.stdout, "applied", v)
	}
	return nil
}

type migrateDownCmd struct {
	Steps int  `default:"1" help:"How many migrations to revert."`
	All   bool `help:"Revert every migration (drops all rmmgraph tables and their data)."`
}

func (c migrateDownCmd) Run(ctx context.Context, g *globals) error {
	if !c.All && c.Steps < 1 {
		return fmt.Errorf("--steps must be at least 1 (or use --all)")
	}
	s, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	steps := c.Steps
	if c.All {
		steps = 0
	}
	done, err := s.MigrateDown(ctx, steps)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(g.stdout, "nothing to revert")
	}
	for _, v := range done {
		fmt.Fprintln(g.stdout, "reverted", v)
	}
	return nil
}

type migrateStatusCmd struct{}

func (migrateStatusCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	states, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "VERSION\tAPPLIED")
	for _, st := range states {
		at := "pending"
		if st.AppliedAt != nil {
			at = st.AppliedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\n", st.Version, at)
	}
	return w.Flush()
}

type tenantCmd struct {
	Create tenantCreateCmd `cmd:"" help:"Create a tenant and print its id."`
	List   tenantListCmd   `cmd:"" help:"List tenants."`
}

type tenantCreateCmd struct {
	Name string `arg:"" help:"The MSP's name."`
}

func (c tenantCreateCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := s.CreateTenant(ctx, c.Name)
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, t.ID)
	return nil
}

type tenantListCmd struct{}

func (tenantListCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	ts, err := s.Tenants(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tCREATED")
	for _, t := range ts {
		fmt.Fprintf(w, "%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.UTC().Format(time.RFC3339))
	}
	return w.Flush()
}

type apikeyCmd struct {
	Create apikeyCreateCmd `cmd:"" help:"Create an API key and print it once."`
	List   apikeyListCmd   `cmd:"" help:"List a tenant's API keys (never their secrets)."`
	Revoke apikeyRevokeCmd `cmd:"" help:"Revoke an API key."`
}

type tenantFlag struct {
	Tenant uuid.UUID `env:"RMMGRAPH_TENANT" help:"Tenant id (see: rmmgraph tenant list); may be left out when the database has one tenant."`
}

// resolve returns the --tenant, which must exist, or the only tenant there is.
func (f tenantFlag) resolve(ctx context.Context, s *store.Store) (uuid.UUID, error) {
	if f.Tenant != uuid.Nil {
		if _, err := s.GetTenant(ctx, f.Tenant); err != nil {
			return uuid.Nil, fmt.Errorf("tenant %s: %w (see: rmmgraph tenant list)", f.Tenant, err)
		}
		return f.Tenant, nil
	}
	ts, err := s.Tenants(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	if len(ts) != 1 {
		return uuid.Nil, fmt.Errorf("the database has %d tenants: choose one with --tenant (see: rmmgraph tenant list)", len(ts))
	}
	return ts[0].ID, nil
}

type apikeyCreateCmd struct {
	tenantFlag
	Name string `required:"" help:"What the key is for, e.g. \"psa-frontend\"."`
	Role string `default:"viewer" enum:"admin,viewer" help:"admin (read and change) or viewer (read only)."`
}

func (c apikeyCreateCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	tenant, err := c.resolve(ctx, s)
	if err != nil {
		return err
	}
	token, k, err := s.CreateAPIKey(ctx, tenant, c.Name, store.Role(c.Role))
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stderr, "created %s key %s (%s); it is shown once:\n", k.Role, k.ID, k.Name)
	fmt.Fprintln(g.stdout, token)
	return nil
}

type apikeyListCmd struct{ tenantFlag }

func (c apikeyListCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	tenant, err := c.resolve(ctx, s)
	if err != nil {
		return err
	}
	keys, err := s.APIKeys(ctx, tenant)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tLAST USED\tREVOKED")
	for _, k := range keys {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Role, k.CreatedAt.UTC().Format(time.RFC3339), fmtTime(k.LastUsedAt), fmtTime(k.RevokedAt))
	}
	return w.Flush()
}

type apikeyRevokeCmd struct {
	tenantFlag
	ID uuid.UUID `arg:"" help:"The key id (see: rmmgraph apikey list)."`
}

func (c apikeyRevokeCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	tenant, err := c.resolve(ctx, s)
	if err != nil {
		return err
	}
	if err := s.RevokeAPIKey(ctx, tenant, c.ID); err != nil {
		return fmt.Errorf("revoke key %s: %w (no live key with that id in this tenant)", c.ID, err)
	}
	fmt.Fprintln(g.stdout, "revoked", c.ID)
	return nil
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
