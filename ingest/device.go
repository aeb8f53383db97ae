// Package ingest turns what RMM providers report into PSA assets: the
// normalized Scope and Device contracts providers emit, and the one pipeline
// that correlates and writes them.
package ingest

import (
	"encoding/json"
	"time"
)

// Opt is an optional value that tells "not supplied" (Set false) from a
// supplied value, which may be the zero value. A field a provider did not
// supply never overwrites a stored one.
type Opt[T any] struct {
	V   T
	Set bool
}

// Some is a supplied value.
func Some[T any](v T) Opt[T] { return Opt[T]{V: v, Set: true} }

// ScopeKind classifies a scope.
type ScopeKind string

const (
	ScopeOrganization ScopeKind = "organization"
	ScopeSite         ScopeKind = "site"
	ScopeGroup        ScopeKind = "group"
	ScopeCustom       ScopeKind = "custom"
)

// Scope is a unit of an RMM that maps to one PSA client: a NinjaOne
// organization, a Tactical RMM client, a Tanium computer group.
type Scope struct {
	ExternalID       string
	Name             string
	Kind             ScopeKind
	ParentExternalID string
	Metadata         map[string]any
}

// Lifecycle is a device's state in the RMM.
type Lifecycle string

const (
	LifecycleActive  Lifecycle = "active"
	LifecycleOffline Lifecycle = "offline"
	LifecycleDeleted Lifecycle = "deleted"
)

// AssetType is the PSA asset type slug.
type AssetType string

const (
	AssetWorkstation   AssetType = "workstation"
	AssetServer        AssetType = "server"
	AssetNetworkDevice AssetType = "network_device"
	AssetMobileDevice  AssetType = "mobile_device"
	AssetPrinter       AssetType = "printer"
	AssetUnknown       AssetType = "unknown"
)

// AgentStatus is the RMM agent's connectivity, independent of lifecycle.
type AgentStatus string

const (
	AgentOnline  AgentStatus = "online"
	AgentOffline AgentStatus = "offline"
	AgentOverdue AgentStatus = "overdue"
	AgentUnknown AgentStatus = "unknown"
)

// Device is one device as an RMM reports it, normalized.
type Device struct {
	ExternalID   string
	ScopeID      string
	Lifecycle    Lifecycle
	AssetType    AssetType
	Name         string
	SerialNumber Opt[string]
	Location     Opt[string]
	AgentStatus  AgentStatus
	LastSeenAt   Opt[time.Time]
	Extension    Extension
	Metadata     map[string]any
}

// Extension holds the workstation and server columns; each is optional.
type Extension struct {
	OSType                 Opt[string]
	OSVersion              Opt[string]
	AgentVersion           Opt[string]
	CurrentUser            Opt[string]
	UptimeSeconds          Opt[int64]
	LanIP                  Opt[string]
	WanIP                  Opt[string]
	AntivirusStatus        Opt[string]
	AntivirusProduct       Opt[string]
	LastRebootAt           Opt[time.Time]
	PendingPatches         Opt[int]
	PendingOSPatches       Opt[int]
	PendingSoftwarePatches Opt[int]
	FailedPatches          Opt[int]
	LastPatchScanAt        Opt[time.Time]
	CPUModel               Opt[string]
	CPUCores               Opt[int]
	RAMGB                  Opt[int]
	GPUModel               Opt[string]
	Model                  Opt[string] // hardware model, for mobile devices and printers
	StorageCapacityGB      Opt[int]
	DiskUsage              Opt[[]DiskUsage]
	InstalledSoftware      Opt[[]Software]
	IsVirtual              Opt[bool]
	Hypervisor             Opt[string]
	SystemInfo             Opt[map[string]any]
}

// DiskUsage is one volume, as stored in disk_usage.
type DiskUsage struct {
	Name               string  `json:"name"`
	TotalGB            float64 `json:"total_gb"`
	FreeGB             float64 `json:"free_gb"`
	UtilizationPercent float64 `json:"utilization_percent"`
}

// Software is one installed application.
type Software struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Publisher string `json:"publisher,omitempty"`
}

// MarshalJSON writes the value, or null when it was not supplied (for
// golden files and logs).
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if !o.Set {
		return []byte("null"), nil
	}
	return json.Marshal(o.V)
}
