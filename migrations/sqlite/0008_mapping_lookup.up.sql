-- The mappings of a page of assets, whatever their provider: the asset
-- list reads them for every page it shows, and no other index of the table
-- starts with the entity, so each read scanned all of the tenant's mappings.
CREATE INDEX idx_tenant_alga_entity ON tenant_external_entity_mappings (tenant, alga_entity_type, alga_entity_id);
