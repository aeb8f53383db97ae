-- The mappings of a page of assets, whatever their provider: the asset
-- list reads them for every page it shows, and no other index of the table
-- starts with the entity, so each read scanned all of the tenant's mappings.
CREATE INDEX idx_tenant_alga_entity ON tenant_external_entity_mappings (tenant, alga_entity_type, alga_entity_id);

-- 0007 gained source_fields after some databases had applied it: those lack
-- the column, and every sync that writes a mapping failed on it.
ALTER TABLE tenant_external_entity_mappings ADD COLUMN IF NOT EXISTS source_fields jsonb;
