package ingest_test

import (
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A session outlives one call while the integration's configuration is
// unchanged, is replaced when it changes, and saves the secrets it changes
// (as an OAuth session saves a refreshed token) without being replaced.
func TestSessionsAreKeptPerIntegrationAndSaveSecrets(t *testing.T) {
	h := newHarness(t, storetest.Open(t, store.SQLite), 2, ingest.Options{})
	h.setEstate(estate(20, 2, t0))
	opened := func() int { n, _ := h.p.Sessions(); return n }
	base := opened()
	for range 3 {
		h.mustComplete(h.sync(ingest.ModeFull))
	}
	if got := opened(); got != base {
		t.Fatalf("three syncs opened %d sessions, want none (the verified one is kept)", got-base)
	}

	if _, err := h.syncer.Configure(h.ctx, h.db, providertest.ID, map[string]string{"region": "eu", "apiKey": "good"}); err != nil {
		t.Fatal(err)
	}
	if err := h.syncer.Verify(h.ctx, h.db, providertest.ID); err != nil {
		t.Fatal(err)
	}
	if got, closed := h.p.Sessions(); got != base+1 || closed != 1 {
		t.Fatalf("after a configuration change: opened %d, closed %d; want one new session and the old one closed", got-base, closed)
	}

	h.p.RotateKeyOnVerify("rotated-key")
	if err := h.syncer.Verify(h.ctx, h.db, providertest.ID); err != nil {
		t.Fatal(err)
	}
	integ, _ := h.db.Integration(h.ctx, providertest.ID)
	cfg, err := h.db.ProviderConfig(h.ctx, integ)
	if err != nil || cfg["apiKey"] != "rotated-key" {
		t.Fatalf("saved secret: %q %v", cfg["apiKey"], err)
	}
	h.mustComplete(h.sync(ingest.ModeFull))
	if got := opened(); got != base+1 {
		t.Fatalf("saving a secret reopened the session (%d opened)", got-base)
	}
	h.syncer.CloseSessions()
	if _, closed := h.p.Sessions(); closed != 2 {
		t.Fatalf("CloseSessions closed %d sessions in all, want 2", closed)
	}
}

// A scope's normalized kind and parent are kept apart from the provider's
// metadata, which cannot overwrite them.
func TestScopeKindIsNotOverwrittenByProviderMetadata(t *testing.T) {
	h := newHarness(t, storetest.Open(t, store.SQLite), 1, ingest.Options{})
	h.p.SetEstate([]rmm.Scope{{ExternalID: "g1", Name: "Acme", Kind: rmm.ScopeGroup, ParentExternalID: "g0",
		Metadata: map[string]any{"kind": "computer_group", "parentId": "elsewhere"}}}, nil, nil)
	if _, err := h.syncer.DiscoverScopes(h.ctx, h.db, providertest.ID); err != nil {
		t.Fatal(err)
	}
	integ, _ := h.db.Integration(h.ctx, providertest.ID)
	all, _ := h.db.AllScopeMappings(h.ctx, integ.ID)
	for _, m := range all {
		if m.ExternalOrganizationID != "g1" {
			continue
		}
		storetest.Expect(t, "scope g1", is("kind", m.ScopeKind, ptr("group")), is("parent", m.ParentExternalID, ptr("g0")), is("provider's own kind", m.Metadata["kind"], any("computer_group")))
		return
	}
	t.Fatal("scope g1 not discovered")
}

// Devices already read (a webhook's changes and deletions) go through the
// same batch, decision and write path as a listing, recorded as a run with
// its trigger; an unknown deletion is skipped, and no scope's absentees are
// touched.
func TestApplyingDevicesAlreadyRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		h := newHarness(t, s, 2, ingest.Options{})
		all := estate(10, 2, t0)
		h.setEstate(all)
		h.mustComplete(h.sync(ingest.ModeFull))

		changed := all[3]
		changed.Extension.RAMGB = rmm.Some(64)
		gone := all[4]
		gone.Lifecycle = rmm.LifecycleDeleted
		unknown := device("never-seen", "s1", t0)
		unknown.Lifecycle = rmm.LifecycleDeleted
		run, err := h.syncer.Run(h.ctx, h.db, ingest.Request{Provider: providertest.ID, Mode: ingest.ModeDevice, Trigger: ingest.TriggerWebhook,
			Devices: []rmm.Device{changed, gone, unknown}})
		if err != nil {
			t.Fatal(err)
		}
		h.mustComplete(run)
		storetest.Expect(t, "applying devices already read", is("trigger", run.Trigger, string(ingest.TriggerWebhook)), is("updated", run.Updated, 1),
			is("retired", run.Retired, 1), is("unknown deletions skipped", run.SkippedReasons[ingest.SkipDeletedUnknown], 1))
		if a := h.asset(gone.ExternalID); a.Status != "inactive" || a.MapStatus != "error" {
			t.Fatalf("deleted device: %+v", a)
		}
		if n := h.count(`SELECT count(*) FROM assets WHERE tenant = ? AND status = 'active'`); n != 9 {
			t.Fatalf("%d active assets, want 9", n)
		}
	})
}
