package graph

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

func integrationModel(in store.Integration) *model.Integration {
	status := model.SyncStatus(strings.ToUpper(in.SyncStatus))
	if !status.IsValid() {
		status = model.SyncStatusPending
	}
	return &model.Integration{
		ID: globalID(typeIntegration, in.ID), InstanceURL: in.InstanceURL, IsActive: in.IsActive, ConnectedAt: in.ConnectedAt,
		Status: status, SyncError: in.SyncError, LastSyncAt: in.LastSyncAt, LastFullSyncAt: in.LastFullSyncAt,
		LastIncrementalSyncAt: in.LastIncrementalSyncAt, ProviderID: in.Provider, Key: in.ID, Settings: in.Settings,
	}
}

func scopeMappingModel(provider string, m store.OrgMapping) *model.ScopeMapping {
	kind := model.ScopeKindCustom
	if m.ScopeKind != nil && model.ScopeKind(strings.ToUpper(*m.ScopeKind)).IsValid() {
		kind = model.ScopeKind(strings.ToUpper(*m.ScopeKind))
	}
	return &model.ScopeMapping{
		ID: globalID(typeScopeMapping, m.ID), ExternalID: m.ExternalOrganizationID, ExternalName: m.ExternalOrganizationName,
		Kind: kind, AutoSyncAssets: m.AutoSyncAssets, LastSyncedAt: m.LastSyncedAt, ProviderID: provider, ClientKey: m.ClientID,
	}
}

func syncRunModel(r store.SyncRun) *model.SyncRun {
	out := &model.SyncRun{
		ID: globalID(typeSyncRun, r.ID), Mode: model.SyncMode(strings.ToUpper(r.Mode)), Trigger: model.SyncTrigger(strings.ToUpper(r.Trigger)),
		Status: model.SyncRunStatus(strings.ToUpper(r.Status)), StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt,
		ScopeIds: r.ScopeIDs, Warnings: r.Warnings, Error: r.Error, IntegrationKey: r.IntegrationID,
		Counts: &model.SyncCounts{Seen: r.DevicesSeen, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged,
			Skipped: r.Skipped, Failed: r.Failed, Retired: r.Retired, Moved: r.Moved},
		Progress: &model.SyncProgress{ScopesDone: r.ScopesDone, ScopesTotal: r.ScopesTotal, DevicesSeen: r.DevicesSeen},
		Skipped:  []*model.SkipReasonCount{},
	}
	if out.ScopeIds == nil {
		out.ScopeIds = []string{}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if r.FinishedAt != nil {
		ms := int(r.FinishedAt.Sub(r.StartedAt).Milliseconds())
		out.DurationMs = &ms
	}
	for reason, n := range r.SkippedReasons {
		out.Skipped = append(out.Skipped, &model.SkipReasonCount{Reason: reason, Count: n})
	}
	slices.SortFunc(out.Skipped, func(a, b *model.SkipReasonCount) int { return strings.Compare(a.Reason, b.Reason) })
	return out
}

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
	return out
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

func intPtr64(v *int64) *int {
	if v == nil {
		return nil
	}
	n := int(*v)
	return &n
}

func workstationModel(w store.WorkstationAsset) *model.WorkstationDetails {
	return &model.WorkstationDetails{
		OsType: w.OSType, OsVersion: w.OSVersion, CPUModel: w.CPUModel, CPUCores: w.CPUCores, RAMGb: w.RAMGB,
		StorageType: w.StorageType, StorageCapacityGb: w.StorageCapacityGB, GpuModel: w.GPUModel, LastLogin: w.LastLogin,
		AgentVersion: w.AgentVersion, AntivirusStatus: w.AntivirusStatus, AntivirusProduct: w.AntivirusProduct,
		LastRebootAt: w.LastRebootAt, PendingPatches: w.PendingPatches, PendingOsPatches: w.PendingOSPatches,
		PendingSoftwarePatches: w.PendingSoftwarePatches, FailedPatches: w.FailedPatches, LastPatchScanAt: w.LastPatchScanAt,
		CurrentUser: w.CurrentUser, UptimeSeconds: intPtr64(w.UptimeSeconds), LanIP: w.LanIP, WanIP: w.WanIP,
		DiskUsage: disks(w.DiskUsage), InstalledSoftware: software(w.InstalledSoftware), SystemInfo: jsonObject(w.SystemInfo),
	}
}

func serverModel(s store.ServerAsset) *model.ServerDetails {
	return &model.ServerDetails{
		OsType: s.OSType, OsVersion: s.OSVersion, CPUModel: s.CPUModel, CPUCores: s.CPUCores, RAMGb: s.RAMGB,
		IsVirtual: s.IsVirtual, Hypervisor: s.Hypervisor, PrimaryIP: s.PrimaryIP, AgentVersion: s.AgentVersion,
		AntivirusStatus: s.AntivirusStatus, AntivirusProduct: s.AntivirusProduct, LastRebootAt: s.LastRebootAt,
		PendingPatches: s.PendingPatches, PendingOsPatches: s.PendingOSPatches, PendingSoftwarePatches: s.PendingSoftwarePatches,
		FailedPatches: s.FailedPatches, LastPatchScanAt: s.LastPatchScanAt, CurrentUser: s.CurrentUser,
		UptimeSeconds: intPtr64(s.UptimeSeconds), LanIP: s.LanIP, WanIP: s.WanIP,
		DiskUsage: disks(s.DiskUsage), InstalledSoftware: software(s.InstalledSoftware), SystemInfo: jsonObject(s.SystemInfo),
	}
}

func mappingModel(m store.EntityMapping) *model.ExternalMapping {
	return &model.ExternalMapping{IntegrationType: m.IntegrationType, ExternalID: m.ExternalEntityID, RealmID: m.ExternalRealmID,
		SyncStatus: m.SyncStatus, LastSyncedAt: m.LastSyncedAt, Metadata: m.Metadata}
}
