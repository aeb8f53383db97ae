package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// UpsertScopes records discovered scopes: new ones unmapped with
// auto_sync_assets on; known ones get the new name and metadata and keep
// their client, auto-sync and contact settings.
//
// gone lists, sorted, the scopes known before that the listing no longer
// holds; their mappings are kept.
func (t *TenantDB) UpsertScopes(ctx context.Context, integrationID uuid.UUID, scopes []rmm.Scope) (added, updated int, gone []string, err error) {
	err = t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var existing []string
		if err := tx.NewSelect().Model((*OrgMapping)(nil)).Column("external_organization_id").
			Where("tenant = ? AND integration_id = ?", t.id, integrationID).Scan(ctx, &existing); err != nil {
			return err
		}
		known := map[string]bool{}
		for _, id := range existing {
			known[id] = true
		}
		now := time.Now().UTC()
		rows := make([]OrgMapping, 0, len(scopes))
		seen := map[string]bool{}
		for _, s := range scopes {
			if s.ExternalID == "" || seen[s.ExternalID] {
				continue
			}
			seen[s.ExternalID] = true
			name, kind := s.Name, string(s.Kind)
			if kind == "" {
				kind = string(rmm.ScopeCustom)
			}
			var parent *string
			if s.ParentExternalID != "" {
				parent = &s.ParentExternalID
			}
			meta := s.Metadata
			if meta == nil {
				meta = map[string]any{}
			}
			rows = append(rows, OrgMapping{TenantID: t.id, ID: uuid.New(), IntegrationID: integrationID, ExternalOrganizationID: s.ExternalID,
				ExternalOrganizationName: &name, AutoSyncAssets: true, Metadata: meta, ScopeKind: &kind, ParentExternalID: parent, CreatedAt: now, UpdatedAt: now})
			if known[s.ExternalID] {
				updated++
			} else {
				added++
			}
		}
		for _, id := range existing {
			if !seen[id] {
				gone = append(gone, id)
			}
		}
		slices.Sort(gone)
		if len(rows) == 0 {
			return nil
		}
		_, err := tx.NewInsert().Model(&rows).
			On("CONFLICT (tenant, integration_id, external_organization_id) DO UPDATE").
			Set("external_organization_name = EXCLUDED.external_organization_name, metadata = EXCLUDED.metadata, scope_kind = EXCLUDED.scope_kind, parent_external_id = EXCLUDED.parent_external_id, updated_at = EXCLUDED.updated_at").
			Exec(ctx)
		return err
	})
	return added, updated, gone, err
}

// ScopeFilter narrows a scope mapping list.
type ScopeFilter struct {
	Mapped *bool
	Search string
	// ByName orders by name (then external id) instead of external id.
	ByName bool
	// Held keeps the scopes with a retirement hold.
	Held bool
}

const scopeCursor = "scope"

func (t *TenantDB) scopeQuery(integrationID uuid.UUID, f ScopeFilter) *bun.SelectQuery {
	q := t.s.DB.NewSelect().Model((*OrgMapping)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID)
	if f.Held {
		q = q.Where("retire_hold IS NOT NULL")
	}
	if f.Mapped != nil {
		if *f.Mapped {
			q = q.Where("client_id IS NOT NULL")
		} else {
			q = q.Where("client_id IS NULL")
		}
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		q = q.Where("lower(COALESCE(external_organization_name, '')) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(s))+"%")
	}
	return q
}

var scopeList = keyset[OrgMapping]{kind: scopeCursor, order: "external_organization_id",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		return q.Where("external_organization_id > ?", keys[0]), nil
	},
	keys: func(m OrgMapping) []string { return []string{m.ExternalOrganizationID} },
}

var scopeByName = keyset[OrgMapping]{kind: "scope-name", order: "lower(COALESCE(external_organization_name, '')), external_organization_id",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		return q.Where("(lower(COALESCE(external_organization_name, '')), external_organization_id) > (?, ?)", keys[0], keys[1]), nil
	},
	keys: func(m OrgMapping) []string {
		name := ""
		if m.ExternalOrganizationName != nil {
			name = strings.ToLower(*m.ExternalOrganizationName)
		}
		return []string{name, m.ExternalOrganizationID}
	},
}

// ScopeMappings lists an integration's scopes by external id, or by name.
func (t *TenantDB) ScopeMappings(ctx context.Context, integrationID uuid.UUID, p Page, f ScopeFilter) ([]Edge[OrgMapping], bool, error) {
	if f.ByName {
		return page(ctx, t.scopeQuery(integrationID, f), p, scopeByName)
	}
	return page(ctx, t.scopeQuery(integrationID, f), p, scopeList)
}

// CountScopeMappings counts an integration's scopes matching f.
func (t *TenantDB) CountScopeMappings(ctx context.Context, integrationID uuid.UUID, f ScopeFilter) (int, error) {
	n, err := t.scopeQuery(integrationID, f).Count(ctx)
	return int(n), err
}

// AllScopeMappings returns every scope of an integration.
func (t *TenantDB) AllScopeMappings(ctx context.Context, integrationID uuid.UUID) ([]OrgMapping, error) {
	var rows []OrgMapping
	err := t.s.DB.NewSelect().Model(&rows).Where("tenant = ? AND integration_id = ?", t.id, integrationID).
		Order("external_organization_id").Scan(ctx)
	return rows, err
}

// ScopeMappingsByID returns the scope mappings with these ids.
func (t *TenantDB) ScopeMappingsByID(ctx context.Context, ids []uuid.UUID) ([]OrgMapping, error) {
	var rows []OrgMapping
	if len(ids) == 0 {
		return rows, nil
	}
	err := t.s.DB.NewSelect().Model(&rows).Where("tenant = ? AND mapping_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return rows, err
}

// ErrClientNotFound is MapScope's error for a client the tenant does not have.
var ErrClientNotFound = fmt.Errorf("client: %w", ErrNotFound)

// MapScope points a scope at a client (nil: unmapped). The client must
// belong to the tenant.
func (t *TenantDB) MapScope(ctx context.Context, mappingID uuid.UUID, clientID *uuid.UUID, autoSync *bool) (OrgMapping, error) {
	var m OrgMapping
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&m).Where("tenant = ? AND mapping_id = ?", t.id, mappingID).Scan(ctx); err != nil {
			return notFound(err)
		}
		if clientID != nil {
			n, err := tx.NewSelect().Model((*Client)(nil)).Where("tenant = ? AND client_id = ?", t.id, *clientID).Count(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return ErrClientNotFound
			}
		}
		m.ClientID = clientID
		if autoSync != nil {
			m.AutoSyncAssets = *autoSync
		}
		m.UpdatedAt = time.Now().UTC()
		_, err := tx.NewUpdate().Model(&m).Column("client_id", "auto_sync_assets", "updated_at").
			Where("tenant = ? AND mapping_id = ?", t.id, mappingID).Exec(ctx)
		return err
	})
	return m, err
}

// MarkScopesListed records that a run started at at listed these scopes
// completely and wrote what it found: last_synced_at and last_listed_at,
// and last_full_listed_at when the listing was full; counts sets the
// listed_count of the scopes whose count changed, in the same statement.
func (t *TenantDB) MarkScopesListed(ctx context.Context, integrationID uuid.UUID, externalIDs []string, at time.Time, full bool, counts map[string]int) error {
	if len(externalIDs) == 0 {
		return nil
	}
	q := t.s.DB.NewUpdate().Model((*OrgMapping)(nil)).Set("last_synced_at = ?", at).Set("last_listed_at = ?", at)
	if full {
		q = q.Set("last_full_listed_at = ?", at)
	}
	if len(counts) > 0 {
		var expr strings.Builder
		args := make([]any, 0, 2*len(counts))
		expr.WriteString("listed_count = CASE external_organization_id")
		for scope, n := range counts {
			expr.WriteString(" WHEN ? THEN CAST(? AS integer)")
			args = append(args, scope, n)
		}
		expr.WriteString(" ELSE listed_count END")
		q = q.Set(expr.String(), args...)
	}
	_, err := q.Where("tenant = ? AND integration_id = ? AND external_organization_id IN (?)", t.id, integrationID, bun.In(externalIDs)).Exec(ctx)
	return err
}

// ScopeDeviceCounts counts active assets per realm of a provider.
func (t *TenantDB) ScopeDeviceCounts(ctx context.Context, provider string, realms []string) (map[string]int, error) {
	out := map[string]int{}
	if len(realms) == 0 {
		return out, nil
	}
	var rows []struct {
		Realm string `bun:"realm"`
		N     int    `bun:"n"`
	}
	err := t.s.DB.NewSelect().Model((*Asset)(nil)).ColumnExpr("rmm_organization_id AS realm, count(*) AS n").
		Where("tenant = ? AND rmm_provider = ? AND status = 'active' AND rmm_organization_id IN (?)", t.id, provider, bun.In(realms)).
		Group("rmm_organization_id").Scan(ctx, &rows)
	for _, r := range rows {
		out[r.Realm] = r.N
	}
	return out, err
}

// ScopeDomains returns, per realm of a provider, the Windows or DNS
// domains its active assets report in system_info, most common first.
func (t *TenantDB) ScopeDomains(ctx context.Context, provider string, realms []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(realms) == 0 {
		return out, nil
	}
	domain := "COALESCE(e.system_info->>'domainName', e.system_info->>'domain')"
	if t.s.dialect == SQLite {
		domain = "COALESCE(json_extract(e.system_info, '$.domainName'), json_extract(e.system_info, '$.domain'))"
	}
	part := func(table string) string {
		return "SELECT a.rmm_organization_id AS realm, " + domain + " AS domain FROM assets AS a JOIN " + table +
			" AS e ON e.tenant = a.tenant AND e.asset_id = a.asset_id WHERE a.tenant = ? AND a.rmm_provider = ? AND a.status = 'active' AND a.rmm_organization_id IN (?)"
	}
	var rows []struct {
		Realm  string `bun:"realm"`
		Domain string `bun:"domain"`
		N      int    `bun:"n"`
	}
	err := t.s.DB.NewRaw("SELECT realm, domain, count(*) AS n FROM ("+part("workstation_assets")+" UNION ALL "+part("server_assets")+
		") AS d WHERE domain IS NOT NULL AND domain <> '' GROUP BY realm, domain ORDER BY realm, n DESC, domain",
		t.id, provider, bun.In(realms), t.id, provider, bun.In(realms)).Scan(ctx, &rows)
	for _, r := range rows {
		out[r.Realm] = append(out[r.Realm], r.Domain)
	}
	return out, err
}

// MappedScope is a scope of some integration mapped to a client.
type MappedScope struct {
	Provider string    `bun:"provider"`
	ID       string    `bun:"external_organization_id"`
	Name     *string   `bun:"external_organization_name"`
	ClientID uuid.UUID `bun:"client_id"`
}

// MappedScopes returns every mapped scope of the tenant's integrations.
func (t *TenantDB) MappedScopes(ctx context.Context) ([]MappedScope, error) {
	var out []MappedScope
	err := t.s.DB.NewSelect().TableExpr("rmm_organization_mappings AS m").
		Join("JOIN rmm_integrations AS i ON i.tenant = m.tenant AND i.integration_id = m.integration_id").
		ColumnExpr("i.provider, m.external_organization_id, m.external_organization_name, m.client_id").
		Where("m.tenant = ? AND m.client_id IS NOT NULL", t.id).Scan(ctx, &out)
	return out, err
}
