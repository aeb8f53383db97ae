package store

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
)

// models are the bun models the store reads and writes.
var models = []any{
	(*Tenant)(nil), (*Client)(nil), (*APIKey)(nil), (*Integration)(nil), (*IntegrationSecret)(nil),
	(*OrgMapping)(nil), (*EntityMapping)(nil), (*Asset)(nil), (*SyncRun)(nil), (*Alert)(nil), (*WebhookDelivery)(nil), (*OAuthState)(nil),
	(*WorkstationAsset)(nil), (*ServerAsset)(nil), (*NetworkDeviceAsset)(nil), (*MobileDeviceAsset)(nil), (*PrinterAsset)(nil),
}

// SchemaMismatches lists the columns that the Go description of the
// tables (the bun models, and the sync pipeline's write schema) names and
// the migrated database lacks, as "table.column". Empty means they agree.
func (s *Store) SchemaMismatches(ctx context.Context) ([]string, error) {
	want := map[string][]string{}
	for _, m := range models {
		t := s.DB.Table(reflect.TypeOf(m).Elem())
		for _, f := range t.Fields {
			want[t.Name] = append(want[t.Name], f.Name)
		}
	}
	for _, t := range writtenTables {
		want[t.name] = append(want[t.name], t.colNames()...)
	}
	want["tenant_external_entity_mappings"] = append(want["tenant_external_entity_mappings"], mappingInsertCols...)
	var out []string
	for _, table := range slices.Sorted(maps.Keys(want)) {
		have, err := s.columns(ctx, table)
		if err != nil {
			return nil, err
		}
		if len(have) == 0 {
			out = append(out, table+" (no such table)")
			continue
		}
		for _, c := range want[table] {
			if !have[c] {
				out = append(out, table+"."+c)
			}
		}
	}
	return slices.Compact(out), nil
}

// columns lists a table's columns as the database has them.
func (s *Store) columns(ctx context.Context, table string) (map[string]bool, error) {
	q := `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	if s.dialect == SQLite {
		q = `SELECT name FROM pragma_table_info(?)`
	}
	var names []string
	if err := s.DB.NewRaw(q, table).Scan(ctx, &names); err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}
