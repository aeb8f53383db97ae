ALTER TABLE assets RESET (fillfactor);
ALTER TABLE rmm_organization_mappings DROP COLUMN listed_count;
ALTER TABLE rmm_organization_mappings DROP COLUMN retire_hold;
DROP TABLE rmm_scope_conflicts;
ALTER TABLE rmm_sync_runs DROP COLUMN conflict_count;
ALTER TABLE rmm_sync_runs DROP COLUMN matched_count, DROP COLUMN candidate_count;
DROP TABLE asset_source_precedence;
DROP TABLE identity_candidates;
ALTER TABLE tenant_external_entity_mappings
    DROP COLUMN match_rule,
    DROP COLUMN match_evidence,
    DROP COLUMN field_groups,
    DROP COLUMN last_seen_at,
    DROP COLUMN input_digest,
    DROP COLUMN source_fields;
