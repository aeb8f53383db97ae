package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// Identity rules: why a device's mapping points at its asset. A mapping
// without a rule is the provider's own (the asset was created from it).
const (
	RuleProviderID         = "provider_id"          // created from this provider's device id
	RuleHardwareUUIDSerial = "hardware_uuid_serial" // same SMBIOS UUID and serial
	RuleSerialManufacturer = "serial_manufacturer"  // same serial and manufacturer
	RuleMACHostname        = "mac_hostname"         // a shared stable MAC and the same host name
	RuleHostname           = "hostname"             // the same host name only: never merges on its own
	RuleConfirmed          = "confirmed"            // an admin confirmed the match
)

// Evidence is what one rule found when a device was compared with an asset.
type Evidence struct {
	Rule    string `json:"rule"`
	Outcome string `json:"outcome"` // match, conflict, shared, absent, weak
	Detail  string `json:"detail"`
}

// Evidence outcomes.
const (
	OutcomeMatch    = "match"
	OutcomeConflict = "conflict"
	OutcomeShared   = "shared"
	OutcomeAbsent   = "absent"
	OutcomeWeak     = "weak"
)

// Match is how a new mapping was tied to an existing asset of another
// provider.
type Match struct {
	Rule     string
	Evidence []Evidence
}

// Candidate is a doubtful match between an asset created for a device and
// an existing asset: an admin confirms it (the assets merge) or rejects it
// (never proposed again).
type Candidate struct {
	bun.BaseModel `bun:"table:identity_candidates"`

	ID           uuid.UUID  `bun:"candidate_id,pk"`
	TenantID     uuid.UUID  `bun:"tenant,pk"`
	AssetID      uuid.UUID  `bun:"asset_id"`
	MatchAssetID uuid.UUID  `bun:"match_asset_id"`
	Provider     string     `bun:"provider"`
	ExternalID   string     `bun:"external_id"`
	Rule         string     `bun:"rule"`
	Reason       string     `bun:"reason"`
	Evidence     []Evidence `bun:"evidence,type:jsonb"`
	Status       string     `bun:"status"`
	CreatedAt    time.Time  `bun:"created_at"`
	ResolvedAt   *time.Time `bun:"resolved_at"`
}

// Candidate statuses.
const (
	CandidateOpen       = "open"
	CandidateConfirmed  = "confirmed"
	CandidateRejected   = "rejected"
	CandidateSuperseded = "superseded" // one of its assets was merged into a third
)

// IdentityRow is one device mapping with what identifies its device, for
// the pipeline's index of the tenant's devices across providers.
type IdentityRow struct {
	AssetID      uuid.UUID
	Provider     string
	ExternalID   string
	Retired      bool
	DeviceName   *string
	HardwareUUID *string
	Manufacturer *string
	MACs         json.RawMessage // a JSON array
	Serial       *string
	ClientID     uuid.UUID
	AssetStatus  string
	AssetType    string
	Groups       int
}

// Identity returns the row's device name and identifiers.
func (r IdentityRow) Identity() (string, rmm.Identifiers) {
	var ids rmm.Identifiers
	if r.HardwareUUID != nil {
		ids.HardwareUUID = *r.HardwareUUID
	}
	if r.Manufacturer != nil {
		ids.Manufacturer = *r.Manufacturer
	}
	if len(r.MACs) > 2 { // not [] or null
		_ = json.Unmarshal(r.MACs, &ids.MACs)
	}
	name := ""
	if r.DeviceName != nil {
		name = *r.DeviceName
	}
	return name, ids
}

// IdentityRows reads every device mapping of the tenant with its asset's
// serial, client and status. The two tables are read apart and joined
// here: a join planned on statistics that lag a bulk load can turn
// quadratic, two scans cannot.
func (t *TenantDB) IdentityRows(ctx context.Context) ([]IdentityRow, error) {
	// Only the name and identifiers of the metadata, extracted by the database.
	meta := `m.metadata->>'deviceName', m.metadata->'identifiers'->>'hardwareUuid', m.metadata->'identifiers'->>'manufacturer', m.metadata->'identifiers'->'macs'`
	if t.s.dialect == SQLite {
		meta = `json_extract(m.metadata, '$.deviceName'), json_extract(m.metadata, '$.identifiers.hardwareUuid'),
			json_extract(m.metadata, '$.identifiers.manufacturer'), json_extract(m.metadata, '$.identifiers.macs')`
	}
	out, err := scanRows(ctx, t.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings AS m").
		ColumnExpr("m.alga_entity_id AS asset_id, m.integration_type, m.external_entity_id, COALESCE(m.sync_status, '') = 'error' AS retired, m.field_groups").
		ColumnExpr(meta).
		Where("m.tenant = ? AND m.alga_entity_type = ?", t.id, assetEntity), func(r *IdentityRow) []any {
		return []any{&r.AssetID, &r.Provider, &r.ExternalID, &r.Retired, &r.Groups, &r.DeviceName, &r.HardwareUUID, &r.Manufacturer, (*[]byte)(&r.MACs)}
	})
	if err != nil {
		return nil, fmt.Errorf("read device identities: %w", err)
	}
	assets, err := scanRows(ctx, t.s.DB.NewSelect().TableExpr("assets AS a").ColumnExpr("a.asset_id, a.serial_number, a.client_id, a.status, a.asset_type").
		Where("a.tenant = ?", t.id), func(r *IdentityRow) []any {
		return []any{&r.AssetID, &r.Serial, &r.ClientID, &r.AssetStatus, &r.AssetType}
	})
	if err != nil {
		return nil, fmt.Errorf("read device identities: %w", err)
	}
	return joinAssets(out, assets, func(r *IdentityRow) uuid.UUID { return r.AssetID }, func(r, a *IdentityRow) {
		r.Serial, r.ClientID, r.AssetStatus, r.AssetType = a.Serial, a.ClientID, a.AssetStatus, a.AssetType
	}), nil
}

// OtherProviders returns the providers other than provider that have
// device mappings in the tenant: of the tenant's other integrations, those
// with a mapping, in one read.
func (t *TenantDB) OtherProviders(ctx context.Context, provider string) ([]string, error) {
	var out []string
	err := t.s.DB.NewSelect().TableExpr("rmm_integrations AS i").Column("i.provider").
		Where("i.tenant = ? AND i.provider <> ?", t.id, provider).
		Where("EXISTS (SELECT 1 FROM tenant_external_entity_mappings AS m WHERE m.tenant = i.tenant AND m.integration_type = i.provider AND m.alga_entity_type = ?)", assetEntity).
		OrderExpr("i.provider").Scan(ctx, &out)
	return out, err
}

// CoSources returns, per asset, the mappings these providers have of it.
func (t *TenantDB) CoSources(ctx context.Context, providers []string, assets []uuid.UUID) (map[uuid.UUID][]Source, error) {
	out := map[uuid.UUID][]Source{}
	if len(providers) == 0 || len(assets) == 0 {
		return out, nil
	}
	keys := make([]string, len(assets))
	for i, a := range assets {
		keys[i] = a.String()
	}
	var rows []struct {
		AssetID  uuid.UUID `bun:"alga_entity_id"`
		Provider string    `bun:"integration_type"`
		Groups   int       `bun:"field_groups"`
		Retired  bool      `bun:"retired"`
	}
	q := t.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings AS m").
		ColumnExpr("m.alga_entity_id, m.integration_type, m.field_groups, COALESCE(m.sync_status, '') = 'error' AS retired").
		Where("m.tenant = ? AND m.integration_type IN (?) AND m.alga_entity_type = ?", t.id, bun.In(providers), assetEntity)
	if err := t.whereIn(q, "m.alga_entity_id", keys).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("read other sources: %w", err)
	}
	for _, r := range rows {
		out[r.AssetID] = append(out[r.AssetID], Source{Provider: r.Provider, Groups: Groups(r.Groups), Active: !r.Retired})
	}
	return out, nil
}

// insertCandidates records doubtful matches; a pair already recorded
// (open, confirmed or rejected) is left as it is, so a rejection is never
// proposed again.
func insertCandidates(ctx context.Context, tx bulkTx, tenant uuid.UUID, now time.Time, cs []Candidate) error {
	const per = 500 // rows per statement, well inside SQLite's bound-parameter limit
	for len(cs) > 0 {
		chunk := cs[:min(per, len(cs))]
		cs = cs[len(chunk):]
		args := make([]any, 0, 10*len(chunk))
		for _, c := range chunk {
			ev, _ := json.Marshal(c.Evidence)
			args = append(args, tenant, uuid.New(), c.AssetID, c.MatchAssetID, c.Provider, c.ExternalID, c.Rule, c.Reason, string(ev), now)
		}
		q := "INSERT INTO identity_candidates (tenant, candidate_id, asset_id, match_asset_id, provider, external_id, rule, reason, evidence, created_at) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?),", len(chunk)), ",") +
			" ON CONFLICT (tenant, asset_id, match_asset_id) DO NOTHING"
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("record identity candidates: %w", err)
		}
	}
	return nil
}

// QueueCandidates records doubtful matches found outside a sync (a scan of
// existing assets): a pair already recorded in either direction, in any
// status, is left alone. It returns how many were queued.
func (t *TenantDB) QueueCandidates(ctx context.Context, cs []Candidate) (int, error) {
	if len(cs) == 0 {
		return 0, nil
	}
	ids := make([]uuid.UUID, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.AssetID)
	}
	var have []struct {
		A uuid.UUID `bun:"asset_id"`
		B uuid.UUID `bun:"match_asset_id"`
	}
	if err := t.s.DB.NewSelect().TableExpr("identity_candidates").ColumnExpr("asset_id, match_asset_id").
		Where("tenant = ? AND (asset_id IN (?) OR match_asset_id IN (?))", t.id, bun.In(ids), bun.In(ids)).Scan(ctx, &have); err != nil {
		return 0, err
	}
	known := map[[2]uuid.UUID]bool{}
	for _, h := range have {
		known[[2]uuid.UUID{h.A, h.B}], known[[2]uuid.UUID{h.B, h.A}] = true, true
	}
	fresh := cs[:0:0]
	for _, c := range cs {
		if !known[[2]uuid.UUID{c.AssetID, c.MatchAssetID}] {
			known[[2]uuid.UUID{c.AssetID, c.MatchAssetID}], known[[2]uuid.UUID{c.MatchAssetID, c.AssetID}] = true, true
			fresh = append(fresh, c)
		}
	}
	err := t.s.inBulkTx(ctx, func(tx bulkTx) error { return insertCandidates(ctx, tx, t.id, time.Now().UTC(), fresh) })
	return len(fresh), err
}

// CandidateFilter narrows the review queue.
type CandidateFilter struct {
	Statuses []string
	AssetID  *uuid.UUID // either side of the pair
}

var candidateList = keyset[Candidate]{kind: "candidate", order: "created_at, candidate_id",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		at, err1 := time.Parse(time.RFC3339Nano, keys[0])
		id, err2 := uuid.Parse(keys[1])
		if err1 != nil || err2 != nil {
			return nil, ErrBadCursor
		}
		return q.Where("(created_at, candidate_id) > (?, ?)", at, id), nil
	},
	keys: func(c Candidate) []string {
		return []string{c.CreatedAt.UTC().Format(time.RFC3339Nano), c.ID.String()}
	},
}

func (t *TenantDB) candidateQuery(f CandidateFilter) *bun.SelectQuery {
	q := t.s.DB.NewSelect().Model((*Candidate)(nil)).Where("tenant = ?", t.id)
	if f.Statuses != nil {
		q = q.Where("status IN (?)", bun.In(f.Statuses))
	}
	if f.AssetID != nil {
		q = q.Where("(asset_id = ? OR match_asset_id = ?)", *f.AssetID, *f.AssetID)
	}
	return q
}

// Candidates returns a page of the review queue, oldest first.
func (t *TenantDB) Candidates(ctx context.Context, p Page, f CandidateFilter) ([]Edge[Candidate], bool, error) {
	return page(ctx, t.candidateQuery(f), p, candidateList)
}

// CountCandidates counts the candidates f selects.
func (t *TenantDB) CountCandidates(ctx context.Context, f CandidateFilter) (int, error) {
	n, err := t.candidateQuery(f).Count(ctx)
	return int(n), err
}

// CandidateByID returns one candidate.
func (t *TenantDB) CandidateByID(ctx context.Context, id uuid.UUID) (Candidate, error) {
	var c Candidate
	err := t.s.DB.NewSelect().Model(&c).Where("tenant = ? AND candidate_id = ?", t.id, id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// ErrCandidateClosed is returned when a candidate was already confirmed,
// rejected or superseded.
var ErrCandidateClosed = errors.New("the candidate is no longer open")

// MergeConflictError says why two assets cannot merge: one provider
// reports both as different devices.
type MergeConflictError struct{ Provider string }

func (e *MergeConflictError) Error() string {
	return fmt.Sprintf("%s reports both assets as separate devices that it still lists; they cannot be the same device", e.Provider)
}

// RejectCandidate closes a candidate as not the same device.
func (t *TenantDB) RejectCandidate(ctx context.Context, id uuid.UUID, now time.Time) (Candidate, error) {
	return t.resolveCandidate(ctx, id, now, func(context.Context, bun.Tx, Candidate) (string, error) { return CandidateRejected, nil })
}

func (t *TenantDB) resolveCandidate(ctx context.Context, id uuid.UUID, now time.Time, apply func(context.Context, bun.Tx, Candidate) (string, error)) (Candidate, error) {
	var c Candidate
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewSelect().Model(&c).Where("tenant = ? AND candidate_id = ?", t.id, id)
		if t.s.dialect == Postgres {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if c.Status != CandidateOpen {
			return ErrCandidateClosed
		}
		status, err := apply(ctx, tx, c)
		if err != nil {
			return err
		}
		c.Status, c.ResolvedAt = status, &now
		_, err = tx.NewUpdate().Model(&c).Column("status", "resolved_at").WherePK().Exec(ctx)
		return err
	})
	return c, err
}

// Merged is the outcome of a confirmed match.
type Merged struct {
	Candidate Candidate
	Survivor  uuid.UUID // the older asset, which keeps every source
	Retired   uuid.UUID // the newer one, retired and marked merged into the survivor
}

// ConfirmCandidate merges the candidate's assets: the older one survives
// and takes the other's device mappings and alerts; the newer one is
// retired, not deleted, and records what it was merged into. Each moved
// mapping's fingerprints are cleared, so every source rewrites the
// survivor by the tenant's precedence on its next sync.
func (t *TenantDB) ConfirmCandidate(ctx context.Context, id uuid.UUID, now time.Time) (Merged, error) {
	var out Merged
	c, err := t.resolveCandidate(ctx, id, now, func(ctx context.Context, tx bun.Tx, c Candidate) (string, error) {
		var assets []struct {
			ID        uuid.UUID `bun:"asset_id"`
			CreatedAt time.Time `bun:"created_at"`
		}
		if err := tx.NewSelect().TableExpr("assets").ColumnExpr("asset_id, created_at").
			Where("tenant = ? AND asset_id IN (?)", t.id, bun.In([]uuid.UUID{c.AssetID, c.MatchAssetID})).
			OrderExpr("created_at, asset_id").Scan(ctx, &assets); err != nil {
			return "", err
		}
		if len(assets) != 2 {
			return "", ErrNotFound
		}
		keep, lose := assets[0].ID, assets[1].ID
		var maps []struct {
			ID       uuid.UUID `bun:"id"`
			AssetID  string    `bun:"alga_entity_id"`
			Provider string    `bun:"integration_type"`
			Retired  bool      `bun:"retired"`
		}
		if err := tx.NewSelect().TableExpr("tenant_external_entity_mappings").
			ColumnExpr("id, alga_entity_id, integration_type, COALESCE(sync_status, '') = 'error' AS retired").
			Where("tenant = ? AND alga_entity_type = ? AND alga_entity_id IN (?)", t.id, assetEntity, bun.In([]string{keep.String(), lose.String()})).
			Scan(ctx, &maps); err != nil {
			return "", err
		}
		type pair struct{ keep, lose *uuid.UUID }
		kept := map[string]bool{}       // provider -> its mapping on the survivor is retired
		byProvider := map[string]pair{} // mapping ids by side
		for i := range maps {
			m := &maps[i]
			p := byProvider[m.Provider]
			if m.AssetID == keep.String() {
				p.keep = &m.ID
				kept[m.Provider] = m.Retired
			} else {
				p.lose = &m.ID
			}
			byProvider[m.Provider] = p
		}
		evidence, _ := json.Marshal(append([]Evidence{{Rule: RuleConfirmed, Outcome: OutcomeMatch, Detail: "confirmed by an admin: " + c.Reason}}, c.Evidence...))
		move := func(mapping uuid.UUID, to uuid.UUID) error {
			_, err := tx.NewUpdate().TableExpr("tenant_external_entity_mappings").
				Set("alga_entity_id = ?", to.String()).Set("match_rule = ?", RuleConfirmed).Set("match_evidence = ?", string(evidence)).
				Set("updated_at = ?", now).Where("tenant = ? AND id = ?", t.id, mapping).Exec(ctx)
			return err
		}
		for _, m := range maps {
			if m.AssetID != lose.String() {
				continue
			}
			p := byProvider[m.Provider]
			switch {
			case p.keep == nil:
				if err := move(m.ID, keep); err != nil {
					return "", err
				}
			case !m.Retired && !kept[m.Provider]:
				return "", &MergeConflictError{Provider: m.Provider}
			case !m.Retired: // the survivor's mapping of this provider is a retired agent: swap them
				parked := uuid.New()
				if err := move(*p.keep, parked); err != nil {
					return "", err
				}
				if err := move(m.ID, keep); err != nil {
					return "", err
				}
				if err := move(*p.keep, lose); err != nil {
					return "", err
				}
			}
			// both retired, or only the loser's: it stays with the retired asset as history
		}
		if _, err := tx.NewUpdate().TableExpr("tenant_external_entity_mappings").Set("asset_hash = ''").Set("extension_hash = ''").
			Where("tenant = ? AND alga_entity_type = ? AND alga_entity_id = ?", t.id, assetEntity, keep.String()).Exec(ctx); err != nil {
			return "", err
		}
		note, _ := json.Marshal(map[string]any{"merged_into": keep.String(), "merged_at": now.UTC().Format(time.RFC3339)})
		attrs := "attributes = COALESCE(attributes, '{}'::jsonb) || CAST(? AS jsonb)"
		if t.s.dialect == SQLite {
			attrs = "attributes = json_patch(COALESCE(attributes, '{}'), ?)"
		}
		if _, err := tx.NewUpdate().TableExpr("assets").Set("status = 'inactive'").Set("agent_status = 'offline'").Set(attrs, string(note)).
			Set("updated_at = ?", now).Where("tenant = ? AND asset_id = ?", t.id, lose).Exec(ctx); err != nil {
			return "", err
		}
		if _, err := tx.NewUpdate().TableExpr("rmm_alerts").Set("asset_id = ?", keep).Where("tenant = ? AND asset_id = ?", t.id, lose).Exec(ctx); err != nil {
			return "", err
		}
		if _, err := tx.NewUpdate().TableExpr("identity_candidates").Set("status = ?", CandidateSuperseded).Set("resolved_at = ?", now).
			Where("tenant = ? AND status = ? AND candidate_id <> ? AND (asset_id = ? OR match_asset_id = ?)", t.id, CandidateOpen, c.ID, lose, lose).Exec(ctx); err != nil {
			return "", err
		}
		out.Survivor, out.Retired = keep, lose
		return CandidateConfirmed, nil
	})
	out.Candidate = c
	return out, err
}

// LoadPrecedence returns the source orders the tenant set, by field group;
// the others follow the providers' defaults (Precedence.With).
func (t *TenantDB) LoadPrecedence(ctx context.Context) (Precedence, error) {
	var rows []struct {
		Group     string   `bun:"field_group"`
		Providers []string `bun:"providers,type:jsonb"`
	}
	if err := t.s.DB.NewSelect().TableExpr("asset_source_precedence").ColumnExpr("field_group, providers").
		Where("tenant = ?", t.id).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("read source precedence: %w", err)
	}
	p := Precedence{}
	for _, r := range rows {
		if g, err := ParseFieldGroup(r.Group); err == nil {
			p[g] = r.Providers
		}
	}
	return p, nil
}

// SetPrecedence sets one group's source order (nil: back to the default)
// and clears the fingerprints of every mapping of an asset several
// providers report, so each source rewrites it by the new order on its
// next sync.
func (t *TenantDB) SetPrecedence(ctx context.Context, g FieldGroup, providers []string, now time.Time) error {
	return t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().TableExpr("asset_source_precedence").Where("tenant = ? AND field_group = ?", t.id, g.String()).Exec(ctx); err != nil {
			return err
		}
		if providers != nil {
			b, _ := json.Marshal(providers)
			if _, err := tx.ExecContext(ctx, "INSERT INTO asset_source_precedence (tenant, field_group, providers, updated_at) VALUES (?, ?, ?, ?)",
				t.id, g.String(), string(b), now.UTC()); err != nil {
				return err
			}
		}
		_, err := tx.NewUpdate().TableExpr("tenant_external_entity_mappings").Set("asset_hash = ''").Set("extension_hash = ''").
			Where("tenant = ? AND alga_entity_type = ?", t.id, assetEntity).
			Where("alga_entity_id IN (SELECT alga_entity_id FROM tenant_external_entity_mappings WHERE tenant = ? AND alga_entity_type = ? GROUP BY alga_entity_id HAVING COUNT(*) > 1)", t.id, assetEntity).
			Exec(ctx)
		return err
	})
}
