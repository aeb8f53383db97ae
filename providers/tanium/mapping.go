package tanium

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/providers/tanium/internal/gateway"
)

// Thresholds turn the age of eidLastSeen into an agent status.
type Thresholds struct {
	Online  time.Duration // seen within: online
	Offline time.Duration // seen within: overdue; longer ago: offline
}

// value drops the strings Tanium puts where data should be: sensor errors,
// "[no results]" and empty strings.
func value(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == "", strings.EqualFold(s, "[no results]"), strings.HasPrefix(s, "TSE-Error:"), strings.HasPrefix(s, "Error:"):
		return "", false
	}
	return s, true
}

func opt(s string) rmm.Opt[string] {
	if v, ok := value(s); ok {
		return rmm.Some(v)
	}
	return rmm.Opt[string]{}
}

var sizePattern = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGTP]?)(?:I?B)?\s*$`)

// parseGB reads a display size such as "48 GB", "16384 MB", "995G" or
// "512M" as gigabytes (powers of 1024).
func parseGB(s string) (float64, bool) {
	m := sizePattern.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	switch strings.ToUpper(m[2]) {
	case "":
		return n / (1 << 30), true // bytes
	case "K":
		return n / (1 << 20), true
	case "M":
		return n / 1024, true
	case "G":
		return n, true
	case "T":
		return n * 1024, true
	case "P":
		return n * 1024 * 1024, true
	}
	return 0, false
}

func parsePercent(s string) (float64, bool) {
	n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")), 64)
	return n, err == nil
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

var osFamily = map[gateway.EndpointPlatform]string{
	gateway.EndpointPlatformWindows: "Windows",
	gateway.EndpointPlatformMac:     "macOS",
	gateway.EndpointPlatformLinux:   "Linux",
	gateway.EndpointPlatformSolaris: "Solaris",
	gateway.EndpointPlatformAix:     "AIX",
}

var clientChassis = regexp.MustCompile(`(?i)laptop|notebook|desktop|portable|tablet|convertible|detachable|all in one|mini pc|tower`)

// assetType follows the OS: a server OS is a server; Windows and macOS are
// workstations; other Unix platforms are servers unless the chassis says
// laptop or desktop.
func assetType(e *gateway.Endpoint) rmm.AssetType {
	if strings.Contains(strings.ToLower(e.Os.Name), "server") {
		return rmm.AssetServer
	}
	switch e.Os.Platform {
	case gateway.EndpointPlatformWindows, gateway.EndpointPlatformMac:
		return rmm.AssetWorkstation
	case gateway.EndpointPlatformLinux, gateway.EndpointPlatformSolaris, gateway.EndpointPlatformAix:
		if clientChassis.MatchString(e.ChassisType) {
			return rmm.AssetWorkstation
		}
		return rmm.AssetServer
	}
	return rmm.AssetUnknown
}

// agentStatus derives connectivity from when TDS last saw the endpoint.
func agentStatus(lastSeen *time.Time, now time.Time, th Thresholds) rmm.AgentStatus {
	if lastSeen == nil || lastSeen.IsZero() {
		return rmm.AgentUnknown
	}
	switch age := now.Sub(*lastSeen); {
	case age <= th.Online:
		return rmm.AgentOnline
	case age <= th.Offline:
		return rmm.AgentOverdue
	}
	return rmm.AgentOffline
}

// device maps a Gateway endpoint to the normalized contract.
func device(e *gateway.Endpoint, scope string, now time.Time, th Thresholds) rmm.Device {
	d := rmm.Device{
		ExternalID:   e.Id,
		ScopeID:      scope,
		Lifecycle:    rmm.LifecycleActive,
		AssetType:    assetType(e),
		SerialNumber: opt(e.SerialNumber), // placeholders are dropped by the pipeline
		AgentStatus:  agentStatus(e.EidLastSeen, now, th),
		Metadata:     map[string]any{},
	}
	if name, ok := value(e.Name); ok {
		d.Name = name
	} else if id, ok := value(e.ComputerID); ok {
		d.Name = "tanium-" + id
	}
	if e.EidLastSeen != nil && !e.EidLastSeen.IsZero() {
		d.LastSeenAt = rmm.Some(e.EidLastSeen.UTC())
	}
	x := &d.Extension
	if fam, ok := osFamily[e.Os.Platform]; ok {
		x.OSType = rmm.Some(fam)
	} else if fam, ok := osFamilyOf(e.Os.Name); ok {
		x.OSType = rmm.Some(fam)
	}
	x.OSVersion = opt(e.Os.Name)
	if user, ok := value(e.PrimaryUser.Name); ok {
		x.CurrentUser = rmm.Some(user)
	} else {
		x.CurrentUser = opt(e.LastLoggedInUser)
	}
	if ip, ok := value(e.IpAddress); ok {
		x.LanIP = rmm.CleanIP(ip)
	}
	x.CPUModel = opt(e.Processor.Cpu)
	if e.Processor.LogicalProcessors > 0 {
		x.CPUCores = rmm.Some(e.Processor.LogicalProcessors)
	}
	if s, ok := value(e.Memory.Total); ok {
		if gb, ok := parseGB(s); ok && gb > 0 {
			x.RAMGB = rmm.Some(int(math.Round(gb)))
		}
	}
	if e.IsVirtual != nil {
		x.IsVirtual = rmm.Some(*e.IsVirtual)
	}
	if disks, total := diskUsage(e.Disks); len(disks) > 0 {
		x.DiskUsage = rmm.Some(disks)
		x.StorageCapacityGB = rmm.Some(int(math.Round(total)))
	}
	if nics := networkInterfaces(e); len(nics) > 0 {
		x.NetworkInterfaces = rmm.Some(nics)
	}
	info := map[string]any{}
	put := func(k, v string) {
		if v, ok := value(v); ok {
			info[k] = v
		}
	}
	if m := rmm.CleanManufacturer(stringOr(value(e.Manufacturer))); m.Set {
		info["manufacturer"] = m.V
		d.Identifiers.Manufacturer = m.V
	}
	if m := rmm.CleanModel(stringOr(value(e.Model))); m.Set {
		info["model"] = m.V
	}
	put("chassisType", e.ChassisType)
	if dom, ok := value(e.DomainName); ok && !strings.EqualFold(dom, "No Domain") {
		info["domainName"] = dom
	}
	if e.IsEncrypted != nil {
		info["isEncrypted"] = *e.IsEncrypted
	}
	put("computerID", e.ComputerID)
	if u, ok := value(e.SystemUUID); ok && !rmm.IsPlaceholderUUID(u) {
		info["systemUUID"] = u
	}
	put("namespace", e.Namespace)
	macs := cleanList(e.MacAddresses, rmm.CleanMAC)
	if len(macs) > 0 {
		info["macAddresses"] = macs
	}
	if ips := cleanList(e.IpAddresses, rmm.CleanIP); len(ips) > 0 {
		info["ipAddresses"] = ips
	}
	x.SystemInfo = rmm.Some(info)
	if id, ok := value(e.ComputerID); ok {
		d.Metadata["computerID"] = id
		d.Identifiers.SourceID = id // the Asset API's computer_id
	}
	if u, ok := info["systemUUID"].(string); ok {
		d.Metadata["systemUUID"] = u
		d.Identifiers.HardwareUUID = u
	}
	d.Identifiers.MACs = macs
	return d
}

func stringOr(s string, _ bool) string { return s }

// osNames tell the OS family from an OS name when the platform is empty or
// Unknown, in order: "Windows Server 2022 Standard" is Windows.
var osNames = []struct {
	re     *regexp.Regexp
	family string
}{
	{regexp.MustCompile(`(?i)\bwindows\b`), "Windows"},
	{regexp.MustCompile(`(?i)\b(mac ?os|os x)\b`), "macOS"},
	{regexp.MustCompile(`(?i)\b(linux|ubuntu|debian|red ?hat|rhel|centos|fedora|suse|sles|rocky|alma|amazon linux|oracle linux)\b`), "Linux"},
	{regexp.MustCompile(`(?i)\b(solaris|sunos)\b`), "Solaris"},
	{regexp.MustCompile(`(?i)\baix\b`), "AIX"},
}

func osFamilyOf(name string) (string, bool) {
	name, ok := value(name)
	if !ok {
		return "", false
	}
	for _, n := range osNames {
		if n.re.MatchString(name) {
			return n.family, true
		}
	}
	return "", false
}

// networkInterfaces are the endpoint's adapters with their MACs, the
// endpoint's DNS servers on each (Tanium reports them per endpoint).
func networkInterfaces(e *gateway.Endpoint) []rmm.NetworkInterface {
	var servers []string
	for _, d := range e.Networking.DnsServers {
		if d != nil {
			servers = append(servers, *d)
		}
	}
	dns := cleanList(servers, rmm.CleanIP)
	var out []rmm.NetworkInterface
	for _, a := range e.Networking.Adapters {
		if a == nil {
			continue
		}
		name, ok := value(a.Name)
		if !ok {
			continue
		}
		nic := rmm.NetworkInterface{Name: name, DNSServers: dns, SpeedMbps: speedMbps(a.Speed)}
		if mac, ok := value(a.MacAddress); ok {
			if m := rmm.CleanMAC(mac); m.Set {
				nic.MACAddress = m.V
			}
		}
		nic.Type, _ = value(a.Type)
		out = append(out, nic)
	}
	return out
}

func cleanList(in []string, clean func(string) rmm.Opt[string]) []string {
	var out []string
	for _, s := range in {
		if v, ok := value(s); ok {
			if c := clean(v); c.Set {
				out = append(out, c.V)
			}
		}
	}
	return out
}

func diskUsage(disks []gateway.Disk) ([]rmm.DiskUsage, float64) {
	var out []rmm.DiskUsage
	var total float64
	for _, dk := range disks {
		name, ok := value(dk.Name)
		if !ok || dk.Total == nil {
			continue
		}
		t, ok := parseGB(*dk.Total)
		if !ok || t <= 0 {
			continue
		}
		du := rmm.DiskUsage{Name: name, TotalGB: round2(t)}
		if dk.Free != nil {
			if f, ok := parseGB(*dk.Free); ok {
				du.FreeGB = round2(f)
			}
		}
		if dk.UsedPercentage != nil {
			if p, ok := parsePercent(*dk.UsedPercentage); ok {
				du.UtilizationPercent = round2(p)
			}
		} else if du.FreeGB > 0 {
			du.UtilizationPercent = round2(100 * (t - du.FreeGB) / t)
		}
		total += t
		out = append(out, du)
	}
	return out, total
}
