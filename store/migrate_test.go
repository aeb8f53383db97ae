package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func versions(ms []store.Migration) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Version)
	}
	return out
}

func TestDialectsHaveTheSameMigrations(t *testing.T) {
	pg, err := store.LoadMigrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	lite, err := store.LoadMigrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) == 0 || !slices.Equal(versions(pg), versions(lite)) {
		t.Fatalf("migration sets differ: postgres %v, sqlite %v", versions(pg), versions(lite))
	}
}

func tables(t *testing.T, s *store.Store) []string {
	t.Helper()
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`
	if s.Dialect() == store.SQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1`
	}
	var names []string
	if err := s.DB.NewRaw(q).Scan(context.Background(), &names); err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return n == "schema_migrations" })
}

func TestMigrateUpDownUp(t *testing.T) {
	want := []string{"api_keys", "asset_source_precedence", "assets", "clients", "identity_candidates", "mobile_device_assets", "network_device_assets", "oauth_states", "printer_assets",
		"rmm_alerts", "rmm_integration_secrets", "rmm_integrations", "rmm_organization_mappings", "rmm_scope_conflicts", "rmm_sync_runs", "rmm_webhook_deliveries", "scheduler_ticks",
		"server_assets", "tenant_external_entity_mappings", "tenants", "workstation_assets"}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			s := storetest.OpenEmpty(t, d)
			if err := s.CheckSchema(ctx); err == nil {
				t.Fatal("CheckSchema on an empty database: want an error")
			}
			up, err := s.MigrateUp(ctx)
			if err != nil || len(up) == 0 {
				t.Fatalf("up: %v %v", up, err)
			}
			if got := tables(t, s); !slices.Equal(got, want) {
				t.Fatalf("tables after up:\n got %v\nwant %v", got, want)
			}
			if err := s.CheckSchema(ctx); err != nil {
				t.Fatalf("CheckSchema after up: %v", err)
			}
			if again, err := s.MigrateUp(ctx); err != nil || len(again) != 0 {
				t.Fatalf("second up applied %v, %v", again, err)
			}
			down, err := s.MigrateDown(ctx, 0)
			if err != nil || len(down) != len(up) {
				t.Fatalf("down: %v %v", down, err)
			}
			if got := tables(t, s); len(got) != 0 {
				t.Fatalf("tables left after down: %v", got)
			}
			if _, err := s.MigrateUp(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
			st, err := s.MigrationStatus(ctx)
			if err != nil || len(st) != len(up) || st[0].AppliedAt == nil {
				t.Fatalf("status: %+v %v", st, err)
			}
		})
	}
}

func TestRefusesDatabaseFromNewerVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.DB.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ('9999_future', ?)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		var newer *store.ErrSchemaNewer
		if err := s.CheckSchema(ctx); !errors.As(err, &newer) {
			t.Fatalf("CheckSchema: want ErrSchemaNewer, got %v", err)
		}
		if _, err := s.MigrateUp(ctx); !errors.As(err, &newer) || newer.Unknown[0] != "9999_future" {
			t.Fatalf("MigrateUp: want ErrSchemaNewer naming 9999_future, got %v", err)
		}
	})
}

func TestParseURL(t *testing.T) {
	cases := []struct {
		in      string
		dialect store.Dialect
		path    string
		wantErr bool
	}{
		{in: "./rmmgraph.db", dialect: store.SQLite, path: "./rmmgraph.db"},
		{in: "rmmgraph.db", dialect: store.SQLite, path: "rmmgraph.db"},
		{in: "/var/lib/rmmgraph/data.db", dialect: store.SQLite, path: "/var/lib/rmmgraph/data.db"},
		{in: "sqlite:///var/lib/x.db", dialect: store.SQLite, path: "/var/lib/x.db"},
		{in: "sqlite:x.db", dialect: store.SQLite, path: "x.db"},
		{in: "postgres://u@h/db", dialect: store.Postgres},
		{in: "postgresql://u@h/db?sslmode=disable", dialect: store.Postgres},
		{in: "mysql://u@h/db", wantErr: true},
		{in: "", wantErr: true},
		{in: ":memory:", wantErr: true},
	}
	for _, c := range cases {
		got, err := store.ParseURL(c.in)
		if c.wantErr {
			if err == nil {
				t.Errorf("ParseURL(%q): want error", c.in)
			}
			continue
		}
		if err != nil || got.Dialect != c.dialect || got.Path != c.path {
			t.Errorf("ParseURL(%q) = %+v, %v", c.in, got, err)
		}
	}
}

// The Go description of the tables (bun models and the sync pipeline's
// write schema) names only columns the migrations create, on both dialects.
func TestGoTableDescriptionMatchesMigratedSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		got, err := s.SchemaMismatches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			t.Fatalf("columns described in Go but not migrated: %v", got)
		}
		// A column the pipeline writes that the database lacks is found.
		if _, err := s.DB.ExecContext(ctx, `ALTER TABLE server_assets DROP COLUMN hypervisor`); err != nil {
			t.Fatal(err)
		}
		got, err = s.SchemaMismatches(ctx)
		if err != nil || !slices.Equal(got, []string{"server_assets.hypervisor"}) {
			t.Fatalf("after dropping a column: %v %v", got, err)
		}
	})
}
