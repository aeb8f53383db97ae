package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ScheduledIntegration is what the scheduler needs to know of one
// integration, across tenants.
type ScheduledIntegration struct {
	TenantID       uuid.UUID      `bun:"tenant"`
	ID             uuid.UUID      `bun:"integration_id"`
	Provider       string         `bun:"provider"`
	IsActive       bool           `bun:"is_active"`
	Settings       map[string]any `bun:"settings,type:jsonb"`
	LastFullSyncAt *time.Time     `bun:"last_full_sync_at"`
	MappedScopes   int            `bun:"mapped_scopes"`
}

// ScheduledIntegrations lists every integration of every tenant with the
// count of its mapped, auto-synced scopes. It is the scheduler's view and
// the only cross-tenant read besides authentication.
func (s *Store) ScheduledIntegrations(ctx context.Context) ([]ScheduledIntegration, error) {
	var out []ScheduledIntegration
	err := s.DB.NewSelect().TableExpr("rmm_integrations AS i").
		ColumnExpr("i.tenant, i.integration_id, i.provider, i.is_active, i.settings, i.last_full_sync_at").
		ColumnExpr("(SELECT count(*) FROM rmm_organization_mappings AS m WHERE m.tenant = i.tenant AND m.integration_id = i.integration_id AND m.client_id IS NOT NULL AND m.auto_sync_assets) AS mapped_scopes").
		OrderExpr("i.tenant, i.provider").Scan(ctx, &out)
	return out, err
}

// ClaimTick records that owner runs the tick key; false when another
// replica claimed it first.
func (s *Store) ClaimTick(ctx context.Context, key, owner string) (bool, error) {
	res, err := s.DB.ExecContext(ctx, `INSERT INTO scheduler_ticks (tick_key, owner, claimed_at) VALUES (?, ?, ?) ON CONFLICT (tick_key) DO NOTHING`,
		key, owner, time.Now().UTC())
	if err != nil {
		return false, fmt.Errorf("claim tick %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PruneTicks forgets claims older than age.
func (s *Store) PruneTicks(ctx context.Context, age time.Duration) error {
	_, err := s.DB.NewDelete().TableExpr("scheduler_ticks").Where("claimed_at < ?", time.Now().UTC().Add(-age)).Exec(ctx)
	return err
}

// LastScheduledRun returns when the integration's last scheduled run started.
func (t *TenantDB) LastScheduledRun(ctx context.Context, integrationID uuid.UUID) (*time.Time, error) {
	var runs []SyncRun
	err := t.s.DB.NewSelect().Model(&runs).Column("started_at").
		Where("tenant = ? AND integration_id = ? AND trigger_type = 'scheduled'", t.id, integrationID).
		OrderExpr("started_at DESC").Limit(1).Scan(ctx)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0].StartedAt, nil
}
