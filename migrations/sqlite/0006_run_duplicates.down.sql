ALTER TABLE rmm_sync_runs DROP COLUMN duplicate_count;
