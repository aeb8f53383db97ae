ALTER TABLE rmm_sync_runs DROP COLUMN matched_count;
ALTER TABLE rmm_sync_runs DROP COLUMN candidate_count;
DROP TABLE asset_source_precedence;
DROP TABLE identity_candidates;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN match_rule;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN match_evidence;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN field_groups;
ALTER TABLE tenant_external_entity_mappings DROP COLUMN last_seen_at;
