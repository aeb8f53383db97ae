package store

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// digestVersion changes whenever EncodeDevice starts reading a device
// differently (a new column, a new rule): stored digests then no longer
// match, and every device is encoded and compared once.
const digestVersion = "1"

// DeviceDigest hashes everything EncodeDevice reads off a device, except
// its heartbeat (last seen, agent status), which is compared with the
// stored values directly. Equal digests mean equal rows, so an unchanged
// device needs no encoding. A test checks that every field of rmm.Device
// changes it.
func DeviceDigest(provider string, d *rmm.Device, client uuid.UUID) string {
	g := digesters.Get().(*digester)
	defer g.release()
	g.str(digestVersion)
	g.str(provider)
	g.b = append(g.b, client[:]...)
	g.str(d.ExternalID)
	g.str(d.ScopeID)
	g.str(string(d.Lifecycle))
	g.str(string(d.AssetType))
	g.str(d.Name)
	optStr(g, d.SerialNumber)
	optStr(g, d.Location)
	g.str(d.SkipReason)
	g.str(d.Identifiers.SourceID)
	g.str(d.Identifiers.HardwareUUID)
	g.strs(d.Identifiers.MACs)
	g.str(d.Identifiers.Manufacturer)
	g.value(d.Metadata)
	e := &d.Extension
	// One call per field, no slice of them: this runs for every device of
	// every sync.
	optStr(g, e.OSType)
	optStr(g, e.OSVersion)
	optStr(g, e.AgentVersion)
	optStr(g, e.CurrentUser)
	optStr(g, e.LanIP)
	optStr(g, e.WanIP)
	optStr(g, e.AntivirusStatus)
	optStr(g, e.AntivirusProduct)
	optStr(g, e.CPUModel)
	optStr(g, e.GPUModel)
	optStr(g, e.Model)
	optStr(g, e.IMEI)
	optStr(g, e.PhoneNumber)
	optStr(g, e.Carrier)
	optStr(g, e.Hypervisor)
	optInt(g, e.PendingPatches)
	optInt(g, e.PendingOSPatches)
	optInt(g, e.PendingSoftwarePatches)
	optInt(g, e.FailedPatches)
	optInt(g, e.CPUCores)
	optInt(g, e.RAMGB)
	optInt(g, e.StorageCapacityGB)
	g.flag(e.UptimeSeconds.Set)
	g.num(uint64(e.UptimeSeconds.V))
	optTime(g, e.LastRebootAt)
	optTime(g, e.LastPatchScanAt)
	g.flag(e.IsVirtual.Set)
	g.flag(e.IsVirtual.V)
	g.flag(e.DiskUsage.Set)
	for _, u := range e.DiskUsage.V {
		g.str(u.Name)
		for _, f := range []float64{u.TotalGB, u.FreeGB, u.UtilizationPercent} {
			g.num(math.Float64bits(f))
		}
	}
	g.flag(e.InstalledSoftware.Set)
	for _, s := range e.InstalledSoftware.V {
		g.str(s.Name)
		g.str(s.Version)
		g.str(s.Publisher)
	}
	g.flag(e.NetworkInterfaces.Set)
	for _, n := range e.NetworkInterfaces.V {
		g.str(n.Name)
		g.str(n.MACAddress)
		g.strs(n.IPAddresses)
		g.strs(n.DNSServers)
		g.str(n.Type)
		g.num(uint64(n.SpeedMbps))
	}
	g.flag(e.SystemInfo.Set)
	g.value(e.SystemInfo.V)
	return strconv.FormatUint(xxhash.Sum64(g.b), 16)
}

// digester collects the bytes a digest hashes, hashed in one call: far
// cheaper than feeding a hash state dozens of small writes.
type digester struct{ b []byte }

var digesters = sync.Pool{New: func() any { return &digester{b: make([]byte, 0, 1024)} }}

// release returns the digester to the pool, unless one device's long
// inventory grew its buffer too much to keep.
func (g *digester) release() {
	if cap(g.b) <= 64<<10 {
		g.b = g.b[:0]
		digesters.Put(g)
	}
}

func (g *digester) str(s string) {
	g.b = append(g.b, s...)
	g.b = append(g.b, 0)
}

func (g *digester) strs(list []string) {
	g.num(uint64(len(list)))
	for _, s := range list {
		g.str(s)
	}
}

func (g *digester) num(v uint64) { g.b = binary.LittleEndian.AppendUint64(g.b, v) }

func (g *digester) flag(b bool) {
	var v byte
	if b {
		v = 1
	}
	g.b = append(g.b, v)
}

func optStr(g *digester, o rmm.Opt[string]) {
	g.flag(o.Set)
	g.str(o.V)
}

func optInt(g *digester, o rmm.Opt[int]) {
	g.flag(o.Set)
	g.num(uint64(o.V))
}

func optTime(g *digester, o rmm.Opt[time.Time]) {
	g.flag(o.Set)
	g.num(uint64(o.V.UnixMicro()))
}

// value hashes a JSON-shaped value (provider metadata, system info): maps
// by sorted key, with a tag per kind so that "1" and 1 differ.
func (g *digester) value(v any) {
	switch x := v.(type) {
	case nil:
		g.str("n")
	case string:
		g.str("s")
		g.str(x)
	case bool:
		g.str("b")
		g.flag(x)
	case float64:
		g.str("f")
		g.num(math.Float64bits(x))
	case int:
		g.str("i")
		g.num(uint64(x))
	case int64:
		g.str("i")
		g.num(uint64(x))
	case []string:
		g.str("a")
		g.strs(x)
	case []any:
		g.str("a")
		g.num(uint64(len(x)))
		for _, e := range x {
			g.value(e)
		}
	case map[string]any:
		g.str("m")
		var small [16]string // most maps are small: no allocation for their keys
		keys := small[:0]
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		g.num(uint64(len(keys)))
		for _, k := range keys {
			g.str(k)
			g.value(x[k])
		}
	default: // any other shape hashes as the JSON EncodeDevice writes of it
		b, _ := json.Marshal(x)
		g.str("j")
		g.str(string(b))
	}
}
