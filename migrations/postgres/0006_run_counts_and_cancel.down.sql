UPDATE rmm_sync_runs SET status = 'interrupted' WHERE status = 'cancelled';
ALTER TABLE rmm_sync_runs DROP COLUMN error_code;
ALTER TABLE rmm_sync_runs DROP CONSTRAINT rmm_sync_runs_status_check;
ALTER TABLE rmm_sync_runs ADD CONSTRAINT rmm_sync_runs_status_check CHECK (status IN ('running', 'completed', 'failed', 'interrupted'));
ALTER TABLE rmm_sync_runs DROP COLUMN cancel_requested_at;
ALTER TABLE rmm_sync_runs DROP COLUMN duplicate_count;
