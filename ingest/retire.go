package ingest

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// retireMissing handles the mapped devices of a completely listed scope
// that the listing did not return.
func (x *execution) retireMissing(ctx context.Context, scope string) error {
	had, missing, err := x.db.RealmMissing(ctx, x.pr.req.Provider, scope, x.realmIDs[scope], x.seen[scope])
	delete(x.realmIDs, scope)
	if err != nil {
		return err
	}
	if len(missing) == 0 {
		return x.holdRetirement(ctx, scope, nil)
	}
	// An asset another provider still reports only loses this source.
	byID := make(map[string]store.KnownDevice, len(missing))
	for _, k := range missing {
		byID[k.ExternalID] = k
	}
	start := time.Now()
	if err := x.otherSources(ctx, byID); err != nil {
		return err
	}
	x.run.Correlation += time.Since(start)
	for i, k := range missing {
		missing[i] = byID[k.ExternalID]
	}
	returned := had - len(missing)
	if float64(returned) < x.s.opts.RetireGuard*float64(had) {
		ids := make([]string, len(missing))
		for i, k := range missing {
			ids[i] = k.ExternalID
		}
		slices.Sort(ids)
		hold := &store.RetireHold{DetectedAt: x.start, RunID: x.run.ID, Had: had, Returned: returned, Missing: ids}
		// A dismissed hold stays dismissed while no other device goes missing.
		if prev := x.pr.scopes[scope].RetireHold; prev != nil && prev.Dismissed && subset(ids, prev.Missing) {
			hold.Dismissed = true
		} else {
			x.warn(WarnRetireGuard, "scope %s returned %d of its %d devices: below %.0f%%, so none was marked missing or retired; confirm the retirement (the client left) or dismiss it",
				scope, returned, had, x.s.opts.RetireGuard*100)
		}
		return x.holdRetirement(ctx, scope, hold)
	}
	if err := x.holdRetirement(ctx, scope, nil); err != nil {
		return err
	}
	if ac, ok := x.pr.session.(rmm.AgedOutChecker); ok {
		// A secondary source may still know devices the listing left out
		// (a primary source that ages devices out): those stay, with their
		// agent offline.
		ask := make([]rmm.KnownDevice, len(missing))
		for i, k := range missing {
			ask[i] = rmm.KnownDevice{ExternalID: k.ExternalID, Identifiers: k.Identifiers()}
		}
		exists, err := ac.StillExists(ctx, ask)
		if err != nil {
			x.warn(WarnSecondarySource, "scope %s: could not confirm %d missing devices in the secondary source, none retired: %v", scope, len(missing), err)
			return nil
		}
		kept := missing[:0]
		for _, k := range missing {
			if exists[k.ExternalID] {
				x.retires = append(x.retires, store.RetireWrite{Device: k, Offline: true})
			} else {
				kept = append(kept, k)
			}
		}
		missing = kept
	}
	for _, k := range missing {
		n := k.MissingCount + 1
		x.retires = append(x.retires, store.RetireWrite{Device: k, Retire: n >= x.s.opts.RetireAfter, Missing: n})
	}
	return nil
}

// holdRetirement records (or, nil, clears) what a scope's listing would
// have retired had the guard not stopped it; a preview records nothing.
func (x *execution) holdRetirement(ctx context.Context, scope string, h *store.RetireHold) error {
	if x.preview != nil || (h == nil && x.pr.scopes[scope].RetireHold == nil) {
		return nil
	}
	return x.db.SetRetireHold(ctx, x.pr.conn.integ.ID, scope, h)
}

// subset reports whether every element of sorted a is in sorted b.
func subset(a, b []string) bool {
	for _, v := range a {
		if _, ok := slices.BinarySearch(b, v); !ok {
			return false
		}
	}
	return true
}

// heldScope finds a scope mapping with a retirement hold, and its provider.
func (s *Syncer) heldScope(ctx context.Context, db *store.TenantDB, scopeID uuid.UUID) (store.OrgMapping, store.Integration, error) {
	rows, err := db.ScopeMappingsByID(ctx, []uuid.UUID{scopeID})
	if err != nil {
		return store.OrgMapping{}, store.Integration{}, err
	}
	if len(rows) == 0 {
		return store.OrgMapping{}, store.Integration{}, &RequestError{Field: "scopeId", Message: "no such scope mapping", NotFound: true}
	}
	in, err := db.IntegrationByID(ctx, rows[0].IntegrationID)
	if err != nil {
		return rows[0], in, err
	}
	if rows[0].RetireHold == nil {
		return rows[0], in, badRequest("scopeId", "scope %q has no retirement waiting for a decision", rows[0].ExternalOrganizationID)
	}
	return rows[0], in, nil
}

// ConfirmRetirement retires what a scope's guarded listing left out (the
// client was off-boarded), through the pipeline's retirement write: an
// asset another provider still reports only loses this source. It returns
// how many assets retired.
func (s *Syncer) ConfirmRetirement(ctx context.Context, db *store.TenantDB, scopeID uuid.UUID) (store.OrgMapping, int, error) {
	m, in, err := s.heldScope(ctx, db, scopeID)
	if err != nil {
		return m, 0, err
	}
	devices, err := db.KnownInRealmByIDs(ctx, in.Provider, m.ExternalOrganizationID, m.RetireHold.Missing)
	if err != nil {
		return m, 0, err
	}
	others, err := db.OtherProviders(ctx, in.Provider)
	if err != nil {
		return m, 0, err
	}
	assets := make([]uuid.UUID, len(devices))
	for i, k := range devices {
		assets[i] = k.AssetID
	}
	sources, err := db.CoSources(ctx, others, assets)
	if err != nil {
		return m, 0, err
	}
	writes := make([]store.RetireWrite, len(devices))
	for i, k := range devices {
		k.Sources = sources[k.AssetID]
		writes[i] = store.RetireWrite{Device: k, Retire: true, Missing: k.MissingCount + 1}
	}
	n, err := db.ApplyRetirements(ctx, time.Now().UTC(), writes)
	if err != nil {
		return m, 0, err
	}
	if err := db.SetRetireHold(ctx, in.ID, m.ExternalOrganizationID, nil); err != nil {
		return m, n, err
	}
	m.RetireHold = nil
	return m, n, nil
}

// DismissRetirement keeps a guarded scope's devices: the hold stays on
// record, dismissed, and runs stop warning about it until another device
// goes missing or the listing returns to normal.
func (s *Syncer) DismissRetirement(ctx context.Context, db *store.TenantDB, scopeID uuid.UUID) (store.OrgMapping, error) {
	m, in, err := s.heldScope(ctx, db, scopeID)
	if err != nil {
		return m, err
	}
	m.RetireHold.Dismissed = true
	return m, db.SetRetireHold(ctx, in.ID, m.ExternalOrganizationID, m.RetireHold)
}
