ALTER TABLE rmm_organization_mappings DROP COLUMN last_full_listed_at;
ALTER TABLE rmm_organization_mappings DROP COLUMN last_listed_at;
ALTER TABLE rmm_organization_mappings DROP COLUMN parent_external_id;
ALTER TABLE rmm_organization_mappings DROP COLUMN scope_kind;
UPDATE tenant_external_entity_mappings
SET metadata = json_set(metadata, '$.missingCount', missing_count)
WHERE missing_count > 0 AND json_valid(metadata) AND json_type(metadata) = 'object';
ALTER TABLE tenant_external_entity_mappings DROP COLUMN missing_count;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN extension_hash;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN asset_hash;
