package tacticalrmm

import (
	"encoding/json"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// agent is a Tactical RMM agent as the classic list, the classic detail or
// the beta list return it (tacticalrmm.md §5): each has fields the others
// lack.
type agent struct {
	ID               int64           `json:"id"` // pk: beta only
	AgentID          string          `json:"agent_id"`
	Hostname         string          `json:"hostname"`
	SiteName         string          `json:"site_name"`
	ClientName       string          `json:"client_name"`
	Site             *int64          `json:"site"`
	MonitoringType   string          `json:"monitoring_type"`
	Description      *string         `json:"description"`
	NeedsReboot      *bool           `json:"needs_reboot"`
	LastSeen         *string         `json:"last_seen"`
	BootTime         *float64        `json:"boot_time"`
	LoggedUsername   string          `json:"logged_username"`
	LoggedInUsername *string         `json:"logged_in_username"`
	LastLoggedInUser *string         `json:"last_logged_in_user"`
	Plat             string          `json:"plat"`
	Goarch           *string         `json:"goarch"`
	Version          string          `json:"version"`
	OperatingSystem  *string         `json:"operating_system"`
	PublicIP         *string         `json:"public_ip"`
	CPUModel         []string        `json:"cpu_model"`
	Graphics         string          `json:"graphics"`
	LocalIPs         string          `json:"local_ips"`
	MakeModel        string          `json:"make_model"`
	PhysicalDisks    []string        `json:"physical_disks"`
	SerialNumber     *string         `json:"serial_number"`
	TotalRAM         *float64        `json:"total_ram"`
	Disks            []disk          `json:"disks"`
	OfflineTime      *int            `json:"offline_time"`
	OverdueTime      *int            `json:"overdue_time"`
	MaintenanceMode  bool            `json:"maintenance_mode"`
	WMIDetail        json.RawMessage `json:"wmi_detail"`
}

type disk struct {
	Device  string  `json:"device"`
	Total   string  `json:"total"`
	Free    string  `json:"free"`
	Percent float64 `json:"percent"`
}

// site is where an agent is: its client (the scope) and name (location).
type site struct {
	Client int64
	Name   string
}

// parseTime reads Tactical's ISO datetimes ("2026-06-16T04:39:24.123456Z").
func parseTime(s *string) (time.Time, bool) {
	if s == nil || *s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil || t.Year() < 2000 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// epochSeconds reads boot_time, a float of Unix seconds.
func epochSeconds(v *float64) (time.Time, bool) {
	if v == nil || *v < 946684800 || *v >= 4102444800 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(*v)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC().Truncate(time.Millisecond), true
}

// status computes an agent's status as Tactical does (§6): from last seen
// and the agent's own offline and overdue minutes (defaults 4 and 30).
func status(a agent, now time.Time) rmm.AgentStatus {
	seen, ok := parseTime(a.LastSeen)
	if !ok {
		return rmm.AgentOffline
	}
	offline, overdue := 4, 30
	if a.OfflineTime != nil && *a.OfflineTime > 0 {
		offline = *a.OfflineTime
	}
	if a.OverdueTime != nil && *a.OverdueTime > 0 {
		overdue = *a.OverdueTime
	}
	offlineCut, overdueCut := now.Add(-time.Duration(offline)*time.Minute), now.Add(-time.Duration(overdue)*time.Minute)
	switch {
	case seen.Before(offlineCut) && seen.Before(overdueCut):
		return rmm.AgentOverdue
	case seen.Before(offlineCut):
		return rmm.AgentOffline
	}
	return rmm.AgentOnline
}

// none treats Tactical's placeholders for "nothing" as empty.
func none(s string) string {
	s = strings.TrimSpace(s)
	switch s {
	case "None", "-", "null", "unknown cpu model", "unknown make/model", "No graphics cards":
		return ""
	}
	if strings.HasPrefix(strings.ToLower(s), "error") {
		return ""
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

var coresPattern = regexp.MustCompile(`,\s*(\d+)C/\d+T\s*$`)

// toDevice maps an agent (alga-data-model.md §8.2); sites resolve its
// site to its client and location.
func toDevice(a agent, sites map[int64]site, now time.Time) rmm.Device {
	d := rmm.Device{ExternalID: a.AgentID, Lifecycle: rmm.LifecycleActive, Name: a.Hostname, AgentStatus: status(a, now),
		Metadata: map[string]any{}}
	if a.ID != 0 {
		d.Metadata["agentPk"] = a.ID
	}
	location := a.SiteName
	if a.Site != nil {
		d.Metadata["siteId"] = *a.Site
		if s, ok := sites[*a.Site]; ok {
			d.ScopeID = strconv.FormatInt(s.Client, 10)
			location = firstOf(location, s.Name)
		}
	}
	if location != "" {
		d.Location = rmm.Some(location)
		d.Metadata["siteName"] = location
	}
	switch a.MonitoringType {
	case "server":
		d.AssetType = rmm.AssetServer
	case "workstation":
		d.AssetType = rmm.AssetWorkstation
	default:
		d.AssetType = rmm.AssetUnknown
	}
	seen, seenOK := parseTime(a.LastSeen)
	if seenOK {
		d.LastSeenAt = rmm.Some(seen)
	}
	wmi := readWMI(a.WMIDetail)
	serial := none(deref(a.SerialNumber))
	if serial == "" {
		serial = wmi.serial
	}
	if serial != "" {
		d.SerialNumber = rmm.Some(serial)
	}
	ext := &d.Extension
	switch a.Plat {
	case "windows":
		ext.OSType = rmm.Some("Windows")
	case "linux":
		ext.OSType = rmm.Some("Linux")
	case "darwin":
		ext.OSType = rmm.Some("macOS")
	}
	if os := none(deref(a.OperatingSystem)); os != "" {
		ext.OSVersion = rmm.Some(os)
	}
	if a.Version != "" {
		ext.AgentVersion = rmm.Some(a.Version)
	}
	user := none(deref(a.LoggedInUsername))
	if user == "" {
		user = none(a.LoggedUsername)
	}
	if user == "" {
		user = none(deref(a.LastLoggedInUser))
	}
	if user != "" {
		ext.CurrentUser = rmm.Some(user)
	}
	if boot, ok := epochSeconds(a.BootTime); ok {
		ext.LastRebootAt = rmm.Some(boot)
		if seenOK && !seen.Before(boot) {
			ext.UptimeSeconds = rmm.Some(int64(seen.Sub(boot) / time.Second)) // as of the last check-in
		}
	}
	ips := a.LocalIPs
	if ips == "" {
		ips = strings.Join(wmi.ips, ", ")
	}
	if ip := lanIP(ips); ip != "" {
		ext.LanIP = rmm.Some(ip)
	}
	if ip := none(deref(a.PublicIP)); ip != "" {
		ext.WanIP = rmm.Some(ip)
	}
	if len(a.CPUModel) > 0 {
		if model := none(a.CPUModel[0]); model != "" {
			if m := coresPattern.FindStringSubmatch(model); m != nil {
				if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
					ext.CPUCores = rmm.Some(n * len(a.CPUModel))
				}
				model = strings.TrimSpace(model[:len(model)-len(m[0])])
			}
			ext.CPUModel = rmm.Some(model)
		}
	}
	if a.TotalRAM != nil && *a.TotalRAM > 0 {
		ext.RAMGB = rmm.Some(int(math.Round(*a.TotalRAM)))
	}
	if g := none(a.Graphics); g != "" && d.AssetType == rmm.AssetWorkstation {
		ext.GPUModel = rmm.Some(g)
	}
	var usage []rmm.DiskUsage
	var total float64
	for _, dk := range a.Disks {
		t, okT := gigabytes(dk.Total)
		f, okF := gigabytes(dk.Free)
		if !okT || t <= 0 {
			continue
		}
		u := rmm.DiskUsage{Name: dk.Device, TotalGB: round2(t), UtilizationPercent: round2(dk.Percent)}
		if okF {
			u.FreeGB = round2(f)
		}
		usage = append(usage, u)
		total += t
	}
	if len(usage) > 0 {
		ext.DiskUsage = rmm.Some(usage)
		ext.StorageCapacityGB = rmm.Some(int(math.Round(total)))
	}
	makeModel := none(a.MakeModel)
	if makeModel == "" {
		makeModel = wmi.makeModel
	}
	if makeModel != "" && d.AssetType == rmm.AssetServer {
		ext.IsVirtual = rmm.Some(virtual.MatchString(makeModel))
	}
	info := map[string]any{}
	if makeModel != "" {
		info["make_model"] = makeModel
	}
	if a.Plat != "" {
		info["plat"] = a.Plat
	}
	if g := deref(a.Goarch); g != "" {
		info["goarch"] = g
	}
	if len(a.PhysicalDisks) > 0 {
		info["physical_disks"] = a.PhysicalDisks
	}
	if a.NeedsReboot != nil {
		info["needs_reboot"] = *a.NeedsReboot
	}
	if a.MaintenanceMode {
		info["maintenance_mode"] = true
	}
	if desc := none(deref(a.Description)); desc != "" {
		info["description"] = desc
	}
	if len(info) > 0 {
		ext.SystemInfo = rmm.Some(info)
	}
	return d
}

var virtual = regexp.MustCompile(`(?i)vmware|qemu|virtualbox|virtual machine|kvm|hyper-v|xen|bochs|parallels`)

// gigabytes parses Tactical's human sizes ("465.3G", "512.0 GB", "995M").
func gigabytes(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "B"), "I")
	if s == "" {
		return 0, false
	}
	unit := s[len(s)-1]
	num := strings.TrimSpace(s[:len(s)-1])
	mult := 0.0
	switch unit {
	case 'K':
		mult = 1.0 / (1 << 20)
	case 'M':
		mult = 1.0 / (1 << 10)
	case 'G':
		mult = 1
	case 'T':
		mult = 1 << 10
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return v * mult, true
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// lanIP is the first IPv4 address of a list such as "192.168.1.10,
// 10.0.0.5" or "192.168.45.113/24, fe80::1/64" that is not loopback or
// link-local.
func lanIP(list string) string {
	for _, part := range strings.Split(list, ",") {
		part, _, _ = strings.Cut(strings.TrimSpace(part), "/")
		a, err := netip.ParseAddr(part)
		if err == nil && a.Is4() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && !a.IsUnspecified() {
			return a.String()
		}
	}
	return ""
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// wmiFacts are what rmmgraph reads from wmi_detail.
type wmiFacts struct {
	serial, makeModel string
	ips               []string
}

// readWMI reads the serial, make/model and IPs of wmi_detail: Windows keeps
// lists of lists of WMI objects (bios[0][0].SerialNumber), posix agents a
// flat object (serialnumber, make_model, local_ips).
func readWMI(raw json.RawMessage) wmiFacts {
	var out wmiFacts
	var m map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return out
	}
	if s, ok := m["serialnumber"].(string); ok {
		out.serial = none(s)
	}
	if s, ok := m["make_model"].(string); ok {
		out.makeModel = none(s)
	}
	if list, ok := m["local_ips"].([]any); ok {
		for _, v := range list {
			if s, ok := v.(string); ok {
				out.ips = append(out.ips, s)
			}
		}
	}
	first := func(key, field string, clean func(string) string) string {
		outer, _ := m[key].([]any)
		for _, o := range outer {
			inner, _ := o.([]any)
			for _, i := range inner {
				if obj, ok := i.(map[string]any); ok {
					if s, ok := obj[field].(string); ok && clean(s) != "" {
						return clean(s)
					}
				}
			}
		}
		return ""
	}
	if out.serial == "" {
		out.serial = first("bios", "SerialNumber", func(s string) string { return rmm.CleanSerial(none(s)).V })
	}
	if out.makeModel == "" {
		out.makeModel = strings.TrimSpace(first("comp_sys", "Manufacturer", none) + " " + first("comp_sys", "Model", none))
	}
	if len(out.ips) == 0 {
		if outer, ok := m["network_config"].([]any); ok {
			for _, o := range outer {
				inner, _ := o.([]any)
				for _, i := range inner {
					obj, _ := i.(map[string]any)
					if addrs, ok := obj["IPAddress"].([]any); ok {
						for _, a := range addrs {
							if s, ok := a.(string); ok {
								out.ips = append(out.ips, s)
							}
						}
					}
				}
			}
		}
	}
	return out
}
