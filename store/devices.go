package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// KnownDevice is an RMM device that already has an asset, with the
// pipeline's state of its mapping.
type KnownDevice struct {
	MappingID  uuid.UUID // uuid.Nil when found only through assets.rmm_device_id
	AssetID    uuid.UUID
	ExternalID string
	Realm      string
	ClientID   uuid.UUID
	AssetType  rmm.AssetType
	// The asset's heartbeat columns, compared directly rather than hashed.
	LastSeenAt  *time.Time
	AgentStatus *string
	// The content fingerprints last written, how many complete listings in
	// a row missed the device, and whether it is retired.
	AssetHash     string
	ExtensionHash string
	MissingCount  int
	Retired       bool
	// Metadata is the whole mapping metadata; only RealmMissing reads it.
	Metadata json.RawMessage
	// SeenAt is when the device last checked in with this provider, as
	// last written to its mapping.
	SeenAt *time.Time
	// Digest is the DeviceDigest last written ("" when unknown).
	Digest string
	// Sources are the other providers' mappings of the asset (filled by
	// the pipeline when the tenant has devices of several providers).
	Sources []Source
}

// Multi reports whether another provider reports the asset too.
func (k KnownDevice) Multi() bool {
	for _, s := range k.Sources {
		if s.Active {
			return true
		}
	}
	return false
}

// Identifiers are the device's secondary identifiers from its metadata.
func (k KnownDevice) Identifiers() rmm.Identifiers { return identifiersOf(k.Metadata) }

const assetEntity = "asset"

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
	SeenAt           *time.Time      `bun:"seen_at"`
	InputDigest      string          `bun:"input_digest"`
}

func (r knownRow) device() KnownDevice {
	return KnownDevice{MappingID: r.ID, AssetID: r.AssetID, ExternalID: r.ExternalEntityID, Realm: r.Realm,
		ClientID: r.ClientID, AssetType: rmm.AssetType(r.AssetType), LastSeenAt: r.LastSeenAt, AgentStatus: r.AgentStatus, Metadata: r.Metadata,
		AssetHash: r.AssetHash, ExtensionHash: r.ExtensionHash, MissingCount: r.MissingCount, Retired: r.Retired,
		SeenAt: r.SeenAt, Digest: r.InputDigest}
}

// knownMappings selects mappings of one provider, for knownRows.
func (t *TenantDB) knownMappings(provider string) *bun.SelectQuery {
	return t.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings AS m").
		ColumnExpr("m.id, m.alga_entity_id AS asset_id, m.external_entity_id, COALESCE(m.external_realm_id, '') AS realm").
		ColumnExpr("m.asset_hash, m.extension_hash, m.missing_count, COALESCE(m.sync_status, '') = 'error' AS retired, m.last_seen_at AS seen_at, m.input_digest").
		Where("m.tenant = ? AND m.integration_type = ? AND m.alga_entity_type = ?", t.id, provider, assetEntity)
}

// knownRows reads the mappings q selects with their assets, in one query
// that looks each asset up by its primary key: as a plain join, a batch of
// a few thousand mappings makes Postgres hash the tenant's whole assets
// table, which grows with the tenant instead of with the batch. With
// metadata set it reads the whole mapping metadata too, which only
// retirement needs.
func (t *TenantDB) knownRows(ctx context.Context, q *bun.SelectQuery, metadata bool) ([]knownRow, error) {
	if t.s.dialect == Postgres {
		q = q.Join("CROSS JOIN LATERAL (SELECT client_id, asset_type, last_seen_at, agent_status FROM assets WHERE tenant = m.tenant AND asset_id = CAST(m.alga_entity_id AS uuid) LIMIT 1) AS a")
	} else { // its nested loop joins by primary key anyway
		q = q.Join("JOIN assets AS a ON a.tenant = m.tenant AND a.asset_id = m.alga_entity_id")
	}
	q = q.ColumnExpr("a.client_id, a.asset_type, a.last_seen_at, a.agent_status")
	if metadata {
		q = q.ColumnExpr("m.metadata")
	}
	return scanRows(ctx, q, func(r *knownRow) []any { // knownMappings' columns, then the asset's
		f := []any{&r.ID, &r.AssetID, &r.ExternalEntityID, &r.Realm, &r.AssetHash, &r.ExtensionHash, &r.MissingCount, &r.Retired, &r.SeenAt, &r.InputDigest,
			&r.ClientID, &r.AssetType, &r.LastSeenAt, &r.AgentStatus}
		if metadata {
			f = append(f, (*[]byte)(&r.Metadata))
		}
		return f
	})
}

// joinAssets joins, in memory, mapping rows to the asset rows read apart:
// a row whose asset is gone is dropped, as a join would drop it.
func joinAssets[R any](rows, assets []R, asset func(*R) uuid.UUID, fill func(row, asset *R)) []R {
	byID := make(map[uuid.UUID]*R, len(assets))
	for i := range assets {
		byID[asset(&assets[i])] = &assets[i]
	}
	out := rows[:0]
	for _, r := range rows {
		if a, ok := byID[asset(&r)]; ok {
			fill(&r, a)
			out = append(out, r)
		}
	}
	return out
}

// scanRows reads the rows of q into values of T, each column into the
// field fields names at its position: the bulk reads of the pipeline skip
// bun's reflection, which costs more than the query. Every row is scanned
// into the same value, whose every field Scan sets, and copied out.
func scanRows[T any](ctx context.Context, q *bun.SelectQuery, fields func(*T) []any) ([]T, error) {
	rows, err := q.Rows(ctx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	var v T
	dest := fields(&v)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// KnownInRealm reads every device mapped to a realm (a scope), whatever its
// status, for a full listing of that scope to be correlated in memory: one
// range read instead of one lookup per batch. More than limit devices: nil
// and false, and the listing looks its devices up batch by batch.
func (t *TenantDB) KnownInRealm(ctx context.Context, provider, realm string, limit int) (map[string]KnownDevice, bool, error) {
	rows, err := t.knownRows(ctx, t.knownMappings(provider).Where("m.external_realm_id = ?", realm).Limit(int64(limit+1)), false)
	if err != nil {
		return nil, false, fmt.Errorf("read the devices of scope %s: %w", realm, err)
	}
	if len(rows) > limit {
		return nil, false, nil
	}
	out := make(map[string]KnownDevice, len(rows))
	for _, r := range rows {
		out[r.ExternalEntityID] = r.device()
	}
	return out, true, nil
}

// KnownInRealmByIDs reads the devices of a realm with these external ids
// that are not retired, with their metadata, for retirement.
func (t *TenantDB) KnownInRealmByIDs(ctx context.Context, provider, realm string, ids []string) ([]KnownDevice, error) {
	var out []KnownDevice
	for start := 0; start < len(ids); start += 1000 {
		q := t.knownMappings(provider).Where("m.external_realm_id = ? AND COALESCE(m.sync_status, '') <> 'error'", realm)
		rows, err := t.knownRows(ctx, t.whereIn(q, "m.external_entity_id", ids[start:min(start+1000, len(ids))]), true)
		if err != nil {
			return nil, fmt.Errorf("read devices of scope %s: %w", realm, err)
		}
		for _, r := range rows {
			out = append(out, r.device())
		}
	}
	return out, nil
}

// HasDevicesOf says whether the tenant has a device of the provider: a
// mapping, or an asset that names the provider as its RMM.
func (t *TenantDB) HasDevicesOf(ctx context.Context, provider string) (bool, error) {
	var has bool
	err := t.s.DB.NewSelect().ColumnExpr(`EXISTS (SELECT 1 FROM tenant_external_entity_mappings WHERE tenant = ? AND integration_type = ? AND alga_entity_type = ?)
		OR EXISTS (SELECT 1 FROM assets WHERE tenant = ? AND rmm_provider = ?)`, t.id, provider, assetEntity, t.id, provider).Scan(ctx, &has)
	if err != nil {
		return false, fmt.Errorf("look for devices of %s: %w", provider, err)
	}
	return has, nil
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
	rows, err := t.knownRows(ctx, t.whereIn(t.knownMappings(provider), "m.external_entity_id", ids), false)
	if err != nil {
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
	err = t.s.DB.NewSelect().TableExpr("assets AS a").
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
// had counts the devices mapped to the realm that are not retired (ids,
// when the caller read them already; nil: they are read here), missing
// lists those of them not in seen, read in full: usually none.
func (t *TenantDB) RealmMissing(ctx context.Context, provider, realm string, ids []string, seen map[string]struct{}) (had int, missing []KnownDevice, err error) {
	if ids == nil {
		err = t.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings AS m").ColumnExpr("m.external_entity_id").
			Where("m.tenant = ? AND m.integration_type = ? AND m.alga_entity_type = ? AND m.external_realm_id = ?", t.id, provider, assetEntity, realm).
			Where("COALESCE(m.sync_status, '') <> 'error'").Scan(ctx, &ids)
		if err != nil {
			return 0, nil, fmt.Errorf("list devices of scope %s: %w", realm, err)
		}
	}
	var gone []string
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			gone = append(gone, id)
		}
	}
	missing, err = t.KnownInRealmByIDs(ctx, provider, realm, gone)
	if err != nil {
		return 0, nil, err
	}
	return len(ids), missing, nil
}

// whereIn adds "col is one of values": on Postgres as one array literal
// (= ANY), which parses and plans in a fraction of the time of thousands of
// IN-list literals; on SQLite as an IN list.
func (t *TenantDB) whereIn(q *bun.SelectQuery, col string, values []string) *bun.SelectQuery {
	if t.s.dialect == Postgres {
		return q.Where(col+" = ANY(?)", pgdialect.Array(values))
	}
	return q.Where(col+" IN (?)", bun.In(values))
}

// AssetWrite says what a DeviceWrite does to an existing asset row.
type AssetWrite int

const (
	AssetKeep      AssetWrite = iota // leave the row alone
	AssetContent                     // write every supplied column
	AssetHeartbeat                   // write only last seen and agent status
)

// DeviceWrite is what the pipeline decided to write for one device.
type DeviceWrite struct {
	Rows    DeviceRows
	AssetID uuid.UUID
	// Create inserts the asset (and its extension row); otherwise Asset
	// says what to update.
	Create bool
	Asset  AssetWrite
	// Extension writes the extension row of the device's asset type:
	// inserted if the asset has none there yet, else updated.
	Extension bool
	// DropExtensionOf removes the asset's row from the extension table of
	// this (former) asset type, when its type changed.
	DropExtensionOf rmm.AssetType
	// Mapping writes the mapping: inserted when MappingID is uuid.Nil.
	Mapping   bool
	MappingID uuid.UUID
	// Match, on a new mapping of an existing asset, is why the device is
	// that asset.
	Match *Match
	// Candidates are doubtful matches of a created asset, for review.
	Candidates []Candidate
	// SourceFields, kept with the mapping, are the device's values while
	// other providers report the asset too (nil clears them).
	SourceFields json.RawMessage
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
		drops := map[*table][]any{}
		for _, w := range ws {
			if old := extensionTables[w.DropExtensionOf]; old != nil && old != w.Rows.extTable {
				drops[old] = append(drops[old], w.AssetID)
			}
		}
		for tbl, ids := range drops {
			q := "DELETE FROM " + quoteIdent(tbl.name) + " WHERE tenant = ? AND asset_id IN (" + placeholders(len(ids)) + ")"
			if _, err := tx.exec(ctx, q, append([]any{t.id}, ids...)...); err != nil {
				return fmt.Errorf("move extension rows: %w", err)
			}
		}

		// Assets: new rows, then changed ones grouped by the columns they set.
		var fresh [][]any
		var changed []keyedRow
		for i := range ws {
			w := &ws[i]
			r := w.Rows.asset
			switch {
			case w.Create:
				r = stamped(r, provider+":"+w.Rows.externalID, now, true)
				fresh = append(fresh, append([]any{t.id, w.AssetID}, r.vals...))
			case w.Asset == AssetContent:
				changed = append(changed, keyedRow{w.AssetID, stamped(r, "", now, false)})
			case w.Asset == AssetHeartbeat:
				r.mask &= assetHeartbeat
				changed = append(changed, keyedRow{w.AssetID, stamped(r, "", now, false)})
			}
		}
		if err := tx.insertRows(ctx, assetsTable.name, append([]string{"tenant", "asset_id"}, assetsTable.colNames()...), fresh); err != nil {
			return err
		}
		if err := t.updateGrouped(ctx, tx, assetsTable, changed, next); err != nil {
			return err
		}

		// Extension rows: make sure each written asset has one, then update.
		for _, tbl := range writtenTables[1:] {
			var ensure []any
			var fresh [][]any
			var changed []keyedRow
			for _, w := range ws {
				if w.Rows.extTable != tbl || !w.Extension || w.Rows.ext.mask == 0 {
					continue
				}
				if w.Create {
					fresh = append(fresh, append([]any{t.id, w.AssetID}, maskedVals(w.Rows.ext)...))
				} else {
					ensure = append(ensure, w.AssetID)
					changed = append(changed, keyedRow{w.AssetID, w.Rows.ext})
				}
			}
			if err := tx.insertRows(ctx, tbl.name, append([]string{"tenant", "asset_id"}, tbl.colNames()...), fresh); err != nil {
				return err
			}
			if len(ensure) > 0 {
				q := "INSERT INTO " + quoteIdent(tbl.name) + " (tenant, asset_id) SELECT a.tenant, a.asset_id FROM assets AS a WHERE a.tenant = ? AND a.asset_id IN (" +
					placeholders(len(ensure)) + ") AND NOT EXISTS (SELECT 1 FROM " + quoteIdent(tbl.name) + " AS e WHERE e.tenant = a.tenant AND e.asset_id = a.asset_id)"
				if _, err := tx.exec(ctx, q, append([]any{t.id}, ensure...)...); err != nil {
					return fmt.Errorf("ensure %s rows: %w", tbl.name, err)
				}
			}
			if err := t.updateGrouped(ctx, tx, tbl, changed, next); err != nil {
				return err
			}
		}

		// Mappings.
		var newMaps, updMaps [][]any
		var candidates []Candidate
		var attached []any
		for _, w := range ws {
			candidates = append(candidates, w.Candidates...)
			if w.Match != nil {
				attached = append(attached, w.AssetID.String())
			}
			if !w.Mapping {
				continue
			}
			r := &w.Rows
			meta := string(r.metadata)
			groups := int(r.Groups())
			if w.MappingID == uuid.Nil {
				var rule, evidence any
				if w.Match != nil {
					b, _ := json.Marshal(w.Match.Evidence)
					rule, evidence = w.Match.Rule, string(b)
				}
				newMaps = append(newMaps, []any{uuid.New(), t.id, provider, assetEntity, w.AssetID.String(), r.externalID, r.scopeID, "synced", now, meta,
					r.AssetHash, r.ExtensionHash, 0, now, now, rule, evidence, groups, r.seen, r.Digest, jsonOrNil(w.SourceFields)})
			} else {
				updMaps = append(updMaps, []any{w.MappingID, t.id, r.externalID, r.scopeID, "synced", now, meta, r.AssetHash, r.ExtensionHash, 0, now, groups, r.seen, r.Digest,
					jsonOrNil(w.SourceFields)})
			}
		}
		if err := tx.insertRows(ctx, "tenant_external_entity_mappings", mappingInsertCols, newMaps); err != nil {
			return err
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, "tenant_external_entity_mappings", []string{"id", "tenant"},
			[]string{"external_entity_id", "external_realm_id", "sync_status", "last_synced_at", "metadata", "asset_hash", "extension_hash", "missing_count", "updated_at",
				"field_groups", "last_seen_at", "input_digest", "source_fields"},
			updMaps, next()); err != nil {
			return err
		}
		// The asset's other sources rewrite it on their next sync, keeping
		// their own values beside the new one's.
		if len(attached) > 0 {
			q := "UPDATE tenant_external_entity_mappings SET asset_hash = '', extension_hash = '' WHERE tenant = ? AND alga_entity_type = ? AND integration_type <> ? AND alga_entity_id IN (" +
				placeholders(len(attached)) + ")"
			if _, err := tx.exec(ctx, q, append([]any{t.id, assetEntity, provider}, attached...)...); err != nil {
				return fmt.Errorf("mark the other sources of matched assets: %w", err)
			}
		}
		return insertCandidates(ctx, tx, t.id, now, candidates)
	})
}

// jsonOrNil is JSON for a jsonb column, or NULL.
func jsonOrNil(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// mappingInsertCols are the columns of a new device mapping, in the order
// ApplyDevices gives them.
var mappingInsertCols = []string{"id", "tenant", "integration_type", "alga_entity_type", "alga_entity_id",
	"external_entity_id", "external_realm_id", "sync_status", "last_synced_at", "metadata", "asset_hash", "extension_hash", "missing_count",
	"created_at", "updated_at", "match_rule", "match_evidence", "field_groups", "last_seen_at", "input_digest", "source_fields"}

// stamped adds the bookkeeping columns to an asset row: the sync and update
// times, and on create the asset tag and creation time.
func stamped(r row, tag string, now time.Time, create bool) row {
	r.vals = append([]any(nil), r.vals...)
	for i, c := range assetsTable.cols {
		bit := uint64(1) << uint(i)
		switch {
		case bit&assetStamps == 0:
		case bit&assetCreateOnly != 0 && !create:
		case c.name == "asset_tag":
			r.put(i, tag)
		default:
			r.put(i, now)
		}
	}
	return r
}

// keyedRow is a row of an asset-keyed table to update.
type keyedRow struct {
	assetID uuid.UUID
	row     row
}

// updateGrouped updates rows, one bulk UPDATE per distinct set of columns.
func (t *TenantDB) updateGrouped(ctx context.Context, tx bulkTx, tbl *table, rows []keyedRow, next func() int) error {
	groups := map[uint64][][]any{}
	for _, kr := range rows {
		if kr.row.mask == 0 {
			continue
		}
		vals := []any{t.id, kr.assetID}
		for i, v := range kr.row.vals {
			if kr.row.mask&(1<<uint(i)) != 0 {
				vals = append(vals, v)
			}
		}
		groups[kr.row.mask] = append(groups[kr.row.mask], vals)
	}
	for mask, rows := range groups {
		var set []string
		for i, c := range tbl.cols {
			if mask&(1<<uint(i)) != 0 {
				set = append(set, c.name)
			}
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, tbl.name, []string{"tenant", "asset_id"}, set, rows, next()); err != nil {
			return err
		}
	}
	return nil
}

// maskedVals returns the row's values with unset columns as NULL.
func maskedVals(r row) []any {
	out := make([]any, len(r.vals))
	for i, v := range r.vals {
		if r.mask&(1<<uint(i)) != 0 {
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
	// Retire retires the asset: status inactive, agent offline, mapping
	// sync_status 'error' with metadata deleted and deletedAt. Its
	// fingerprints are dropped, so a reappearance rewrites and reactivates it.
	Retire bool
	// Offline keeps the asset but marks its agent offline (a secondary
	// source still knows the device). Neither: only record Missing.
	Offline bool
	// Missing is how many complete listings in a row missed the device.
	Missing int
}

// shared reports whether another provider still reports the device's
// asset: then retiring retires only this provider's mapping.
func (w RetireWrite) shared() bool { return w.Device.Multi() }

// ApplyRetirements records missing devices and retires the ones past
// grace. It returns how many were retired.
func (t *TenantDB) ApplyRetirements(ctx context.Context, now time.Time, ws []RetireWrite) (int, error) {
	if len(ws) == 0 {
		return 0, nil
	}
	retired := 0
	err := t.s.inBulkTx(ctx, func(tx bulkTx) error {
		var assetRows, offlineRows, mapRows, retiredMaps [][]any
		var handedOver []any
		for _, w := range ws {
			k := w.Device
			switch {
			case w.shared():
				if w.Retire {
					handedOver = append(handedOver, k.AssetID.String())
				}
			case w.Retire:
				assetRows = append(assetRows, []any{t.id, k.AssetID, "inactive", "offline", now})
			case w.Offline:
				offlineRows = append(offlineRows, []any{t.id, k.AssetID, "offline", now})
			}
			if k.MappingID == uuid.Nil {
				continue
			}
			if w.Retire {
				retiredMaps = append(retiredMaps, []any{k.MappingID, t.id, "error", string(retiredMetadata(k.Metadata, now)), "", "", w.Missing, now})
			} else {
				mapRows = append(mapRows, []any{k.MappingID, t.id, "synced", w.Missing, now})
			}
		}
		retired = len(assetRows)
		// An asset another provider still reports stays active; that
		// provider's mapping rewrites it, now without this source, on its
		// next sync.
		if len(handedOver) > 0 {
			q := "UPDATE tenant_external_entity_mappings SET asset_hash = '', extension_hash = '' WHERE tenant = ? AND alga_entity_type = ? AND alga_entity_id IN (" +
				placeholders(len(handedOver)) + ") AND COALESCE(sync_status, '') <> 'error'"
			if _, err := tx.exec(ctx, q, append([]any{t.id, assetEntity}, handedOver...)...); err != nil {
				return fmt.Errorf("hand over retired sources: %w", err)
			}
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, "assets", []string{"tenant", "asset_id"}, []string{"status", "agent_status", "updated_at"}, assetRows, 1); err != nil {
			return err
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, "assets", []string{"tenant", "asset_id"}, []string{"agent_status", "updated_at"}, offlineRows, 2); err != nil {
			return err
		}
		if err := bulkUpdate(ctx, tx, t.s.dialect, "tenant_external_entity_mappings", []string{"id", "tenant"},
			[]string{"sync_status", "metadata", "asset_hash", "extension_hash", "missing_count", "updated_at"}, retiredMaps, 3); err != nil {
			return err
		}
		return bulkUpdate(ctx, tx, t.s.dialect, "tenant_external_entity_mappings", []string{"id", "tenant"}, []string{"sync_status", "missing_count", "updated_at"}, mapRows, 4)
	})
	return retired, err
}

// retiredMetadata marks mapping metadata deleted, as the PSA reads it.
func retiredMetadata(meta json.RawMessage, now time.Time) json.RawMessage {
	m := map[string]any{}
	_ = json.Unmarshal(meta, &m)
	m[metaDeleted] = true
	m[metaDeletedAt] = now.UTC().Format(time.RFC3339)
	b, _ := json.Marshal(m)
	return b
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
