-- Reports of a device the run had already seen (a device in several
-- scopes): counted apart, so seen = created + updated + unchanged +
-- skipped + failed.
ALTER TABLE rmm_sync_runs ADD COLUMN duplicate_count integer NOT NULL DEFAULT 0;
-- A run can be cancelled: the request is recorded for whichever replica
-- runs it, which stops after the batch it is writing.
ALTER TABLE rmm_sync_runs ADD COLUMN cancel_requested_at timestamptz;
ALTER TABLE rmm_sync_runs DROP CONSTRAINT rmm_sync_runs_status_check;
ALTER TABLE rmm_sync_runs ADD CONSTRAINT rmm_sync_runs_status_check CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'cancelled'));
-- A stable code beside a run's error text (UNAUTHORIZED, RATE_LIMITED,
-- SCOPES_FAILED, CANCELLED, INTERRUPTED, ...).
ALTER TABLE rmm_sync_runs ADD COLUMN error_code varchar(40);
