package graph

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

func assetModel(a store.Asset) *model.Asset {
	typ := model.AssetType(strings.ToUpper(a.AssetType))
	if !typ.IsValid() {
		typ = model.AssetTypeUnknown
	}
	out := &model.Asset{
		ID: globalID(typeAsset, a.ID), Name: a.Name, AssetType: typ, AssetTag: a.AssetTag, SerialNumber: a.SerialNumber,
		Status: a.Status, Location: a.Location, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Key: a.ID, ClientKey: a.ClientID,
	}
	if a.RMMProvider != nil && a.RMMDeviceID != nil {
		agent := model.AgentStatusUnknown
		if a.AgentStatus != nil && model.AgentStatus(strings.ToUpper(*a.AgentStatus)).IsValid() {
			agent = model.AgentStatus(strings.ToUpper(*a.AgentStatus))
		}
		out.Rmm = &model.AssetRmm{Provider: *a.RMMProvider, DeviceID: *a.RMMDeviceID, OrganizationID: a.RMMOrganizationID,
			AgentStatus: agent, LastSeenAt: a.LastSeenAt, LastSyncAt: a.LastRMMSyncAt}
	}
	if s, ok := a.Attributes["merged_into"].(string); ok {
		if id, err := uuid.Parse(s); err == nil {
			out.MergedKey = &id
		}
	}
	return out
}

// decodeList reads a JSON array column; malformed or foreign shapes read as empty.
func decodeList[T any, M any](raw json.RawMessage, conv func(T) *M) []*M {
	var items []T
	_ = json.Unmarshal(raw, &items)
	out := make([]*M, 0, len(items))
	for _, it := range items {
		out = append(out, conv(it))
	}
	return out
}

func disks(raw json.RawMessage) []*model.DiskUsage {
	return decodeList(raw, func(d diskJSON) *model.DiskUsage {
		return &model.DiskUsage{Name: d.Name, TotalGb: d.TotalGB, FreeGb: d.FreeGB, UtilizationPercent: d.UtilizationPercent}
	})
}

type nicJSON struct {
	Name        string   `json:"name"`
	MACAddress  *string  `json:"mac_address"`
	IPAddresses []string `json:"ip_addresses"`
	DNSServers  []string `json:"dns_servers"`
	Type        *string  `json:"type"`
	SpeedMbps   *int     `json:"speed_mbps"`
}

func nics(raw json.RawMessage) []*model.NetworkInterface {
	return decodeList(raw, func(n nicJSON) *model.NetworkInterface {
		return &model.NetworkInterface{Name: n.Name, MacAddress: n.MACAddress, IPAddresses: orEmpty(n.IPAddresses), DNSServers: orEmpty(n.DNSServers),
			Type: n.Type, SpeedMbps: n.SpeedMbps}
	})
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// workstationExtras reads what a workstation keeps in system_info for want
// of columns: is_virtual and network_interfaces.
func workstationExtras(raw json.RawMessage) (*bool, []*model.NetworkInterface) {
	var info struct {
		IsVirtual *bool           `json:"is_virtual"`
		NICs      json.RawMessage `json:"network_interfaces"`
	}
	_ = json.Unmarshal(raw, &info)
	return info.IsVirtual, nics(info.NICs)
}

func software(raw json.RawMessage) []*model.InstalledSoftware {
	return decodeList(raw, func(s softwareJSON) *model.InstalledSoftware {
		return &model.InstalledSoftware{Name: s.Name, Version: s.Version, Publisher: s.Publisher}
	})
}

func jsonObject(raw json.RawMessage) map[string]any {
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// uptime is the seconds since lastReboot at the time of reading when the
// last reboot is known, else the uptime as last reported.
func uptime(lastReboot *time.Time, reported *int64) *int {
	if lastReboot != nil && !lastReboot.IsZero() {
		n := max(int(time.Since(*lastReboot).Seconds()), 0)
		return &n
	}
	if reported == nil {
		return nil
	}
	n := int(*reported)
	return &n
}

// decoded are the extension fields held as JSON: a row's are decoded only
// when the query selects them (a device's software list runs to hundreds).
var decoded = []string{"isVirtual", "networkInterfaces", "diskUsage", "installedSoftware", "systemInfo"}

func workstationModel(w store.WorkstationAsset, sel map[string]bool) *model.WorkstationDetails {
	d := &model.WorkstationDetails{
		OsType: w.OSType, OsVersion: w.OSVersion, CPUModel: w.CPUModel, CPUCores: w.CPUCores, RAMGb: w.RAMGB,
		StorageType: w.StorageType, StorageCapacityGb: w.StorageCapacityGB, GpuModel: w.GPUModel, LastLogin: w.LastLogin,
		AgentVersion: w.AgentVersion, AntivirusStatus: w.AntivirusStatus, AntivirusProduct: w.AntivirusProduct,
		LastRebootAt: w.LastRebootAt, PendingPatches: w.PendingPatches, PendingOsPatches: w.PendingOSPatches,
		PendingSoftwarePatches: w.PendingSoftwarePatches, FailedPatches: w.FailedPatches, LastPatchScanAt: w.LastPatchScanAt,
		CurrentUser: w.CurrentUser, UptimeSeconds: uptime(w.LastRebootAt, w.UptimeSeconds), LanIP: w.LanIP, WanIP: w.WanIP,
	}
	if sel["isVirtual"] || sel["networkInterfaces"] {
		d.IsVirtual, d.NetworkInterfaces = workstationExtras(w.SystemInfo)
	}
	d.DiskUsage, d.InstalledSoftware, d.SystemInfo = decodeSelected(sel, w.DiskUsage, w.InstalledSoftware, w.SystemInfo)
	return d
}

func serverModel(s store.ServerAsset, sel map[string]bool) *model.ServerDetails {
	d := &model.ServerDetails{
		OsType: s.OSType, OsVersion: s.OSVersion, CPUModel: s.CPUModel, CPUCores: s.CPUCores, RAMGb: s.RAMGB,
		IsVirtual: s.IsVirtual, Hypervisor: s.Hypervisor, PrimaryIP: s.PrimaryIP, AgentVersion: s.AgentVersion,
		AntivirusStatus: s.AntivirusStatus, AntivirusProduct: s.AntivirusProduct, LastRebootAt: s.LastRebootAt,
		PendingPatches: s.PendingPatches, PendingOsPatches: s.PendingOSPatches, PendingSoftwarePatches: s.PendingSoftwarePatches,
		FailedPatches: s.FailedPatches, LastPatchScanAt: s.LastPatchScanAt, CurrentUser: s.CurrentUser,
		UptimeSeconds: uptime(s.LastRebootAt, s.UptimeSeconds), LanIP: s.LanIP, WanIP: s.WanIP,
	}
	if sel["networkInterfaces"] {
		d.NetworkInterfaces = nics(s.NetworkInterfaces)
	}
	d.DiskUsage, d.InstalledSoftware, d.SystemInfo = decodeSelected(sel, s.DiskUsage, s.InstalledSoftware, s.SystemInfo)
	return d
}

// decodeSelected decodes the JSON fields both extension rows share, those
// of them the query selects.
func decodeSelected(sel map[string]bool, disk, sw, info json.RawMessage) ([]*model.DiskUsage, []*model.InstalledSoftware, map[string]any) {
	var d []*model.DiskUsage
	var s []*model.InstalledSoftware
	var i map[string]any
	if sel["diskUsage"] {
		d = disks(disk)
	}
	if sel["installedSoftware"] {
		s = software(sw)
	}
	if sel["systemInfo"] {
		i = jsonObject(info)
	}
	return d, s, i
}

func mappingModel(m store.EntityMapping) *model.ExternalMapping {
	return &model.ExternalMapping{IntegrationType: m.IntegrationType, ExternalID: m.ExternalEntityID, RealmID: m.ExternalRealmID,
		SyncStatus: m.SyncStatus, LastSyncedAt: m.LastSyncedAt, Metadata: m.Metadata}
}

// assetFilter converts the API filter to the store's.
// assetConnection is one page of the assets f selects, by name.
func assetConnection(ctx context.Context, n int, after *string, f store.AssetFilter, desc bool) (*model.AssetConnection, error) {
	db := tenantDB(ctx)
	edges, more, err := db.Assets(ctx, store.Page{First: n, After: deref(after)}, f, desc)
	if err != nil {
		return nil, err
	}
	conn := &model.AssetConnection{Count: func(ctx context.Context) (int, error) { return db.CountAssets(ctx, f) }}
	conn.Edges, conn.Nodes, conn.PageInfo = connection(edges, more, assetModel,
		func(c string, n *model.Asset) *model.AssetEdge { return &model.AssetEdge{Cursor: c, Node: n} })
	if err := attachAssets(ctx, conn.Nodes, true); err != nil {
		return nil, err
	}
	return conn, nil
}

func assetFilter(f *model.AssetFilter) (store.AssetFilter, error) {
	var out store.AssetFilter
	if f == nil {
		return out, nil
	}
	for _, gid := range f.ClientIds {
		id, ok := parseIDOf(typeClient, gid)
		if !ok {
			return out, errorf(CodeBadUserInput, "filter.clientIds: %q is not a client ID", gid)
		}
		out.ClientIDs = append(out.ClientIDs, id)
	}
	if f.Providers != nil {
		out.Providers = append([]string{}, f.Providers...)
	}
	for _, t := range f.AssetTypes {
		out.AssetTypes = append(out.AssetTypes, strings.ToLower(string(t)))
	}
	if f.Statuses != nil {
		out.Statuses = append([]string{}, f.Statuses...)
	}
	for _, s := range f.AgentStatuses {
		out.AgentStatuses = append(out.AgentStatuses, strings.ToLower(string(s)))
	}
	out.LastSeenBefore, out.LastSeenAfter = f.LastSeenBefore, f.LastSeenAfter
	out.ChangedAfter, out.ChangedBefore = f.ChangedAfter, f.ChangedBefore
	out.Search = deref(f.Search)
	return out, nil
}

type diskJSON struct {
	Name               string   `json:"name"`
	TotalGB            *float64 `json:"total_gb"`
	FreeGB             *float64 `json:"free_gb"`
	UtilizationPercent *float64 `json:"utilization_percent"`
}

type softwareJSON struct {
	Name      string  `json:"name"`
	Version   *string `json:"version"`
	Publisher *string `json:"publisher"`
}
