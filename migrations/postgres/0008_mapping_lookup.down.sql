DROP INDEX idx_tenant_alga_entity;
