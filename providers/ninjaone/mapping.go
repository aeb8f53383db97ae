package ninjaone

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// device is a NinjaOne device: NodeWithDetailedReferences, or the detailed
// Device (AgentDevice, MdmDevice, UnmanagedDevice) of /v2/devices-detailed
// and /v2/device/{id} (ninjaone.md §6).
type device struct {
	ID               int64     `json:"id"`
	UID              string    `json:"uid"`
	OrganizationID   int64     `json:"organizationId"`
	LocationID       int64     `json:"locationId"`
	NodeClass        string    `json:"nodeClass"`
	ApprovalStatus   string    `json:"approvalStatus"`
	Offline          bool      `json:"offline"`
	DisplayName      string    `json:"displayName"`
	SystemName       string    `json:"systemName"`
	DNSName          string    `json:"dnsName"`
	NetbiosName      string    `json:"netbiosName"`
	Created          *float64  `json:"created"`
	LastContact      *float64  `json:"lastContact"`
	LastUpdate       *float64  `json:"lastUpdate"`
	DeviceType       string    `json:"deviceType"`
	IPAddresses      []string  `json:"ipAddresses"`
	MACAddresses     []string  `json:"macAddresses"`
	PublicIP         string    `json:"publicIP"`
	LastLoggedInUser string    `json:"lastLoggedInUser"`
	OS               *osInfo   `json:"os"`
	System           *sysInfo  `json:"system"`
	Memory           *memory   `json:"memory"`
	Processors       []cpu     `json:"processors"`
	Volumes          []volume  `json:"volumes"`
	Network          []network `json:"network"`
}

type osInfo struct {
	Manufacturer string   `json:"manufacturer"`
	Name         string   `json:"name"`
	Architecture string   `json:"architecture"`
	LastBootTime *float64 `json:"lastBootTime"`
	BuildNumber  string   `json:"buildNumber"`
	ReleaseID    string   `json:"releaseId"`
	Locale       string   `json:"locale"`
	NeedsReboot  *bool    `json:"needsReboot"`
}

type sysInfo struct {
	Name                string `json:"name"`
	Manufacturer        string `json:"manufacturer"`
	Model               string `json:"model"`
	BIOSSerialNumber    string `json:"biosSerialNumber"`
	SerialNumber        string `json:"serialNumber"`
	Domain              string `json:"domain"`
	ChassisType         string `json:"chassisType"`
	TotalPhysicalMemory int64  `json:"totalPhysicalMemory"`
	VirtualMachine      *bool  `json:"virtualMachine"`
}

type memory struct {
	Capacity int64 `json:"capacity"`
}

type cpu struct {
	Name            string `json:"name"`
	NumCores        int    `json:"numCores"`
	NumLogicalCores int    `json:"numLogicalCores"`
}

type volume struct {
	Name        string `json:"name"`
	DriveLetter string `json:"driveLetter"`
	Label       string `json:"label"`
	Capacity    int64  `json:"capacity"`
	FreeSpace   int64  `json:"freeSpace"`
}

type network struct {
	IMEI        string `json:"imei"`
	PhoneNumber string `json:"phoneNumber"`
	Carrier     string `json:"carrier"`
}

// health is a row of the device-health report.
type health struct {
	DeviceID                    int64 `json:"deviceId"`
	PendingOSPatchesCount       *int  `json:"pendingOSPatchesCount"`
	FailedOSPatchesCount        *int  `json:"failedOSPatchesCount"`
	PendingSoftwarePatchesCount *int  `json:"pendingSoftwarePatchesCount"`
	FailedSoftwarePatchesCount  *int  `json:"failedSoftwarePatchesCount"`
}

// antivirus is a row of the antivirus-status report.
type antivirus struct {
	DeviceID         int64  `json:"deviceId"`
	ProductName      string `json:"productName"`
	ProductState     string `json:"productState"`
	DefinitionStatus string `json:"definitionStatus"`
}

// reports are what the bulk reports say about a page's devices.
type reports struct {
	health    map[int64]health
	antivirus map[int64]antivirus
	locations map[int64]string
}

// epochSeconds converts NinjaOne's epoch seconds (a double, possibly
// fractional) to a time; values outside 2000..2100 are not times.
func epochSeconds(v *float64) (time.Time, bool) {
	if v == nil || math.IsNaN(*v) || *v < 946684800 || *v >= 4102444800 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(*v)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC().Truncate(time.Millisecond), true
}

// overdueAfter is how long without contact makes an agent NinjaOne still
// calls online overdue.
const overdueAfter = 24 * time.Hour

// skipPending is the skip reason of a device awaiting approval.
const skipPending = "PENDING_APPROVAL"

// toDevice maps a NinjaOne device (alga-data-model.md §8.1).
func toDevice(d device, r reports, now time.Time) rmm.Device {
	id := strconv.FormatInt(d.ID, 10)
	out := rmm.Device{
		ExternalID: id,
		ScopeID:    strconv.FormatInt(d.OrganizationID, 10),
		Lifecycle:  rmm.LifecycleActive,
		Name:       firstOf(d.DisplayName, d.SystemName, d.DNSName, d.NetbiosName),
		Metadata:   map[string]any{"nodeClass": d.NodeClass, "approvalStatus": d.ApprovalStatus},
	}
	if d.UID != "" {
		out.Metadata["uid"] = d.UID
	}
	if out.Name != "" {
		out.Metadata["deviceName"] = out.Name
	}
	switch d.ApprovalStatus {
	case "PENDING", "STAGED":
		out.SkipReason = skipPending
	case "DECOMMISSIONED":
		out.Lifecycle = rmm.LifecycleDeleted
	}
	class := classOf(d.NodeClass)
	out.AssetType = class.asset
	if loc, ok := r.locations[d.LocationID]; ok && d.LocationID != 0 {
		out.Location = rmm.Some(loc)
	}
	lastContact, seen := epochSeconds(d.LastContact)
	if seen {
		out.LastSeenAt = rmm.Some(lastContact)
	}
	switch {
	case !class.agent:
		out.AgentStatus = rmm.AgentUnknown
	case d.Offline:
		out.AgentStatus = rmm.AgentOffline
	case !seen:
		out.AgentStatus = rmm.AgentUnknown
	case now.Sub(lastContact) > overdueAfter:
		out.AgentStatus = rmm.AgentOverdue
	default:
		out.AgentStatus = rmm.AgentOnline
	}
	ext := &out.Extension
	if class.os != "" {
		ext.OSType = rmm.Some(class.os)
	}
	if s := d.System; s != nil {
		if m := rmm.CleanManufacturer(s.Manufacturer); m.Set {
			out.Identifiers.Manufacturer = m.V
		}
		// The first of the serials that is not a placeholder.
		for _, v := range []string{s.SerialNumber, s.BIOSSerialNumber} {
			if serial := rmm.CleanSerial(v); serial.Set {
				out.SerialNumber = serial
				break
			}
		}
		if s.Model != "" && (out.AssetType == rmm.AssetMobileDevice || out.AssetType == rmm.AssetPrinter) {
			ext.Model = rmm.Some(s.Model)
		}
	}
	if len(d.Network) > 0 && out.AssetType == rmm.AssetMobileDevice {
		n := d.Network[0]
		for _, f := range []struct {
			to *rmm.Opt[string]
			v  string
		}{{&ext.IMEI, n.IMEI}, {&ext.PhoneNumber, n.PhoneNumber}, {&ext.Carrier, n.Carrier}} {
			if v := strings.TrimSpace(f.v); v != "" {
				*f.to = rmm.Some(v)
			}
		}
	}
	if o := d.OS; o != nil {
		if o.Name != "" {
			ext.OSType = rmm.Some(osFamily(o.Name, class.os))
			v := o.Name
			if o.ReleaseID != "" {
				v += " " + o.ReleaseID
			}
			if o.BuildNumber != "" {
				v += " (build " + o.BuildNumber + ")"
			}
			ext.OSVersion = rmm.Some(v)
		}
		if boot, ok := epochSeconds(o.LastBootTime); ok {
			ext.LastRebootAt = rmm.Some(boot)
			if seen && !lastContact.Before(boot) {
				// Uptime as of the last contact: a fact of the payload, not of
				// when rmmgraph happened to read it.
				ext.UptimeSeconds = rmm.Some(int64(lastContact.Sub(boot) / time.Second))
			}
		}
	}
	if len(d.Processors) > 0 {
		if d.Processors[0].Name != "" {
			ext.CPUModel = rmm.Some(strings.TrimSpace(d.Processors[0].Name))
		}
		cores := 0
		for _, p := range d.Processors {
			if p.NumCores > 0 {
				cores += p.NumCores
			} else {
				cores += p.NumLogicalCores
			}
		}
		if cores > 0 {
			ext.CPUCores = rmm.Some(cores)
		}
	}
	switch {
	case d.Memory != nil && d.Memory.Capacity > 0:
		ext.RAMGB = rmm.Some(gib(d.Memory.Capacity))
	case d.System != nil && d.System.TotalPhysicalMemory > 0:
		ext.RAMGB = rmm.Some(gib(d.System.TotalPhysicalMemory))
	}
	var disks []rmm.DiskUsage
	var capacity int64
	for _, v := range d.Volumes {
		if v.Capacity <= 0 {
			continue
		}
		capacity += v.Capacity
		total, free := float64(v.Capacity)/(1<<30), float64(v.FreeSpace)/(1<<30)
		disks = append(disks, rmm.DiskUsage{Name: firstOf(v.Name, v.DriveLetter, v.Label), TotalGB: round2(total), FreeGB: round2(free),
			UtilizationPercent: round2(100 * (1 - float64(v.FreeSpace)/float64(v.Capacity)))})
	}
	if len(disks) > 0 {
		ext.DiskUsage = rmm.Some(disks)
		ext.StorageCapacityGB = rmm.Some(gib(capacity))
	}
	if ip := lanIP(d.IPAddresses); ip != "" {
		ext.LanIP = rmm.Some(ip)
	}
	if d.PublicIP != "" {
		ext.WanIP = rmm.Some(d.PublicIP)
	}
	if d.LastLoggedInUser != "" {
		ext.CurrentUser = rmm.Some(d.LastLoggedInUser)
	}
	if class.hypervisor != "" {
		ext.Hypervisor = rmm.Some(class.hypervisor)
	}
	switch {
	case class.guest:
		ext.IsVirtual = rmm.Some(true)
	case d.System != nil && d.System.VirtualMachine != nil:
		ext.IsVirtual = rmm.Some(*d.System.VirtualMachine)
	case class.host:
		ext.IsVirtual = rmm.Some(false)
	}
	if h, ok := r.health[d.ID]; ok {
		pendingOS, pendingSW := h.PendingOSPatchesCount, h.PendingSoftwarePatchesCount
		if pendingOS != nil {
			ext.PendingOSPatches = rmm.Some(*pendingOS)
		}
		if pendingSW != nil {
			ext.PendingSoftwarePatches = rmm.Some(*pendingSW)
		}
		if pendingOS != nil && pendingSW != nil {
			ext.PendingPatches = rmm.Some(*pendingOS + *pendingSW)
		}
		if h.FailedOSPatchesCount != nil && h.FailedSoftwarePatchesCount != nil {
			ext.FailedPatches = rmm.Some(*h.FailedOSPatchesCount + *h.FailedSoftwarePatchesCount)
		}
	}
	if av, ok := r.antivirus[d.ID]; ok {
		ext.AntivirusStatus = rmm.Some(antivirusStatus(av))
		if av.ProductName != "" {
			ext.AntivirusProduct = rmm.Some(av.ProductName)
		}
	}
	if info := systemInfo(d); len(info) > 0 {
		ext.SystemInfo = rmm.Some(info)
	}
	for _, m := range d.MACAddresses {
		if mac := rmm.CleanMAC(m); mac.Set {
			out.Identifiers.MACs = append(out.Identifiers.MACs, mac.V)
		}
	}
	return out
}

// nodeClass is what a nodeClass says (ninjaone.md §7).
type nodeClass struct {
	asset      rmm.AssetType
	os         string
	agent      bool // an agent reports the device (connectivity is known)
	guest      bool // a hypervisor-discovered virtual machine
	host       bool // a hypervisor host
	hypervisor string
}

func classOf(c string) nodeClass {
	switch c {
	case "WINDOWS_WORKSTATION":
		return nodeClass{asset: rmm.AssetWorkstation, os: "Windows", agent: true}
	case "LINUX_WORKSTATION":
		return nodeClass{asset: rmm.AssetWorkstation, os: "Linux", agent: true}
	case "MAC":
		return nodeClass{asset: rmm.AssetWorkstation, os: "macOS", agent: true}
	case "WINDOWS_SERVER":
		return nodeClass{asset: rmm.AssetServer, os: "Windows", agent: true}
	case "LINUX_SERVER":
		return nodeClass{asset: rmm.AssetServer, os: "Linux", agent: true}
	case "MAC_SERVER":
		return nodeClass{asset: rmm.AssetServer, os: "macOS", agent: true}
	case "VMWARE_VM_HOST":
		return nodeClass{asset: rmm.AssetServer, host: true, hypervisor: "VMware", agent: true}
	case "HYPERV_VMM_HOST":
		return nodeClass{asset: rmm.AssetServer, host: true, hypervisor: "Hyper-V", agent: true}
	case "VMWARE_VM_GUEST":
		return nodeClass{asset: rmm.AssetServer, guest: true, hypervisor: "VMware"}
	case "HYPERV_VMM_GUEST":
		return nodeClass{asset: rmm.AssetServer, guest: true, hypervisor: "Hyper-V"}
	case "ANDROID":
		return nodeClass{asset: rmm.AssetMobileDevice, os: "Android", agent: true}
	case "APPLE_IOS":
		return nodeClass{asset: rmm.AssetMobileDevice, os: "iOS", agent: true}
	case "APPLE_IPADOS":
		return nodeClass{asset: rmm.AssetMobileDevice, os: "iPadOS", agent: true}
	case "NMS_SWITCH", "NMS_ROUTER", "NMS_PRIVATE_NETWORK_GATEWAY", "NMS_FIREWALL", "NMS_WAP":
		return nodeClass{asset: rmm.AssetNetworkDevice}
	case "NMS_PRINTER", "NMS_SCANNER":
		return nodeClass{asset: rmm.AssetPrinter}
	case "NMS_SERVER", "NMS_VM_HOST":
		return nodeClass{asset: rmm.AssetServer}
	case "NMS_VIRTUAL_MACHINE":
		return nodeClass{asset: rmm.AssetServer, guest: true}
	case "NMS_COMPUTER":
		return nodeClass{asset: rmm.AssetWorkstation}
	}
	return nodeClass{asset: rmm.AssetUnknown}
}

// osFamily names the OS family of an OS name, or the node class's.
func osFamily(name, fallback string) string {
	l := strings.ToLower(name)
	switch {
	case strings.Contains(l, "windows"):
		return "Windows"
	case strings.Contains(l, "mac") || strings.Contains(l, "darwin"):
		return "macOS"
	case strings.Contains(l, "linux") || strings.Contains(l, "ubuntu") || strings.Contains(l, "debian") ||
		strings.Contains(l, "red hat") || strings.Contains(l, "centos") || strings.Contains(l, "rocky") || strings.Contains(l, "suse"):
		return "Linux"
	case fallback != "":
		return fallback
	}
	return name
}

// antivirusStatus reads an antivirus-status row: protected when the
// product is on and its definitions are current, at risk when it is off or
// out of date, else unknown.
func antivirusStatus(a antivirus) string {
	state, defs := strings.ToUpper(a.ProductState), strings.ToUpper(a.DefinitionStatus)
	off := strings.Contains(state, "OFF") || strings.Contains(state, "DISABLED") || strings.Contains(state, "SNOOZED") || strings.Contains(state, "EXPIRED")
	stale := strings.Contains(defs, "OUT") || strings.Contains(defs, "EXPIRED")
	on := strings.Contains(state, "ON") || strings.Contains(state, "ENABLED") || strings.Contains(state, "ACTIVE")
	current := strings.Contains(defs, "UP_TO_DATE") || strings.Contains(defs, "UPTODATE") || strings.Contains(defs, "CURRENT")
	switch {
	case off || stale:
		return "at_risk"
	case on && current:
		return "protected"
	}
	return "unknown"
}

func systemInfo(d device) map[string]any {
	out := map[string]any{}
	put := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	if s := d.System; s != nil {
		put("manufacturer", s.Manufacturer)
		put("model", s.Model)
		put("chassis_type", s.ChassisType)
		put("domain", s.Domain)
		if bios := rmm.CleanSerial(s.BIOSSerialNumber); bios.Set {
			put("bios_serial", bios.V)
		}
	}
	put("dns_name", d.DNSName)
	put("netbios_name", d.NetbiosName)
	put("public_ip", d.PublicIP)
	if o := d.OS; o != nil {
		put("locale", o.Locale)
		put("architecture", o.Architecture)
		if o.NeedsReboot != nil {
			out["needs_reboot"] = *o.NeedsReboot
		}
	}
	return out
}

// lanIP is the first IPv4 address that is not loopback or link-local.
func lanIP(ips []string) string {
	for _, s := range ips {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err == nil && a.Is4() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !a.IsUnspecified() {
			return a.String()
		}
	}
	return ""
}

func gib(bytes int64) int { return int(math.Round(float64(bytes) / (1 << 30))) }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// deviceIDs is the df clause naming devices.
func deviceIDs(ids []int64) string {
	var b strings.Builder
	b.WriteString("id in (")
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	b.WriteByte(')')
	return b.String()
}
