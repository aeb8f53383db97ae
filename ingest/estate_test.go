package ingest_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A labelled estate: physical devices with ground truth, reported by up to
// three RMMs that each know a different subset of identifiers, over three
// rounds of syncs with the mess of a real fleet between them.

// estateRMMs are the estate's providers: the first reports hardware UUIDs,
// MACs and manufacturers (endpoint management); the second MACs and
// manufacturers but no UUID; the third serial and host name only.
var estateRMMs = []string{"rmma", "rmmb", "rmmc"}

// physical is one real device.
type physical struct {
	serial, uuid, host, maker, scope string
	macs                             []string
	in                               []int    // which providers report it
	agent                            []string // its agent id per provider ("" where absent)
	renamedIn                        int      // a provider that still reports an old host name, or -1
}

// labelled is a generated estate and its rounds.
type labelled struct {
	devices []physical
	truth   map[string]int // "provider/agent id" -> physical device
	rounds  [][][]rmm.Device
}

func (l *labelled) report(p int, n int, d *physical, host string) rmm.Device {
	dev := rmm.Device{ExternalID: d.agent[p], ScopeID: d.scope, Lifecycle: rmm.LifecycleActive, AssetType: rmm.AssetWorkstation,
		Name: host, SerialNumber: rmm.Some(d.serial), AgentStatus: rmm.AgentOnline, LastSeenAt: rmm.Some(t0.Add(time.Duration(n) * time.Second)),
		Extension: rmm.Extension{OSVersion: rmm.Some(fmt.Sprintf("build %d", p)), RAMGB: rmm.Some(16)}}
	switch p {
	case 0:
		dev.Identifiers = rmm.Identifiers{HardwareUUID: d.uuid, MACs: d.macs, Manufacturer: d.maker}
	case 1:
		dev.Identifiers = rmm.Identifiers{MACs: d.macs, Manufacturer: d.maker}
	}
	l.truth[estateRMMs[p]+"/"+d.agent[p]] = n
	return dev
}

// newLabelled generates n physical devices: 30% reported by two RMMs and 5%
// by three; 4% placeholder serials, 4% cloned virtual machines in groups of
// four (shared VM serial and UUID), 2% with a host name shared by many, 3%
// renamed in one RMM; then round 2
// re-images 2% (a new agent id in the first RMM), moves 3% to the other
// client and drops 3% from one RMM, and round 3 brings those back.
func newLabelled(n int, seed uint64) *labelled {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	l := &labelled{truth: map[string]int{}}
	makers := []string{"Dell Inc.", "LENOVO", "HP", "Microsoft Corporation"}
	placeholders := []string{"To be filled by O.E.M.", "Default string", "System Serial Number", "0"}
	for i := range n {
		d := physical{
			serial: fmt.Sprintf("%s%07X", []string{"5CG", "PF3", "CZC", "MXL"}[i%4], r.Uint32()&0xfffffff),
			uuid:   uuid.NewSHA1(uuid.NameSpaceOID, []byte(strconv.Itoa(i)+"/"+strconv.FormatUint(seed, 10))).String(),
			host:   fmt.Sprintf("WS-%05d", i), maker: makers[r.IntN(len(makers))], scope: []string{"s1", "s2"}[r.IntN(2)],
			macs:  []string{fmt.Sprintf("00:1b:%02x:%02x:%02x:%02x", i>>16&255, i>>8&255, i&255, r.IntN(256))},
			agent: make([]string, len(estateRMMs)), renamedIn: -1,
		}
		switch x := r.Float64(); {
		case x < 0.04:
			d.serial = placeholders[r.IntN(len(placeholders))]
		case x < 0.08:
			leader := i - i%4 // clones of one template share its serial and UUID
			d.serial = fmt.Sprintf("VMware-42 10 1f f4 %02x %02x", leader>>8&255, leader&255)
			d.uuid = fmt.Sprintf("42101FF4-0000-0000-0000-%012X", leader)
			d.maker = "VMware, Inc."
			d.macs = []string{fmt.Sprintf("00:50:56:%02x:%02x:%02x", i>>16&255, i>>8&255, i&255)}
		}
		if r.Float64() < 0.02 {
			d.host = "RECEPTION" // a name many clients give a machine
		}
		switch x := r.Float64(); {
		case x < 0.05:
			d.in = []int{0, 1, 2}
		case x < 0.35:
			p := r.Perm(3)
			d.in = []int{p[0], p[1]}
		default:
			d.in = []int{r.IntN(3)}
		}
		for _, p := range d.in {
			d.agent[p] = fmt.Sprintf("%s-%06d", estateRMMs[p], i)
		}
		if len(d.in) > 1 && r.Float64() < 0.03 {
			d.renamedIn = d.in[len(d.in)-1]
		}
		l.devices = append(l.devices, d)
	}
	gone := map[int]int{} // device -> the provider that misses it in round 2
	for round := range 3 {
		reports := make([][]rmm.Device, len(estateRMMs))
		for i := range l.devices {
			d := &l.devices[i]
			if round == 1 {
				switch x := r.Float64(); {
				case x < 0.02 && d.agent[0] != "":
					d.agent[0] = fmt.Sprintf("rmma-%06d-reimaged", i)
				case x < 0.05:
					d.scope = map[string]string{"s1": "s2", "s2": "s1"}[d.scope]
				case x < 0.08:
					gone[i] = d.in[r.IntN(len(d.in))]
				}
			}
			for _, p := range d.in {
				if p2, ok := gone[i]; ok && round == 1 && p2 == p {
					continue
				}
				host := d.host
				if p == d.renamedIn {
					host = fmt.Sprintf("OLD-%05d", i)
				}
				reports[p] = append(reports[p], l.report(p, i, d, host))
			}
		}
		l.rounds = append(l.rounds, reports)
	}
	return l
}

// identityScore is how a fleet's assets compare with the ground truth.
type identityScore struct {
	wrongMerges           int // assets holding reports of different physical devices
	pairs, merged, queued int
	queue, falseQueued    int // open candidates; of them, between different devices
}

func (s identityScore) recall() float64 {
	if s.pairs == 0 {
		return 1
	}
	return float64(s.merged+s.queued) / float64(s.pairs)
}

func (f *fleet) score(l *labelled) identityScore {
	f.t.Helper()
	var rows []struct {
		Provider string `bun:"integration_type"`
		Agent    string `bun:"external_entity_id"`
		Asset    string `bun:"alga_entity_id"`
	}
	if err := f.s.DB.NewSelect().TableExpr("tenant_external_entity_mappings").ColumnExpr("integration_type, external_entity_id, alga_entity_id").
		Where("tenant = ?", f.db.ID()).Scan(f.ctx, &rows); err != nil {
		f.t.Fatal(err)
	}
	assetOf := map[string]string{}
	devicesOf := map[string]map[int]bool{}
	reports := map[int][]string{} // physical -> its reports' assets
	for _, r := range rows {
		n, ok := l.truth[r.Provider+"/"+r.Agent]
		if !ok {
			f.t.Fatalf("mapping %s/%s is no generated device", r.Provider, r.Agent)
		}
		assetOf[r.Provider+"/"+r.Agent] = r.Asset
		if devicesOf[r.Asset] == nil {
			devicesOf[r.Asset] = map[int]bool{}
		}
		devicesOf[r.Asset][n] = true
		reports[n] = append(reports[n], r.Asset)
	}
	var s identityScore
	for _, devs := range devicesOf {
		if len(devs) > 1 {
			s.wrongMerges++
		}
	}
	cands := map[[2]string]bool{}
	for _, status := range []string{store.CandidateOpen, store.CandidateRejected} {
		for after := ""; ; {
			edges, more, err := f.db.Candidates(f.ctx, store.Page{First: 1000, After: after}, store.CandidateFilter{Statuses: []string{status}})
			if err != nil {
				f.t.Fatal(err)
			}
			for _, e := range edges {
				a, m := e.Node.AssetID.String(), e.Node.MatchAssetID.String()
				cands[[2]string{a, m}], cands[[2]string{m, a}] = true, true
				if status == store.CandidateOpen {
					s.queue++
					if !sameDevice(devicesOf[a], devicesOf[m]) {
						s.falseQueued++
					}
				}
				after = e.Cursor
			}
			if !more {
				break
			}
		}
	}
	for _, assets := range reports {
		for i := range assets {
			for j := i + 1; j < len(assets); j++ {
				s.pairs++
				switch {
				case assets[i] == assets[j]:
					s.merged++
				case cands[[2]string{assets[i], assets[j]}]:
					s.queued++
				}
			}
		}
	}
	return s
}

func sameDevice(a, b map[int]bool) bool {
	for n := range a {
		if b[n] {
			return true
		}
	}
	return false
}

// runEstate syncs every round of the estate: into one tenant, or (apart) each
// RMM into a tenant of its own, which is the same work without any
// cross-provider correlation. It returns the time the syncs took.
func runEstate(t testing.TB, s *store.Store, l *labelled, apart bool) (took, correlation time.Duration, fleets []*fleet) {
	if apart {
		for _, id := range estateRMMs {
			fleets = append(fleets, newFleet(t, s, ingest.Options{}, id))
		}
	} else {
		fleets = []*fleet{newFleet(t, s, ingest.Options{}, estateRMMs...)}
	}
	for _, reports := range l.rounds {
		for p, id := range estateRMMs {
			f := fleets[0]
			if apart {
				f = fleets[p]
			}
			f.set(id, reports[p])
			start := time.Now()
			run := f.sync(id)
			took += time.Since(start)
			correlation += run.Correlation
		}
	}
	return took, correlation, fleets
}

// The labelled estate in small: no wrong merge, and at least 99% of true
// duplicates merged or queued.
func TestLabelledEstateIdentity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := newLabelled(1200, 7)
		_, _, fleets := runEstate(t, s, l, false)
		sc := fleets[0].score(l)
		t.Logf("%+v recall %.4f", sc, sc.recall())
		if sc.wrongMerges != 0 {
			t.Errorf("%d wrong merges", sc.wrongMerges)
		}
		if sc.recall() < 0.99 {
			t.Errorf("%d of %d true duplicates merged or queued (%.2f%%), want 99%%", sc.merged+sc.queued, sc.pairs, 100*sc.recall())
		}
	})
}

// BenchmarkIdentityEstate prints the labelled estate's figures at scale:
// wrong merges, true duplicates merged or queued, the queue, and the cost of
// correlation as the share of sync time it adds over the same syncs with
// each RMM in a tenant of its own (medians of RMMGRAPH_BENCH_REPS).
func BenchmarkIdentityEstate(b *testing.B) {
	n := 10000
	if v := os.Getenv("RMMGRAPH_BENCH_IDENTITY_DEVICES"); v != "" {
		fmt.Sscan(v, &n)
	}
	reps := 3
	if v := os.Getenv("RMMGRAPH_BENCH_REPS"); v != "" {
		fmt.Sscan(v, &reps)
	}
	report := &benchReport{b: b}
	for b.Loop() {
		for _, d := range benchDialects() {
			l := newLabelled(n, 42)
			var share, added figure
			var sc identityScore
			var with, apart, corr time.Duration
			for range reps {
				// The same syncs with each RMM in a tenant of its own do no
				// correlation: a baseline for what it adds in all. Each in a
				// database of its own, so neither pays for the other's rows.
				apart, _, _ = runEstate(b, storetest.Open(b, d), l, true)
				var fleets []*fleet
				with, corr, fleets = runEstate(b, storetest.Open(b, d), l, false)
				share.add(100 * corr.Seconds() / with.Seconds())
				added.add(100 * (with - apart).Seconds() / with.Seconds())
				sc = fleets[0].score(l)
			}
			line, check := report.line, report.check
			line("identity estate on %s: %d physical devices, %d reports over 3 rounds, %d true duplicate pairs", d, n, len(l.truth), sc.pairs)
			line("    syncs %.2f s, of which correlation %.2f s; the same syncs with each RMM apart %.2f s (last repetition)", with.Seconds(), corr.Seconds(), apart.Seconds())
			check(sc.wrongMerges == 0, "wrong merges %d (goal 0)", sc.wrongMerges)
			check(sc.recall() >= 0.99, "true duplicates merged %d + queued %d of %d = %.2f%% (goal ≥ 99%%)", sc.merged, sc.queued, sc.pairs, 100*sc.recall())
			line("    review queue %d open candidates, %d of them between different devices", sc.queue, sc.falseQueued)
			report.goal(share.median() <= 15, "correlation step, %% of sync time %s (goal ≤ 15)%s", share, share.over(15))
			line("    sync time added over each RMM apart, %% (matched writes included) %s", added)
		}
	}
	b.Log("\n" + report.String())
}
