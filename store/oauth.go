package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// OAuthState is a pending authorization: who asked, for which integration.
type OAuthState struct {
	bun.BaseModel `bun:"table:oauth_states"`

	Hash          string     `bun:"state_hash,pk"`
	TenantID      uuid.UUID  `bun:"tenant"`
	IntegrationID uuid.UUID  `bun:"integration_id"`
	Provider      string     `bun:"provider"`
	RedirectURI   string     `bun:"redirect_uri"`
	CreatedAt     time.Time  `bun:"created_at"`
	ExpiresAt     time.Time  `bun:"expires_at"`
	UsedAt        *time.Time `bun:"used_at"`
}

// Errors of TakeOAuthState.
var (
	ErrStateUnknown = errors.New("the authorization is unknown")
	ErrStateUsed    = errors.New("the authorization was already completed")
	ErrStateExpired = errors.New("the authorization expired")
)

func stateHash(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

// CreateOAuthState records a state for the integration, valid for ttl;
// only its hash is stored.
func (t *TenantDB) CreateOAuthState(ctx context.Context, state string, integrationID uuid.UUID, provider, redirectURI string, ttl time.Duration) (OAuthState, error) {
	now := time.Now().UTC()
	st := OAuthState{Hash: stateHash(state), TenantID: t.id, IntegrationID: integrationID, Provider: provider, RedirectURI: redirectURI,
		CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if _, err := t.s.DB.NewInsert().Model(&st).Exec(ctx); err != nil {
		return st, err
	}
	// Old states are of no use: keep the table small.
	_, err := t.s.DB.NewDelete().Model((*OAuthState)(nil)).Where("expires_at < ?", now.Add(-24*time.Hour)).Exec(ctx)
	return st, err
}

// TakeOAuthState uses a state once, across tenants (the callback knows
// nothing else): a second use, an expired state or an unknown one is an
// error.
func (s *Store) TakeOAuthState(ctx context.Context, state string) (OAuthState, error) {
	var st OAuthState
	h := stateHash(state)
	now := time.Now().UTC()
	err := s.DB.NewUpdate().Model(&st).Set("used_at = ?", now).
		Where("state_hash = ? AND used_at IS NULL", h).Returning("*").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		if n, _ := s.DB.NewSelect().Model((*OAuthState)(nil)).Where("state_hash = ?", h).Count(ctx); n > 0 {
			return st, ErrStateUsed
		}
		return st, ErrStateUnknown
	}
	if err != nil {
		return st, err
	}
	if now.After(st.ExpiresAt) {
		return st, ErrStateExpired
	}
	return st, nil
}
