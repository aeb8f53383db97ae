-- One asset per physical device across providers. A device mapping records
-- how it was tied to its asset (the rule and its evidence), which field
-- groups its provider last supplied (for per-group source precedence) and
-- when the device last checked in with that provider.
ALTER TABLE tenant_external_entity_mappings
    ADD COLUMN match_rule     varchar(40),
    ADD COLUMN match_evidence jsonb,
    ADD COLUMN field_groups   integer NOT NULL DEFAULT 0,
    ADD COLUMN last_seen_at   timestamptz,
    -- A digest of everything the pipeline read off the device, so that an
    -- unchanged device is known as such without encoding it.
    ADD COLUMN input_digest   varchar(16) NOT NULL DEFAULT '',
    -- While several providers report the asset, the values this one last
    -- reported, by column, whether or not the asset shows them.
    ADD COLUMN source_fields  jsonb;

-- Doubtful matches between a new asset and an existing one, for an admin to
-- confirm (merge) or reject (never proposed again).
CREATE TABLE identity_candidates (
    tenant         uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    candidate_id   uuid NOT NULL,
    asset_id       uuid NOT NULL,
    match_asset_id uuid NOT NULL,
    provider       varchar(50) NOT NULL,
    external_id    varchar(255) NOT NULL,
    rule           varchar(40) NOT NULL,
    reason         text NOT NULL,
    evidence       jsonb NOT NULL DEFAULT '[]',
    status         varchar(20) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'rejected', 'superseded')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    resolved_at    timestamptz,
    PRIMARY KEY (tenant, candidate_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, match_asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_identity_candidates_pair ON identity_candidates (tenant, asset_id, match_asset_id);
CREATE INDEX idx_identity_candidates_status ON identity_candidates (tenant, status, created_at, candidate_id);
CREATE INDEX idx_identity_candidates_match ON identity_candidates (tenant, match_asset_id);

-- Which provider's value an asset reported by several shows, per field
-- group: provider ids, first wins. No row: the default order.
CREATE TABLE asset_source_precedence (
    tenant      uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    field_group varchar(20) NOT NULL,
    providers   jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, field_group)
);

-- A run counts devices it tied to another provider's asset, and doubtful
-- matches it queued for review.
ALTER TABLE rmm_sync_runs
    ADD COLUMN matched_count   integer NOT NULL DEFAULT 0,
    ADD COLUMN candidate_count integer NOT NULL DEFAULT 0;

-- Devices that several mapped scopes of one integration report while the
-- scopes' mappings name different clients; the integration's scope
-- priority decides which scope owns them. The newest run that saw each
-- conflict replaces it.
ALTER TABLE rmm_sync_runs ADD COLUMN conflict_count integer NOT NULL DEFAULT 0;
CREATE TABLE rmm_scope_conflicts (
    tenant             uuid NOT NULL,
    integration_id     uuid NOT NULL,
    external_device_id varchar(255) NOT NULL,
    device_name        text NOT NULL,
    scope_ids          jsonb NOT NULL,
    run_id             uuid NOT NULL,
    detected_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant, integration_id, external_device_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);

-- How many devices a scope's last complete listing returned: "most
-- specific first" puts smaller scopes first.
ALTER TABLE rmm_organization_mappings ADD COLUMN listed_count integer;

-- A scope whose listing tripped the mass-retirement guard: what would
-- retire, until an admin confirms the retirement or dismisses it.
ALTER TABLE rmm_organization_mappings ADD COLUMN retire_hold jsonb;

-- Room on each page for a new version of its rows: a device that only
-- checked in updates last_seen_at, which no index covers, so with room the
-- update stays on its page and touches no index (a HOT update).
ALTER TABLE assets SET (fillfactor = 60);
