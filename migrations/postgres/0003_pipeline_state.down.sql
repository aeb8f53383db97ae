ALTER TABLE rmm_organization_mappings DROP COLUMN last_full_listed_at, DROP COLUMN last_listed_at, DROP COLUMN parent_external_id, DROP COLUMN scope_kind;
UPDATE tenant_external_entity_mappings
SET metadata = metadata || jsonb_build_object('missingCount', missing_count)
WHERE missing_count > 0 AND metadata IS NOT NULL AND jsonb_typeof(metadata) = 'object';
ALTER TABLE tenant_external_entity_mappings DROP COLUMN missing_count, DROP COLUMN extension_hash, DROP COLUMN asset_hash;
