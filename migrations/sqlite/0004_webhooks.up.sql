-- Webhook deliveries: stored before the sender is answered, processed after
-- by any replica. dedup_key is the RMM's delivery id or the body's hash: a
-- redelivery within the de-duplication window is a no-op.
CREATE TABLE rmm_webhook_deliveries (
    tenant          TEXT         NOT NULL,
    delivery_id     TEXT         NOT NULL,
    integration_id  TEXT         NOT NULL,
    provider        varchar(50)  NOT NULL,
    dedup_key       varchar(100) NOT NULL,
    body_hash       varchar(64)  NOT NULL,
    body            BLOB         NOT NULL,
    status          varchar(20)  NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'processing', 'processed', 'failed')),
    attempts        integer      NOT NULL DEFAULT 0,
    last_error      text,
    -- The events the provider parsed from the body, normalized.
    events          TEXT         NOT NULL,
    event_count     integer      NOT NULL DEFAULT 0,
    ignored_count   integer      NOT NULL DEFAULT 0,
    received_at     TIMESTAMP    NOT NULL,
    -- pending: when to try; processing: when the claim lapses.
    next_attempt_at TIMESTAMP    NOT NULL,
    processed_at    TIMESTAMP,
    PRIMARY KEY (tenant, delivery_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_rmm_webhook_deliveries_dedup ON rmm_webhook_deliveries (tenant, integration_id, dedup_key);
CREATE INDEX idx_rmm_webhook_deliveries_due ON rmm_webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'processing');
CREATE INDEX idx_rmm_webhook_deliveries_received ON rmm_webhook_deliveries (tenant, integration_id, received_at);

-- A webhook URL names the integration alone.
CREATE UNIQUE INDEX idx_rmm_integrations_id ON rmm_integrations (integration_id);

-- When the alert's status last changed, by the RMM's clock: an older event
-- arriving late does not undo a newer one.
ALTER TABLE rmm_alerts ADD COLUMN status_changed_at TIMESTAMP;
CREATE INDEX idx_rmm_alerts_updated ON rmm_alerts (tenant, updated_at);
CREATE INDEX idx_rmm_alerts_unlinked ON rmm_alerts (tenant, integration_id, external_device_id) WHERE asset_id IS NULL;
