package ingest

import (
	"context"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// retireMissing handles the mapped devices of a completely listed scope
// that the listing did not return.
func (x *execution) retireMissing(ctx context.Context, scope string) error {
	seenIDs := make([]string, 0, len(x.seen[scope]))
	for id := range x.seen[scope] {
		seenIDs = append(seenIDs, id)
	}
	had, missing, err := x.db.RealmMissing(ctx, x.pr.req.Provider, scope, seenIDs)
	if err != nil {
		return err
	}
	if len(missing) == 0 {
		return nil
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
		x.warn(WarnRetireGuard, "scope %s returned %d of its %d devices: below %.0f%%, so none was marked missing or retired", scope, returned, had, x.s.opts.RetireGuard*100)
		return nil
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
