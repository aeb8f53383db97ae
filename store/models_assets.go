package store

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// WorkstationAsset is the workstation extension row of an asset.
type WorkstationAsset struct {
	bun.BaseModel `bun:"table:workstation_assets"`

	TenantID               uuid.UUID       `bun:"tenant,pk"`
	AssetID                uuid.UUID       `bun:"asset_id,pk"`
	OSType                 *string         `bun:"os_type"`
	OSVersion              *string         `bun:"os_version"`
	CPUModel               *string         `bun:"cpu_model"`
	CPUCores               *int            `bun:"cpu_cores"`
	RAMGB                  *int            `bun:"ram_gb"`
	StorageType            *string         `bun:"storage_type"`
	StorageCapacityGB      *int            `bun:"storage_capacity_gb"`
	GPUModel               *string         `bun:"gpu_model"`
	LastLogin              *time.Time      `bun:"last_login"`
	InstalledSoftware      json.RawMessage `bun:"installed_software,type:jsonb"`
	AgentVersion           *string         `bun:"agent_version"`
	AntivirusStatus        *string         `bun:"antivirus_status"`
	AntivirusProduct       *string         `bun:"antivirus_product"`
	LastRebootAt           *time.Time      `bun:"last_reboot_at"`
	PendingPatches         *int            `bun:"pending_patches"`
	FailedPatches          *int            `bun:"failed_patches"`
	LastPatchScanAt        *time.Time      `bun:"last_patch_scan_at"`
	SystemInfo             json.RawMessage `bun:"system_info,type:jsonb"`
	CurrentUser            *string         `bun:"current_user"`
	UptimeSeconds          *int64          `bun:"uptime_seconds"`
	LanIP                  *string         `bun:"lan_ip"`
	WanIP                  *string         `bun:"wan_ip"`
	CPUUtilizationPercent  *float64        `bun:"cpu_utilization_percent"`
	MemoryUsagePercent     *float64        `bun:"memory_usage_percent"`
	MemoryUsedGB           *float64        `bun:"memory_used_gb"`
	DiskUsage              json.RawMessage `bun:"disk_usage,type:jsonb"`
	PendingOSPatches       *int            `bun:"pending_os_patches"`
	PendingSoftwarePatches *int            `bun:"pending_software_patches"`
}

// ServerAsset is the server extension row of an asset.
type ServerAsset struct {
	bun.BaseModel `bun:"table:server_assets"`

	TenantID               uuid.UUID       `bun:"tenant,pk"`
	AssetID                uuid.UUID       `bun:"asset_id,pk"`
	OSType                 *string         `bun:"os_type"`
	OSVersion              *string         `bun:"os_version"`
	CPUModel               *string         `bun:"cpu_model"`
	CPUCores               *int            `bun:"cpu_cores"`
	RAMGB                  *int            `bun:"ram_gb"`
	StorageConfig          json.RawMessage `bun:"storage_config,type:jsonb"`
	RaidConfig             *string         `bun:"raid_config"`
	IsVirtual              *bool           `bun:"is_virtual"`
	Hypervisor             *string         `bun:"hypervisor"`
	NetworkInterfaces      json.RawMessage `bun:"network_interfaces,type:jsonb"`
	PrimaryIP              *string         `bun:"primary_ip"`
	InstalledServices      json.RawMessage `bun:"installed_services,type:jsonb"`
	AgentVersion           *string         `bun:"agent_version"`
	AntivirusStatus        *string         `bun:"antivirus_status"`
	AntivirusProduct       *string         `bun:"antivirus_product"`
	LastRebootAt           *time.Time      `bun:"last_reboot_at"`
	LastPatchScanAt        *time.Time      `bun:"last_patch_scan_at"`
	PendingPatches         *int            `bun:"pending_patches"`
	FailedPatches          *int            `bun:"failed_patches"`
	PendingOSPatches       *int            `bun:"pending_os_patches"`
	PendingSoftwarePatches *int            `bun:"pending_software_patches"`
	SystemInfo             json.RawMessage `bun:"system_info,type:jsonb"`
	DiskUsage              json.RawMessage `bun:"disk_usage,type:jsonb"`
	CPUUsagePercent        *float64        `bun:"cpu_usage_percent"`
	MemoryUsagePercent     *float64        `bun:"memory_usage_percent"`
	MemoryUsedGB           *float64        `bun:"memory_used_gb"`
	CurrentUser            *string         `bun:"current_user"`
	UptimeSeconds          *int64          `bun:"uptime_seconds"`
	LanIP                  *string         `bun:"lan_ip"`
	WanIP                  *string         `bun:"wan_ip"`
	InstalledSoftware      json.RawMessage `bun:"installed_software,type:jsonb"`
}

// NetworkDeviceAsset is the network device extension row of an asset.
type NetworkDeviceAsset struct {
	bun.BaseModel `bun:"table:network_device_assets"`

	TenantID        uuid.UUID       `bun:"tenant,pk"`
	AssetID         uuid.UUID       `bun:"asset_id,pk"`
	DeviceType      string          `bun:"device_type"`
	ManagementIP    *string         `bun:"management_ip"`
	PortCount       *int            `bun:"port_count"`
	FirmwareVersion *string         `bun:"firmware_version"`
	SupportsPoE     *bool           `bun:"supports_poe"`
	PowerDrawWatts  *float64        `bun:"power_draw_watts"`
	VLANConfig      json.RawMessage `bun:"vlan_config,type:jsonb"`
	PortConfig      json.RawMessage `bun:"port_config,type:jsonb"`
}

// MobileDeviceAsset is the mobile device extension row of an asset.
type MobileDeviceAsset struct {
	bun.BaseModel `bun:"table:mobile_device_assets"`

	TenantID      uuid.UUID       `bun:"tenant,pk"`
	AssetID       uuid.UUID       `bun:"asset_id,pk"`
	OSType        *string         `bun:"os_type"`
	OSVersion     *string         `bun:"os_version"`
	Model         *string         `bun:"model"`
	IMEI          *string         `bun:"imei"`
	PhoneNumber   *string         `bun:"phone_number"`
	Carrier       *string         `bun:"carrier"`
	LastCheckIn   *time.Time      `bun:"last_check_in"`
	IsSupervised  *bool           `bun:"is_supervised"`
	InstalledApps json.RawMessage `bun:"installed_apps,type:jsonb"`
}

// PrinterAsset is the printer extension row of an asset.
type PrinterAsset struct {
	bun.BaseModel `bun:"table:printer_assets"`

	TenantID            uuid.UUID       `bun:"tenant,pk"`
	AssetID             uuid.UUID       `bun:"asset_id,pk"`
	Model               *string         `bun:"model"`
	IPAddress           *string         `bun:"ip_address"`
	IsNetworkPrinter    *bool           `bun:"is_network_printer"`
	SupportsColor       *bool           `bun:"supports_color"`
	SupportsDuplex      *bool           `bun:"supports_duplex"`
	MaxPaperSize        *int            `bun:"max_paper_size"`
	SupportedPaperTypes json.RawMessage `bun:"supported_paper_types,type:jsonb"`
	MonthlyDutyCycle    *int            `bun:"monthly_duty_cycle"`
	SupplyLevels        json.RawMessage `bun:"supply_levels,type:jsonb"`
}
