// Package rmm is the contract between RMM providers and the sync pipeline:
// the normalized Scope and Device a provider emits, the capability
// interfaces its sessions implement, the errors it explains itself with,
// and the cleaning of placeholder values. It imports nothing of rmmgraph,
// so providers, the pipeline and the store all build on it.
package rmm

import (
	"encoding/json"
	"fmt"
	"strings"
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
	// Identifiers are what the RMM knows the device by besides its id; they
	// are kept with the device's mapping and handed back to the provider
	// (AgedOutChecker) to find the device elsewhere.
	Identifiers Identifiers
	// Metadata is kept with the device's mapping, for PSA readers.
	Metadata map[string]any
	// SkipReason, when set, asks the pipeline not to write the device (it
	// awaits approval in the RMM, say): the run counts it under this
	// reason, an upper-case code such as PENDING_APPROVAL. A complete
	// listing still counts it as present.
	SkipReason string `json:",omitempty"`
}

// Identifiers are a device's secondary identifiers.
type Identifiers struct {
	// SourceID is the device's id in the RMM's secondary source (for
	// example an asset inventory that keeps devices the primary listing
	// has aged out).
	SourceID string `json:"sourceId,omitempty"`
	// HardwareUUID is the SMBIOS system UUID, placeholders removed.
	HardwareUUID string `json:"hardwareUuid,omitempty"`
	// MACs are the device's MAC addresses, cleaned.
	MACs []string `json:"macs,omitempty"`
	// Manufacturer is the system manufacturer, placeholders removed; with
	// the serial it identifies the hardware across RMMs.
	Manufacturer string `json:"manufacturer,omitempty"`
}

// IsZero reports whether no identifier is known.
func (i Identifiers) IsZero() bool {
	return i.SourceID == "" && i.HardwareUUID == "" && len(i.MACs) == 0 && i.Manufacturer == ""
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
	IMEI                   Opt[string] // mobile devices
	PhoneNumber            Opt[string] // mobile devices
	Carrier                Opt[string] // mobile devices
	StorageCapacityGB      Opt[int]
	DiskUsage              Opt[[]DiskUsage]
	InstalledSoftware      Opt[[]Software]
	IsVirtual              Opt[bool]
	Hypervisor             Opt[string]
	NetworkInterfaces      Opt[[]NetworkInterface]
	SystemInfo             Opt[map[string]any]
}

// Validate checks a device and fills what the contract guarantees: an id,
// valid enums, a name, placeholder serials removed. The pipeline calls it
// on every device a provider emits; providers need not clean serials.
func (d *Device) Validate() error {
	d.ExternalID = strings.TrimSpace(d.ExternalID)
	if d.ExternalID == "" {
		return fmt.Errorf("device without an external id (name %q)", d.Name)
	}
	if len(d.ExternalID) > 255 {
		return fmt.Errorf("device id longer than 255 characters: %.40s…", d.ExternalID)
	}
	switch d.AssetType {
	case AssetWorkstation, AssetServer, AssetNetworkDevice, AssetMobileDevice, AssetPrinter, AssetUnknown:
	default:
		d.AssetType = AssetUnknown
	}
	switch d.AgentStatus {
	case AgentOnline, AgentOffline, AgentOverdue, AgentUnknown:
	default:
		d.AgentStatus = AgentUnknown
	}
	switch d.Lifecycle {
	case LifecycleActive, LifecycleOffline, LifecycleDeleted:
	default:
		d.Lifecycle = LifecycleActive
	}
	if d.Name = strings.TrimSpace(d.Name); d.Name == "" {
		d.Name = "Device-" + d.ExternalID
	}
	if d.SerialNumber.Set {
		// A placeholder becomes not-supplied: it never overwrites a stored serial.
		d.SerialNumber = CleanSerial(d.SerialNumber.V)
	}
	return nil
}

// DiskUsage is one volume, as stored in disk_usage.
type DiskUsage struct {
	Name               string  `json:"name"`
	TotalGB            float64 `json:"total_gb"`
	FreeGB             float64 `json:"free_gb"`
	UtilizationPercent float64 `json:"utilization_percent"`
}

// NetworkInterface is one network adapter, as stored in
// server_assets.network_interfaces (and under system_info's
// "network_interfaces" key for workstations); empty fields are unknown.
type NetworkInterface struct {
	Name        string   `json:"name"`
	MACAddress  string   `json:"mac_address,omitempty"`
	IPAddresses []string `json:"ip_addresses,omitempty"`
	DNSServers  []string `json:"dns_servers,omitempty"`
	Type        string   `json:"type,omitempty"`
	SpeedMbps   int      `json:"speed_mbps,omitempty"`
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
