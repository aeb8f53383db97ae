-- Core schema: tenants, PSA clients, API keys, RMM integrations, identity mappings,
-- assets with their extension tables, alerts and sync runs. Names follow Alga PSA.

CREATE TABLE tenants (
    tenant      uuid PRIMARY KEY,
    client_name text NOT NULL,
    email       varchar(255),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
    tenant      uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    client_id   uuid NOT NULL DEFAULT gen_random_uuid(),
    client_name text NOT NULL,
    client_type varchar(50),
    url         varchar(255),
    is_inactive boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, client_id)
);
CREATE UNIQUE INDEX idx_clients_tenant_name ON clients (tenant, lower(client_name));

CREATE TABLE api_keys (
    tenant       uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    api_key_id   uuid NOT NULL,
    name         varchar(255) NOT NULL,
    role         varchar(20) NOT NULL CHECK (role IN ('admin', 'viewer')),
    key_hash     bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant, api_key_id)
);
CREATE UNIQUE INDEX idx_api_keys_id ON api_keys (api_key_id);

CREATE TABLE rmm_integrations (
    tenant                   uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    integration_id           uuid NOT NULL DEFAULT gen_random_uuid(),
    provider                 varchar(50) NOT NULL,
    instance_url             varchar(255),
    is_active                boolean NOT NULL DEFAULT false,
    connected_at             timestamptz,
    last_sync_at             timestamptz,
    last_full_sync_at        timestamptz,
    last_incremental_sync_at timestamptz,
    sync_status              varchar(20) DEFAULT 'pending'
        CHECK (sync_status IN ('pending', 'syncing', 'completed', 'error')),
    sync_error               text,
    settings                 jsonb DEFAULT '{}',
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, integration_id)
);
CREATE UNIQUE INDEX idx_rmm_integrations_tenant_provider ON rmm_integrations (tenant, provider);
CREATE INDEX idx_rmm_integrations_tenant_active ON rmm_integrations (tenant, is_active);

-- Provider credentials, sealed with AES-256-GCM; never stored in settings.
CREATE TABLE rmm_integration_secrets (
    tenant         uuid NOT NULL,
    integration_id uuid NOT NULL,
    name           varchar(100) NOT NULL,
    ciphertext     bytea NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, integration_id, name),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);

CREATE TABLE rmm_organization_mappings (
    tenant                     uuid NOT NULL,
    mapping_id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    integration_id             uuid NOT NULL,
    external_organization_id   varchar(255) NOT NULL,
    external_organization_name varchar(255),
    client_id                  uuid,
    auto_sync_assets           boolean NOT NULL DEFAULT true,
    auto_create_tickets        boolean NOT NULL DEFAULT false,
    metadata                   jsonb DEFAULT '{}',
    last_synced_at             timestamptz,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    default_contact_id         uuid,
    PRIMARY KEY (tenant, mapping_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, client_id) REFERENCES clients (tenant, client_id) ON DELETE SET NULL (client_id)
);
CREATE UNIQUE INDEX idx_rmm_org_mappings_unique_external
    ON rmm_organization_mappings (tenant, integration_id, external_organization_id);
CREATE INDEX idx_rmm_org_mappings_client ON rmm_organization_mappings (tenant, client_id);
CREATE INDEX idx_rmm_org_mappings_default_contact ON rmm_organization_mappings (tenant, default_contact_id);

CREATE TABLE tenant_external_entity_mappings (
    id                 uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant             uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    integration_type   varchar(50) NOT NULL,
    alga_entity_type   varchar(50) NOT NULL,
    alga_entity_id     varchar(255) NOT NULL,
    external_entity_id varchar(255) NOT NULL,
    external_realm_id  varchar(255),
    sync_status        varchar(20) DEFAULT 'pending' CHECK (sync_status IN ('pending', 'synced', 'error')),
    last_synced_at     timestamptz,
    metadata           jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
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
    tenant              uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    asset_id            uuid NOT NULL DEFAULT gen_random_uuid(),
    client_id           uuid NOT NULL,
    asset_type          text NOT NULL DEFAULT 'unknown',
    asset_tag           text NOT NULL,
    serial_number       text,
    name                text NOT NULL,
    status              text NOT NULL,
    location            text,
    purchase_date       timestamptz,
    warranty_end_date   timestamptz,
    attributes          jsonb,
    created_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    rmm_provider        varchar(50),
    rmm_device_id       varchar(255),
    rmm_organization_id varchar(255),
    agent_status        varchar(20) CHECK (agent_status IN ('online', 'offline', 'overdue', 'unknown')),
    last_seen_at        timestamptz,
    last_rmm_sync_at    timestamptz,
    notes_document_id   uuid,
    location_id         uuid,
    service_id          uuid,
    stock_unit_id       uuid,
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
    tenant                   uuid NOT NULL,
    asset_id                 uuid NOT NULL,
    os_type                  varchar(255),
    os_version               varchar(255),
    cpu_model                varchar(255),
    cpu_cores                integer,
    ram_gb                   integer,
    storage_type             varchar(255),
    storage_capacity_gb      integer,
    gpu_model                varchar(255),
    last_login               timestamptz,
    installed_software       jsonb DEFAULT '[]',
    agent_version            varchar(255),
    antivirus_status         varchar(50),
    antivirus_product        varchar(255),
    last_reboot_at           timestamptz,
    pending_patches          integer,
    failed_patches           integer,
    last_patch_scan_at       timestamptz,
    system_info              jsonb DEFAULT '{}',
    "current_user"           varchar(255),
    uptime_seconds           bigint,
    lan_ip                   varchar(45),
    wan_ip                   varchar(45),
    cpu_utilization_percent  numeric(5, 2),
    memory_usage_percent     numeric(5, 2),
    memory_used_gb           numeric(10, 2),
    disk_usage               jsonb DEFAULT '[]',
    pending_os_patches       integer,
    pending_software_patches integer,
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX workstation_assets_tenant_os_type_index ON workstation_assets (tenant, os_type);
CREATE INDEX workstation_assets_tenant_last_login_index ON workstation_assets (tenant, last_login);
CREATE INDEX idx_workstation_assets_current_user ON workstation_assets (tenant, "current_user");

CREATE TABLE server_assets (
    tenant                   uuid NOT NULL,
    asset_id                 uuid NOT NULL,
    os_type                  varchar(255),
    os_version               varchar(255),
    cpu_model                varchar(255),
    cpu_cores                integer,
    ram_gb                   integer,
    storage_config           jsonb DEFAULT '[]',
    raid_config              varchar(255),
    is_virtual               boolean DEFAULT false,
    hypervisor               varchar(255),
    network_interfaces       jsonb DEFAULT '[]',
    primary_ip               varchar(255),
    installed_services       jsonb DEFAULT '[]',
    agent_version            varchar(255),
    antivirus_status         varchar(50),
    antivirus_product        varchar(255),
    last_reboot_at           timestamptz,
    last_patch_scan_at       timestamptz,
    pending_patches          integer,
    failed_patches           integer,
    pending_os_patches       integer,
    pending_software_patches integer,
    system_info              jsonb DEFAULT '{}',
    disk_usage               jsonb DEFAULT '[]',
    cpu_usage_percent        numeric(5, 2),
    memory_usage_percent     numeric(5, 2),
    memory_used_gb           numeric(10, 2),
    "current_user"           varchar(255),
    uptime_seconds           bigint,
    lan_ip                   varchar(45),
    wan_ip                   varchar(45),
    installed_software       jsonb DEFAULT '[]',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX server_assets_tenant_os_type_index ON server_assets (tenant, os_type);
CREATE INDEX server_assets_tenant_is_virtual_index ON server_assets (tenant, is_virtual);
CREATE INDEX server_assets_tenant_primary_ip_index ON server_assets (tenant, primary_ip);
CREATE INDEX idx_server_assets_current_user ON server_assets (tenant, "current_user");

CREATE TABLE network_device_assets (
    tenant           uuid NOT NULL,
    asset_id         uuid NOT NULL,
    device_type      text NOT NULL CHECK (device_type IN ('switch', 'router', 'firewall', 'access_point', 'load_balancer')),
    management_ip    varchar(255),
    port_count       integer,
    firmware_version varchar(255),
    supports_poe     boolean DEFAULT false,
    power_draw_watts numeric(8, 2),
    vlan_config      jsonb DEFAULT '{}',
    port_config      jsonb DEFAULT '{}',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX network_device_assets_tenant_device_type_index ON network_device_assets (tenant, device_type);
CREATE INDEX network_device_assets_tenant_management_ip_index ON network_device_assets (tenant, management_ip);

CREATE TABLE mobile_device_assets (
    tenant        uuid NOT NULL,
    asset_id      uuid NOT NULL,
    os_type       varchar(255),
    os_version    varchar(255),
    model         varchar(255),
    imei          varchar(255),
    phone_number  varchar(255),
    carrier       varchar(255),
    last_check_in timestamptz,
    is_supervised boolean DEFAULT false,
    installed_apps jsonb DEFAULT '[]',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX mobile_device_assets_tenant_os_type_index ON mobile_device_assets (tenant, os_type);
CREATE INDEX mobile_device_assets_tenant_last_check_in_index ON mobile_device_assets (tenant, last_check_in);
CREATE INDEX mobile_device_assets_tenant_imei_index ON mobile_device_assets (tenant, imei);

CREATE TABLE printer_assets (
    tenant                uuid NOT NULL,
    asset_id              uuid NOT NULL,
    model                 varchar(255),
    ip_address            varchar(255),
    is_network_printer    boolean DEFAULT true,
    supports_color        boolean DEFAULT false,
    supports_duplex       boolean DEFAULT false,
    max_paper_size        integer,
    supported_paper_types jsonb DEFAULT '[]',
    monthly_duty_cycle    integer,
    supply_levels         jsonb DEFAULT '{}',
    PRIMARY KEY (tenant, asset_id),
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE CASCADE
);
CREATE INDEX printer_assets_tenant_ip_address_index ON printer_assets (tenant, ip_address);
CREATE INDEX printer_assets_tenant_is_network_printer_index ON printer_assets (tenant, is_network_printer);

CREATE TABLE rmm_alerts (
    tenant                  uuid NOT NULL,
    alert_id                uuid NOT NULL DEFAULT gen_random_uuid(),
    integration_id          uuid NOT NULL,
    external_alert_id       varchar(255) NOT NULL,
    external_device_id      varchar(255),
    asset_id                uuid,
    severity                varchar(20) NOT NULL CHECK (severity IN ('critical', 'major', 'moderate', 'minor', 'none')),
    priority                varchar(20),
    status                  varchar(20) NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'acknowledged', 'resolved', 'auto_resolved', 'suppressed')),
    source_type             varchar(50),
    alert_class             varchar(100),
    message                 text,
    device_name             text,
    ticket_id               uuid,
    triggered_at            timestamptz,
    resolved_at             timestamptz,
    metadata                jsonb DEFAULT '{}',
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    activity_type           varchar(100),
    acknowledged_at         timestamptz,
    acknowledged_by         uuid,
    dedup_key               varchar(255),
    occurrence_count        integer NOT NULL DEFAULT 1,
    last_occurrence_at      timestamptz,
    matched_rule_id         uuid,
    auto_ticket_created     boolean NOT NULL DEFAULT false,
    suppressed_by_window_id uuid,
    PRIMARY KEY (tenant, alert_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant, asset_id) REFERENCES assets (tenant, asset_id) ON DELETE SET NULL (asset_id)
);
CREATE UNIQUE INDEX idx_rmm_alerts_unique_external ON rmm_alerts (tenant, integration_id, external_alert_id);
CREATE INDEX idx_rmm_alerts_status ON rmm_alerts (tenant, status);
CREATE INDEX idx_rmm_alerts_severity ON rmm_alerts (tenant, severity);
CREATE INDEX idx_rmm_alerts_asset ON rmm_alerts (tenant, asset_id);
CREATE INDEX idx_rmm_alerts_triggered ON rmm_alerts (tenant, triggered_at);
CREATE INDEX idx_rmm_alerts_dedup ON rmm_alerts (tenant, integration_id, dedup_key);

-- One row per sync run. The partial unique index allows one running run per integration.
CREATE TABLE rmm_sync_runs (
    tenant          uuid NOT NULL,
    run_id          uuid NOT NULL,
    integration_id  uuid NOT NULL,
    mode            varchar(20) NOT NULL CHECK (mode IN ('full', 'incremental', 'device')),
    trigger_type    varchar(20) NOT NULL CHECK (trigger_type IN ('manual', 'scheduled', 'webhook', 'cli')),
    status          varchar(20) NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    scope_ids       jsonb DEFAULT '[]',
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    heartbeat_at    timestamptz,
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
    skipped_reasons jsonb DEFAULT '{}',
    warnings        jsonb DEFAULT '[]',
    error           text,
    PRIMARY KEY (tenant, run_id),
    FOREIGN KEY (tenant, integration_id) REFERENCES rmm_integrations (tenant, integration_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_rmm_sync_runs_one_running ON rmm_sync_runs (tenant, integration_id) WHERE status = 'running';
CREATE INDEX idx_rmm_sync_runs_integration_started ON rmm_sync_runs (tenant, integration_id, started_at DESC, run_id);
