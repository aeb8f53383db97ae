package ingest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Cross-provider identity: when a device arrives that no mapping of its
// provider knows, it is compared with the tenant's assets that other
// providers report, by an ordered rule list (README, "Device identity"):
//
//  1. SMBIOS UUID and serial, neither a placeholder nor shared by several
//     assets;
//  2. serial and manufacturer (a serial that is not VM-class and not
//     shared; with a manufacturer unknown on one side the host names must
//     agree);
//  3. a shared stable MAC (not locally administered, not on several
//     assets) and the same host name.
//
// One asset matched by a rule, contradicted by none, of the same client and
// not reported by the device's own provider: the device's mapping is
// attached to it. Anything less certain (several assets, conflicting
// hardware ids, another client, a host name alone, the same provider) creates the
// asset and queues the pair for an admin.

// identity is what identifies one device or asset, normalized.
type identity struct {
	serial    string
	virtual   bool // the serial is VM-class: never identifies on its own
	uuid      string
	macs      []string
	host      string
	maker     string
	providers []string // providers with a mapping of the asset
}

// idAsset is one asset of the index.
type idAsset struct {
	id        uuid.UUID
	client    uuid.UUID
	assetType rmm.AssetType
	active    bool
	uuids     []string
	hosts     []string
	sources   []store.Source
	agents    []string // the device id of each provider in identity.providers
	identity
}

// externalIDOf is the asset's device id in a provider.
func (a *idAsset) externalIDOf(provider string) string {
	if i := slices.Index(a.providers, provider); i >= 0 {
		return a.agents[i]
	}
	return ""
}

// identityIndex is the tenant's assets by identifier, built once per run
// when a device unknown to its provider arrives and another provider has
// devices in the tenant.
type identityIndex struct {
	assets                      []idAsset
	bySerial, byUUID, byHost    map[string][]int32
	byMAC                       map[string][]int32
	assetIndex                  map[uuid.UUID]int32
	maxCandidates, maxProposals int
}

func newIdentityIndex(rows []store.IdentityRow) *identityIndex {
	n := len(rows) // about one identifier of each kind per asset: no map grows
	ix := &identityIndex{bySerial: make(map[string][]int32, n), byUUID: make(map[string][]int32, n), byHost: make(map[string][]int32, n),
		byMAC: make(map[string][]int32, n), assetIndex: make(map[uuid.UUID]int32, n), assets: make([]idAsset, 0, n), maxCandidates: 16, maxProposals: 3}
	makers := map[string]string{} // a fleet has a handful of manufacturers
	for _, r := range rows {
		i, ok := ix.assetIndex[r.AssetID]
		if !ok {
			i = int32(len(ix.assets))
			ix.assetIndex[r.AssetID] = i
			a := idAsset{id: r.AssetID, client: r.ClientID, assetType: rmm.AssetType(r.AssetType), active: r.AssetStatus != "inactive"}
			if r.Serial != nil {
				a.serial = normSerial(*r.Serial)
			}
			ix.assets = append(ix.assets, a)
		}
		a := &ix.assets[i]
		name, ids := r.Identity()
		a.providers = append(a.providers, r.Provider)
		a.agents = append(a.agents, r.ExternalID)
		a.sources = append(a.sources, store.Source{Provider: r.Provider, Groups: store.Groups(r.Groups), Active: !r.Retired})
		if u := normUUID(ids.HardwareUUID); u != "" && !slices.Contains(a.uuids, u) {
			a.uuids = append(a.uuids, u)
		}
		for _, m := range ids.MACs {
			if m = normMAC(m); m != "" && !slices.Contains(a.macs, m) {
				a.macs = append(a.macs, m)
			}
		}
		if h := normHost(name); h != "" && !slices.Contains(a.hosts, h) {
			a.hosts = append(a.hosts, h)
		}
		m, ok := makers[ids.Manufacturer]
		if !ok {
			m = normMaker(ids.Manufacturer)
			makers[ids.Manufacturer] = m
		}
		if m != "" {
			a.maker = m
			a.virtual = a.virtual || virtualMaker(m)
		}
	}
	for i := range ix.assets {
		a := &ix.assets[i]
		a.virtual = a.virtual || virtualSerial(a.serial)
		add := func(m map[string][]int32, k string) {
			if k != "" {
				m[k] = append(m[k], int32(i))
			}
		}
		add(ix.bySerial, a.serial)
		for _, u := range a.uuids {
			add(ix.byUUID, u)
		}
		for _, h := range a.hosts {
			add(ix.byHost, h)
		}
		for _, m := range a.macs {
			add(ix.byMAC, m)
		}
	}
	return ix
}

// deviceIdentity normalizes what identifies a device.
func deviceIdentity(d *rmm.Device) identity {
	id := identity{uuid: normUUID(d.Identifiers.HardwareUUID), host: normHost(d.Name), maker: normMaker(d.Identifiers.Manufacturer)}
	if d.SerialNumber.Set {
		id.serial = normSerial(d.SerialNumber.V)
	}
	for _, m := range d.Identifiers.MACs {
		if m = normMAC(m); m != "" && !slices.Contains(id.macs, m) {
			id.macs = append(id.macs, m)
		}
	}
	id.virtual = virtualSerial(id.serial) || virtualMaker(id.maker) || (d.Extension.IsVirtual.Set && d.Extension.IsVirtual.V)
	return id
}

// runCounts counts, over the devices of one provider in a run that its
// mappings do not know, how many carry each identifier: one carried by
// several (cloned machines) identifies none of them.
type runCounts map[string]int

func (c runCounts) add(id identity) {
	if id.serial != "" {
		c["s:"+id.serial]++
	}
	if id.uuid != "" {
		c["u:"+id.uuid]++
	}
	for _, m := range id.macs {
		c["m:"+m]++
	}
}

// proposal is a doubtful match for review.
type proposal struct {
	asset    int32
	rule     string
	reason   string
	evidence []store.Evidence
}

// verdict is what the rules concluded for one device.
type verdict struct {
	attach    int32 // the asset to attach to, or -1
	rule      string
	evidence  []store.Evidence
	proposals []proposal
}

// compared is one asset's evidence against a device.
type compared struct {
	asset     int32
	strong    string // the first rule that matched, if any
	weak      string // the first rule that only hinted, if any
	conflict  bool   // a hardware id contradicts
	conflicts int    // how many rules found a contradiction
	evidence  []store.Evidence
}

// match runs the rules for a device of provider owned by client.
func (ix *identityIndex) match(id identity, provider string, client uuid.UUID, run runCounts) verdict {
	return ix.matchExcept(id, provider, client, run, -1)
}

// matchExcept is match that ignores one asset of the index (the one being
// compared, in a scan of existing assets).
func (ix *identityIndex) matchExcept(id identity, provider string, client uuid.UUID, run runCounts, self int32) verdict {
	v := verdict{attach: -1}
	seen := map[int32]bool{self: true}
	var cands []int32
	gather := func(list []int32) {
		if len(list) > ix.maxCandidates {
			return // an identifier on that many assets identifies none
		}
		for _, i := range list {
			if !seen[i] {
				seen[i] = true
				cands = append(cands, i)
			}
		}
	}
	gather(ix.byUUID[id.uuid])
	gather(ix.bySerial[id.serial])
	gather(ix.byHost[id.host])
	for _, m := range id.macs {
		gather(ix.byMAC[m])
	}
	if len(cands) == 0 {
		return v
	}
	shared := func(byKey map[string][]int32, kind, key string) bool {
		n := 0
		for _, i := range byKey[key] {
			if i != self { // the asset being compared carries its own identifiers
				n++
			}
		}
		return n > 1 || run[kind+key] > 1
	}
	var strong []compared
	var all []compared
	for _, i := range cands {
		c := ix.compare(id, &ix.assets[i], shared)
		c.asset = i
		if c.strong == "" && c.weak == "" {
			continue
		}
		all = append(all, c)
		if c.strong != "" && !c.conflict {
			strong = append(strong, c)
		}
	}
	if len(strong) == 1 {
		c := strong[0]
		a := &ix.assets[c.asset]
		switch {
		case slices.Contains(a.providers, provider):
			c.weak, c.strong = c.strong, ""
			v.proposals = append(v.proposals, proposal{asset: c.asset, rule: c.weak, evidence: c.evidence,
				reason: fmt.Sprintf("matches an asset %s already reports as another device (re-imaged, or cloned)", provider)})
		case a.client != client:
			v.proposals = append(v.proposals, proposal{asset: c.asset, rule: c.strong, evidence: c.evidence,
				reason: "matches an asset of another client"})
		case len(all) > 1 && anyStrong(all, c.asset):
			// another asset matched too, with a conflict: not certain
		default:
			v.attach, v.rule, v.evidence = c.asset, c.strong, c.evidence
			return v
		}
	}
	// Nothing certain: propose the best few for review.
	slices.SortStableFunc(all, func(x, y compared) int { return ruleRank(x) - ruleRank(y) })
	for _, c := range all {
		if len(v.proposals) >= ix.maxProposals {
			break
		}
		if slices.ContainsFunc(v.proposals, func(p proposal) bool { return p.asset == c.asset }) {
			continue
		}
		if a := &ix.assets[c.asset]; c.strong == "" && (a.client != client || slices.Contains(a.providers, provider) || c.conflicts > 1) {
			// A hint alone about another client's asset or this RMM's own,
			// or one that two identifiers contradict, is noise: host names repeat.
			continue
		}
		rule := c.strong
		if rule == "" {
			rule = c.weak
		}
		reason := "only weak evidence: " + rule
		switch {
		case len(strong) > 1 && c.strong != "" && !c.conflict:
			reason = fmt.Sprintf("%d assets match", len(strong))
		case c.conflict && c.strong != "":
			reason = "a rule matched but a hardware id contradicts it"
		case c.conflict:
			reason = "the host name matches but a hardware id contradicts it"
		}
		v.proposals = append(v.proposals, proposal{asset: c.asset, rule: rule, reason: reason, evidence: c.evidence})
	}
	return v
}

// anyStrong reports whether an asset other than except matched a rule.
func anyStrong(all []compared, except int32) bool {
	for _, c := range all {
		if c.asset != except && c.strong != "" {
			return true
		}
	}
	return false
}

var ruleOrder = []string{store.RuleHardwareUUIDSerial, store.RuleSerialManufacturer, store.RuleMACHostname, store.RuleHostname}

func ruleRank(c compared) int {
	r := c.strong
	if r == "" {
		r = c.weak
	}
	n := slices.Index(ruleOrder, r)
	if c.strong == "" {
		n += len(ruleOrder)
	}
	return n
}

// compare runs each rule of a device against one asset.
func (ix *identityIndex) compare(id identity, a *idAsset, shared func(map[string][]int32, string, string) bool) compared {
	var c compared
	note := func(rule, outcome, format string, args ...any) {
		c.evidence = append(c.evidence, store.Evidence{Rule: rule, Outcome: outcome, Detail: fmt.Sprintf(format, args...)})
		switch outcome {
		case store.OutcomeMatch:
			if c.strong == "" && rule != store.RuleHostname {
				c.strong = rule
			} else if c.weak == "" && rule == store.RuleHostname {
				c.weak = rule
			}
		case store.OutcomeWeak:
			if c.weak == "" {
				c.weak = rule
			}
		case store.OutcomeConflict:
			c.conflicts++
			if rule != store.RuleMACHostname && rule != store.RuleHostname {
				c.conflict = true
			}
		}
	}
	serialsAgree := id.serial != "" && id.serial == a.serial
	hostsAgree := id.host != "" && slices.Contains(a.hosts, id.host)

	// 1. SMBIOS UUID + serial.
	switch {
	case id.uuid == "" || len(a.uuids) == 0:
		note(store.RuleHardwareUUIDSerial, store.OutcomeAbsent, "no hardware UUID on one side")
	case !slices.Contains(a.uuids, id.uuid):
		note(store.RuleHardwareUUIDSerial, store.OutcomeConflict, "hardware UUID %s differs from %s", id.uuid, strings.Join(a.uuids, ", "))
	case shared(ix.byUUID, "u:", id.uuid):
		note(store.RuleHardwareUUIDSerial, store.OutcomeShared, "hardware UUID %s is on several devices", id.uuid)
	case serialsAgree:
		note(store.RuleHardwareUUIDSerial, store.OutcomeMatch, "hardware UUID %s and serial %s", id.uuid, id.serial)
	case id.serial != "" && a.serial != "":
		note(store.RuleHardwareUUIDSerial, store.OutcomeConflict, "hardware UUID %s matches but serial %s differs from %s", id.uuid, id.serial, a.serial)
	default:
		note(store.RuleHardwareUUIDSerial, store.OutcomeWeak, "hardware UUID %s matches; no serial on one side", id.uuid)
	}

	// 2. Serial + manufacturer.
	switch {
	case id.serial == "" || a.serial == "":
		note(store.RuleSerialManufacturer, store.OutcomeAbsent, "no serial on one side")
	case !serialsAgree:
		note(store.RuleSerialManufacturer, store.OutcomeConflict, "serial %s differs from %s", id.serial, a.serial)
	case (id.virtual || a.virtual) && hostsAgree && !shared(ix.bySerial, "s:", id.serial):
		note(store.RuleSerialManufacturer, store.OutcomeMatch, "virtual machine serial %s with host name %s", id.serial, id.host)
	case id.virtual || a.virtual:
		// Clones share it: evidence, not a hint.
		c.evidence = append(c.evidence, store.Evidence{Rule: store.RuleSerialManufacturer, Outcome: store.OutcomeWeak,
			Detail: fmt.Sprintf("serial %s is a virtual machine's, which clones share", id.serial)})
	case shared(ix.bySerial, "s:", id.serial):
		note(store.RuleSerialManufacturer, store.OutcomeShared, "serial %s is on several devices", id.serial)
	case id.maker != "" && a.maker != "" && id.maker != a.maker:
		note(store.RuleSerialManufacturer, store.OutcomeConflict, "serial %s matches but manufacturer %s differs from %s", id.serial, id.maker, a.maker)
	case id.maker != "" && a.maker != "":
		note(store.RuleSerialManufacturer, store.OutcomeMatch, "serial %s, manufacturer %s", id.serial, id.maker)
	case hostsAgree:
		note(store.RuleSerialManufacturer, store.OutcomeMatch, "serial %s and host name %s; manufacturer unknown on one side", id.serial, id.host)
	default:
		note(store.RuleSerialManufacturer, store.OutcomeWeak, "serial %s matches; manufacturer unknown on one side and host names differ", id.serial)
	}

	// 3. A stable MAC + host name.
	var mac string
	for _, m := range id.macs {
		if slices.Contains(a.macs, m) && !shared(ix.byMAC, "m:", m) {
			mac = m
			break
		}
	}
	switch {
	case mac != "" && hostsAgree:
		note(store.RuleMACHostname, store.OutcomeMatch, "MAC %s and host name %s", mac, id.host)
	case mac != "":
		note(store.RuleMACHostname, store.OutcomeWeak, "MAC %s matches; host names differ", mac)
	case len(id.macs) > 0 && len(a.macs) > 0 && hostsAgree:
		note(store.RuleMACHostname, store.OutcomeConflict, "host name %s matches but no stable MAC is shared", id.host)
	default:
		note(store.RuleMACHostname, store.OutcomeAbsent, "no stable MAC shared")
	}

	// Host name alone never merges.
	if hostsAgree {
		note(store.RuleHostname, store.OutcomeMatch, "host name %s", id.host)
	}
	return c
}

// Normalization of identifiers. Placeholders were removed by Validate and
// the providers; what is left is made comparable.

var (
	hyperVSerial = regexp.MustCompile(`^\d{4}-\d{4}-\d{4}-\d{4}-\d{4}-\d{4}-\d{2}$`)
	makerNoise   = regexp.MustCompile(`[^a-z0-9]+`)
)

// normSerial makes a serial comparable; placeholders were removed when
// the device was validated, so a stored serial is one already.
func normSerial(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// virtualSerial reports a serial of the kind hypervisors make up, which
// cloned machines share.
func virtualSerial(s string) bool {
	for _, p := range []string{"VMWARE-", "VMW", "PARALLELS-", "VIRTUALBOX", "VBOX", "GOOGLE-", "EC2", "QEMU", "XEN"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return hyperVSerial.MatchString(s)
}

func virtualMaker(m string) bool {
	switch m {
	case "vmware", "qemu", "xen", "innotek", "parallels", "red hat", "nutanix", "amazon ec2", "google":
		return true
	}
	return false
}

func normUUID(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || rmm.IsPlaceholderUUID(s) || strings.Trim(s, "0-") == "" {
		return ""
	}
	return s
}

// normMAC keeps a MAC that identifies hardware: not a placeholder, not
// locally administered (randomized, virtual and VPN adapters).
func normMAC(s string) string {
	c := rmm.CleanMAC(s)
	if !c.Set || len(c.V) < 2 || strings.ContainsRune("26ae", rune(c.V[1])) {
		return ""
	}
	return c.V
}

func normHost(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexByte(s, '.'); i > 0 {
		s = s[:i]
	}
	return s
}

var makerWords = map[string]bool{"inc": true, "corp": true, "corporation": true, "co": true, "ltd": true, "llc": true, "gmbh": true,
	"limited": true, "company": true, "computer": true, "computers": true, "technologies": true, "international": true}

func normMaker(s string) string {
	c := rmm.CleanManufacturer(s)
	if !c.Set {
		return ""
	}
	var kept []string
	for _, w := range strings.Fields(makerNoise.ReplaceAllString(strings.ToLower(c.V), " ")) {
		if !makerWords[w] {
			kept = append(kept, w)
		}
	}
	m := strings.Join(kept, " ")
	switch {
	case strings.HasPrefix(m, "hewlett packard enterprise"):
		return "hpe"
	case strings.HasPrefix(m, "hewlett packard"):
		return "hp"
	case strings.HasPrefix(m, "innotek"):
		return "innotek"
	case strings.HasPrefix(m, "vmware"):
		return "vmware"
	}
	return m
}

// crossProvider is the correlation step of a batch: with other providers
// in the tenant, it matches each device no mapping knows against the
// tenant's index (built on first need) and returns the verdicts that found
// something. Its time is counted in the run's Correlation.
func (x *execution) crossProvider(ctx context.Context, known map[string]store.KnownDevice) (map[string]*verdict, error) {
	start := time.Now()
	defer func() { x.run.Correlation += time.Since(start) }()
	if err := x.learnOthers(ctx); err != nil || len(x.others) == 0 {
		return nil, err
	}
	type unknown struct {
		d  *rmm.Device
		id identity
	}
	var todo []unknown
	for i := range x.batch {
		d := &x.batch[i]
		if _, ok := known[d.ExternalID]; ok || d.Lifecycle == rmm.LifecycleDeleted || d.SkipReason != "" {
			continue
		}
		scope, mapped := x.pr.scopes[d.ScopeID]
		if !mapped || scope.ClientID == nil || !scope.AutoSyncAssets {
			continue // skipped, never written
		}
		if x.ident == nil {
			rows, err := x.db.IdentityRows(ctx)
			if err != nil {
				return nil, err
			}
			x.ident, x.runIDs, x.attached = newIdentityIndex(rows), runCounts{}, map[uuid.UUID]bool{}
		}
		id := deviceIdentity(d)
		x.runIDs.add(id) // every unknown device of the batch counts before any is matched
		todo = append(todo, unknown{d, id})
	}
	var out map[string]*verdict
	for _, u := range todo {
		v := x.ident.match(u.id, x.pr.req.Provider, *x.pr.scopes[u.d.ScopeID].ClientID, x.runIDs)
		if v.attach < 0 && len(v.proposals) == 0 {
			continue
		}
		if out == nil {
			out = map[string]*verdict{}
		}
		out[u.d.ExternalID] = &v
	}
	return out, nil
}

// otherSources fills the other providers' mappings of known devices'
// assets; with no other provider in the tenant it does nothing.
func (x *execution) otherSources(ctx context.Context, known map[string]store.KnownDevice) error {
	if err := x.learnOthers(ctx); err != nil {
		return err
	}
	if len(x.others) == 0 || len(known) == 0 {
		return nil
	}
	if x.ident != nil { // read at the start of this run: no query needed
		for id, k := range known {
			if i, ok := x.ident.assetIndex[k.AssetID]; ok {
				k.Sources = x.ident.assets[i].othersThan(x.pr.req.Provider)
				known[id] = k
			}
		}
		return nil
	}
	assets := make([]uuid.UUID, 0, len(known))
	for _, k := range known {
		assets = append(assets, k.AssetID)
	}
	sources, err := x.db.CoSources(ctx, x.others, assets)
	if err != nil {
		return err
	}
	for id, k := range known {
		if s, ok := sources[k.AssetID]; ok {
			k.Sources = s
			known[id] = k
		}
	}
	return nil
}

// learnOthers learns, once per run, which other providers have devices in
// the tenant, and with any, the tenant's precedence.
func (x *execution) learnOthers(ctx context.Context) error {
	if !x.crossChecked {
		others, err := x.db.OtherProviders(ctx, x.pr.req.Provider)
		if err != nil {
			return err
		}
		if len(others) > 0 {
			if x.prec, err = x.s.Precedence(ctx, x.db); err != nil {
				return err
			}
		}
		x.others, x.crossChecked = others, true
	}
	return nil
}

// othersThan returns the asset's sources of other providers.
func (a *idAsset) othersThan(provider string) []store.Source {
	var out []store.Source
	for _, s := range a.sources {
		if s.Provider != provider {
			out = append(out, s)
		}
	}
	return out
}

// attach turns a created device's verdict into its write: attached to the
// matched asset (the first device of the run to match it), or created with
// its doubtful matches queued for review.
func (x *execution) attach(dev *rmm.Device, d *decision) {
	v := d.verdict
	if v == nil {
		return
	}
	w := &d.w
	proposals := v.proposals
	if v.attach >= 0 {
		a := &x.ident.assets[v.attach]
		if !x.attached[a.id] {
			x.attached[a.id] = true
			own := x.prec.Owned(x.pr.req.Provider, a.sources)
			sameType := a.assetType == dev.AssetType
			w.SourceFields = w.Rows.Fields()
			w.Rows = w.Rows.Restrict(own)
			w.AssetID, w.Create, w.Asset = a.id, false, store.AssetContent
			w.Extension = w.Rows.HasExtension() && (sameType || own.Has(store.GroupGeneral))
			if !sameType && own.Has(store.GroupGeneral) {
				w.DropExtensionOf = a.assetType
			}
			w.Match = &store.Match{Rule: v.rule, Evidence: v.evidence}
			d.out, d.matched = outUpdated, true
			return
		}
		proposals = append([]proposal{{asset: v.attach, rule: v.rule, evidence: v.evidence,
			reason: "another device of the same run matched this asset first"}}, proposals...)
	}
	for _, p := range proposals {
		w.Candidates = append(w.Candidates, store.Candidate{AssetID: w.AssetID, MatchAssetID: x.ident.assets[p.asset].id,
			Provider: x.pr.req.Provider, ExternalID: dev.ExternalID, Rule: p.rule, Reason: p.reason, Evidence: p.evidence})
	}
}

// ScanIdentities compares every asset of the tenant with the others by
// the same rules as a sync and queues each pair the rules point to, certain
// or not, for an admin: assets that existed before the rules, or that two
// RMMs created at the same moment, are never merged without one. A pair
// already recorded, rejected ones included, is not queued again. It returns
// how many pairs were queued.
func (s *Syncer) ScanIdentities(ctx context.Context, db *store.TenantDB) (int, error) {
	rows, err := db.IdentityRows(ctx)
	if err != nil {
		return 0, err
	}
	ix := newIdentityIndex(rows)
	var out []store.Candidate
	for i := range ix.assets {
		a := &ix.assets[i]
		if !a.active {
			continue
		}
		id := a.identity
		id.uuid, id.host = first(a.uuids), first(a.hosts)
		for _, p := range slices.Compact(slices.Sorted(slices.Values(a.providers))) {
			v := ix.matchExcept(id, p, a.client, runCounts{}, int32(i))
			if v.attach >= 0 {
				v.proposals = append([]proposal{{asset: v.attach, rule: v.rule, evidence: v.evidence,
					reason: "two assets of the same device, by " + v.rule + " (found by a scan)"}}, v.proposals...)
			}
			for _, pr := range v.proposals {
				b := &ix.assets[pr.asset]
				if !b.active {
					continue
				}
				out = append(out, store.Candidate{AssetID: a.id, MatchAssetID: b.id, Provider: p, ExternalID: a.externalIDOf(p),
					Rule: pr.rule, Reason: pr.reason, Evidence: pr.evidence})
			}
		}
	}
	return db.QueueCandidates(ctx, out)
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
