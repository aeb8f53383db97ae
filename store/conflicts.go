package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// ScopeConflict is a device several mapped scopes of one integration
// report while their mappings name different clients.
type ScopeConflict struct {
	bun.BaseModel `bun:"table:rmm_scope_conflicts"`

	TenantID      uuid.UUID `bun:"tenant,pk"`
	IntegrationID uuid.UUID `bun:"integration_id,pk"`
	ExternalID    string    `bun:"external_device_id,pk"`
	Name          string    `bun:"device_name"`
	// ScopeIDs are the scopes that report it, in the integration's scope
	// priority: the first owns the device.
	ScopeIDs   []string  `bun:"scope_ids,type:jsonb"`
	RunID      uuid.UUID `bun:"run_id"`
	DetectedAt time.Time `bun:"detected_at"`
}

// SaveScopeConflicts records the conflicts a run found. With all set (a
// complete full listing of every mapped scope), the integration's other
// conflicts are gone and are dropped; otherwise they are kept.
func (t *TenantDB) SaveScopeConflicts(ctx context.Context, integrationID uuid.UUID, cs []ScopeConflict, all bool) error {
	if len(cs) == 0 { // the common case: one statement, no transaction
		if !all {
			return nil
		}
		_, err := t.s.DB.NewDelete().Model((*ScopeConflict)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID).Exec(ctx)
		return err
	}
	return t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if all {
			if _, err := tx.NewDelete().Model((*ScopeConflict)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID).Exec(ctx); err != nil {
				return err
			}
		}
		for i := range cs {
			cs[i].TenantID, cs[i].IntegrationID = t.id, integrationID
		}
		for start := 0; start < len(cs); start += 500 {
			chunk := cs[start:min(start+500, len(cs))]
			if _, err := tx.NewInsert().Model(&chunk).On("CONFLICT (tenant, integration_id, external_device_id) DO UPDATE").
				Set("device_name = EXCLUDED.device_name, scope_ids = EXCLUDED.scope_ids, run_id = EXCLUDED.run_id, detected_at = EXCLUDED.detected_at").
				Exec(ctx); err != nil {
				return fmt.Errorf("record scope conflicts: %w", err)
			}
		}
		return nil
	})
}

var conflictList = keyset[ScopeConflict]{kind: "conflict", order: "external_device_id",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		return q.Where("external_device_id > ?", keys[0]), nil
	},
	keys: func(c ScopeConflict) []string { return []string{c.ExternalID} },
}

func (t *TenantDB) conflictQuery(integrationID uuid.UUID) *bun.SelectQuery {
	return t.s.DB.NewSelect().Model((*ScopeConflict)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID)
}

// ScopeConflicts returns a page of an integration's conflicts by device id.
func (t *TenantDB) ScopeConflicts(ctx context.Context, integrationID uuid.UUID, p Page) ([]Edge[ScopeConflict], bool, error) {
	return page(ctx, t.conflictQuery(integrationID), p, conflictList)
}

// CountScopeConflicts counts an integration's conflicts.
func (t *TenantDB) CountScopeConflicts(ctx context.Context, integrationID uuid.UUID) (int, error) {
	n, err := t.conflictQuery(integrationID).Count(ctx)
	return int(n), err
}

// SetRetireHold sets or (nil) clears a scope's retirement hold.
func (t *TenantDB) SetRetireHold(ctx context.Context, integrationID uuid.UUID, scope string, h *RetireHold) error {
	var v any
	if h != nil {
		b, _ := json.Marshal(h)
		v = string(b)
	}
	_, err := t.s.DB.NewUpdate().Model((*OrgMapping)(nil)).Set("retire_hold = ?", v).
		Where("tenant = ? AND integration_id = ? AND external_organization_id = ?", t.id, integrationID, scope).Exec(ctx)
	return err
}
