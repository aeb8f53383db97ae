-- The sync pipeline's own state of a device mapping moves out of the
-- mapping's metadata into typed columns, so provider metadata can never
-- collide with it. Content hashes start empty: the next sync rewrites each
-- mapping once.
ALTER TABLE tenant_external_entity_mappings ADD COLUMN asset_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE tenant_external_entity_mappings ADD COLUMN extension_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE tenant_external_entity_mappings ADD COLUMN missing_count INTEGER NOT NULL DEFAULT 0;
UPDATE tenant_external_entity_mappings
SET missing_count = COALESCE(CAST(json_extract(metadata, '$.missingCount') AS INTEGER), 0),
    metadata = json_remove(metadata, '$.assetHash', '$.extensionHash', '$.missingCount')
WHERE json_valid(metadata) AND json_type(metadata) = 'object';

-- A scope's normalized kind and parent, apart from the provider's metadata.
ALTER TABLE rmm_organization_mappings ADD COLUMN scope_kind TEXT CHECK (scope_kind IN ('organization', 'site', 'group', 'custom'));
ALTER TABLE rmm_organization_mappings ADD COLUMN parent_external_id TEXT;
-- When the last run that listed the scope completely started (in any mode,
-- and in full): each scope's incremental cutoff and full-sync age.
ALTER TABLE rmm_organization_mappings ADD COLUMN last_listed_at TIMESTAMP;
ALTER TABLE rmm_organization_mappings ADD COLUMN last_full_listed_at TIMESTAMP;
UPDATE rmm_organization_mappings
SET scope_kind = json_extract(metadata, '$.kind')
WHERE json_valid(metadata) AND json_extract(metadata, '$.kind') IN ('organization', 'site', 'group', 'custom');
