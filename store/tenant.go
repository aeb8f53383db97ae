package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// TenantDB is the only way to reach tenant data: every query it runs is
// filtered by its tenant. The API layer builds one from the authenticated key.
type TenantDB struct {
	s  *Store
	id uuid.UUID
}

// Tenant returns the tenant-scoped view of the store.
func (s *Store) Tenant(id uuid.UUID) *TenantDB { return &TenantDB{s: s, id: id} }

// ID is the tenant this view is scoped to.
func (t *TenantDB) ID() uuid.UUID { return t.id }

// RefreshStats: see Store.RefreshStats.
func (t *TenantDB) RefreshStats(ctx context.Context) error { return t.s.RefreshStats(ctx) }

// Tenant reads the tenant row itself.
func (t *TenantDB) Tenant(ctx context.Context) (Tenant, error) { return t.s.GetTenant(ctx, t.id) }

// CreateTenant adds a tenant.
func (s *Store) CreateTenant(ctx context.Context, name string) (Tenant, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Tenant{}, errors.New("tenant name must not be empty")
	}
	now := time.Now().UTC()
	t := Tenant{ID: uuid.New(), Name: name, CreatedAt: now, UpdatedAt: now}
	if _, err := s.DB.NewInsert().Model(&t).Exec(ctx); err != nil {
		return Tenant{}, fmt.Errorf("create tenant: %w", err)
	}
	return t, nil
}

// Tenants lists every tenant, oldest first.
func (s *Store) Tenants(ctx context.Context) ([]Tenant, error) {
	var out []Tenant
	err := s.DB.NewSelect().Model(&out).Order("created_at", "tenant").Scan(ctx)
	return out, err
}

// GetTenant returns one tenant or ErrNotFound.
func (s *Store) GetTenant(ctx context.Context, id uuid.UUID) (Tenant, error) {
	var t Tenant
	err := s.DB.NewSelect().Model(&t).Where("tenant = ?", id).Scan(ctx)
	return t, notFound(err)
}

// API keys look like rmg_<32 hex key id>_<43 base64url secret>.
const keyPrefix = "rmg_"

// ErrBadKey means a token is missing, malformed, unknown or revoked.
var ErrBadKey = errors.New("invalid API key")

func hashKeySecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// newAPIKey makes a key row and its token; only the row is ever stored.
func newAPIKey(tenant uuid.UUID, name string, role Role) (string, APIKey, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", APIKey{}, err
	}
	secret := base64.RawURLEncoding.EncodeToString(raw)
	k := APIKey{TenantID: tenant, ID: uuid.New(), Name: name, Role: role, KeyHash: hashKeySecret(secret), CreatedAt: time.Now().UTC()}
	return keyPrefix + hex.EncodeToString(k.ID[:]) + "_" + secret, k, nil
}

// CreateAPIKey makes a key for a tenant and returns the token, which is shown
// once and never stored.
func (s *Store) CreateAPIKey(ctx context.Context, tenant uuid.UUID, name string, role Role) (string, APIKey, error) {
	if role != RoleAdmin && role != RoleViewer {
		return "", APIKey{}, fmt.Errorf("role must be %q or %q, not %q", RoleAdmin, RoleViewer, role)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", APIKey{}, errors.New("API key name must not be empty")
	}
	if _, err := s.GetTenant(ctx, tenant); err != nil {
		return "", APIKey{}, fmt.Errorf("tenant %s: %w", tenant, err)
	}
	token, k, err := newAPIKey(tenant, name, role)
	if err != nil {
		return "", APIKey{}, err
	}
	if _, err := s.DB.NewInsert().Model(&k).Exec(ctx); err != nil {
		return "", APIKey{}, fmt.Errorf("create API key: %w", err)
	}
	return token, k, nil
}

// APIKeys lists a tenant's keys, revoked ones included.
func (s *Store) APIKeys(ctx context.Context, tenant uuid.UUID) ([]APIKey, error) {
	var out []APIKey
	err := s.DB.NewSelect().Model(&out).Where("tenant = ?", tenant).Order("created_at", "api_key_id").Scan(ctx)
	return out, err
}

// RevokeAPIKey revokes one key; ErrNotFound if the tenant has no such live key.
func (s *Store) RevokeAPIKey(ctx context.Context, tenant, id uuid.UUID) error {
	res, err := s.DB.NewUpdate().Model((*APIKey)(nil)).
		Set("revoked_at = ?", time.Now().UTC()).
		Where("tenant = ? AND api_key_id = ? AND revoked_at IS NULL", tenant, id).
		Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Principal is who an API call acts as.
type Principal struct {
	TenantID uuid.UUID
	KeyID    uuid.UUID
	Role     Role
}

// Authenticate resolves a bearer token to its principal, or ErrBadKey.
func (s *Store) Authenticate(ctx context.Context, token string) (Principal, error) {
	rest, ok := strings.CutPrefix(token, keyPrefix)
	if !ok {
		return Principal{}, ErrBadKey
	}
	idHex, secret, ok := strings.Cut(rest, "_")
	idBytes, err := hex.DecodeString(idHex)
	if !ok || err != nil || len(idBytes) != 16 || secret == "" {
		return Principal{}, ErrBadKey
	}
	id, _ := uuid.FromBytes(idBytes)
	var k APIKey
	if err := s.DB.NewSelect().Model(&k).Where("api_key_id = ?", id).Scan(ctx); err != nil {
		if errors.Is(notFound(err), ErrNotFound) {
			return Principal{}, ErrBadKey
		}
		return Principal{}, err
	}
	if subtle.ConstantTimeCompare(k.KeyHash, hashKeySecret(secret)) != 1 || k.RevokedAt != nil {
		return Principal{}, ErrBadKey
	}
	// Record use at most once a minute, so reads do not turn into writes.
	now := time.Now().UTC()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute {
		_, _ = s.DB.NewUpdate().Model((*APIKey)(nil)).Set("last_used_at = ?", now).
			Where("tenant = ? AND api_key_id = ?", k.TenantID, k.ID).Exec(ctx)
	}
	return Principal{TenantID: k.TenantID, KeyID: k.ID, Role: k.Role}, nil
}

// Bootstrap creates a default tenant with an admin key when the database has
// no tenant yet. It returns the token (empty when nothing was created).
func (s *Store) Bootstrap(ctx context.Context) (string, Tenant, error) {
	var token string
	var tenant Tenant
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('rmmgraph.bootstrap'))`); err != nil {
				return err
			}
		}
		n, err := tx.NewSelect().Model((*Tenant)(nil)).Count(ctx)
		if err != nil || n > 0 {
			return err
		}
		now := time.Now().UTC()
		tenant = Tenant{ID: uuid.New(), Name: "Default", CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(&tenant).Exec(ctx); err != nil {
			return err
		}
		var k APIKey
		if token, k, err = newAPIKey(tenant.ID, "bootstrap admin", RoleAdmin); err != nil {
			return err
		}
		_, err = tx.NewInsert().Model(&k).Exec(ctx)
		return err
	})
	return token, tenant, err
}
