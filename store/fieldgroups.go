package store

import (
	"fmt"
	"maps"
	"slices"
)

// FieldGroup is a group of asset columns that comes from one provider when
// several report the asset: which provider's value shows follows the
// tenant's source precedence for the group.
type FieldGroup uint8

const (
	GroupGeneral  FieldGroup = iota // name, client, location, asset type
	GroupHardware                   // serial, CPU, memory, disks, adapters, model
	GroupOS                         // operating system and installed software
	GroupUser                       // the logged-on user
	GroupAgent                      // agent status, last seen, agent version, addresses, reboots
	GroupPatching                   // pending and failed patches, last scan
	GroupSecurity                   // antivirus
	numGroups
)

// FieldGroups lists every group, in order.
var FieldGroups = []FieldGroup{GroupGeneral, GroupHardware, GroupOS, GroupUser, GroupAgent, GroupPatching, GroupSecurity}

var groupNames = [...]string{"general", "hardware", "os", "user", "agent", "patching", "security"}

func (g FieldGroup) String() string { return groupNames[g] }

// ParseFieldGroup reads a group's name.
func ParseFieldGroup(s string) (FieldGroup, error) {
	if i := slices.Index(groupNames[:], s); i >= 0 {
		return FieldGroup(i), nil
	}
	return 0, fmt.Errorf("unknown field group %q", s)
}

// Groups is a set of field groups.
type Groups uint8

// AllGroups holds every group.
const AllGroups = Groups(1<<numGroups - 1)

// Has reports whether g is in the set.
func (s Groups) Has(g FieldGroup) bool { return s&(1<<g) != 0 }

// columnGroups says which group each written column belongs to. Columns
// missing here (the bookkeeping stamps and status) are written by every
// source; a test checks that every other written column has a group.
var columnGroups = map[string]FieldGroup{
	"client_id": GroupGeneral, "asset_type": GroupGeneral, "name": GroupGeneral, "location": GroupGeneral,
	"serial_number": GroupHardware, "cpu_model": GroupHardware, "cpu_cores": GroupHardware, "ram_gb": GroupHardware,
	"disk_usage": GroupHardware, "system_info": GroupHardware, "gpu_model": GroupHardware, "storage_capacity_gb": GroupHardware,
	"network_interfaces": GroupHardware, "is_virtual": GroupHardware, "hypervisor": GroupHardware, "storage_config": GroupHardware,
	"model": GroupHardware, "imei": GroupHardware, "phone_number": GroupHardware, "carrier": GroupHardware,
	"os_type": GroupOS, "os_version": GroupOS, "installed_software": GroupOS,
	"current_user": GroupUser,
	"rmm_provider": GroupAgent, "rmm_device_id": GroupAgent, "rmm_organization_id": GroupAgent, "agent_status": GroupAgent,
	"last_seen_at": GroupAgent, "agent_version": GroupAgent, "uptime_seconds": GroupAgent, "lan_ip": GroupAgent, "wan_ip": GroupAgent,
	"last_reboot_at": GroupAgent, "primary_ip": GroupAgent, "last_check_in": GroupAgent, "ip_address": GroupAgent,
	"pending_patches": GroupPatching, "pending_os_patches": GroupPatching, "pending_software_patches": GroupPatching,
	"failed_patches": GroupPatching, "last_patch_scan_at": GroupPatching,
	"antivirus_status": GroupSecurity, "antivirus_product": GroupSecurity,
}

// groupMasks holds, per written table, the column bits of each group; the
// ungrouped columns are in every group's reach (ungroupedMask).
var groupMasks = map[*table]*[numGroups]uint64{}

func init() {
	for _, t := range writtenTables {
		var m [numGroups]uint64
		for i, c := range t.cols {
			if g, ok := columnGroups[c.name]; ok {
				m[g] |= 1 << uint(i)
			}
		}
		groupMasks[t] = &m
	}
}

// columnsOf returns the bits of t's columns that the groups in s may write,
// plus the ungrouped ones.
func columnsOf(t *table, s Groups) uint64 {
	m := groupMasks[t]
	var grouped, out uint64
	for g := range numGroups {
		grouped |= m[g]
		if s.Has(g) {
			out |= m[g]
		}
	}
	return out | ^grouped
}

// suppliedGroups returns the groups of which a row sets a column.
func suppliedGroups(t *table, r row) Groups {
	m := groupMasks[t]
	var s Groups
	for g := range numGroups {
		if r.mask&m[g] != 0 {
			s |= 1 << g
		}
	}
	return s
}

// Groups returns the field groups the device supplied.
func (r *DeviceRows) Groups() Groups { return r.groups }

// Restrict keeps only the columns of the groups in own (and the ones every
// source writes): what a provider may write to an asset other providers
// report too. The fingerprints are those of the whole device.
func (r DeviceRows) Restrict(own Groups) DeviceRows {
	r.asset.mask &= columnsOf(assetsTable, own)
	if r.extTable != nil {
		r.ext.mask &= columnsOf(r.extTable, own)
	}
	return r
}

// Precedence is a tenant's source order per field group.
type Precedence map[FieldGroup][]string

// With returns p with the groups it does not set taken from defaults.
func (p Precedence) With(defaults Precedence) Precedence {
	out := maps.Clone(defaults)
	if out == nil {
		out = Precedence{}
	}
	maps.Copy(out, p)
	return out
}

// rank is a provider's place in a group's order: lower wins; providers
// the order does not list come after, by id.
func (p Precedence) rank(g FieldGroup, provider string) (int, string) {
	order := p[g]
	if i := slices.Index(order, provider); i >= 0 {
		return i, ""
	}
	return len(order), provider
}

// Above reports whether provider a ranks above b for a group.
func (p Precedence) Above(g FieldGroup, a, b string) bool {
	ra, na := p.rank(g, a)
	rb, nb := p.rank(g, b)
	return ra < rb || (ra == rb && na < nb)
}

// Source is one provider's mapping of an asset, as precedence sees it.
type Source struct {
	Provider string
	Groups   Groups // the groups it last supplied
	Active   bool   // not retired
}

// Owned returns the groups provider may write to an asset these other
// sources also report: those for which no active source that supplies the
// group ranks above it.
func (p Precedence) Owned(provider string, others []Source) Groups {
	own := AllGroups
	for _, g := range FieldGroups {
		for _, o := range others {
			if o.Active && o.Groups.Has(g) && p.Above(g, o.Provider, provider) {
				own &^= 1 << g
				break
			}
		}
	}
	return own
}

// Origin is the provider whose value a group shows: the highest-ranked
// active source that supplies it, or, with none active, the highest-ranked
// source that does.
func (p Precedence) Origin(g FieldGroup, sources []Source) string {
	best := ""
	bestActive := false
	for _, s := range sources {
		if !s.Groups.Has(g) {
			continue
		}
		if best == "" || (s.Active && !bestActive) || (s.Active == bestActive && p.Above(g, s.Provider, best)) {
			best, bestActive = s.Provider, s.Active
		}
	}
	return best
}
