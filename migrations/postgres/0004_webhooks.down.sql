DROP INDEX idx_rmm_alerts_unlinked;
DROP INDEX idx_rmm_alerts_updated;
ALTER TABLE rmm_alerts DROP COLUMN status_changed_at;
DROP INDEX idx_rmm_integrations_id;
DROP TABLE rmm_webhook_deliveries;
