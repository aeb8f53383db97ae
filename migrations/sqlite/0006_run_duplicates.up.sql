-- Reports of a device the run had already seen (a device in several
-- scopes): counted apart, so seen = created + updated + unchanged +
-- skipped + failed.
ALTER TABLE rmm_sync_runs ADD COLUMN duplicate_count INTEGER NOT NULL DEFAULT 0;
