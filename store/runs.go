package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Sync run statuses.
const (
	RunRunning     = "running"
	RunCompleted   = "completed"
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
	RunCancelled   = "cancelled"
)

// ErrRunInProgress means the integration already has a running sync.
type ErrRunInProgress struct{ RunID uuid.UUID }

func (e *ErrRunInProgress) Error() string {
	return fmt.Sprintf("a sync of this integration is already running (run %s)", e.RunID)
}

// StartRun records a new running sync. A running run whose heartbeat is
// older than lease was left by a dead process: it is marked interrupted
// first. Another live run gives *ErrRunInProgress; the partial unique index
// on running runs makes that hold across processes.
func (t *TenantDB) StartRun(ctx context.Context, run *SyncRun, lease time.Duration) error {
	run.TenantID = t.id
	if run.ID == uuid.Nil {
		run.ID = uuid.New()
	}
	run.Status = RunRunning
	now := time.Now().UTC()
	run.StartedAt, run.HeartbeatAt = now, &now
	if run.SkippedReasons == nil {
		run.SkippedReasons = map[string]int{}
	}
	if run.Warnings == nil {
		run.Warnings = []Warning{}
	}
	if run.ScopeIDs == nil {
		run.ScopeIDs = []string{}
	}
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		msg := fmt.Sprintf("interrupted: no heartbeat for %s (the process running it stopped)", lease)
		if _, err := tx.NewUpdate().Model((*SyncRun)(nil)).
			Set("status = ?", RunInterrupted).Set("finished_at = ?", now).Set("error = ?", msg).Set("error_code = 'INTERRUPTED'").
			Where("tenant = ? AND integration_id = ? AND status = ? AND heartbeat_at < ?", t.id, run.IntegrationID, RunRunning, now.Add(-lease)).
			Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(run).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*Integration)(nil)).
			Set("sync_status = ?", SyncSyncing).Set("updated_at = ?", now).
			Where("tenant = ? AND integration_id = ?", t.id, run.IntegrationID).Exec(ctx)
		return err
	})
	if err != nil && isUniqueViolation(err) {
		var running SyncRun
		if e := t.s.DB.NewSelect().Model(&running).Column("run_id").
			Where("tenant = ? AND integration_id = ? AND status = ?", t.id, run.IntegrationID, RunRunning).Scan(ctx); e == nil {
			return &ErrRunInProgress{RunID: running.ID}
		}
		return &ErrRunInProgress{}
	}
	return err
}

// SaveRunProgress stores a running run's counters and renews its heartbeat.
// It fails with ErrNotFound when the run is no longer running (another
// process marked it interrupted).
func (t *TenantDB) SaveRunProgress(ctx context.Context, run *SyncRun) error {
	now := time.Now().UTC()
	run.HeartbeatAt = &now
	res, err := t.s.DB.NewUpdate().Model(run).
		Column("heartbeat_at", "scopes_total", "scopes_done", "devices_seen", "created_count", "updated_count", "unchanged_count",
			"skipped_count", "failed_count", "retired_count", "moved_count", "duplicate_count", "matched_count", "candidate_count", "conflict_count", "skipped_reasons", "warnings").
		Where("tenant = ? AND run_id = ? AND status = ?", t.id, run.ID, RunRunning).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("run %s is no longer running: %w", run.ID, ErrNotFound)
	}
	return nil
}

// Heartbeat renews a running run's lease and reports whether someone
// asked it to stop.
func (t *TenantDB) Heartbeat(ctx context.Context, runID uuid.UUID) (cancel bool, err error) {
	var asked []SyncRun
	err = t.s.DB.NewUpdate().Model((*SyncRun)(nil)).Set("heartbeat_at = ?", time.Now().UTC()).
		Where("tenant = ? AND run_id = ? AND status = ?", t.id, runID, RunRunning).Returning("cancel_requested_at").Scan(ctx, &asked)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return len(asked) == 1 && asked[0].CancelRequestedAt != nil, err
}

// RequestCancel asks a running run to stop, whichever process runs it; it
// returns the run, or ErrNotFound when no such run is running.
func (t *TenantDB) RequestCancel(ctx context.Context, runID uuid.UUID) (SyncRun, error) {
	res, err := t.s.DB.NewUpdate().Model((*SyncRun)(nil)).Set("cancel_requested_at = COALESCE(cancel_requested_at, ?)", time.Now().UTC()).
		Where("tenant = ? AND run_id = ? AND status = ?", t.id, runID, RunRunning).Exec(ctx)
	if err != nil {
		return SyncRun{}, err
	}
	run, err := t.SyncRun(ctx, runID)
	if err != nil {
		return run, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return run, fmt.Errorf("run %s is %s: %w", runID, run.Status, ErrNotFound)
	}
	return run, nil
}

// RunningRun returns the integration's running run, if any.
func (t *TenantDB) RunningRun(ctx context.Context, integrationID uuid.UUID) (*SyncRun, error) {
	var runs []SyncRun
	err := t.s.DB.NewSelect().Model(&runs).Where("tenant = ? AND integration_id = ? AND status = ?", t.id, integrationID, RunRunning).Limit(1).Scan(ctx)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0], nil
}

// IntegrationUpdate is the summary a finished run leaves on its integration.
type IntegrationUpdate struct {
	SyncStatus            string
	SyncError             *string
	LastSyncAt            *time.Time
	LastFullSyncAt        *time.Time
	LastIncrementalSyncAt *time.Time
}

// FinishRun records a run's final state and its integration's summary in
// one transaction.
func (t *TenantDB) FinishRun(ctx context.Context, run *SyncRun, iu IntegrationUpdate) error {
	if run.Status == RunRunning {
		return errors.New("FinishRun needs a final status")
	}
	now := time.Now().UTC()
	run.FinishedAt = &now
	return t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model(run).ExcludeColumn("tenant", "run_id", "integration_id", "mode", "trigger_type", "started_at", "scope_ids").
			Where("tenant = ? AND run_id = ?", t.id, run.ID).Exec(ctx); err != nil {
			return err
		}
		q := tx.NewUpdate().Model((*Integration)(nil)).Set("sync_status = ?", iu.SyncStatus).Set("sync_error = ?", iu.SyncError).
			Set("updated_at = ?", now).Where("tenant = ? AND integration_id = ?", t.id, run.IntegrationID)
		if iu.LastSyncAt != nil {
			q = q.Set("last_sync_at = ?", *iu.LastSyncAt)
		}
		if iu.LastFullSyncAt != nil {
			q = q.Set("last_full_sync_at = ?", *iu.LastFullSyncAt)
		}
		if iu.LastIncrementalSyncAt != nil {
			q = q.Set("last_incremental_sync_at = ?", *iu.LastIncrementalSyncAt)
		}
		_, err := q.Exec(ctx)
		return err
	})
}

// SyncRun returns one run, or ErrNotFound.
func (t *TenantDB) SyncRun(ctx context.Context, id uuid.UUID) (SyncRun, error) {
	var r SyncRun
	err := t.s.DB.NewSelect().Model(&r).Where("tenant = ? AND run_id = ?", t.id, id).Scan(ctx)
	return r, notFound(err)
}

const runCursor = "run"

var runList = keyset[SyncRun]{kind: runCursor, order: "started_at DESC, run_id DESC",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		at, err := time.Parse(time.RFC3339Nano, keys[0])
		if err != nil {
			return nil, ErrBadCursor
		}
		return q.Where("(started_at < ? OR (started_at = ? AND run_id < ?))", at, at, keys[1]), nil
	},
	keys: func(r SyncRun) []string { return []string{r.StartedAt.UTC().Format(time.RFC3339Nano), r.ID.String()} },
}

// SyncRuns lists an integration's runs, newest first.
func (t *TenantDB) SyncRuns(ctx context.Context, integrationID uuid.UUID, p Page) ([]Edge[SyncRun], bool, error) {
	return page(ctx, t.s.DB.NewSelect().Model((*SyncRun)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID), p, runList)
}

// CountSyncRuns counts an integration's runs.
func (t *TenantDB) CountSyncRuns(ctx context.Context, integrationID uuid.UUID) (int, error) {
	n, err := t.s.DB.NewSelect().Model((*SyncRun)(nil)).Where("tenant = ? AND integration_id = ?", t.id, integrationID).Count(ctx)
	return int(n), err
}

// SweepDeadRuns marks interrupted, in every tenant, the running runs whose
// heartbeat is older than lease: the process running them died. Their
// integrations' summary says so. It returns how many it marked.
func (s *Store) SweepDeadRuns(ctx context.Context, lease time.Duration) (int, error) {
	now := time.Now().UTC()
	msg := fmt.Sprintf("interrupted: no heartbeat for %s (the process running it stopped); the next sync continues", lease)
	var dead []SyncRun
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&dead).Column("tenant", "run_id", "integration_id").
			Where("status = ? AND heartbeat_at < ?", RunRunning, now.Add(-lease)).Scan(ctx); err != nil {
			return err
		}
		for _, r := range dead {
			res, err := tx.NewUpdate().Model((*SyncRun)(nil)).
				Set("status = ?", RunInterrupted).Set("finished_at = ?", now).Set("error = ?", msg).Set("error_code = 'INTERRUPTED'").
				Where("tenant = ? AND run_id = ? AND status = ?", r.TenantID, r.ID, RunRunning).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // finished meanwhile
			}
			if _, err := tx.NewUpdate().Model((*Integration)(nil)).
				Set("sync_status = ?", SyncError).Set("sync_error = ?", msg).Set("updated_at = ?", now).
				Where("tenant = ? AND integration_id = ? AND sync_status = ?", r.TenantID, r.IntegrationID, SyncSyncing).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return len(dead), err
}
