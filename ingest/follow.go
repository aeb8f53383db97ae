package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/rmmgraph/rmmgraph/store"
)

// Follow calls see with a run each time its progress changes, until the
// run finishes, see returns false or ctx ends. It reads the database, so it
// follows runs of any replica; every is how often it looks.
func Follow(ctx context.Context, db *store.TenantDB, run store.SyncRun, every time.Duration, see func(store.SyncRun) bool) error {
	last := ""
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if key := progressKey(run); key != last {
			last = key
			if !see(run) {
				return nil
			}
		}
		if run.Status != store.RunRunning {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		next, err := db.SyncRun(ctx, run.ID)
		if err != nil {
			return err
		}
		run = next
	}
}

func progressKey(r store.SyncRun) string {
	return fmt.Sprint(r.Status, r.ScopesDone, r.DevicesSeen, r.Created, r.Updated, r.Unchanged, r.Skipped, r.Failed, r.Retired, r.Moved)
}
