-- The sync pipeline's own state of a device mapping moves out of the
-- mapping's metadata into typed columns, so provider metadata can never
-- collide with it. Content hashes start empty: the next sync rewrites each
-- mapping once.
ALTER TABLE tenant_external_entity_mappings
    ADD COLUMN asset_hash     varchar(32) NOT NULL DEFAULT '',
    ADD COLUMN extension_hash varchar(32) NOT NULL DEFAULT '',
    ADD COLUMN missing_count  integer     NOT NULL DEFAULT 0;
UPDATE tenant_external_entity_mappings
SET missing_count = COALESCE((metadata->>'missingCount')::integer, 0),
    metadata = metadata - 'assetHash' - 'extensionHash' - 'missingCount'
WHERE metadata IS NOT NULL AND jsonb_typeof(metadata) = 'object';

-- A scope's normalized kind and parent, apart from the provider's metadata.
ALTER TABLE rmm_organization_mappings
    ADD COLUMN scope_kind         varchar(20) CHECK (scope_kind IN ('organization', 'site', 'group', 'custom')),
    ADD COLUMN parent_external_id varchar(255),
    -- When the last run that listed the scope completely started (in any
    -- mode, and in full): each scope's incremental cutoff and full-sync age.
    ADD COLUMN last_listed_at      timestamptz,
    ADD COLUMN last_full_listed_at timestamptz;
UPDATE rmm_organization_mappings
SET scope_kind = metadata->>'kind'
WHERE metadata->>'kind' IN ('organization', 'site', 'group', 'custom');
