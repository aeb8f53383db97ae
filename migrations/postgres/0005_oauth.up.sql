-- Pending OAuth authorizations: the state sent to the RMM's sign-in page,
-- kept as a hash, bound to one integration, used once, short-lived.
CREATE TABLE oauth_states (
    state_hash     varchar(64)  PRIMARY KEY,
    tenant         uuid         NOT NULL,
    integration_id uuid         NOT NULL,
    provider       varchar(50)  NOT NULL,
    redirect_uri   text         NOT NULL,
    created_at     timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    used_at        timestamptz,
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);
CREATE INDEX idx_oauth_states_expires ON oauth_states (expires_at);
