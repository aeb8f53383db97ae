package ingest_test

import (
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A preview reports what a full sync would create, update, move, skip and
// find missing, and writes nothing: no asset, mapping, run or scope row.
func TestPreviewWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{})
		devs := estate(10, 2, t0)
		h.setEstate(devs)
		h.mustComplete(h.sync(ingest.ModeFull))
		h.writes()

		devs[1].Name = "renamed" // update
		devs[1].Extension.RAMGB = rmm.Some(32)
		devs[3].ScopeID = "s1"                                 // dev-00003 moves from s2
		devs = append(devs[:5], devs[6:]...)                   // dev-00005 missing
		devs = append(devs, device("dev-new", "s1", t0))       // create
		devs = append(devs, device("dev-elsewhere", "s9", t0)) // skipped: s9 is no mapped scope
		h.p.SetEstate(append(h.scopes, rmm.Scope{ExternalID: "s9"}), devs, nil)

		runs := h.count(`SELECT count(*) FROM rmm_sync_runs`)
		mappings := h.count(`SELECT count(*) FROM tenant_external_entity_mappings`)
		p, err := h.syncer.Preview(h.ctx, h.db, ingest.Request{Provider: h.id}, 100)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		fields := map[string]string{}
		for _, c := range p.Changes {
			kinds[c.ExternalID] = c.Kind
			fields[c.ExternalID] = strings.Join(c.Fields, ",")
		}
		storetest.Expect(t, "the preview",
			is("created", p.Run.Created, 1), is("updated", p.Run.Updated, 2), is("moved", p.Run.Moved, 1), is("unchanged", p.Run.Unchanged, 7),
			is("changes", kinds, map[string]string{"dev-00001": ingest.ChangeUpdate, "dev-00003": ingest.ChangeMove, "dev-new": ingest.ChangeCreate, "dev-00005": ingest.ChangeMissing}))
		storetest.Expect(t, "changed fields", is("update", fields["dev-00001"], "name,workstation_assets.ram_gb"),
			is("move", fields["dev-00003"], "client_id,rmm_organization_id"), is("create", fields["dev-new"], ""))
		storetest.Expect(t, "what it wrote", is("asset rows", len(h.writes()), 0), is("runs", h.count(`SELECT count(*) FROM rmm_sync_runs`), runs),
			is("mappings", h.count(`SELECT count(*) FROM tenant_external_entity_mappings`), mappings), is("assets", h.assetCount(), 10))

		// A limit keeps the list short and counts the rest.
		p, err = h.syncer.Preview(h.ctx, h.db, ingest.Request{Provider: h.id}, 2)
		if err != nil {
			t.Fatal(err)
		}
		storetest.Expect(t, "a limited preview", is("listed", len(p.Changes), 2), is("more", p.More, 2))
	})
}
