package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// AssetFilter narrows the asset list; zero fields do not filter.
type AssetFilter struct {
	ClientIDs      []uuid.UUID
	Providers      []string
	AssetTypes     []string
	Statuses       []string
	AgentStatuses  []string
	LastSeenBefore *time.Time
	LastSeenAfter  *time.Time
	// ChangedAfter and ChangedBefore bound when rmmgraph last wrote the
	// asset (its updated_at).
	ChangedAfter  *time.Time
	ChangedBefore *time.Time
	Search        string
}

const assetCursor = "asset"

func (t *TenantDB) assetQuery(f AssetFilter) *bun.SelectQuery {
	q := t.s.DB.NewSelect().Model((*Asset)(nil)).Where("tenant = ?", t.id)
	if f.ClientIDs != nil {
		q = q.Where("client_id IN (?)", bun.In(f.ClientIDs))
	}
	if f.Providers != nil {
		q = q.Where("rmm_provider IN (?)", bun.In(f.Providers))
	}
	if f.AssetTypes != nil {
		q = q.Where("asset_type IN (?)", bun.In(f.AssetTypes))
	}
	if f.Statuses != nil {
		q = q.Where("status IN (?)", bun.In(f.Statuses))
	}
	if f.AgentStatuses != nil {
		q = q.Where("agent_status IN (?)", bun.In(f.AgentStatuses))
	}
	if f.LastSeenBefore != nil {
		q = q.Where("last_seen_at < ?", f.LastSeenBefore.UTC())
	}
	if f.LastSeenAfter != nil {
		q = q.Where("last_seen_at >= ?", f.LastSeenAfter.UTC())
	}
	if f.ChangedAfter != nil {
		q = q.Where("updated_at >= ?", f.ChangedAfter.UTC())
	}
	if f.ChangedBefore != nil {
		q = q.Where("updated_at <= ?", f.ChangedBefore.UTC())
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		pat := "%" + escapeLike(strings.ToLower(s)) + "%"
		q = q.Where("(lower(name) LIKE ? ESCAPE '\\' OR lower(serial_number) LIKE ? ESCAPE '\\')", pat, pat)
	}
	return q
}

// assetList orders assets by name, then id.
func assetList(desc bool) keyset[Asset] {
	op, dir := ">", "ASC"
	if desc {
		op, dir = "<", "DESC"
	}
	return keyset[Asset]{kind: assetCursor, order: "name " + dir + ", asset_id " + dir,
		after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
			id, err := uuid.Parse(keys[1])
			if err != nil {
				return nil, ErrBadCursor
			}
			return q.Where("(name, asset_id) "+op+" (?, ?)", keys[0], id), nil
		},
		keys: func(a Asset) []string { return []string{a.Name, a.ID.String()} },
	}
}

// Assets lists assets by name (then id), after the cursor: a keyset
// position, so a deep page costs what the first costs.
func (t *TenantDB) Assets(ctx context.Context, p Page, f AssetFilter, desc bool) ([]Edge[Asset], bool, error) {
	return page(ctx, t.assetQuery(f), p, assetList(desc))
}

// AssetCursor is the keyset position just after asset a in the asset list.
func AssetCursor(a Asset) string { return assetList(false).cursor(a) }

// CountAssets counts the assets matching f.
func (t *TenantDB) CountAssets(ctx context.Context, f AssetFilter) (int, error) {
	n, err := t.assetQuery(f).Count(ctx)
	return int(n), err
}

// AssetsByID returns the assets with these ids; missing ones are left out.
func (t *TenantDB) AssetsByID(ctx context.Context, ids []uuid.UUID) ([]Asset, error) {
	var out []Asset
	if len(ids) == 0 {
		return out, nil
	}
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND asset_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return out, err
}

// WorkstationsByAsset returns the workstation rows of these assets.
func (t *TenantDB) WorkstationsByAsset(ctx context.Context, ids []uuid.UUID) ([]WorkstationAsset, error) {
	var out []WorkstationAsset
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND asset_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return out, err
}

// ServersByAsset returns the server rows of these assets.
func (t *TenantDB) ServersByAsset(ctx context.Context, ids []uuid.UUID) ([]ServerAsset, error) {
	var out []ServerAsset
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND asset_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return out, err
}

// MappingsByAsset returns the external mappings of these assets.
func (t *TenantDB) MappingsByAsset(ctx context.Context, ids []uuid.UUID) ([]EntityMapping, error) {
	var out []EntityMapping
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = id.String()
	}
	err := t.s.DB.NewSelect().Model(&out).
		Where("tenant = ? AND alga_entity_type = ? AND alga_entity_id IN (?)", t.id, assetEntity, bun.In(keys)).
		Order("integration_type").Scan(ctx)
	return out, err
}
