// Package store is rmmgraph's persistence layer: bun models and queries over
// PostgreSQL (production) or SQLite (the embedded default), one API for both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database engine behind a Store.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Errors callers classify; the API layer turns them into error codes.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
)

// Store is an open database. Queries on tenant data go through Tenant(id).
type Store struct {
	DB      *bun.DB
	dialect Dialect
	sealer  *Sealer
}

// Target is a parsed database URL.
type Target struct {
	Dialect Dialect
	DSN     string // driver connection string
	Path    string // SQLite file path, empty for Postgres
}

// ParseURL accepts a postgres:// or postgresql:// URL, a sqlite: URL
// (sqlite:///abs/path.db, sqlite:rel.db) or a bare file path, which means SQLite.
func ParseURL(raw string) (Target, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Target{}, errors.New("database URL is empty: use a SQLite file path such as ./rmmgraph.db or a postgres:// URL")
	}
	scheme, rest, hasScheme := strings.Cut(raw, ":")
	if !hasScheme || len(scheme) == 1 || strings.ContainsAny(scheme, `/\.`) { // a path, or a Windows drive letter
		return sqliteTarget(raw)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return Target{}, fmt.Errorf("database URL is not a valid postgres URL: %w", err)
		}
		return Target{Dialect: Postgres, DSN: raw}, nil
	case "sqlite", "sqlite3", "file":
		path := strings.TrimPrefix(rest, "//")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		return sqliteTarget(path)
	default:
		return Target{}, fmt.Errorf("database URL scheme %q is not supported: use postgres://user@host/db or a SQLite file path such as ./rmmgraph.db", scheme)
	}
}

func sqliteTarget(path string) (Target, error) {
	if path == "" || path == ":memory:" {
		return Target{}, errors.New("SQLite needs a file path, for example ./rmmgraph.db")
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "cache_size(-32768)")
	q.Add("_pragma", "mmap_size(268435456)")
	q.Set("_txlock", "immediate")
	return Target{Dialect: SQLite, DSN: "file:" + path + "?" + q.Encode(), Path: path}, nil
}

// Open connects to the database named by rawURL and checks that it answers.
// It does not migrate; see Migrate.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	t, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var db *bun.DB
	switch t.Dialect {
	case Postgres:
		sqldb, err := sql.Open("pgx", t.DSN)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		setPool(sqldb, 20)
		db = bun.NewDB(sqldb, pgdialect.New())
	case SQLite:
		if dir := filepath.Dir(t.Path); dir != "" {
			if _, err := os.Stat(dir); err != nil {
				return nil, fmt.Errorf("SQLite database directory %s: %w", dir, err)
			}
		}
		// The database holds sealed credentials and API key hashes: only
		// its owner reads it.
		if f, err := os.OpenFile(t.Path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
			f.Close()
		}
		sqldb, err := sql.Open("sqlite", t.DSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", t.Path, err)
		}
		sqldb.SetMaxOpenConns(4)
		db = bun.NewDB(sqldb, sqlitedialect.New())
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", t.Dialect, err)
	}
	db.AddQueryHook(slotsHook{})
	return &Store{DB: db, dialect: t.Dialect}, nil
}

// SetSealer installs the key that seals provider credentials.
func (s *Store) SetSealer(sl *Sealer) { s.sealer = sl }

// SetPoolSize caps the connections the store opens (Postgres; SQLite keeps
// its 4).
func (s *Store) SetPoolSize(n int) {
	if s.dialect == Postgres && n > 0 {
		setPool(s.DB.DB, n)
	}
}

// setPool opens up to n connections and keeps them all open while they are
// used: closing one as soon as a third is idle (database/sql keeps two)
// makes the next burst of syncs connect again, and a new server session
// spends milliseconds filling its catalog caches. One idle for five
// minutes closes.
func setPool(db *sql.DB, n int) {
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

// Dialect reports which engine the store runs on.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the connection pool.
func (s *Store) Close() error { return s.DB.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// isUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
