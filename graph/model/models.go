package model

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Counter computes a connection's totalCount only when it is asked for.
type Counter func(ctx context.Context) (int, error)

func (c Counter) count(ctx context.Context) (int, error) {
	if c == nil {
		return 0, nil
	}
	return c(ctx)
}

// AlertConnection is a page of alerts.
type AlertConnection struct {
	Edges    []*AlertEdge
	Nodes    []*Alert
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every matching alert.
func (c *AlertConnection) TotalCount(ctx context.Context) (int, error) { return c.Count.count(ctx) }

// ClientConnection is a page of clients.
type ClientConnection struct {
	Edges    []*ClientEdge
	Nodes    []*Client
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every matching client.
func (c *ClientConnection) TotalCount(ctx context.Context) (int, error) { return c.Count.count(ctx) }

// ScopeMappingConnection is a page of scope mappings.
type ScopeMappingConnection struct {
	Edges    []*ScopeMappingEdge
	Nodes    []*ScopeMapping
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every matching scope mapping.
func (c *ScopeMappingConnection) TotalCount(ctx context.Context) (int, error) {
	return c.Count.count(ctx)
}

// SyncRunConnection is a page of sync runs.
type SyncRunConnection struct {
	Edges    []*SyncRunEdge
	Nodes    []*SyncRun
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every run.
func (c *SyncRunConnection) TotalCount(ctx context.Context) (int, error) { return c.Count.count(ctx) }

// AssetConnection is a page of assets.
type AssetConnection struct {
	Edges    []*AssetEdge
	Nodes    []*Asset
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every matching asset.
func (c *AssetConnection) TotalCount(ctx context.Context) (int, error) { return c.Count.count(ctx) }

// Integration is a tenant's connection to one RMM.
type Integration struct {
	ID                    string
	InstanceURL           *string
	IsActive              bool
	ConnectedAt           *time.Time
	Status                SyncStatus
	SyncError             *string
	LastSyncAt            *time.Time
	LastFullSyncAt        *time.Time
	LastIncrementalSyncAt *time.Time

	ProviderID string
	Key        uuid.UUID
	Settings   map[string]any
}

func (Integration) IsNode() {}

// ScopeMapping maps an RMM scope to a client.
type ScopeMapping struct {
	ID               string
	ExternalID       string
	ExternalName     *string
	Kind             ScopeKind
	ParentExternalID *string
	AutoSyncAssets   bool
	LastSyncedAt     *time.Time

	ProviderID string
	ClientKey  *uuid.UUID
	Hold       *RetirementHold
}

func (ScopeMapping) IsNode() {}

// SyncRun is one sync of one integration.
type SyncRun struct {
	ID             string
	Mode           SyncMode
	Trigger        SyncTrigger
	Status         SyncRunStatus
	StartedAt      time.Time
	FinishedAt     *time.Time
	DurationMs     *int
	ScopeIds       []string
	Counts         *SyncCounts
	Skipped        []*SkipReasonCount
	Warnings       []string
	WarningDetails []*SyncWarning
	Error          *string
	ErrorCode      *string
	Progress       *SyncProgress

	IntegrationKey uuid.UUID
}

func (SyncRun) IsNode() {}

// Asset is a PSA asset.
type Asset struct {
	ID           string
	Name         string
	AssetType    AssetType
	AssetTag     string
	SerialNumber *string
	Status       string
	Location     *string
	Rmm          *AssetRmm
	CreatedAt    *time.Time
	UpdatedAt    *time.Time
	// Set by the resolver that reads the asset, for the fields the query
	// selects (graph.attachAssets).
	Client           *Client
	Workstation      *WorkstationDetails
	Server           *ServerDetails
	ExternalMappings []*ExternalMapping

	Key       uuid.UUID
	ClientKey uuid.UUID
	// MergedKey is the asset a confirmed match merged this one into.
	MergedKey *uuid.UUID
}

func (Asset) IsNode() {}

// Provider is an RMM that rmmgraph can connect to.
type Provider struct {
	ID           string
	DisplayName  string
	Description  string
	Capabilities *ProviderCapabilities
	ConfigFields []*ConfigField
	SyncModes    []SyncMode
	Actions      []ProviderAction
}

// Alert is an RMM alert.
type Alert struct {
	ID               string
	ExternalID       string
	ExternalDeviceID *string
	DeviceName       *string
	Status           AlertStatus
	Severity         AlertSeverity
	Priority         *string
	AlertClass       *string
	SourceType       *string
	Message          *string
	DedupKey         *string
	TriggeredAt      *time.Time
	LastOccurrenceAt *time.Time
	OccurrenceCount  int
	AcknowledgedAt   *time.Time
	ResolvedAt       *time.Time
	UpdatedAt        time.Time

	IntegrationKey uuid.UUID
	AssetKey       *uuid.UUID
	// Read with the page the alert came in, so a page costs one query per
	// nested field, not one per alert.
	AssetRow       *Asset
	IntegrationRow *Integration
}

func (Alert) IsNode() {}

// IdentityCandidate is a doubtful match awaiting review; its assets are
// resolved from the keys.
type IdentityCandidate struct {
	ID         string
	Provider   string
	ExternalID string
	Rule       IdentityRule
	Reason     string
	Evidence   []*IdentityEvidence
	Status     CandidateStatus
	CreatedAt  time.Time
	ResolvedAt *time.Time

	Key      uuid.UUID
	AssetKey uuid.UUID
	MatchKey uuid.UUID
}

func (IdentityCandidate) IsNode() {}

// IdentityCandidateConnection is a page of the review queue.
type IdentityCandidateConnection struct {
	Edges    []*IdentityCandidateEdge
	Nodes    []*IdentityCandidate
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every matching candidate.
func (c *IdentityCandidateConnection) TotalCount(ctx context.Context) (int, error) {
	return c.Count.count(ctx)
}

// ScopeConflictConnection is a page of an integration's scope conflicts.
type ScopeConflictConnection struct {
	Edges    []*ScopeConflictEdge
	Nodes    []*ScopeConflict
	PageInfo *PageInfo
	Count    Counter
}

// TotalCount counts every conflict of the integration.
func (c *ScopeConflictConnection) TotalCount(ctx context.Context) (int, error) {
	return c.Count.count(ctx)
}

// ScopeConflict is a device that scopes of different clients report; its
// scopes and run are resolved from the keys.
type ScopeConflict struct {
	ExternalID string
	Name       string
	DetectedAt time.Time
	Scopes     []*ScopeMapping

	RunKey uuid.UUID
}

// RetirementHold is a scope's held retirement.
type RetirementHold struct {
	DetectedAt  time.Time
	Had         int
	Returned    int
	WouldRetire int
	Dismissed   bool

	Missing    []string
	RunKey     uuid.UUID
	ProviderID string
	Realm      string
}
