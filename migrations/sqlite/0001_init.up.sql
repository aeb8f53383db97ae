-- SQLite schema; mirrors postgres/0001_init.up.sql (uuid and timestamps as TEXT, jsonb as JSON text).
-- Core schema: tenants, PSA clients, API keys, RMM integrations, identity mappings,
-- assets with their extension tables, alerts and sync runs. Names follow Alga PSA.

CREATE TABLE tenants (
    tenant      TEXT PRIMARY KEY,
    client_name text NOT NULL,
    email       varchar(255),
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE clients (
    tenant      TEXT NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    client_name text NOT NULL,
    client_type varchar(50),
    url         varchar(255),
    is_inactive boolean NOT NULL DEFAULT false,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (tenant, client_id)
);
CREATE UNIQUE INDEX idx_clients_tenant_name ON clients (tenant, lower(client_name));

CREATE TABLE api_keys (
    tenant       TEXT NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    api_key_id   TEXT NOT NULL,
    name         varchar(255) NOT NULL,
    role         varchar(20) NOT NULL CHECK (role IN ('admin', 'viewer')),
    key_hash     BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    PRIMARY KEY (tenant, api_key_id)
);
CREATE UNIQUE INDEX idx_api_keys_id ON api_keys (api_key_id);

CREATE TABLE rmm_integrations (
    tenant                   TEXT NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    integration_id           TEXT NOT NULL,
    provider                 varchar(50) NOT NULL,
    instance_url             varchar(255),
    is_active                boolean NOT NULL DEFAULT false,
    connected_at             TIMESTAMP,
    last_sync_at             TIMESTAMP,
    last_full_sync_at        TIMESTAMP,
    last_incremental_sync_at TIMESTAMP,
    sync_status              varchar(20) DEFAULT 'pending'
        CHECK (sync_status IN ('pending', 'syncing', 'completed', 'error')),
    sync_error               text,
    settings                 TEXT DEFAULT '{}',
    created_at               TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at               TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (tenant, integration_id)
);
CREATE UNIQUE INDEX idx_rmm_integrations_tenant_provider ON rmm_integrations (tenant, provider);
CREATE INDEX idx_rmm_integrations_tenant_active ON rmm_integrations (tenant, is_active);

-- Provider credentials, sealed with AES-256-GCM; never stored in settings.
CREATE TABLE rmm_integration_secrets (
    tenant         TEXT NOT NULL,
    integration_id TEXT NOT NULL,
    name           varchar(100) NOT NULL,
    ciphertext     BLOB NOT NULL,
    updated_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (tenant, integration_id, name),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);

CREATE TABLE rmm_organization_mappings (
    tenant                     TEXT NOT NULL,
    mapping_id                 TEXT NOT NULL,
    integration_id             TEXT NOT NULL,
    external_organization_id   varchar(255) NOT NULL,
    external_organization_name varchar(255),
    client_id                  TEXT,
    auto_sync_assets           boolean NOT NULL DEFAULT true,
    auto_create_tickets        boolean NOT NULL DEFAULT false,
    metadata                   TEXT DEFAULT '{}',
    last_synced_at             TIMESTAMP,
    created_at                 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at                 TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    default_contact_id         TEXT,
    PRIMARY KEY (tenant, mapping_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, client_id) REFERENCES clients (tenant, client_id)
);
CREATE UNIQUE INDEX idx_rmm_org_mappings_unique_external
    ON rmm_organization_mappings (tenant, integration_id, external_organization_id);
-- SQLite cannot SET NULL one column of a composite key: clear it before the client goes.
CREATE TRIGGER clients_before_delete_unmap BEFORE DELETE ON clients BEGIN
    UPDATE rmm_organization_mappings SET client_id = NULL WHERE tenant = OLD.tenant AND client_id = OLD.client_id;
END;
CREATE INDEX idx_rmm_org_mappings_client ON rmm_organization_mappings (tenant, client_id);
CREATE INDEX idx_rmm_org_mappings_default_contact ON rmm_organization_mappings (tenant, default_contact_id);

CREATE TABLE tenant_external_entity_mappings (
    id                 TEXT NOT NULL,
    tenant             TEXT NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    integration_type   varchar(50) NOT NULL,
    alga_entity_type   varchar(50) NOT NULL,
    alga_entity_id     varchar(255) NOT NULL,
    external_entity_id varchar(255) NOT NULL,
    external_realm_id  varchar(255),
    sync_status        varchar(20) DEFAULT 'pending' CHECK (sync_status IN ('pending', 'synced', 'error')),
    last_synced_at     TIMESTAMP,
    metadata           TEXT,
    created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, tenant)
);
CREATE INDEX idx_tenant_external_entity_mappings_tenant ON tenant_external_entity_mappings (tenant);
CREATE UNIQUE INDEX idx_unique_alga_mapping
    ON tenant_external_entity_mappings (tenant, integration_type, alga_entity_type, alga_entity_id);
CREATE UNIQUE INDEX idx_unique_external_mapping
    ON tenant_external_entity_mappings (tenant, integration_type, alga_entity_type, external_entity_id, COALESCE(external_realm_id, ''));
CREATE INDEX idx_tenant_integration ON tenant_external_entity_mappings (tenant, integration_type);
CREATE INDEX idx_tenant_integration_external
    ON tenant_external_entity_mappings (tenant, integration_type, external_entity_id);
-- The devices of one scope, for retirement after a complete listing.
CREATE INDEX idx_tenant_integration_realm
    ON tenant_external_entity_mappings (tenant, integration_type, external_realm_id);

CREATE TABLE assets (
    tenant              TEXT NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    asset_id            TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    asset_type          text NOT NULL DEFAULT 'unknown',
    asset_tag           text NOT NULL,
    serial_number       text,
    name                text NOT NULL,
    status              text NOT NULL,
    location            text,
    purchase_date       TIMESTAMP,
    warranty_end_date   TIMESTAMP,
    attributes          TEXT,
    created_at          TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at          TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    rmm_provider        varchar(50),
    rmm_device_id       varchar(255),
    rmm_organization_id varchar(255),
    agent_status        varchar(20) CHECK (agent_status IN ('online', 'offline', 'overdue', 'unknown')),
    last_seen_at        TIMESTAMP,
    last_rmm_sync_at    TIMESTAMP,
    notes_document_id   TEXT,
    location_id         TEXT,
    service_id          TEXT,
    stock_unit_id       TEXT,
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, client_id) REFERENCES clients (tenant, client_id)
);
CREATE INDEX idx_assets_rmm_device ON assets (tenant, rmm_provider, rmm_device_id);
CREATE INDEX idx_assets_agent_status ON assets (tenant, agent_status);
CREATE INDEX idx_assets_notes_document ON assets (tenant, notes_document_id);
CREATE INDEX idx_assets_tenant_client_location ON assets (tenant, client_id, location_id);
CREATE INDEX idx_assets_stock_unit ON assets (tenant, stock_unit_id);
-- Keyset pagination of the asset list.
CREATE INDEX idx_assets_tenant_name ON assets (tenant, name, asset_id);

CREATE TABLE workstation_assets (
    tenant                   TEXT NOT NULL,
    asset_id                 TEXT NOT NULL,
    os_type                  varchar(255),
    os_version               varchar(255),
    cpu_model                varchar(255),
    cpu_cores                integer,
    ram_gb                   integer,
    storage_type             varchar(255),
    storage_capacity_gb      integer,
    gpu_model                varchar(255),
    last_login               TIMESTAMP,
    installed_software       TEXT DEFAULT '[]',
    agent_version            varchar(255),
    antivirus_status         varchar(50),
    antivirus_product        varchar(255),
    last_reboot_at           TIMESTAMP,
    pending_patches          integer,
    failed_patches           integer,
    last_patch_scan_at       TIMESTAMP,
    system_info              TEXT DEFAULT '{}',
    "current_user"           varchar(255),
    uptime_seconds           bigint,
    lan_ip                   varchar(45),
    wan_ip                   varchar(45),
    cpu_utilization_percent  numeric(5, 2),
    memory_usage_percent     numeric(5, 2),
    memory_used_gb           numeric(10, 2),
    disk_usage               TEXT DEFAULT '[]',
    pending_os_patches       integer,
    pending_software_patches integer,
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX workstation_assets_tenant_os_type_index ON workstation_assets (tenant, os_type);
CREATE INDEX workstation_assets_tenant_last_login_index ON workstation_assets (tenant, last_login);
CREATE INDEX idx_workstation_assets_current_user ON workstation_assets (tenant, "current_user");

CREATE TABLE server_assets (
    tenant                   TEXT NOT NULL,
    asset_id                 TEXT NOT NULL,
    os_type                  varchar(255),
    os_version               varchar(255),
    cpu_model                varchar(255),
    cpu_cores                integer,
    ram_gb                   integer,
    storage_config           TEXT DEFAULT '[]',
    raid_config              varchar(255),
    is_virtual               boolean DEFAULT false,
    hypervisor               varchar(255),
    network_interfaces       TEXT DEFAULT '[]',
    primary_ip               varchar(255),
    installed_services       TEXT DEFAULT '[]',
    agent_version            varchar(255),
    antivirus_status         varchar(50),
    antivirus_product        varchar(255),
    last_reboot_at           TIMESTAMP,
    last_patch_scan_at       TIMESTAMP,
    pending_patches          integer,
    failed_patches           integer,
    pending_os_patches       integer,
    pending_software_patches integer,
    system_info              TEXT DEFAULT '{}',
    disk_usage               TEXT DEFAULT '[]',
    cpu_usage_percent        numeric(5, 2),
    memory_usage_percent     numeric(5, 2),
    memory_used_gb           numeric(10, 2),
    "current_user"           varchar(255),
    uptime_seconds           bigint,
    lan_ip                   varchar(45),
    wan_ip                   varchar(45),
    installed_software       TEXT DEFAULT '[]',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX server_assets_tenant_os_type_index ON server_assets (tenant, os_type);
CREATE INDEX server_assets_tenant_is_virtual_index ON server_assets (tenant, is_virtual);
CREATE INDEX server_assets_tenant_primary_ip_index ON server_assets (tenant, primary_ip);
CREATE INDEX idx_server_assets_current_user ON server_assets (tenant, "current_user");

CREATE TABLE network_device_assets (
    tenant           TEXT NOT NULL,
    asset_id         TEXT NOT NULL,
    device_type      text NOT NULL CHECK (device_type IN ('switch', 'router', 'firewall', 'access_point', 'load_balancer')),
    management_ip    varchar(255),
    port_count       integer,
    firmware_version varchar(255),
    supports_poe     boolean DEFAULT false,
    power_draw_watts numeric(8, 2),
    vlan_config      TEXT DEFAULT '{}',
    port_config      TEXT DEFAULT '{}',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX network_device_assets_tenant_device_type_index ON network_device_assets (tenant, device_type);
CREATE INDEX network_device_assets_tenant_management_ip_index ON network_device_assets (tenant, management_ip);

CREATE TABLE mobile_device_assets (
    tenant        TEXT NOT NULL,
    asset_id      TEXT NOT NULL,
    os_type       varchar(255),
    os_version    varchar(255),
    model         varchar(255),
    imei          varchar(255),
    phone_number  varchar(255),
    carrier       varchar(255),
    last_check_in TIMESTAMP,
    is_supervised boolean DEFAULT false,
    installed_apps TEXT DEFAULT '[]',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX mobile_device_assets_tenant_os_type_index ON mobile_device_assets (tenant, os_type);
CREATE INDEX mobile_device_assets_tenant_last_check_in_index ON mobile_device_assets (tenant, last_check_in);
CREATE INDEX mobile_device_assets_tenant_imei_index ON mobile_device_assets (tenant, imei);

CREATE TABLE printer_assets (
    tenant                TEXT NOT NULL,
    asset_id              TEXT NOT NULL,
    model                 varchar(255),
    ip_address            varchar(255),
    is_network_printer    boolean DEFAULT true,
    supports_color        boolean DEFAULT false,
    supports_duplex       boolean DEFAULT false,
    max_paper_size        integer,
    supported_paper_types TEXT DEFAULT '[]',
    monthly_duty_cycle    integer,
    supply_levels         TEXT DEFAULT '{}',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX printer_assets_tenant_ip_address_index ON printer_assets (tenant, ip_address);
CREATE INDEX printer_assets_tenant_is_network_printer_index ON printer_assets (tenant, is_network_printer);

CREATE TABLE rmm_alerts (
    tenant                  TEXT NOT NULL,
    alert_id                TEXT NOT NULL,
    integration_id          TEXT NOT NULL,
    external_alert_id       varchar(255) NOT NULL,
    external_device_id      varchar(255),
    asset_id                TEXT,
    severity                varchar(20) NOT NULL CHECK (severity IN ('critical', 'major', 'moderate', 'minor', 'none')),
    priority                varchar(20),
    status                  varchar(20) NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'acknowledged', 'resolved', 'auto_resolved', 'suppressed')),
    source_type             varchar(50),
    alert_class             varchar(100),
    message                 text,
    device_name             text,
    ticket_id               TEXT,
    triggered_at            TIMESTAMP,
    resolved_at             TIMESTAMP,
    metadata                TEXT DEFAULT '{}',
    created_at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at              TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    activity_type           varchar(100),
    acknowledged_at         TIMESTAMP,
    acknowledged_by         TEXT,
    dedup_key               varchar(255),
    occurrence_count        integer NOT NULL DEFAULT 1,
    last_occurrence_at      TIMESTAMP,
    matched_rule_id         TEXT,
    auto_ticket_created     boolean NOT NULL DEFAULT false,
    suppressed_by_window_id TEXT,
    PRIMARY KEY (tenant, alert_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id)
);
CREATE TRIGGER assets_before_delete_unlink_alerts BEFORE DELETE ON assets BEGIN
    UPDATE rmm_alerts SET asset_id = NULL WHERE tenant = OLD.tenant AND asset_id = OLD.asset_id;
END;
CREATE UNIQUE INDEX idx_rmm_alerts_unique_external ON rmm_alerts (tenant, integration_id, external_alert_id);
CREATE INDEX idx_rmm_alerts_status ON rmm_alerts (tenant, status);
CREATE INDEX idx_rmm_alerts_severity ON rmm_alerts (tenant, severity);
CREATE INDEX idx_rmm_alerts_asset ON rmm_alerts (tenant, asset_id);
CREATE INDEX idx_rmm_alerts_triggered ON rmm_alerts (tenant, triggered_at);
CREATE INDEX idx_rmm_alerts_dedup ON rmm_alerts (tenant, integration_id, dedup_key);

-- One row per sync run. The partial unique index allows one running run per integration.
CREATE TABLE rmm_sync_runs (
    tenant          TEXT NOT NULL,
    run_id          TEXT NOT NULL,
    integration_id  TEXT NOT NULL,
    mode            varchar(20) NOT NULL CHECK (mode IN ('full', 'incremental', 'device')),
    trigger_type    varchar(20) NOT NULL CHECK (trigger_type IN ('manual', 'scheduled', 'webhook', 'cli')),
    status          varchar(20) NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    scope_ids       TEXT DEFAULT '[]',
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    heartbeat_at    TIMESTAMP,
    scopes_total    integer NOT NULL DEFAULT 0,
    scopes_done     integer NOT NULL DEFAULT 0,
    devices_seen    integer NOT NULL DEFAULT 0,
    created_count   integer NOT NULL DEFAULT 0,
    updated_count   integer NOT NULL DEFAULT 0,
    unchanged_count integer NOT NULL DEFAULT 0,
    skipped_count   integer NOT NULL DEFAULT 0,
    failed_count    integer NOT NULL DEFAULT 0,
    retired_count   integer NOT NULL DEFAULT 0,
    moved_count     integer NOT NULL DEFAULT 0,
    skipped_reasons TEXT DEFAULT '{}',
    warnings        TEXT DEFAULT '[]',
    error           text,
    PRIMARY KEY (tenant, run_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_rmm_sync_runs_one_running ON rmm_sync_runs (tenant, integration_id) WHERE status = 'running';
CREATE INDEX idx_rmm_sync_runs_integration_started ON rmm_sync_runs (tenant, integration_id, started_at DESC, run_id);
