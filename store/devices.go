package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// MappingMeta is the part of an asset mapping the pipeline keeps for
// itself: the content fingerprints and missing count in its metadata, and
// whether the device is retired (sync_status 'error').
type MappingMeta struct {
	AssetHash     string
	ExtensionHash string
	MissingCount  int
	Deleted       bool
}

// KnownDevice is an RMM device that already has an asset.
type KnownDevice struct {
	MappingID  uuid.UUID // uuid.Nil when found only through assets.rmm_device_id
	AssetID    uuid.UUID
	ExternalID string
	Realm      string
	ClientID   uuid.UUID
	AssetType  string
	// The asset's heartbeat columns, compared directly rather than hashed.
	LastSeenAt  *time.Time
	AgentStatus *string
	Meta        MappingMeta
	Metadata    json.RawMessage // the whole mapping metadata
}

const assetEntity = "asset"

// assetJoin joins mappings (m) to their assets (a). alga_entity_id is text:
// on Postgres it is cast to uuid so the join uses the assets primary key.
func (t *TenantDB) assetJoin() string {
	if t.s.dialect == Postgres {
		return "JOIN assets AS a ON a.tenant = m.tenant AND a.asset_id = CAST(m.alga_entity_id AS uuid)"
	}
	return "JOIN assets AS a ON a.tenant = m.tenant AND a.asset_id = m.alga_entity_id"
}

// knownDeviceQuery selects mappings of one provider joined to their assets.
// The pipeline's bookkeeping is read out of the metadata by the database;
// withMetadata adds the whole metadata, which only retirement needs.
func (t *TenantDB) knownDeviceQuery(provider string, withMetadata bool) *bun.SelectQuery {
	field := func(key string) string { return "m.metadata->>'" + key + "'" }
	if t.s.dialect == SQLite {
		field = func(key string) string { return "json_extract(m.metadata, '$." + key + "')" }
	}
	q := t.s.DB.NewSelect().
		TableExpr("tenant_external_entity_mappings AS m").
		Join(t.assetJoin()).
		ColumnExpr("m.id, a.asset_id, m.external_entity_id, COALESCE(m.external_realm_id, '') AS realm, a.client_id, a.asset_type, a.last_seen_at, a.agent_status").
		ColumnExpr("COALESCE("+field("assetHash")+", '') AS asset_hash, COALESCE("+field("extensionHash")+", '') AS extension_hash").
		ColumnExpr("CAST(COALESCE("+field("missingCount")+", '0') AS INTEGER) AS missing_count, COALESCE(m.sync_status, '') = 'error' AS retired").
		Where("m.tenant = ? AND m.integration_type = ? AND m.alga_entity_type = ?", t.id, provider, assetEntity)
	if withMetadata {
		q = q.ColumnExpr("m.metadata")
	}
	return q
}

type knownRow struct {
	ID               uuid.UUID       `bun:"id"`
	AssetID          uuid.UUID       `bun:"asset_id"`
	ExternalEntityID string          `bun:"external_entity_id"`
	Realm            string          `bun:"realm"`
	ClientID         uuid.UUID       `bun:"client_id"`
	AssetType        string          `bun:"asset_type"`
	LastSeenAt       *time.Time      `bun:"last_seen_at"`
	AgentStatus      *string         `bun:"agent_status"`
	AssetHash        string          `bun:"asset_hash"`
	ExtensionHash    string          `bun:"extension_hash"`
	MissingCount     int             `bun:"missing_count"`
	Retired          bool            `bun:"retired"`
	Metadata         json.RawMessage `bun:"metadata"`
}

func (r knownRow) device() KnownDevice {
	return KnownDevice{MappingID: r.ID, AssetID: r.AssetID, ExternalID: r.ExternalEntityID, Realm: r.Realm,
		ClientID: r.ClientID, AssetType: r.AssetType, LastSeenAt: r.LastSeenAt, AgentStatus: r.AgentStatus, Metadata: r.Metadata,
		Meta: MappingMeta{AssetHash: r.AssetHash, ExtensionHash: r.ExtensionHash, MissingCount: r.MissingCount, Deleted: r.Retired}}
}

// LookupDevices finds the assets of these external ids, whatever their
// status: first through the mapping table, then through assets
// (rmm_provider, rmm_device_id) for assets that have no mapping yet. When an
// id has mappings in several realms, the one in preferRealm[id] wins.
func (t *TenantDB) LookupDevices(ctx context.Context, provider string, ids []string, preferRealm map[string]string) (map[string]KnownDevice, error) {
	out := make(map[string]KnownDevice, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []knownRow
	if err := t.knownDeviceQuery(provider, false).Where("m.external_entity_id IN (?)", bun.In(ids)).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("look up device mappings: %w", err)
	}
	for _, r := range rows {
		prev, dup := out[r.ExternalEntityID]
		if dup && prev.Realm == preferRealm[r.ExternalEntityID] {
			continue
		}
		out[r.ExternalEntityID] = r.device()
	}
	var missing []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	var orphans []knownRow
	err := t.s.DB.NewSelect().TableExpr("assets AS a").
		ColumnExpr("a.asset_id, a.rmm_device_id AS external_entity_id, COALESCE(a.rmm_organization_id, '') AS realm, a.client_id, a.asset_type, a.last_seen_at, a.agent_status").
		Where("a.tenant = ? AND a.rmm_provider = ? AND a.rmm_device_id IN (?)", t.id, provider, bun.In(missing)).
		Where("NOT EXISTS (SELECT 1 FROM tenant_external_entity_mappings AS m WHERE m.tenant = a.tenant AND m.integration_type = ? AND m.alga_entity_type = ? AND m.alga_entity_id = CAST(a.asset_id AS TEXT))", provider, assetEntity).
		OrderExpr("a.created_at, a.asset_id").
		Scan(ctx, &orphans)
	if err != nil {
		return nil, fmt.Errorf("look up unmapped assets: %w", err)
	}
	for _, o := range orphans {
		if _, ok := out[o.ExternalEntityID]; !ok { // the oldest asset wins
			out[o.ExternalEntityID] = o.device()
		}
	}
	return out, nil
}

// RealmMissing compares a scope's complete listing with its stored devices:
// had counts the devices mapped to the realm that are not retired, missing
// lists those of them not in seen.
func (t *TenantDB) RealmMissing(ctx context.Context, provider, realm string, seen []string) (had int, missing []KnownDevice, err error) {
	n, err := t.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings AS m").
		Where("m.tenant = ? AND m.integration_type = ? AND m.alga_entity_type = ? AND m.external_realm_id = ?", t.id, provider, assetEntity, realm).
		Where("COALESCE(m.sync_status, '') <> 'error'").Count(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("count devices of scope %s: %w", realm, err)
	}
	q := t.knownDeviceQuery(provider, true).Where("m.external_realm_id = ? AND COALESCE(m.sync_status, '') <> 'error'", realm)
	if len(seen) > 0 {
		q = q.Where("m.external_entity_id NOT IN (?)", bun.In(seen))
	}
	var rows []knownRow
	if err := q.Scan(ctx, &rows); err != nil {
		return 0, nil, fmt.Errorf("list missing devices of scope %s: %w", realm, err)
	}
	missing = make([]KnownDevice, len(rows))
	for i, r := range rows {
		missing[i] = r.device()
	}
	return int(n), missing, nil
}

// DeviceWrite is what the pipeline decided to write for one device.
type DeviceWrite struct {
	AssetID uuid.UUID
	// CreateAsset inserts Asset (all columns); otherwise the columns in
	// Asset.Mask are updated (none: the asset row is left alone).
	CreateAsset bool
	Asset       Row
	// Ext is written to ExtTable when its Mask is set: inserted if the asset
	// has no row there yet, else updated. DropExt deletes the asset's row
	// from an extension table it no longer belongs to.
	ExtTable *Table
	Ext      Row
	DropExt  *Table
	// Mapping: inserted when MappingID is uuid.Nil, else updated, when
	// WriteMapping is set.
	WriteMapping bool
	MappingID    uuid.UUID
	ExternalID   string
	Realm        string
	SyncStatus   string
	Metadata     json.RawMessage
}

// ApplyDevices writes one batch of device changes in one transaction.
func (t *TenantDB) ApplyDevices(ctx context.Context, provider string, now time.Time, ws []DeviceWrite) error {
	if len(ws) == 0 {
		return nil
	}
	return t.s.inBulkTx(ctx, func(tx bulkTx) error {
		seq := 0
		next := func() int { seq++; return seq }

		// Extension rows of assets whose type changed go first.
		drops := map[*Table][]any{}
		for _, w := range ws {
			if w.DropExt != nil {
				drops[w.DropExt] = append(drops[w.DropExt], w.AssetID)
			}
		}
		for tbl, ids := range drops {
			q := "DELETE FROM " + quoteIdent(tbl.Name) + " WHERE tenant = ? AND asset_id IN (" + placeholders(len(ids)) + ")"
			if _, err := tx.exec(ctx, q, append([]any{t.id}, ids...)...); err != nil {
				return fmt.Errorf("move extension rows: %w", err)
			}
		}

		// New assets.
		var assetRows [][]any
		for _, w := range ws {
			if w.CreateAsset {
				assetRows = append(assetRows, append([]any{t.id, w.AssetID}, w.Asset.Vals...))
			}
		}
		if err := tx.insertRows(ctx, AssetsTable.Name, append([]string{"tenant", "asset_id"}, AssetsTable.Cols...), assetRows); err != nil {
			return err
		}
		// Changed assets, one statement per set of changed columns.
		if err := t.updateGrouped(ctx, tx, AssetsTable, ws, func(w DeviceWrite) (Row, bool) {
			return w.Asset, !w.CreateAsset && w.Asset.Mask != 0
		}, next); err != nil {
			return err
		}

		// Extension rows: make sure each written asset has one, then update.
		for _, tbl := range ExtensionTables {
			var ensure []any
			var fresh [][]any
			for _, w := range ws {
				if w.ExtTable != tbl || w.Ext.Mask == 0 {
					continue
				}
				if w.CreateAsset {
					fresh = append(fresh, append([]any{t.id, w.AssetID}, maskedVals(w.Ext)...))
				} else {
					ensure = append(ensure, w.AssetID)
				}
			}
			if err := tx.insertRows(ctx, tbl.Name, append([]string{"tenant", "asset_id"}, tbl.Cols...), fresh); err != nil {
				return err
			}
			if len(ensure) > 0 {
				q := "INSERT INTO " + quoteIdent(tbl.Name) + " (tenant, asset_id) SELECT a.tenant, a.asset_id FROM assets AS a WHERE a.tenant = ? AND a.asset_id IN (" +
					placeholders(len(ensure)) + ") AND NOT EXISTS (SELECT 1 FROM " + quoteIdent(tbl.Name) + " AS e WHERE e.tenant = a.tenant AND e.asset_id = a.asset_id)"
				if _, err := tx.exec(ctx, q, append([]any{t.id}, ensure...)...); err != nil {
					return fmt.Errorf("ensure %s rows: %w", tbl.Name, err)
				}
			}
			if err := t.updateGrouped(ctx, tx, tbl, ws, func(w DeviceWrite) (Row, bool) {
				return w.Ext, w.ExtTable == tbl && !w.CreateAsset && w.Ext.Mask != 0
			}, next); err != nil {
				return err
			}
		}

		// Mappings.
		var newMaps, updMaps [][]any
		for _, w := range ws {
			if !w.WriteMapping {
				continue
			}
			meta := string(w.Metadata)
			if w.MappingID == uuid.Nil {
				newMaps = append(newMaps, []any{uuid.New(), t.id, provider, assetEntity, w.AssetID.String(), w.ExternalID, w.Realm, w.SyncStatus, now, meta, now, now})
			} else {
				updMaps = append(updMaps, []any{w.MappingID, t.id, w.ExternalID, w.Realm, w.SyncStatus, now, meta, now})
			}
		}
		if err := tx.insertRows(ctx, "tenant_external_entity_mappings", []string{"id", "tenant", "integration_type", "alga_entity_type", "alga_entity_id",
			"external_entity_id", "external_realm_id", "sync_status", "last_synced_at", "metadata", "created_at", "updated_at"}, newMaps); err != nil {
			return err
		}
		return bulkUpdate(ctx, tx, t.s.dialect, "tenant_external_entity_mappings", []string{"id", "tenant"},
			[]string{"external_entity_id", "external_realm_id", "sync_status", "last_synced_at", "metadata", "updated_at"}, updMaps, next())
	})
}

// updateGrouped updates the rows pick selects, one bulk UPDATE per distinct
// set of columns.
func (t *TenantDB) updateGrouped(ctx context.Context, tx bulkTx, tbl *Table, ws []DeviceWrite, pick func(DeviceWrite) (Row, bool), next func() int) error {
	groups := map[uint64][][]any{}
	for _, w := range ws {
		r, ok := pick(w)
		if !ok {
			continue
		}
		groups[r.Mask] = append(groups[r.Mask], append([]any{t.id, w.AssetID}, maskedVals(r)...))
	}
	for mask, rows := range groups {
		var set []string
		for i, c := range tbl.Cols {
			if mask&(1<<uint(i)) != 0 {
				set = append(set, c)
			}
		}
		// rows hold every column; keep the key and the set ones.
		for j, r := range rows {
			kept := []any{r[0], r[1]}
			for i := range tbl.Cols {
				if mask&(1<<uint(i)) != 0 {
					kept = append(kept, r[2+i])
				}
			}
			rows[j] = kept
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, tbl.Name, []string{"tenant", "asset_id"}, set, rows, next()); err != nil {
			return err
		}
	}
	return nil
}

// maskedVals returns the row's values with unset columns as NULL.
func maskedVals(r Row) []any {
	out := make([]any, len(r.Vals))
	for i, v := range r.Vals {
		if r.Mask&(1<<uint(i)) != 0 {
			out[i] = v
		}
	}
	return out
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// RetireWrite marks one known device missing or retired.
type RetireWrite struct {
	Device KnownDevice
	Retire bool // retire the asset
	// Offline keeps the asset but marks its agent offline (a secondary
	// source still knows the device). Neither: only record the missing count.
	Offline bool
	Meta    json.RawMessage
}

// ApplyRetirements records missing devices and retires the ones past grace:
// status inactive, agent offline, mapping sync_status 'error' with
// metadata.deleted and deletedAt. It returns how many were retired.
func (t *TenantDB) ApplyRetirements(ctx context.Context, now time.Time, ws []RetireWrite) (int, error) {
	if len(ws) == 0 {
		return 0, nil
	}
	retired := 0
	err := t.s.inBulkTx(ctx, func(tx bulkTx) error {
		var assetRows, offlineRows, mapRows [][]any
		for _, w := range ws {
			status := "synced"
			switch {
			case w.Retire:
				status = "error"
				assetRows = append(assetRows, []any{t.id, w.Device.AssetID, "inactive", "offline", now})
			case w.Offline:
				offlineRows = append(offlineRows, []any{t.id, w.Device.AssetID, "offline", now})
			}
			if w.Device.MappingID != uuid.Nil {
				mapRows = append(mapRows, []any{w.Device.MappingID, t.id, status, string(w.Meta), now})
			}
		}
		retired = len(assetRows)
		if err := bulkUpdate(ctx, tx, t.s.dialect, "assets", []string{"tenant", "asset_id"}, []string{"status", "agent_status", "updated_at"}, assetRows, 1); err != nil {
			return err
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, "assets", []string{"tenant", "asset_id"}, []string{"agent_status", "updated_at"}, offlineRows, 3); err != nil {
			return err
		}
		return bulkUpdate(ctx, tx, t.s.dialect, "tenant_external_entity_mappings", []string{"id", "tenant"}, []string{"sync_status", "metadata", "updated_at"}, mapRows, 2)
	})
	return retired, err
}

// RefreshStats updates the planner's statistics of the tables a sync
// writes, so that lookups keep using their indexes after a bulk load.
func (s *Store) RefreshStats(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := s.DB.ExecContext(ctx, "ANALYZE assets, workstation_assets, server_assets, tenant_external_entity_mappings")
	return err
}
