-- Reports of a device the run had already seen (a device in several
-- scopes) are counted apart; a run can be cancelled (the request is
-- recorded for whichever process runs it); errors get a stable code.
-- SQLite cannot change a CHECK,
-- so the table is rebuilt.
CREATE TABLE rmm_sync_runs_next (
    tenant          TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    integration_id  TEXT NOT NULL,
    mode            varchar(20) NOT NULL CHECK (mode IN ('full', 'incremental', 'device')),
    trigger_type    varchar(20) NOT NULL CHECK (trigger_type IN ('manual', 'scheduled', 'webhook', 'cli')),
    status          varchar(20) NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'cancelled')),
    scope_ids       TEXT DEFAULT '[]',
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    heartbeat_at    TIMESTAMP,
    scopes_total    integer NOT NULL DEFAULT 0,
    scopes_done     integer NOT NULL DEFAULT 0,
    devices_seen    integer NOT NULL DEFAULT 0,
    created_count   integer NOT NULL DEFAULT 0,
    updated_count   integer NOT NULL DEFAULT 0,
    unchanged_count integer NOT NULL DEFAULT 0,
    skipped_count   integer NOT NULL DEFAULT 0,
    failed_count    integer NOT NULL DEFAULT 0,
    retired_count   integer NOT NULL DEFAULT 0,
    moved_count     integer NOT NULL DEFAULT 0,
    skipped_reasons TEXT DEFAULT '{}',
    warnings        TEXT DEFAULT '[]',
    error           text,
    duplicate_count integer NOT NULL DEFAULT 0,
    cancel_requested_at TIMESTAMP,
    error_code      varchar(40),
    PRIMARY KEY (tenant, run_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);
INSERT INTO rmm_sync_runs_next (tenant, run_id, integration_id, mode, trigger_type, status, scope_ids, started_at, finished_at, heartbeat_at, scopes_total, scopes_done, devices_seen, created_count, updated_count, unchanged_count, skipped_count, failed_count, retired_count, moved_count, skipped_reasons, warnings, error) SELECT tenant, run_id, integration_id, mode, trigger_type, status, scope_ids, started_at, finished_at, heartbeat_at, scopes_total, scopes_done, devices_seen, created_count, updated_count, unchanged_count, skipped_count, failed_count, retired_count, moved_count, skipped_reasons, warnings, error FROM rmm_sync_runs;
DROP TABLE rmm_sync_runs;
ALTER TABLE rmm_sync_runs_next RENAME TO rmm_sync_runs;
CREATE UNIQUE INDEX idx_rmm_sync_runs_one_running ON rmm_sync_runs (tenant, integration_id) WHERE status = 'running';
CREATE INDEX idx_rmm_sync_runs_integration_started ON rmm_sync_runs (tenant, integration_id, started_at DESC, run_id);
