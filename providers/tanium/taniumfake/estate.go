package taniumfake

import (
	"fmt"
	"strconv"
	"time"
)

// Endpoint is one endpoint of the synthetic estate, as the Gateway
// returns it (field names as in the schema).
type Endpoint map[string]any

// Group is a computer group.
type Group struct {
	ID, Name string
}

// Estate is a deterministic synthetic Tanium deployment.
type Estate struct {
	Groups    []Group
	Endpoints []Endpoint
	// members lists, per group id, the indexes of its endpoints.
	members map[string][]int
	removed map[int]bool
}

// AgeOut makes endpoint i last seen 40 days before now: TDS no longer
// returns it, the Asset API still does.
func (e *Estate) AgeOut(i int, now time.Time) {
	e.Endpoints[i]["eidLastSeen"] = now.Add(-40 * 24 * time.Hour).UTC().Format(time.RFC3339)
}

// CheckIn makes endpoint i last seen at a time.
func (e *Estate) CheckIn(i int, at time.Time) {
	e.Endpoints[i]["eidLastSeen"] = at.UTC().Format(time.RFC3339)
}

// Remove deletes endpoint i from Tanium altogether.
func (e *Estate) Remove(i int) { e.removed[i] = true }

// NewEstate makes n endpoints in g groups, seen relative to now. Endpoint i
// belongs to group i mod g, and every tenth endpoint of a group also to the
// next group, as overlapping Tanium groups do. The values carry the quirks of real
// Gateway responses: display-string sizes, sensor errors, placeholder
// serials, "No Domain", endpoints not seen for days.
func NewEstate(n, g int, now time.Time) *Estate {
	e := &Estate{members: map[string][]int{}, removed: map[int]bool{}}
	for i := range g {
		e.Groups = append(e.Groups, Group{ID: strconv.Itoa(1001 + i), Name: fmt.Sprintf("Client %02d Computers", i+1)})
	}
	for i := range n {
		e.Endpoints = append(e.Endpoints, endpoint(i, now))
		grp := e.Groups[i%g].ID
		e.members[grp] = append(e.members[grp], i)
		if (i/g)%10 == 0 && g > 1 { // every tenth endpoint of each group
			next := e.Groups[(i+1)%g].ID
			e.members[next] = append(e.members[next], i)
		}
	}
	return e
}

func endpoint(i int, now time.Time) Endpoint {
	platform, osName, generation, chassis := "Windows", "Windows 11 Enterprise", "Windows 11", "Notebook"
	switch {
	case i%20 == 0:
		platform, osName, generation, chassis = "Windows", "Windows Server 2022 Datacenter", "Windows Server 2022", "Other"
	case i%7 == 0:
		platform, osName, generation, chassis = "Linux", "Ubuntu 22.04.4 LTS", "Ubuntu 22.04", "Other"
	case i%11 == 0:
		platform, osName, generation, chassis = "Mac", "macOS (14.5 (23F79))", "macOS 14.5", "Laptop"
	case i%23 == 0: // an older client that reports no platform
		platform, osName, generation, chassis = "Unknown", "Windows Server 2019 Standard", "Windows Server 2019", "Other"
	}
	serial := fmt.Sprintf("PF%06X", i*7919)
	manufacturer, model := "LENOVO", "21C1S0B300"
	virtual := false
	switch {
	case i%13 == 0:
		serial = "To Be Filled By O.E.M."
	case i%20 == 0:
		serial, manufacturer, model, virtual = fmt.Sprintf("VMware-42 10 1f f4 %02x %02x", i%256, (i/256)%256), "VMware, Inc.", "VMware7,1", true
	}
	user := fmt.Sprintf(`ACME\user%04d`, i%5000)
	if i%17 == 0 {
		user = "Error: No inventory has been collected"
	}
	memory := "16384 MB"
	if i%3 == 0 {
		memory = "48 GB"
	}
	// Last seen spread over two days; every 50th endpoint a week ago.
	lastSeen := now.Add(-time.Duration(i%(48*60)) * time.Minute).UTC().Truncate(time.Second)
	if i%50 == 0 {
		lastSeen = now.Add(-7 * 24 * time.Hour).UTC().Truncate(time.Second)
	}
	apps := []any{
		map[string]any{"name": "Google Chrome", "version": "126.0.6478.127", "silentUninstallString": "", "uninstallable": true},
		map[string]any{"name": "Tanium Client", "version": "7.6.2.1218", "silentUninstallString": "", "uninstallable": false},
	}
	if i%9 == 0 {
		apps = append(apps, map[string]any{"name": "TSE-Error: Failed to send to sensor child process: timed out", "version": "", "silentUninstallString": "", "uninstallable": nil})
	}
	domain := "acme.local"
	if i%5 == 0 {
		domain = "No Domain"
	}
	ip := fmt.Sprintf("10.%d.%d.%d", (i>>16)&255, (i>>8)&255, i&255+1)
	mac := fmt.Sprintf("00:1a:2b:%02x:%02x:%02x", (i>>16)&255, (i>>8)&255, i&255)
	// Last Reboot sensor: RFC 2822 style, hours before last seen; some
	// endpoints have not answered it yet.
	reboot := lastSeen.Add(-time.Duration(1+i%300) * time.Hour).In(time.FixedZone("", -4*3600)).Format(time.RFC1123Z)
	if i%19 == 0 {
		reboot = "[no results]"
	}
	// Discover: a public NAT address, a private one, or none seen.
	var discover any = map[string]any{"discoverMethod": "arp", "discoverProfile": "", "natIpAddress": fmt.Sprintf("203.0.113.%d", i%250+1), "openPorts": []any{443}}
	switch {
	case i%4 == 1:
		discover = map[string]any{"discoverMethod": "arp", "discoverProfile": "", "natIpAddress": "192.168.1.1", "openPorts": []any{}}
	case i%8 == 2:
		discover = nil
	}
	var risk any = map[string]any{"totalScore": float64(100 + i%900), "riskLevel": "Medium", "assetCriticality": []string{"Low", "Medium", "High", "Critical"}[i%4], "criticalityScore": float64(1 + i%4)}
	if i%6 == 5 {
		risk = nil
	}
	return Endpoint{
		"id": strconv.Itoa(100000 + i), "computerID": strconv.Itoa(3553271117 + i), "systemUUID": fmt.Sprintf("4C4C4544-0030-%04X-8030-B4C04F%06X", i%65536, i),
		"name": fmt.Sprintf("ACME-%05d", i), "domainName": domain, "serialNumber": serial, "manufacturer": manufacturer, "model": model,
		"chassisType": chassis, "eidFirstSeen": now.Add(-90 * 24 * time.Hour).UTC().Format(time.RFC3339), "eidLastSeen": lastSeen.Format(time.RFC3339),
		"namespace": "", "ipAddress": ip, "ipAddresses": []any{ip, "fe80::1c2b:3aff:fe4d:5e6f"},
		"macAddresses": []any{mac},
		"isVirtual":    virtual, "isEncrypted": i%4 != 0,
		"primaryUser":      map[string]any{"name": user, "email": "", "phoneNumber": "", "department": "", "city": "", "country": ""},
		"lastLoggedInUser": fmt.Sprintf(`ACME\last%04d`, i%5000),
		"os":               map[string]any{"name": osName, "platform": platform, "generation": generation, "language": "English", "windows": nil},
		"memory":           map[string]any{"total": memory, "ram": memory},
		"processor":        map[string]any{"cpu": "Intel(R) Core(TM) i7-1265U", "logicalProcessors": 12, "manufacturer": "GenuineIntel", "speed": "2688 Mhz", "architecture": "x64", "cacheSize": "", "consumption": "", "highConsumption": "", "family": "", "revision": ""},
		"disks": []any{
			map[string]any{"name": "C:", "total": "476G", "free": fmt.Sprintf("%dG", 40+i%400), "usedPercentage": fmt.Sprintf("%d%%", 100-(40+i%400)*100/476), "usedSpace": ""},
		},
		"installedApplications": apps,
		"networking": map[string]any{"dnsServers": []any{"10.0.0.53", "10.0.0.54"}, "adapters": []any{
			map[string]any{"name": "Intel(R) Ethernet Connection I219-LM", "manufacturer": "Intel", "type": "Ethernet 802.3", "macAddress": mac, "speed": "1000 Mbps", "connectionId": "Ethernet"},
		}},
		"sensorReadings": map[string]any{"columns": []any{map[string]any{"name": "Last Reboot", "values": []any{reboot}}}},
		"discover":       discover,
		"risk":           risk,
	}
}
