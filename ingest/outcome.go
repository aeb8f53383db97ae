package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/store"
)

// listedEveryScope reports whether the run listed every scope that is
// mapped with auto-sync on.
func (x *execution) listedEveryScope() bool {
	listed := make(map[string]bool, len(x.pr.list))
	for _, s := range x.pr.list {
		listed[s] = true
	}
	for id, m := range x.pr.scopes {
		if m.ClientID != nil && m.AutoSyncAssets && !listed[id] {
			return false
		}
	}
	return true
}

// finish records the run's outcome and the integration's summary.
func (x *execution) finish(ctx context.Context, err error) {
	iu := store.IntegrationUpdate{SyncStatus: store.SyncCompleted}
	switch {
	case err == nil && len(x.failed) == 0:
		x.run.Status = store.RunCompleted
		at := x.start
		iu.LastSyncAt = &at
		// The integration's full and incremental times mean every mapped
		// scope, so a run of some scopes does not move them.
		switch {
		case !x.listedEveryScope():
		case x.pr.req.Mode == ModeFull:
			iu.LastFullSyncAt = &at
		case x.pr.req.Mode == ModeIncremental:
			iu.LastIncrementalSyncAt = &at
		}
	case err == nil:
		x.run.Status = store.RunFailed
		msg := fmt.Sprintf("%d of %d scopes could not be listed; %s", len(x.failed), len(x.pr.list), x.failure)
		x.run.Error, x.run.ErrorCode = &msg, code("SCOPES_FAILED")
		if len(x.failed) == len(x.pr.list) && x.failureKind != "" {
			x.run.ErrorCode = code(strings.ToUpper(string(x.failureKind))) // every scope failed: say how
		}
	case errors.Is(err, errTakenOver):
		x.run.Status = store.RunInterrupted
		msg := errTakenOver.Error()
		x.run.Error, x.run.ErrorCode = &msg, code("INTERRUPTED")
	case errors.Is(err, errCancelled):
		x.run.Status = store.RunCancelled
		msg := "cancelled: the batches written before stay; the next sync continues"
		x.run.Error, x.run.ErrorCode = &msg, code("CANCELLED")
	case errors.Is(err, errStopping):
		x.run.Status = store.RunInterrupted
		msg := "interrupted: the server was shutting down; the next sync continues"
		x.run.Error, x.run.ErrorCode = &msg, code("INTERRUPTED")
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		x.run.Status = store.RunInterrupted
		msg := "interrupted: the server stopped or the request was cancelled; the next sync continues"
		x.run.Error, x.run.ErrorCode = &msg, code("INTERRUPTED")
	default:
		x.run.Status = store.RunFailed
		msg := err.Error()
		logDetail(x.s.log, "sync failed", x.pr.req.Provider, err)
		x.run.ErrorCode = code("INTERNAL")
		if pe, ok := providerError(err); ok {
			x.run.ErrorCode = code(strings.ToUpper(string(pe.Kind)))
		} else {
			x.s.log.Error("sync failed", "run", x.run.ID, "provider", x.pr.req.Provider, "err", err)
			msg = "internal error while writing assets (details are in the server log); the next sync retries"
		}
		x.run.Error = &msg
	}
	if x.run.Status != store.RunCompleted {
		iu.SyncStatus = store.SyncError
		iu.SyncError = x.run.Error
	}
	if ferr := x.db.FinishRun(ctx, x.run, iu); ferr != nil {
		x.s.log.Error("record sync run outcome", "run", x.run.ID, "err", ferr)
	}
	x.s.noteAuthorization(ctx, x.db, x.pr.conn.integ, err)
	if x.run.Created > 0 {
		// Alerts that arrived before their device now have its asset.
		if _, err := x.db.LinkAlerts(ctx, x.pr.conn.integ.ID, x.pr.req.Provider); err != nil {
			x.s.log.Warn("link alerts to new assets", "run", x.run.ID, "err", err)
		}
	}
	if x.run.Status == store.RunCompleted {
		r := x.run
		x.s.log.Info("sync completed", "provider", x.pr.req.Provider, "integration", r.IntegrationID, "run", r.ID, "mode", r.Mode, "trigger", r.Trigger,
			"seen", r.DevicesSeen, "created", r.Created, "updated", r.Updated, "unchanged", r.Unchanged, "skipped", r.Skipped,
			"retired", r.Retired, "moved", r.Moved, "duration", time.Since(x.start).Round(time.Millisecond))
	}
	if x.s.Observer != nil {
		x.s.Observer(x.pr.req.Provider, *x.run)
	}
}

func code(c string) *string { return &c }
