package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func TestAPIKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tn, err := s.CreateTenant(ctx, "Acme MSP")
		if err != nil {
			t.Fatal(err)
		}
		token, key, err := s.CreateAPIKey(ctx, tn.ID, "ci", store.RoleViewer)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(key.KeyHash), token) {
			t.Fatal("stored hash contains the token")
		}
		p, err := s.Authenticate(ctx, token)
		if err != nil || p.TenantID != tn.ID || p.Role != store.RoleViewer || p.KeyID != key.ID {
			t.Fatalf("Authenticate = %+v, %v", p, err)
		}
		last := "A"
		if strings.HasSuffix(token, last) {
			last = "B"
		}
		for _, bad := range []string{"", "rmg_", "nope", token + "x", token[:len(token)-1] + last, "rmg_" + strings.Repeat("0", 32) + "_abc"} {
			if _, err := s.Authenticate(ctx, bad); !errors.Is(err, store.ErrBadKey) {
				t.Errorf("Authenticate(%q): want ErrBadKey, got %v", bad, err)
			}
		}
		if _, _, err := s.CreateAPIKey(ctx, tn.ID, "x", "owner"); err == nil {
			t.Error("unknown role accepted")
		}
		if _, _, err := s.CreateAPIKey(ctx, uuid.New(), "x", store.RoleAdmin); err == nil {
			t.Error("key for unknown tenant accepted")
		}
		other, _ := s.CreateTenant(ctx, "Other")
		if err := s.RevokeAPIKey(ctx, other.ID, key.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoking through another tenant: want ErrNotFound, got %v", err)
		}
		if err := s.RevokeAPIKey(ctx, tn.ID, key.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, token); !errors.Is(err, store.ErrBadKey) {
			t.Fatalf("revoked key: want ErrBadKey, got %v", err)
		}
		keys, err := s.APIKeys(ctx, tn.ID)
		if err != nil || len(keys) != 1 || keys[0].RevokedAt == nil {
			t.Fatalf("APIKeys = %+v, %v", keys, err)
		}
	})
}

func TestBootstrapOnlyOnEmptyDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		token, tn, err := s.Bootstrap(ctx)
		if err != nil || token == "" {
			t.Fatalf("first bootstrap: %q %v", token, err)
		}
		p, err := s.Authenticate(ctx, token)
		if err != nil || p.Role != store.RoleAdmin || p.TenantID != tn.ID {
			t.Fatalf("bootstrap key: %+v %v", p, err)
		}
		again, _, err := s.Bootstrap(ctx)
		if err != nil || again != "" {
			t.Fatalf("second bootstrap made a key: %q %v", again, err)
		}
	})
}

func TestClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, _ := s.CreateTenant(ctx, "A")
		b, _ := s.CreateTenant(ctx, "B")
		ta, tb := s.Tenant(a.ID), s.Tenant(b.ID)
		names := []string{"delta", "Alpha", "charlie", "bravo", "echo"}
		for _, n := range names {
			if _, err := ta.CreateClient(ctx, store.ClientFields{Name: ptr(n)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ta.CreateClient(ctx, store.ClientFields{Name: ptr("ALPHA")}); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate name (other case): want ErrDuplicate, got %v", err)
		}
		// The same name in another tenant is fine.
		bc, err := tb.CreateClient(ctx, store.ClientFields{Name: ptr("Alpha")})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		after := ""
		for {
			edges, more, err := ta.Clients(ctx, store.Page{First: 2, After: after}, store.ClientFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range edges {
				got = append(got, e.Node.Name)
				after = e.Cursor
			}
			if !more {
				break
			}
		}
		if want := "Alpha bravo charlie delta echo"; strings.Join(got, " ") != want {
			t.Fatalf("pages = %v, want %s", got, want)
		}
		if n, _ := ta.CountClients(ctx, store.ClientFilter{Search: "ha"}); n != 2 { // Alpha, charlie
			t.Fatalf("CountClients(ha) = %d", n)
		}
		if n, _ := ta.CountClients(ctx, store.ClientFilter{Search: "%"}); n != 0 {
			t.Fatalf("search is not escaped: %d", n)
		}
		if _, _, err := ta.Clients(ctx, store.Page{First: 2, After: "garbage"}, store.ClientFilter{}); !errors.Is(err, store.ErrBadCursor) {
			t.Fatalf("bad cursor: %v", err)
		}
		// Tenant A cannot see or change tenant B's client.
		if cs, _ := ta.ClientsByID(ctx, []uuid.UUID{bc.ID}); len(cs) != 0 {
			t.Fatalf("tenant A read tenant B's client: %+v", cs)
		}
		if _, err := ta.UpdateClient(ctx, bc.ID, store.ClientFields{Name: ptr("stolen")}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("tenant A updated tenant B's client: %v", err)
		}
		if cs, _ := tb.ClientsByID(ctx, []uuid.UUID{bc.ID}); len(cs) != 1 || cs[0].Name != "Alpha" {
			t.Fatalf("tenant B's client changed: %+v", cs)
		}
		// The active filter.
		inactive := true
		if _, err := ta.UpdateClient(ctx, bc2(t, ctx, ta).ID, store.ClientFields{IsInactive: &inactive}); err != nil {
			t.Fatal(err)
		}
		all, _ := ta.CountClients(ctx, store.ClientFilter{})
		active, _ := ta.CountClients(ctx, store.ClientFilter{Active: ptr(true)})
		gone, _ := ta.CountClients(ctx, store.ClientFilter{Active: ptr(false)})
		if gone != 1 || active != all-1 {
			t.Fatalf("active filter: %d in all, %d active, %d inactive", all, active, gone)
		}
		// Renaming onto a taken name fails and leaves the row as it was.
		first, _, _ := ta.Clients(ctx, store.Page{First: 1}, store.ClientFilter{Search: "bravo"})
		if _, err := ta.UpdateClient(ctx, first[0].Node.ID, store.ClientFields{Name: ptr("echo")}); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("rename onto taken name: %v", err)
		}
		if cs, _ := ta.ClientsByID(ctx, []uuid.UUID{first[0].Node.ID}); cs[0].Name != "bravo" {
			t.Fatalf("failed rename changed the row: %+v", cs[0])
		}
		upd, err := ta.UpdateClient(ctx, first[0].Node.ID, store.ClientFields{URL: ptr("https://bravo.example")})
		if err != nil || upd.Name != "bravo" || *upd.URL != "https://bravo.example" || !upd.UpdatedAt.After(upd.CreatedAt.Add(-time.Second)) {
			t.Fatalf("partial update: %+v %v", upd, err)
		}
	})
}

func TestSecretsAreSealedAtRest(t *testing.T) {
	ctx := context.Background()
	const plaintext = "token-3f9a1c2e7d5b4a6f8e0c1b2a3d4e5f60"
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			u := storetest.NewDatabaseURL(t, d)
			s, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			keyPath := filepath.Join(t.TempDir(), "key")
			key, err := store.CreateKeyFile(keyPath)
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(keyPath); fi.Mode().Perm() != 0o600 {
				t.Fatalf("key file mode %v, want 0600", fi.Mode().Perm())
			}
			if again, err := store.ReadKeyFile(keyPath); err != nil || !bytes.Equal(again, key) {
				t.Fatalf("ReadKeyFile: %v", err)
			}
			sl, _ := store.NewSealer(key)
			s.SetSealer(sl)
			if _, err := s.MigrateUp(ctx); err != nil {
				t.Fatal(err)
			}
			tn, _ := s.CreateTenant(ctx, "A")
			integ := uuid.New()
			if _, err := s.DB.ExecContext(ctx, `INSERT INTO rmm_integrations (tenant, integration_id, provider, created_at, updated_at) VALUES (?, ?, 'test', ?, ?)`,
				tn.ID, integ, time.Now().UTC(), time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			tdb := s.Tenant(tn.ID)
			if err := tdb.SetIntegrationSecret(ctx, integ, "api_token", []byte(plaintext)); err != nil {
				t.Fatal(err)
			}
			got, err := tdb.IntegrationSecret(ctx, integ, "api_token")
			if err != nil || string(got) != plaintext {
				t.Fatalf("IntegrationSecret = %q, %v", got, err)
			}
			// Another tenant cannot read it.
			other, _ := s.CreateTenant(ctx, "B")
			if _, err := s.Tenant(other.ID).IntegrationSecret(ctx, integ, "api_token"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("other tenant read the secret: %v", err)
			}
			// The plaintext is nowhere in the stored bytes.
			if d == store.SQLite {
				s.Close()
				for _, f := range []string{u, u + "-wal"} {
					raw, err := os.ReadFile(f)
					if err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
					if bytes.Contains(raw, []byte(plaintext)) || bytes.Contains(raw, []byte("3f9a1c2e7d5b")) {
						t.Fatalf("plaintext found in %s", f)
					}
				}
				return
			}
			var dump []byte
			if err := s.DB.QueryRowContext(ctx, `SELECT convert_to(string_agg(t::text, '|'), 'UTF8') FROM rmm_integration_secrets t`).Scan(&dump); err != nil {
				t.Fatal(err)
			}
			if len(dump) == 0 {
				t.Fatal("the secrets table is empty")
			}
			if bytes.Contains(dump, []byte(plaintext)) || bytes.Contains(dump, []byte("3f9a1c2e7d5b")) {
				t.Fatalf("plaintext visible in the secrets table: %q", dump)
			}
			// A different key cannot open it, and says why.
			otherKey, _ := store.ParseKey(strings.Repeat("ab", 32))
			sl2, _ := store.NewSealer(otherKey)
			s.SetSealer(sl2)
			if _, err := tdb.IntegrationSecret(ctx, integ, "api_token"); !errors.Is(err, store.ErrWrongKey) {
				t.Fatalf("wrong key: %v", err)
			}
		})
	}
}

func TestParseKey(t *testing.T) {
	if _, err := store.ParseKey(strings.Repeat("0f", 32)); err != nil {
		t.Fatal(err)
	}
	if _, err := store.ParseKey("c2hvcnQ="); err == nil {
		t.Fatal("short key accepted")
	}
	if _, err := store.ReadKeyFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("missing key file accepted")
	}
}

// The SQLite database and its key file are readable by their owner only,
// and a key file others can read is refused with the command that fixes it.
func TestFilesAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	key := filepath.Join(dir, "x.key")
	if _, err := store.CreateKeyFile(key); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{db, key} {
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(f), st.Mode().Perm())
		}
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = store.ReadKeyFile(key)
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+key) {
		t.Fatalf("a world-readable key file: %v", err)
	}
}

// bc2 is some client of a tenant.
func bc2(t *testing.T, ctx context.Context, db *store.TenantDB) store.Client {
	t.Helper()
	edges, _, err := db.Clients(ctx, store.Page{First: 1}, store.ClientFilter{})
	if err != nil || len(edges) == 0 {
		t.Fatalf("no client: %v", err)
	}
	return edges[0].Node
}
