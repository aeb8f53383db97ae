package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// referenceTables are small tables read before a tenant is known (a key by
// its id, an OAuth state, a webhook's integration) or holding no tenant's
// data: on Citus they are reference tables, copied to every node. Every
// other table is distributed by tenant.
var referenceTables = map[string]string{
	"schema_migrations": "no tenant's data",
	"scheduler_ticks":   "one row per tick, for every tenant",
	"api_keys":          "a request is authenticated by key id before its tenant is known",
	"oauth_states":      "the OAuth callback finds its state before its tenant is known",
	"rmm_integrations":  "a webhook names its integration, not its tenant",
}

// psaKeyOrder are keys whose column order the PSA data model fixes; they
// contain tenant, which is what Citus requires of a distributed table.
var psaKeyOrder = map[string]bool{"tenant_external_entity_mappings_pkey": true}

// Every unique key of a distributed table leads with tenant (or, where the
// PSA fixes the order, contains it), so the schema distributes by tenant on
// Citus and every key lookup stays on one node.
func TestEveryKeyLeadsWithTenant(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	var keys []struct {
		Table   string `bun:"tbl"`
		Index   string `bun:"idx"`
		Columns string `bun:"cols"`
	}
	err := s.DB.NewRaw(`SELECT t.relname AS tbl, i.relname AS idx,
			(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
			 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
		FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND ix.indisunique ORDER BY 1, 2`).Scan(context.Background(), &keys)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]bool{}
	var bad []string
	for _, k := range keys {
		tables[k.Table] = true
		if _, ok := referenceTables[k.Table]; ok {
			continue
		}
		cols := strings.Split(k.Columns, ",")
		switch {
		case psaKeyOrder[k.Index] && strings.Contains(","+k.Columns+",", ",tenant,"):
		case cols[0] != "tenant":
			bad = append(bad, k.Table+"."+k.Index+" ("+k.Columns+")")
		}
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables with keys: %v", len(tables), keys)
	}
	if len(bad) > 0 {
		t.Fatalf("keys of distributed tables that do not lead with tenant:\n  %s", strings.Join(bad, "\n  "))
	}
	for name := range referenceTables {
		if !tables[name] {
			t.Errorf("reference table %s no longer exists: update the list and the README", name)
		}
	}
}
