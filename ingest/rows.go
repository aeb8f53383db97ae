package ingest

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
)

// normalize checks a device and fills what the contract guarantees:
// valid enums, a name, placeholder serials removed.
func normalize(d *Device) error {
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

// rowBuilder turns a device into table rows and fingerprints them.
type rowBuilder struct {
	provider string
	now      time.Time
}

// assetRow is the assets row of a device. Columns the provider did not
// supply are left out of the mask, so an update keeps their stored values.
func (b rowBuilder) assetRow(d *Device, client uuid.UUID) store.Row {
	r := store.AssetsTable.NewRow()
	r.Set(store.AssetClientID, client)
	r.Set(store.AssetType, string(d.AssetType))
	r.Set(store.AssetName, d.Name)
	r.Set(store.AssetStatus, "active")
	r.Set(store.AssetRMMProvider, b.provider)
	r.Set(store.AssetRMMDeviceID, d.ExternalID)
	r.Set(store.AssetRMMOrganizationID, d.ScopeID)
	r.Set(store.AssetAgentStatus, string(d.AgentStatus))
	setStr(&r, store.AssetSerial, d.SerialNumber)
	setStr(&r, store.AssetLocation, d.Location)
	setTime(&r, store.AssetLastSeenAt, d.LastSeenAt)
	return r
}

// stampAsset adds the bookkeeping columns that are not content.
func (b rowBuilder) stampAsset(r *store.Row, d *Device, create bool) {
	r.Set(store.AssetLastRMMSyncAt, b.now)
	r.Set(store.AssetUpdatedAt, b.now)
	if create {
		r.Set(store.AssetTag, b.provider+":"+d.ExternalID)
		r.Set(store.AssetCreatedAt, b.now)
	}
}

// extRow is the extension row of a device for its asset type; ok is false
// for types without an extension table.
func (b rowBuilder) extRow(d *Device) (*store.Table, store.Row, bool) {
	tbl := store.ExtensionTableFor(string(d.AssetType))
	if tbl == nil {
		return nil, store.Row{}, false
	}
	r := tbl.NewRow()
	e := &d.Extension
	switch tbl {
	case store.MobileTable:
		setStr(&r, store.MobileOSType, e.OSType)
		setStr(&r, store.MobileOSVersion, e.OSVersion)
		setStr(&r, store.MobileModel, e.Model)
		setTime(&r, store.MobileLastCheckIn, d.LastSeenAt)
		return tbl, r, true
	case store.PrinterTable:
		setStr(&r, store.PrinterModel, e.Model)
		setStr(&r, store.PrinterIPAddress, e.LanIP)
		return tbl, r, true
	}
	setStr(&r, store.ExtOSType, e.OSType)
	setStr(&r, store.ExtOSVersion, e.OSVersion)
	setStr(&r, store.ExtAgentVersion, e.AgentVersion)
	setStr(&r, store.ExtCurrentUser, e.CurrentUser)
	setNum(&r, store.ExtUptimeSeconds, e.UptimeSeconds)
	setStr(&r, store.ExtLanIP, e.LanIP)
	setStr(&r, store.ExtWanIP, e.WanIP)
	setStr(&r, store.ExtAntivirusStatus, e.AntivirusStatus)
	setStr(&r, store.ExtAntivirusProduct, e.AntivirusProduct)
	setTime(&r, store.ExtLastRebootAt, e.LastRebootAt)
	setNum(&r, store.ExtPendingPatches, e.PendingPatches)
	setNum(&r, store.ExtPendingOSPatches, e.PendingOSPatches)
	setNum(&r, store.ExtPendingSoftwarePatches, e.PendingSoftwarePatches)
	setNum(&r, store.ExtFailedPatches, e.FailedPatches)
	setTime(&r, store.ExtLastPatchScanAt, e.LastPatchScanAt)
	setStr(&r, store.ExtCPUModel, e.CPUModel)
	setNum(&r, store.ExtCPUCores, e.CPUCores)
	setNum(&r, store.ExtRAMGB, e.RAMGB)
	setJSON(&r, store.ExtDiskUsage, e.DiskUsage)
	setJSON(&r, store.ExtInstalledSoftware, e.InstalledSoftware)
	setJSON(&r, store.ExtSystemInfo, e.SystemInfo)
	if tbl == store.WorkstationTable {
		setStr(&r, store.ExtGPUModel, e.GPUModel)
		setNum(&r, store.ExtStorageCapacityGB, e.StorageCapacityGB)
		return tbl, r, true
	}
	if e.IsVirtual.Set {
		r.Set(store.ExtIsVirtual, e.IsVirtual.V)
	}
	setStr(&r, store.ExtHypervisor, e.Hypervisor)
	setStr(&r, store.ExtPrimaryIP, e.LanIP)
	if e.DiskUsage.Set {
		cfg := make([]storageConfig, len(e.DiskUsage.V))
		for i, du := range e.DiskUsage.V {
			cfg[i] = storageConfig{Name: du.Name, CapacityGB: du.TotalGB, FreeGB: du.FreeGB}
		}
		setJSON(&r, store.ExtStorageConfig, Some(cfg))
	}
	return tbl, r, true
}

type storageConfig struct {
	Name       string  `json:"name"`
	CapacityGB float64 `json:"capacity_gb"`
	FreeGB     float64 `json:"free_gb"`
}

// A supplied empty string clears the column; not-supplied leaves it alone.
func setStr(r *store.Row, col int, o Opt[string]) {
	if !o.Set {
		return
	}
	if v := strings.TrimSpace(o.V); v != "" {
		r.Set(col, v)
	} else {
		r.Set(col, nil)
	}
}

func setNum[T int | int64](r *store.Row, col int, o Opt[T]) {
	if o.Set {
		r.Set(col, o.V)
	}
}

func setTime(r *store.Row, col int, o Opt[time.Time]) {
	if !o.Set {
		return
	}
	if o.V.IsZero() {
		r.Set(col, nil)
		return
	}
	r.Set(col, o.V.UTC().Truncate(time.Microsecond))
}

func setJSON[T any](r *store.Row, col int, o Opt[T]) {
	if !o.Set {
		return
	}
	b, err := json.Marshal(o.V)
	if err != nil {
		return
	}
	r.Set(col, string(b))
}

// fingerprint hashes the written columns of a row, plus extra strings.
func fingerprint(r store.Row, skip uint64, extra ...string) string {
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], r.Mask&^skip)
	h.Write(buf[:])
	for i, v := range r.Vals {
		if r.Mask&(1<<uint(i)) == 0 || skip&(1<<uint(i)) != 0 {
			continue
		}
		hashValue(h, v)
	}
	for _, s := range extra {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashValue(h hash.Hash64, v any) {
	var buf [9]byte
	switch t := v.(type) {
	case nil:
		buf[0] = 0
		h.Write(buf[:1])
	case string:
		h.Write([]byte(t))
		h.Write([]byte{0})
	case uuid.UUID:
		h.Write(t[:])
	case bool:
		buf[0] = 2
		if t {
			buf[1] = 1
		}
		h.Write(buf[:2])
	case int:
		binary.LittleEndian.PutUint64(buf[1:], uint64(t))
		h.Write(buf[:])
	case int64:
		binary.LittleEndian.PutUint64(buf[1:], uint64(t))
		h.Write(buf[:])
	case float64:
		binary.LittleEndian.PutUint64(buf[1:], math.Float64bits(t))
		h.Write(buf[:])
	case time.Time:
		binary.LittleEndian.PutUint64(buf[1:], uint64(t.UnixMicro()))
		h.Write(buf[:])
	default:
		fmt.Fprint(h, t)
	}
}

// volatileAssetCols are left out of the asset fingerprint: bookkeeping
// written with every change, and the heartbeat columns, which change on
// most syncs and are compared with the stored values directly, so that a
// device that only checked in costs one narrow asset update.
const (
	heartbeatCols     = 1<<store.AssetLastSeenAt | 1<<store.AssetAgentStatus
	volatileAssetCols = 1<<store.AssetLastRMMSyncAt | 1<<store.AssetUpdatedAt | 1<<store.AssetTag | 1<<store.AssetCreatedAt | heartbeatCols
)

// heartbeatChanged reports whether the asset row's last seen or agent
// status differ from the stored ones.
func heartbeatChanged(r store.Row, k store.KnownDevice) bool {
	if r.Mask&(1<<store.AssetAgentStatus) != 0 {
		if k.AgentStatus == nil || *k.AgentStatus != r.Vals[store.AssetAgentStatus] {
			return true
		}
	}
	if r.Mask&(1<<store.AssetLastSeenAt) != 0 {
		v, _ := r.Vals[store.AssetLastSeenAt].(time.Time)
		if (k.LastSeenAt == nil) != v.IsZero() || (k.LastSeenAt != nil && k.LastSeenAt.UnixMicro() != v.UnixMicro()) {
			return true
		}
	}
	return false
}
