package store

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/migrations"
)

// Migration is one schema version with its up and down SQL.
type Migration struct {
	Version string // file stem, e.g. "0001_init"
	Up      string
	Down    string
}

// MigrationState is a known migration and when it was applied (nil: pending).
type MigrationState struct {
	Version   string
	AppliedAt *time.Time
}

// LoadMigrations reads the embedded migrations of one dialect, in version order.
func LoadMigrations(d Dialect) ([]Migration, error) {
	fsys, err := migrations.FS(string(d))
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	byVersion := map[string]*Migration{}
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		version, dir, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), ".")
		if !ok || (dir != "up" && dir != "down") {
			return nil, fmt.Errorf("migration file %s/%s: name must be NNNN_name.up.sql or NNNN_name.down.sql", d, name)
		}
		m := byVersion[version]
		if m == nil {
			m = &Migration{Version: version}
			byVersion[version] = m
		}
		if dir == "up" {
			m.Up = string(body)
		} else {
			m.Down = string(body)
		}
	}
	out := make([]Migration, 0, len(byVersion))
	for _, m := range byVersion {
		if m.Up == "" || m.Down == "" {
			return nil, fmt.Errorf("migration %s/%s needs both an up and a down file", d, m.Version)
		}
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b Migration) int { return strings.Compare(a.Version, b.Version) })
	return out, nil
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    varchar(255) PRIMARY KEY,
	applied_at TIMESTAMP NOT NULL
)`

// migrateTx runs fn in one transaction that holds the migration lock: an
// advisory transaction lock on Postgres, the write lock on SQLite
// (transactions begin IMMEDIATE). DDL is transactional on both, so a failed
// migration leaves the schema as it was.
func (s *Store) migrateTx(ctx context.Context, fn func(tx bun.Tx, known []Migration, applied map[string]time.Time) error) error {
	known, err := LoadMigrations(s.dialect)
	if err != nil {
		return err
	}
	return s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('rmmgraph.migrate'))`); err != nil {
				return fmt.Errorf("take migration lock: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, migrationsTable); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		applied, err := appliedMigrations(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkNotNewer(known, applied); err != nil {
			return err
		}
		return fn(tx, known, applied)
	})
}

func appliedMigrations(ctx context.Context, db bun.IDB) (map[string]time.Time, error) {
	var rows []struct {
		Version   string    `bun:"version"`
		AppliedAt time.Time `bun:"applied_at"`
	}
	if err := db.NewSelect().Table("schema_migrations").Column("version", "applied_at").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	out := make(map[string]time.Time, len(rows))
	for _, r := range rows {
		out[r.Version] = r.AppliedAt
	}
	return out, nil
}

// ErrSchemaNewer means the database was migrated by a newer rmmgraph.
type ErrSchemaNewer struct{ Unknown []string }

func (e *ErrSchemaNewer) Error() string {
	return fmt.Sprintf("the database has migrations this rmmgraph does not know (%s): it was migrated by a newer version; run that version or a newer one", strings.Join(e.Unknown, ", "))
}

func checkNotNewer(known []Migration, applied map[string]time.Time) error {
	var unknown []string
	for v := range applied {
		if !slices.ContainsFunc(known, func(m Migration) bool { return m.Version == v }) {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return &ErrSchemaNewer{Unknown: unknown}
	}
	return nil
}

// MigrateUp applies every pending migration and returns their versions.
func (s *Store) MigrateUp(ctx context.Context) ([]string, error) {
	var done []string
	err := s.migrateTx(ctx, func(tx bun.Tx, known []Migration, applied map[string]time.Time) error {
		for _, m := range known {
			if _, ok := applied[m.Version]; ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.Up); err != nil {
				return fmt.Errorf("migration %s up: %w", m.Version, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.Version, time.Now().UTC()); err != nil {
				return err
			}
			done = append(done, m.Version)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// MigrateDown reverts the newest `steps` applied migrations (all when steps <= 0).
func (s *Store) MigrateDown(ctx context.Context, steps int) ([]string, error) {
	var done []string
	err := s.migrateTx(ctx, func(tx bun.Tx, known []Migration, applied map[string]time.Time) error {
		for i := len(known) - 1; i >= 0; i-- {
			m := known[i]
			if _, ok := applied[m.Version]; !ok {
				continue
			}
			if steps > 0 && len(done) == steps {
				break
			}
			if _, err := tx.ExecContext(ctx, m.Down); err != nil {
				return fmt.Errorf("migration %s down: %w", m.Version, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, m.Version); err != nil {
				return err
			}
			done = append(done, m.Version)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// MigrationStatus lists every known migration with its applied time.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	var out []MigrationState
	err := s.migrateTx(ctx, func(_ bun.Tx, known []Migration, applied map[string]time.Time) error {
		for _, m := range known {
			st := MigrationState{Version: m.Version}
			if at, ok := applied[m.Version]; ok {
				st.AppliedAt = &at
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// CheckSchema reports an error unless every known migration is applied and
// none unknown is: the readiness condition of a server.
func (s *Store) CheckSchema(ctx context.Context) error {
	known, err := LoadMigrations(s.dialect)
	if err != nil {
		return err
	}
	var exists int
	q := `SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()`
	if s.dialect == SQLite {
		q = `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	}
	if err := s.DB.QueryRowContext(ctx, q).Scan(&exists); err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	if exists == 0 {
		return fmt.Errorf("database is not migrated: run `rmmgraph migrate up`")
	}
	applied, err := appliedMigrations(ctx, s.DB)
	if err != nil {
		return err
	}
	if err := checkNotNewer(known, applied); err != nil {
		return err
	}
	var pending []string
	for _, m := range known {
		if _, ok := applied[m.Version]; !ok {
			pending = append(pending, m.Version)
		}
	}
	if len(pending) > 0 {
		return fmt.Errorf("database has pending migrations (%s): run `rmmgraph migrate up`", strings.Join(pending, ", "))
	}
	return nil
}
