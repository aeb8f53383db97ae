// Package storetest opens migrated, throwaway databases for tests (a SQLite
// file always, and a fresh PostgreSQL database when one is reachable) and
// checks results property by property.
//
// RMMGRAPH_TEST_POSTGRES_URL names the server (default: postgres on
// 127.0.0.1:5432 as user postgres). With RMMGRAPH_TEST_REQUIRE_POSTGRES=1 an
// unreachable server fails the test instead of skipping the Postgres half.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rmmgraph/rmmgraph/store"
)

// DefaultPostgresURL is used when RMMGRAPH_TEST_POSTGRES_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects lists the engines every store test runs on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// Each runs fn as a subtest per dialect, each with its own migrated
// database; the dialects run in parallel, so fn must not share state
// between its two calls.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Open returns a migrated store on a new database of dialect d, removed when
// the test ends. The store has a random secret key. A Postgres database is
// a copy of one migrated once per test process (see Main).
func Open(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	if d == store.Postgres {
		return openURL(t, d, cloneTemplate(t))
	}
	s := OpenEmpty(t, d)
	if _, err := s.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return s
}

// OpenEmpty is Open without migrating.
func OpenEmpty(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	return openURL(t, d, NewDatabaseURL(t, d))
}

func openURL(t testing.TB, d store.Dialect, u string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { s.Close() })
	key := make([]byte, 32)
	rand.Read(key)
	sl, err := store.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	s.SetSealer(sl)
	return s
}

// NewDatabaseURL creates an empty database of dialect d for this test and
// returns its URL; the database is dropped when the test ends.
func NewDatabaseURL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "test.db")
	}
	return createPostgres(t, "")
}

// template is the migrated Postgres database the tests of one process copy.
var template struct {
	once sync.Once
	mu   sync.Mutex // one copy at a time: a copy needs the template idle
	name string
	err  error
}

// cloneTemplate creates this test's database as a copy of the process's
// migrated template (made on first use) and returns its URL.
func cloneTemplate(t testing.TB) string {
	t.Helper()
	admin := postgresAdmin(t)
	template.once.Do(func() {
		ctx := context.Background()
		name := "rmmgraph_tpl_" + randomHex(6)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			template.err = err
			return
		}
		template.name = name
		s, err := store.Open(ctx, databaseURL(name))
		if err != nil {
			template.err = err
			return
		}
		defer s.Close()
		_, template.err = s.MigrateUp(ctx)
	})
	if template.err != nil {
		t.Fatalf("migrate the template database: %v", template.err)
	}
	template.mu.Lock()
	defer template.mu.Unlock()
	return createPostgres(t, template.name)
}

// Main runs a package's tests and then drops its template database; call it
// from TestMain in packages whose tests open Postgres stores.
func Main(m *testing.M) int {
	code := m.Run()
	if template.name != "" && adminDB != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		adminDB.ExecContext(ctx, "DROP DATABASE IF EXISTS "+template.name+" WITH (FORCE)")
	}
	return code
}

func databaseURL(name string) string {
	u, _ := url.Parse(postgresURL())
	u.Path = "/" + name
	return u.String()
}

// createPostgres creates a database (a copy of from, unless empty), dropped
// when the test ends, and returns its URL.
func createPostgres(t testing.TB, from string) string {
	t.Helper()
	admin := postgresAdmin(t)
	name := "rmmgraph_test_" + randomHex(6)
	ctx := context.Background()
	q := "CREATE DATABASE " + name
	if from != "" {
		q += " TEMPLATE " + from
	}
	if _, err := admin.ExecContext(ctx, q); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return databaseURL(name)
}

func postgresURL() string {
	if u := os.Getenv("RMMGRAPH_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// postgresAdmin is one connection pool to the server's maintenance database,
// shared by the package's tests.
func postgresAdmin(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", postgresURL())
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			adminErr = adminDB.PingContext(ctx)
		}
	})
	if adminErr != nil {
		if os.Getenv("RMMGRAPH_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (RMMGRAPH_TEST_REQUIRE_POSTGRES=1) but %s is not reachable: %v", postgresURL(), adminErr)
		}
		t.Skipf("PostgreSQL not reachable at %s (%v): Postgres half skipped; set RMMGRAPH_TEST_REQUIRE_POSTGRES=1 to make this fail", postgresURL(), adminErr)
	}
	return adminDB
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Prop is one property of a result a test checks: its name, its value and
// the value it should have.
type Prop struct {
	Name      string
	Got, Want any
}

// Is names a property, its value and the value it should have.
func Is(name string, got, want any) Prop { return Prop{name, got, want} }

// Expect fails the test when a property differs from what it should be,
// naming each one that does.
func Expect(t testing.TB, what string, props ...Prop) {
	t.Helper()
	var bad []string
	for _, p := range props {
		if !cmp.Equal(p.Got, p.Want) {
			bad = append(bad, fmt.Sprintf("%s = %v, want %v", p.Name, p.Got, p.Want))
		}
	}
	if len(bad) > 0 {
		t.Fatalf("%s:\n\t%s", what, strings.Join(bad, "\n\t"))
	}
}
