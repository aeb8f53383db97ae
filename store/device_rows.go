package store

// Table describes the columns the sync pipeline writes in one table. Rows
// carry values in Cols order; a Row's Mask says which of them to write.
type Table struct {
	Name string
	Cols []string
}

// Row is one row's values in its Table's column order. On insert every
// column is written (unset ones as NULL or their default); on update only
// the columns in Mask.
type Row struct {
	Mask uint64
	Vals []any
}

// NewRow makes an empty row of t.
func (t *Table) NewRow() Row { return Row{Vals: make([]any, len(t.Cols))} }

// Set stores v for column i and marks it written.
func (r *Row) Set(i int, v any) {
	r.Vals[i] = v
	r.Mask |= 1 << uint(i)
}

// The assets columns the pipeline writes (tenant and asset_id are the key).
const (
	AssetClientID = iota
	AssetType
	AssetTag
	AssetSerial
	AssetName
	AssetStatus
	AssetLocation
	AssetRMMProvider
	AssetRMMDeviceID
	AssetRMMOrganizationID
	AssetAgentStatus
	AssetLastSeenAt
	AssetLastRMMSyncAt
	AssetCreatedAt
	AssetUpdatedAt
)

// AssetsTable is the assets table.
var AssetsTable = &Table{Name: "assets", Cols: []string{
	"client_id", "asset_type", "asset_tag", "serial_number", "name", "status", "location",
	"rmm_provider", "rmm_device_id", "rmm_organization_id", "agent_status", "last_seen_at",
	"last_rmm_sync_at", "created_at", "updated_at",
}}

// Extension columns shared by the workstation and server tables, plus the
// ones only one of them has.
const (
	ExtOSType = iota
	ExtOSVersion
	ExtAgentVersion
	ExtCurrentUser
	ExtUptimeSeconds
	ExtLanIP
	ExtWanIP
	ExtAntivirusStatus
	ExtAntivirusProduct
	ExtLastRebootAt
	ExtPendingPatches
	ExtPendingOSPatches
	ExtPendingSoftwarePatches
	ExtFailedPatches
	ExtLastPatchScanAt
	ExtCPUModel
	ExtCPUCores
	ExtRAMGB
	ExtDiskUsage
	ExtInstalledSoftware
	ExtSystemInfo
	// Workstation only.
	ExtGPUModel
	ExtStorageCapacityGB
	// Server only (same positions, other table).
	ExtIsVirtual     = ExtGPUModel
	ExtHypervisor    = ExtStorageCapacityGB
	ExtPrimaryIP     = ExtStorageCapacityGB + 1
	ExtStorageConfig = ExtStorageCapacityGB + 2
)

var extShared = []string{
	"os_type", "os_version", "agent_version", "current_user", "uptime_seconds", "lan_ip", "wan_ip",
	"antivirus_status", "antivirus_product", "last_reboot_at", "pending_patches", "pending_os_patches",
	"pending_software_patches", "failed_patches", "last_patch_scan_at", "cpu_model", "cpu_cores", "ram_gb",
	"disk_usage", "installed_software", "system_info",
}

// WorkstationTable and ServerTable are the extension tables with RMM columns.
var (
	WorkstationTable = &Table{Name: "workstation_assets", Cols: append(append([]string{}, extShared...), "gpu_model", "storage_capacity_gb")}
	ServerTable      = &Table{Name: "server_assets", Cols: append(append([]string{}, extShared...), "is_virtual", "hypervisor", "primary_ip", "storage_config")}
)

// The mobile_device_assets columns the pipeline writes.
const (
	MobileOSType = iota
	MobileOSVersion
	MobileModel
	MobileLastCheckIn
)

// MobileTable is the mobile device extension table.
var MobileTable = &Table{Name: "mobile_device_assets", Cols: []string{"os_type", "os_version", "model", "last_check_in"}}

// The printer_assets columns the pipeline writes.
const (
	PrinterModel = iota
	PrinterIPAddress
)

// PrinterTable is the printer extension table.
var PrinterTable = &Table{Name: "printer_assets", Cols: []string{"model", "ip_address"}}

// ExtensionTables lists every extension table the pipeline may write.
var ExtensionTables = []*Table{WorkstationTable, ServerTable, MobileTable, PrinterTable}

// ExtensionTableFor returns the extension table of an asset type, or nil.
func ExtensionTableFor(assetType string) *Table {
	switch assetType {
	case "workstation":
		return WorkstationTable
	case "server":
		return ServerTable
	case "mobile_device":
		return MobileTable
	case "printer":
		return PrinterTable
	}
	return nil
}
