package store

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Tenant is one MSP using rmmgraph; every other row belongs to one.
type Tenant struct {
	bun.BaseModel `bun:"table:tenants"`

	ID        uuid.UUID `bun:"tenant,pk"`
	Name      string    `bun:"client_name"`
	Email     *string   `bun:"email"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// Client is a PSA client (a customer of the MSP) that RMM scopes map to.
type Client struct {
	bun.BaseModel `bun:"table:clients"`

	TenantID   uuid.UUID `bun:"tenant,pk"`
	ID         uuid.UUID `bun:"client_id,pk"`
	Name       string    `bun:"client_name"`
	ClientType *string   `bun:"client_type"`
	URL        *string   `bun:"url"`
	IsInactive bool      `bun:"is_inactive"`
	CreatedAt  time.Time `bun:"created_at"`
	UpdatedAt  time.Time `bun:"updated_at"`
}

// Role is what an API key may do.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleViewer Role = "viewer"
)

// APIKey authenticates API calls for one tenant. Only a hash of the secret is kept.
type APIKey struct {
	bun.BaseModel `bun:"table:api_keys"`

	TenantID   uuid.UUID  `bun:"tenant,pk"`
	ID         uuid.UUID  `bun:"api_key_id,pk"`
	Name       string     `bun:"name"`
	Role       Role       `bun:"role"`
	KeyHash    []byte     `bun:"key_hash"`
	CreatedAt  time.Time  `bun:"created_at"`
	LastUsedAt *time.Time `bun:"last_used_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
}

// Integration is a tenant's connection to one RMM provider.
type Integration struct {
	bun.BaseModel `bun:"table:rmm_integrations"`

	TenantID              uuid.UUID      `bun:"tenant,pk"`
	ID                    uuid.UUID      `bun:"integration_id,pk"`
	Provider              string         `bun:"provider"`
	InstanceURL           *string        `bun:"instance_url"`
	IsActive              bool           `bun:"is_active"`
	ConnectedAt           *time.Time     `bun:"connected_at"`
	LastSyncAt            *time.Time     `bun:"last_sync_at"`
	LastFullSyncAt        *time.Time     `bun:"last_full_sync_at"`
	LastIncrementalSyncAt *time.Time     `bun:"last_incremental_sync_at"`
	SyncStatus            string         `bun:"sync_status"`
	SyncError             *string        `bun:"sync_error"`
	Settings              map[string]any `bun:"settings,type:jsonb"`
	CreatedAt             time.Time      `bun:"created_at"`
	UpdatedAt             time.Time      `bun:"updated_at"`
}

// IntegrationSecret is one sealed credential of an integration.
type IntegrationSecret struct {
	bun.BaseModel `bun:"table:rmm_integration_secrets"`

	TenantID      uuid.UUID `bun:"tenant,pk"`
	IntegrationID uuid.UUID `bun:"integration_id,pk"`
	Name          string    `bun:"name,pk"`
	Ciphertext    []byte    `bun:"ciphertext"`
	UpdatedAt     time.Time `bun:"updated_at"`
}

// OrgMapping maps one external scope (organization, client, computer group)
// to a PSA client.
type OrgMapping struct {
	bun.BaseModel `bun:"table:rmm_organization_mappings"`

	TenantID                 uuid.UUID      `bun:"tenant,pk"`
	ID                       uuid.UUID      `bun:"mapping_id,pk"`
	IntegrationID            uuid.UUID      `bun:"integration_id"`
	ExternalOrganizationID   string         `bun:"external_organization_id"`
	ExternalOrganizationName *string        `bun:"external_organization_name"`
	ClientID                 *uuid.UUID     `bun:"client_id"`
	AutoSyncAssets           bool           `bun:"auto_sync_assets"`
	AutoCreateTickets        bool           `bun:"auto_create_tickets"`
	Metadata                 map[string]any `bun:"metadata,type:jsonb"`
	LastSyncedAt             *time.Time     `bun:"last_synced_at"`
	CreatedAt                time.Time      `bun:"created_at"`
	UpdatedAt                time.Time      `bun:"updated_at"`
	DefaultContactID         *uuid.UUID     `bun:"default_contact_id"`
	// ScopeKind and ParentExternalID are the scope's normalized kind and
	// parent, apart from the provider's metadata.
	ScopeKind        *string `bun:"scope_kind"`
	ParentExternalID *string `bun:"parent_external_id"`
	// LastListedAt and LastFullListedAt are when the last run that listed
	// the scope completely started, in any mode and in full.
	LastListedAt     *time.Time `bun:"last_listed_at"`
	LastFullListedAt *time.Time `bun:"last_full_listed_at"`
	// ListedCount is how many devices its last complete listing returned.
	ListedCount *int `bun:"listed_count"`
	// RetireHold is set while the scope's listings trip the
	// mass-retirement guard.
	RetireHold *RetireHold `bun:"retire_hold,type:jsonb"`
}

// RetireHold is what a scope's listing would have retired when it tripped
// the mass-retirement guard, kept until an admin confirms the retirement
// or dismisses it, or a listing returns to normal.
type RetireHold struct {
	DetectedAt time.Time `json:"detectedAt"`
	RunID      uuid.UUID `json:"runId"`
	Had        int       `json:"had"`      // devices the scope had
	Returned   int       `json:"returned"` // of them, returned by the listing
	// Missing are the external ids of the devices that would retire.
	Missing   []string `json:"missing"`
	Dismissed bool     `json:"dismissed,omitempty"`
}

// EntityMapping links a PSA entity to its id in an external system; for RMM
// devices it is the identity of an asset.
type EntityMapping struct {
	bun.BaseModel `bun:"table:tenant_external_entity_mappings"`

	ID               uuid.UUID      `bun:"id,pk"`
	TenantID         uuid.UUID      `bun:"tenant,pk"`
	IntegrationType  string         `bun:"integration_type"`
	AlgaEntityType   string         `bun:"alga_entity_type"`
	AlgaEntityID     string         `bun:"alga_entity_id"`
	ExternalEntityID string         `bun:"external_entity_id"`
	ExternalRealmID  *string        `bun:"external_realm_id"`
	SyncStatus       string         `bun:"sync_status"`
	LastSyncedAt     *time.Time     `bun:"last_synced_at"`
	Metadata         map[string]any `bun:"metadata,type:jsonb"`
	CreatedAt        time.Time      `bun:"created_at"`
	UpdatedAt        time.Time      `bun:"updated_at"`
	// The sync pipeline's state of an asset mapping.
	AssetHash     string `bun:"asset_hash"`
	ExtensionHash string `bun:"extension_hash"`
	MissingCount  int    `bun:"missing_count"`
	// Identity: why the device is this asset (no rule: the asset was
	// created from it), the field groups it last supplied, and when it
	// last checked in with this provider, as last written.
	MatchRule     *string    `bun:"match_rule"`
	MatchEvidence []Evidence `bun:"match_evidence,type:jsonb"`
	FieldGroups   int        `bun:"field_groups"`
	LastSeenAt    *time.Time `bun:"last_seen_at"`
	// SourceFields are this source's values while several report the asset.
	SourceFields map[string]any `bun:"source_fields,type:jsonb"`
}

// Asset is a PSA asset.
type Asset struct {
	bun.BaseModel `bun:"table:assets"`

	TenantID          uuid.UUID      `bun:"tenant,pk"`
	ID                uuid.UUID      `bun:"asset_id,pk"`
	ClientID          uuid.UUID      `bun:"client_id"`
	AssetType         string         `bun:"asset_type"`
	AssetTag          string         `bun:"asset_tag"`
	SerialNumber      *string        `bun:"serial_number"`
	Name              string         `bun:"name"`
	Status            string         `bun:"status"`
	Location          *string        `bun:"location"`
	PurchaseDate      *time.Time     `bun:"purchase_date"`
	WarrantyEndDate   *time.Time     `bun:"warranty_end_date"`
	Attributes        map[string]any `bun:"attributes,type:jsonb"`
	CreatedAt         *time.Time     `bun:"created_at"`
	UpdatedAt         *time.Time     `bun:"updated_at"`
	RMMProvider       *string        `bun:"rmm_provider"`
	RMMDeviceID       *string        `bun:"rmm_device_id"`
	RMMOrganizationID *string        `bun:"rmm_organization_id"`
	AgentStatus       *string        `bun:"agent_status"`
	LastSeenAt        *time.Time     `bun:"last_seen_at"`
	LastRMMSyncAt     *time.Time     `bun:"last_rmm_sync_at"`
	NotesDocumentID   *uuid.UUID     `bun:"notes_document_id"`
	LocationID        *uuid.UUID     `bun:"location_id"`
	ServiceID         *uuid.UUID     `bun:"service_id"`
	StockUnitID       *uuid.UUID     `bun:"stock_unit_id"`
}

// SyncRun is one recorded run of an integration's sync.
type SyncRun struct {
	bun.BaseModel `bun:"table:rmm_sync_runs"`

	TenantID      uuid.UUID  `bun:"tenant,pk"`
	ID            uuid.UUID  `bun:"run_id,pk"`
	IntegrationID uuid.UUID  `bun:"integration_id"`
	Mode          string     `bun:"mode"`
	Trigger       string     `bun:"trigger_type"`
	Status        string     `bun:"status"`
	ScopeIDs      []string   `bun:"scope_ids,type:jsonb"`
	StartedAt     time.Time  `bun:"started_at"`
	FinishedAt    *time.Time `bun:"finished_at"`
	HeartbeatAt   *time.Time `bun:"heartbeat_at"`
	ScopesTotal   int        `bun:"scopes_total"`
	ScopesDone    int        `bun:"scopes_done"`
	DevicesSeen   int        `bun:"devices_seen"`
	Created       int        `bun:"created_count"`
	Updated       int        `bun:"updated_count"`
	Unchanged     int        `bun:"unchanged_count"`
	Skipped       int        `bun:"skipped_count"`
	Failed        int        `bun:"failed_count"`
	Retired       int        `bun:"retired_count"`
	Moved         int        `bun:"moved_count"`
	// Duplicates are reports of devices the run had already seen.
	Duplicates int `bun:"duplicate_count"`
	// Matched counts devices tied to an asset another provider reports;
	// Queued the doubtful matches recorded for review.
	Matched int `bun:"matched_count"`
	Queued  int `bun:"candidate_count"`
	// Conflicts counts devices reported by several scopes mapped to
	// different clients.
	Conflicts int `bun:"conflict_count"`
	// Correlation is the time the run spent matching devices across
	// providers (not stored; for metrics and benchmarks).
	Correlation time.Duration `bun:"-"`
	// CancelRequestedAt is when someone asked the run to stop.
	CancelRequestedAt *time.Time     `bun:"cancel_requested_at"`
	SkippedReasons    map[string]int `bun:"skipped_reasons,type:jsonb"`
	Warnings          []Warning      `bun:"warnings,type:jsonb"`
	Error             *string        `bun:"error"`
	// ErrorCode is a stable code beside Error.
	ErrorCode *string `bun:"error_code"`
}

// Warning is something a run noticed but went on from.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// UnmarshalJSON reads a warning, also one stored as bare text before
// warnings had codes.
func (w *Warning) UnmarshalJSON(b []byte) error {
	var text string
	if json.Unmarshal(b, &text) == nil {
		*w = Warning{Code: "WARNING", Message: text}
		return nil
	}
	type plain Warning
	return json.Unmarshal(b, (*plain)(w))
}
