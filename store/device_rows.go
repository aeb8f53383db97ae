package store

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"hash/fnv"
	"maps"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// The write schema of the sync pipeline: for each table it writes, the
// columns and how each is read off a normalized device. This is the one
// place that knows which device field lands in which column; a test checks
// it against the migrated schema of both dialects.

// source is what a device's rows are built from.
type source struct {
	d        *rmm.Device
	provider string
	client   uuid.UUID
}

// column is one written column. set writes the column's value into the row
// at index i, or leaves it unset when the device did not supply it, so an
// update keeps the stored value.
type column struct {
	name string
	set  func(r *row, i int, s *source)
}

// table is a table the pipeline writes, keyed (tenant, asset_id).
type table struct {
	name string
	cols []column
}

func (t *table) colNames() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.name
	}
	return out
}

// mask returns the bits of the named columns.
func (t *table) mask(names ...string) uint64 {
	var m uint64
	for _, n := range names {
		found := false
		for i, c := range t.cols {
			if c.name == n {
				m |= 1 << uint(i)
				found = true
			}
		}
		if !found {
			panic("store: " + t.name + " has no column " + n)
		}
	}
	return m
}

// build reads a device into a row of t.
func (t *table) build(s *source) row {
	r := row{vals: make([]any, len(t.cols))}
	for i, c := range t.cols {
		if c.set != nil {
			c.set(&r, i, s)
		}
	}
	return r
}

// row is one row's values in its table's column order; mask says which of
// them are written on update (on insert every column is written, unset
// ones as NULL or their default).
type row struct {
	mask uint64
	vals []any
}

func (r *row) put(i int, v any) {
	r.vals[i] = v
	r.mask |= 1 << uint(i)
}

// Column constructors by value kind. A supplied empty string or zero time
// clears the column; not-supplied leaves it alone.

func fixed(name string, f func(s *source) any) column {
	return column{name, func(r *row, i int, s *source) { r.put(i, f(s)) }}
}

// stamp is a bookkeeping column written at write time, not from the device.
func stamp(name string) column { return column{name: name} }

func str(name string, f func(d *rmm.Device) rmm.Opt[string]) column {
	return column{name, func(r *row, i int, s *source) {
		o := f(s.d)
		if !o.Set {
			return
		}
		if v := strings.TrimSpace(o.V); v != "" {
			r.put(i, v)
		} else {
			r.put(i, nil)
		}
	}}
}

func num[T int | int64 | bool](name string, f func(d *rmm.Device) rmm.Opt[T]) column {
	return column{name, func(r *row, i int, s *source) {
		if o := f(s.d); o.Set {
			r.put(i, o.V)
		}
	}}
}

func timestamp(name string, f func(d *rmm.Device) rmm.Opt[time.Time]) column {
	return column{name, func(r *row, i int, s *source) {
		o := f(s.d)
		switch {
		case !o.Set:
		case o.V.IsZero():
			r.put(i, nil)
		default:
			r.put(i, o.V.UTC().Truncate(time.Microsecond))
		}
	}}
}

func jsonb[T any](name string, f func(d *rmm.Device) rmm.Opt[T]) column {
	return column{name, func(r *row, i int, s *source) {
		o := f(s.d)
		if !o.Set {
			return
		}
		if b, err := json.Marshal(o.V); err == nil {
			r.put(i, string(b))
		}
	}}
}

func ext[T any](f func(e *rmm.Extension) T) func(d *rmm.Device) T {
	return func(d *rmm.Device) T { return f(&d.Extension) }
}

var assetsTable = &table{name: "assets", cols: []column{
	fixed("client_id", func(s *source) any { return s.client }),
	fixed("asset_type", func(s *source) any { return string(s.d.AssetType) }),
	stamp("asset_tag"),
	str("serial_number", func(d *rmm.Device) rmm.Opt[string] { return d.SerialNumber }),
	fixed("name", func(s *source) any { return s.d.Name }),
	fixed("status", func(*source) any { return "active" }),
	str("location", func(d *rmm.Device) rmm.Opt[string] { return d.Location }),
	fixed("rmm_provider", func(s *source) any { return s.provider }),
	fixed("rmm_device_id", func(s *source) any { return s.d.ExternalID }),
	fixed("rmm_organization_id", func(s *source) any { return s.d.ScopeID }),
	fixed("agent_status", func(s *source) any { return string(s.d.AgentStatus) }),
	timestamp("last_seen_at", func(d *rmm.Device) rmm.Opt[time.Time] { return d.LastSeenAt }),
	stamp("last_rmm_sync_at"),
	stamp("created_at"),
	stamp("updated_at"),
}}

// The asset columns that are bookkeeping (written at write time), and the
// heartbeat columns, which change on most syncs and are compared with the
// stored values directly, so that a device that only checked in costs one
// narrow asset update. Neither is part of the content fingerprint.
var (
	assetStamps     = assetsTable.mask("asset_tag", "last_rmm_sync_at", "created_at", "updated_at")
	assetHeartbeat  = assetsTable.mask("last_seen_at", "agent_status")
	assetAgentCol   = assetsTable.mask("agent_status")
	assetSeenCol    = assetsTable.mask("last_seen_at")
	assetAgentIdx   = indexOf(assetAgentCol)
	assetSeenIdx    = indexOf(assetSeenCol)
	assetCreateOnly = assetsTable.mask("asset_tag", "created_at")
)

// extShared are the RMM columns workstation_assets and server_assets share.
var extShared = []column{
	str("os_type", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.OSType })),
	str("os_version", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.OSVersion })),
	str("agent_version", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.AgentVersion })),
	str("current_user", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.CurrentUser })),
	num("uptime_seconds", ext(func(e *rmm.Extension) rmm.Opt[int64] { return e.UptimeSeconds })),
	str("lan_ip", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.LanIP })),
	str("wan_ip", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.WanIP })),
	str("antivirus_status", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.AntivirusStatus })),
	str("antivirus_product", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.AntivirusProduct })),
	timestamp("last_reboot_at", ext(func(e *rmm.Extension) rmm.Opt[time.Time] { return e.LastRebootAt })),
	num("pending_patches", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.PendingPatches })),
	num("pending_os_patches", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.PendingOSPatches })),
	num("pending_software_patches", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.PendingSoftwarePatches })),
	num("failed_patches", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.FailedPatches })),
	timestamp("last_patch_scan_at", ext(func(e *rmm.Extension) rmm.Opt[time.Time] { return e.LastPatchScanAt })),
	str("cpu_model", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.CPUModel })),
	num("cpu_cores", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.CPUCores })),
	num("ram_gb", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.RAMGB })),
	jsonb("disk_usage", ext(func(e *rmm.Extension) rmm.Opt[[]rmm.DiskUsage] { return e.DiskUsage })),
	jsonb("installed_software", ext(func(e *rmm.Extension) rmm.Opt[[]rmm.Software] { return e.InstalledSoftware })),
}

// workstationInfo is a workstation's system_info: workstation_assets has
// no is_virtual or network_interfaces columns, so the provider's extras
// carry them under those keys. Without extras nothing is supplied, so a
// stored system_info is never replaced by those keys alone.
func workstationInfo(e *rmm.Extension) rmm.Opt[map[string]any] {
	if !e.SystemInfo.Set || (!e.IsVirtual.Set && !e.NetworkInterfaces.Set) {
		return e.SystemInfo
	}
	info := maps.Clone(e.SystemInfo.V)
	if info == nil {
		info = map[string]any{}
	}
	if e.IsVirtual.Set {
		info["is_virtual"] = e.IsVirtual.V
	}
	if e.NetworkInterfaces.Set {
		info["network_interfaces"] = e.NetworkInterfaces.V
	}
	return rmm.Some(info)
}

// storageConfig is one volume as server_assets.storage_config keeps it.
type storageConfig struct {
	Name       string  `json:"name"`
	CapacityGB float64 `json:"capacity_gb"`
	FreeGB     float64 `json:"free_gb"`
}

var (
	workstationTable = &table{name: "workstation_assets", cols: append(append([]column{}, extShared...),
		jsonb("system_info", ext(workstationInfo)),
		str("gpu_model", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.GPUModel })),
		num("storage_capacity_gb", ext(func(e *rmm.Extension) rmm.Opt[int] { return e.StorageCapacityGB })),
	)}
	serverTable = &table{name: "server_assets", cols: append(append([]column{}, extShared...),
		jsonb("system_info", ext(func(e *rmm.Extension) rmm.Opt[map[string]any] { return e.SystemInfo })),
		jsonb("network_interfaces", ext(func(e *rmm.Extension) rmm.Opt[[]rmm.NetworkInterface] { return e.NetworkInterfaces })),
		num("is_virtual", ext(func(e *rmm.Extension) rmm.Opt[bool] { return e.IsVirtual })),
		str("hypervisor", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.Hypervisor })),
		str("primary_ip", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.LanIP })),
		jsonb("storage_config", ext(func(e *rmm.Extension) rmm.Opt[[]storageConfig] {
			if !e.DiskUsage.Set {
				return rmm.Opt[[]storageConfig]{}
			}
			cfg := make([]storageConfig, len(e.DiskUsage.V))
			for i, du := range e.DiskUsage.V {
				cfg[i] = storageConfig{Name: du.Name, CapacityGB: du.TotalGB, FreeGB: du.FreeGB}
			}
			return rmm.Some(cfg)
		})),
	)}
	mobileTable = &table{name: "mobile_device_assets", cols: []column{
		str("os_type", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.OSType })),
		str("os_version", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.OSVersion })),
		str("model", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.Model })),
		str("imei", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.IMEI })),
		str("phone_number", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.PhoneNumber })),
		str("carrier", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.Carrier })),
		timestamp("last_check_in", func(d *rmm.Device) rmm.Opt[time.Time] { return d.LastSeenAt }),
	}}
	printerTable = &table{name: "printer_assets", cols: []column{
		str("model", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.Model })),
		str("ip_address", ext(func(e *rmm.Extension) rmm.Opt[string] { return e.LanIP })),
	}}
)

// extensionTables maps each asset type that has an extension table to it.
var extensionTables = map[rmm.AssetType]*table{
	rmm.AssetWorkstation:  workstationTable,
	rmm.AssetServer:       serverTable,
	rmm.AssetMobileDevice: mobileTable,
	rmm.AssetPrinter:      printerTable,
}

// writtenTables lists every table the pipeline writes, in write order.
var writtenTables = []*table{assetsTable, workstationTable, serverTable, mobileTable, printerTable}

// DeviceRows is one device read into the rows the pipeline writes, with
// content fingerprints to compare with the stored ones.
type DeviceRows struct {
	AssetHash     string
	ExtensionHash string // empty when the asset type has no extension table
	// Digest is the device's DeviceDigest, kept with its mapping; the
	// pipeline sets it.
	Digest string

	externalID, scopeID string
	asset               row
	extTable            *table
	ext                 row
	metadata            []byte
	groups              Groups // supplied, before any Restrict
	seen                any    // last seen, before any Restrict
}

// EncodeDevice reads a validated device of a provider, owned by a client,
// into its rows.
func EncodeDevice(provider string, d *rmm.Device, client uuid.UUID) DeviceRows {
	s := &source{d: d, provider: provider, client: client}
	r := DeviceRows{externalID: d.ExternalID, scopeID: d.ScopeID, asset: assetsTable.build(s), metadata: MappingMetadata(d)}
	r.AssetHash = fingerprint(r.asset, assetStamps|assetHeartbeat, string(r.metadata))
	if t := extensionTables[d.AssetType]; t != nil {
		r.extTable, r.ext = t, t.build(s)
		r.ExtensionHash = fingerprint(r.ext, 0, t.name)
	}
	r.groups = suppliedGroups(assetsTable, r.asset)
	if r.extTable != nil {
		r.groups |= suppliedGroups(r.extTable, r.ext)
	}
	if r.asset.mask&assetSeenCol != 0 {
		r.seen = r.asset.vals[assetSeenIdx]
	}
	return r
}

// Fields are the values the device supplied, by column ("column" of the
// asset, "table.column" of its extension row), bookkeeping left out: what
// a source keeps while several report its asset.
func (r *DeviceRows) Fields() json.RawMessage {
	out := map[string]any{}
	add := func(t *table, row row, prefix string) {
		for i, c := range t.cols {
			if row.mask&(1<<uint(i)) == 0 || (t == assetsTable && (1<<uint(i))&assetStamps != 0) {
				continue
			}
			v := row.vals[i]
			if s, ok := v.(string); ok && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) && json.Valid([]byte(s)) {
				v = json.RawMessage(s) // a jsonb column's value, already JSON
			}
			out[prefix+c.name] = v
		}
	}
	add(assetsTable, r.asset, "")
	if r.extTable != nil {
		add(r.extTable, r.ext, r.extTable.name+".")
	}
	b, _ := json.Marshal(out)
	return b
}

// HasExtension reports whether the device's asset type has an extension table.
func (r *DeviceRows) HasExtension() bool { return r.extTable != nil }

// HeartbeatChanged reports whether the device's last seen or agent status
// differ from the stored ones.
func (r *DeviceRows) HeartbeatChanged(k KnownDevice) bool {
	a := r.asset
	if a.mask&assetAgentCol != 0 {
		if k.AgentStatus == nil || *k.AgentStatus != a.vals[assetAgentIdx] {
			return true
		}
	}
	if a.mask&assetSeenCol != 0 {
		v, _ := a.vals[assetSeenIdx].(time.Time)
		if (k.LastSeenAt == nil) != v.IsZero() || (k.LastSeenAt != nil && k.LastSeenAt.UnixMicro() != v.UnixMicro()) {
			return true
		}
	}
	return false
}

// HeartbeatSame reports whether a device's last seen and agent status are
// the asset's, as HeartbeatChanged would find them, without encoding it.
func HeartbeatSame(d *rmm.Device, k KnownDevice) bool {
	if k.AgentStatus == nil || *k.AgentStatus != string(d.AgentStatus) {
		return false
	}
	if !d.LastSeenAt.Set {
		return true
	}
	if d.LastSeenAt.V.IsZero() {
		return k.LastSeenAt == nil
	}
	return k.LastSeenAt != nil && k.LastSeenAt.UnixMicro() == d.LastSeenAt.V.UTC().Truncate(time.Microsecond).UnixMicro()
}

// SeenChanged reports whether the device's last seen differs from the one
// last written to its mapping.
func (r *DeviceRows) SeenChanged(stored *time.Time) bool {
	if r.seen == nil {
		return false
	}
	v, _ := r.seen.(time.Time)
	return (stored == nil) != v.IsZero() || (stored != nil && stored.UnixMicro() != v.UnixMicro())
}

func indexOf(bit uint64) int {
	for i := 0; i < 64; i++ {
		if bit == 1<<uint(i) {
			return i
		}
	}
	panic("store: not one column bit")
}

// mappingMeta is the metadata kept with a device's mapping: the provider's
// metadata, the device name and its identifiers.
const (
	metaDeviceName  = "deviceName"
	metaIdentifiers = "identifiers"
	metaDeleted     = "deleted"
	metaDeletedAt   = "deletedAt"
)

// MappingMetadata is the mapping metadata JSON of a device.
func MappingMetadata(d *rmm.Device) json.RawMessage {
	m := make(map[string]any, len(d.Metadata)+2)
	for k, v := range d.Metadata {
		m[k] = v
	}
	m[metaDeviceName] = d.Name
	if !d.Identifiers.IsZero() {
		m[metaIdentifiers] = d.Identifiers
	} else {
		delete(m, metaIdentifiers)
	}
	delete(m, metaDeleted)
	delete(m, metaDeletedAt)
	b, _ := json.Marshal(m)
	return b
}

// identifiersOf reads the identifiers back out of mapping metadata.
func identifiersOf(meta []byte) rmm.Identifiers {
	var m struct {
		Identifiers rmm.Identifiers `json:"identifiers"`
	}
	_ = json.Unmarshal(meta, &m)
	return m.Identifiers
}

// fingerprint hashes the written columns of a row, plus extra strings.
func fingerprint(r row, skip uint64, extra ...string) string {
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], r.mask&^skip)
	h.Write(buf[:])
	for i, v := range r.vals {
		if r.mask&(1<<uint(i)) == 0 || skip&(1<<uint(i)) != 0 {
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
