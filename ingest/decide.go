package ingest

import (
	"context"
	"hash/fnv"
	"maps"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// prepareBatch correlates the batch with stored assets and returns the
// writes it needs; the batch is emptied.
func (x *execution) prepareBatch(ctx context.Context) ([]store.DeviceWrite, error) {
	if len(x.batch) == 0 {
		return nil, nil
	}
	known, err := x.knownOfBatch(ctx)
	if err != nil {
		return nil, err
	}
	for _, scope := range x.pending { // complete: none of its devices is left to correlate
		if k := x.known[scope]; k != nil { // keep its ids for the retirement check
			ids := make([]string, 0, len(k))
			for id, d := range k {
				if !d.Retired {
					ids = append(ids, id)
				}
			}
			if x.realmIDs == nil {
				x.realmIDs = map[string][]string{}
			}
			x.realmIDs[scope] = ids
		}
		delete(x.known, scope)
	}
	verdicts, err := x.crossProvider(ctx, known)
	if err != nil {
		return nil, err
	}
	decisions := x.decisions(len(x.batch))
	parallel(len(x.batch), func(i int) { decisions[i] = x.decide(&x.batch[i], known, verdicts) })
	if err := x.redecideShared(ctx, known, decisions); err != nil {
		return nil, err
	}
	var writes []store.DeviceWrite
	for i := range decisions {
		x.attach(&x.batch[i], &decisions[i])
		d := decisions[i]
		x.tally(d)
		if x.preview != nil {
			x.preview.record(&x.batch[i], d)
		}
		if d.write {
			if writes == nil {
				writes = make([]store.DeviceWrite, 0, len(decisions)-i)
			}
			writes = append(writes, d.w)
			if d.w.Create || d.w.Asset == store.AssetContent {
				x.written++ // a heartbeat changes no statistic the planner uses
			}
		}
	}
	clear(x.index)
	if len(writes) == 0 {
		x.batch = x.batch[:0]
	} else {
		x.batch = make([]rmm.Device, 0, len(x.batch)) // the writer reads the old one
	}
	return writes, nil
}

// decisions is a zeroed slice of n decisions, reusing the last batch's:
// none of them is read once its batch is prepared.
func (x *execution) decisions(n int) []decision {
	if cap(x.decided) < n {
		x.decided = make([]decision, n)
	}
	d := x.decided[:n]
	clear(d)
	return d
}

// knownOfBatch finds the batch's stored devices: among its scopes' devices
// read ahead, then by lookup. A provider's first devices need neither.
func (x *execution) knownOfBatch(ctx context.Context) (map[string]store.KnownDevice, error) {
	known := make(map[string]store.KnownDevice, len(x.batch))
	if fresh, err := x.firstDevices(ctx); err != nil || fresh {
		return known, err
	}
	var ids []string
	prefer := map[string]string{}
	scopes := map[string]map[string]store.KnownDevice{} // knownOf, once per scope of the batch
	for _, d := range x.batch {
		scope, asked := scopes[d.ScopeID]
		if !asked {
			var err error
			if scope, err = x.knownOf(ctx, d.ScopeID); err != nil {
				return nil, err
			}
			scopes[d.ScopeID] = scope
		}
		if k, ok := scope[d.ExternalID]; ok {
			known[d.ExternalID] = k
			continue
		}
		ids = append(ids, d.ExternalID)
		prefer[d.ExternalID] = d.ScopeID
	}
	if len(ids) > 0 {
		more, err := x.db.LookupDevices(ctx, x.pr.req.Provider, ids, prefer)
		if err != nil {
			return nil, err
		}
		maps.Copy(known, more)
	}
	return known, nil
}

// firstDevices says whether the provider had no device in the tenant when
// the run began: then none of the run's devices can be known but through
// the run itself, which writes each device once (runs of one integration
// never overlap), and its batches need no lookup. Asked once per run, and
// only while no scope of the integration has been listed.
func (x *execution) firstDevices(ctx context.Context) (bool, error) {
	if x.fresh == nil {
		fresh := !x.listedBefore()
		if fresh {
			has, err := x.db.HasDevicesOf(ctx, x.pr.req.Provider)
			if err != nil {
				return false, err
			}
			fresh = !has
		}
		x.fresh = &fresh
	}
	return *x.fresh, nil
}

// listedBefore says whether a scope of the integration has been listed.
func (x *execution) listedBefore() bool {
	for _, s := range x.pr.scopes {
		if s.LastListedAt != nil || s.LastFullListedAt != nil {
			return true
		}
	}
	return false
}

// redecideShared decides again, with the other providers' sources of their
// assets, the known devices whose first decision writes something: only
// then does precedence matter. An unchanged device costs no lookup.
func (x *execution) redecideShared(ctx context.Context, known map[string]store.KnownDevice, decisions []decision) error {
	if len(x.others) == 0 {
		return nil
	}
	need := map[string]store.KnownDevice{}
	for i, d := range decisions {
		if k, ok := known[x.batch[i].ExternalID]; ok && (d.write || d.out == outRetire) {
			need[k.ExternalID] = k
		}
	}
	if len(need) == 0 {
		return nil
	}
	start := time.Now()
	defer func() { x.run.Correlation += time.Since(start) }()
	if err := x.otherSources(ctx, need); err != nil {
		return err
	}
	for i := range decisions {
		if k, ok := need[x.batch[i].ExternalID]; ok && len(k.Sources) > 0 {
			known[k.ExternalID] = k
			decisions[i] = x.decide(&x.batch[i], known, nil)
		}
	}
	return nil
}

// preloadLimit is the most devices of one scope a full listing reads
// ahead; a larger scope is looked up batch by batch, keeping memory flat.
const preloadLimit = 20000

// knownOf is the stored devices of a scope that is being listed in full,
// read once when its first batch is correlated (or read ahead): a device
// found there needs no lookup of its own. Nil for other listings, for
// scopes over preloadLimit, and once the scope's listing is complete,
// unless its read ahead has already come in.
func (x *execution) knownOf(ctx context.Context, scope string) (map[string]store.KnownDevice, error) {
	if k, ok := x.known[scope]; ok {
		return k, nil
	}
	if a := x.ahead; a != nil && a.scope != scope && slices.Index(x.pr.list, a.scope) < slices.Index(x.pr.list, scope) {
		x.takeAhead() // its scope reported no device
	}
	var k map[string]store.KnownDevice
	var err error
	switch a := x.ahead; {
	case a != nil && a.scope == scope:
		x.takeAhead()
		k, err = a.known, a.err
	case !x.full(scope) || x.pr.req.Devices != nil || x.pr.req.Mode == ModeDevice || slices.Contains(x.pending, scope):
		return nil, nil
	default:
		k, _, err = x.db.KnownInRealm(ctx, x.pr.req.Provider, scope, preloadLimit)
	}
	if err != nil {
		return nil, err
	}
	if x.known == nil {
		x.known = map[string]map[string]store.KnownDevice{}
	}
	x.known[scope] = k // nil: too large, looked up batch by batch
	if i := slices.Index(x.pr.list, scope); i >= 0 {
		x.readAhead(ctx, i+1)
	}
	return k, nil
}

// ahead is the read of a scope's stored devices started while the scope
// before it is correlated, so the next scope's first batch finds them read.
// Earlier scopes' writes change none of the rows that matter: a device
// they wrote is a duplicate when the next scope reports it.
type ahead struct {
	scope string
	done  chan struct{}
	known map[string]store.KnownDevice
	err   error
}

// readAhead starts reading the stored devices of the i-th scope listed,
// unless a read is already under way.
func (x *execution) readAhead(ctx context.Context, i int) {
	if x.ahead != nil || i < 0 || i >= len(x.pr.list) {
		return
	}
	scope := x.pr.list[i]
	if _, read := x.known[scope]; read || !x.full(scope) || x.pr.req.Devices != nil {
		return
	}
	a := &ahead{scope: scope, done: make(chan struct{})}
	x.ahead = a
	go func() {
		defer close(a.done)
		a.known, _, a.err = x.db.KnownInRealm(ctx, x.pr.req.Provider, scope, preloadLimit)
	}()
}

// takeAhead waits for the read under way, if any, and hands it over.
func (x *execution) takeAhead() *ahead {
	a := x.ahead
	if a != nil {
		<-a.done
		x.ahead = nil
	}
	return a
}

// reported says whether the run has seen the device in any scope.
func (x *execution) reported(deviceID string) bool {
	_, ok := x.owner[deviceKey(deviceID)]
	return ok
}

// deviceKey is the 64-bit hash owner keys a device id by.
func deviceKey(deviceID string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(deviceID))
	return h.Sum64()
}

// claim returns the scope that owns a device in this run, the first that
// reported it, and whether this is that first report.
func (x *execution) claim(deviceID, scope string) (string, bool) {
	key := deviceKey(deviceID)
	if i, ok := x.owner[key]; ok {
		return x.scopeNames[i], false
	}
	i, ok := x.scopeIndex[scope]
	if !ok {
		i = uint32(len(x.scopeNames))
		x.scopeNames = append(x.scopeNames, scope)
		x.scopeIndex[scope] = i
	}
	x.owner[key] = i
	return scope, true
}

// outcome is what decide concluded for one device.
type outcome int

const (
	outUnchanged outcome = iota
	outCreated
	outUpdated
	outSkipped
	outRetire
)

// decision is decide's result: a write (when write is set) and how to count it.
type decision struct {
	w       store.DeviceWrite
	write   bool
	out     outcome
	moved   bool
	reason  string            // outSkipped
	retire  store.RetireWrite // outRetire
	verdict *verdict          // a created device's cross-provider matches
	matched bool              // attached to another provider's asset
}

// decide compares one device with its stored asset and returns the write
// it needs, if any. It changes nothing, so a batch's devices are decided in
// parallel.
func (x *execution) decide(d *rmm.Device, known map[string]store.KnownDevice, verdicts map[string]*verdict) decision {
	k, exists := known[d.ExternalID]
	if d.Lifecycle == rmm.LifecycleDeleted {
		if !exists {
			return decision{out: outSkipped, reason: SkipDeletedUnknown}
		}
		if k.Retired {
			return decision{out: outUnchanged}
		}
		k.Metadata = store.MappingMetadata(d) // the lookup leaves metadata out; the device brings its own
		return decision{out: outRetire, retire: store.RetireWrite{Device: k, Retire: true, Missing: k.MissingCount}}
	}
	if d.SkipReason != "" {
		return decision{out: outSkipped, reason: d.SkipReason}
	}
	scope, mapped := x.pr.scopes[d.ScopeID]
	switch {
	case !mapped || scope.ClientID == nil:
		return decision{out: outSkipped, reason: SkipUnmappedScope}
	case !scope.AutoSyncAssets:
		return decision{out: outSkipped, reason: SkipScopeSyncOff}
	}
	client := *scope.ClientID
	digest := store.DeviceDigest(x.pr.req.Provider, d, client)
	if exists && digest == k.Digest && k.AssetHash != "" && !k.Retired && k.MissingCount == 0 && k.MappingID != uuid.Nil && store.HeartbeatSame(d, k) {
		return decision{out: outUnchanged} // the same input as last written: the same rows, not encoded again
	}
	rows := store.EncodeDevice(x.pr.req.Provider, d, client)
	rows.Digest = digest
	w := store.DeviceWrite{Rows: rows, Mapping: true}
	if !exists {
		w.AssetID, w.Create, w.Extension = uuid.New(), true, true
		dec := decision{w: w, write: true, out: outCreated}
		dec.verdict = verdicts[d.ExternalID]
		return dec
	}
	w.AssetID, w.MappingID = k.AssetID, k.MappingID
	// With other providers reporting the asset, this one writes only the
	// field groups it ranks first for; its heartbeat then goes to its
	// mapping unless it owns the agent group.
	own := store.AllGroups
	if k.Multi() {
		own = x.prec.Owned(x.pr.req.Provider, k.Sources)
	}
	typeChanged := k.AssetType != d.AssetType && own.Has(store.GroupGeneral)
	assetChanged := rows.AssetHash != k.AssetHash || k.Retired
	var beat bool
	if own.Has(store.GroupAgent) {
		beat = !assetChanged && rows.HeartbeatChanged(k)
	} else {
		beat = !assetChanged && rows.SeenChanged(k.SeenAt)
	}
	extChanged := rows.HasExtension() && (rows.ExtensionHash != k.ExtensionHash || typeChanged) && (k.AssetType == d.AssetType || typeChanged)
	mappingChanged := assetChanged || extChanged || k.MissingCount > 0 || k.MappingID == uuid.Nil || (beat && !own.Has(store.GroupAgent))
	if !mappingChanged && !beat {
		return decision{out: outUnchanged}
	}
	if k.Multi() {
		w.SourceFields = rows.Fields() // kept: the asset may show another source's values
		w.Rows = rows.Restrict(own)
	}
	dec := decision{out: outUpdated, write: true}
	switch {
	case assetChanged:
		w.Asset = store.AssetContent
		dec.moved = k.Realm != d.ScopeID || (k.ClientID != client && own.Has(store.GroupGeneral)) // the client is written by the general group's source
	case beat && own.Has(store.GroupAgent):
		w.Asset = store.AssetHeartbeat // only the heartbeat moved: write just those columns
	}
	w.Extension = extChanged
	if typeChanged {
		w.DropExtensionOf = k.AssetType
	}
	w.Mapping = mappingChanged
	dec.w = w
	return dec
}

// tally counts a decision on the run.
func (x *execution) tally(d decision) {
	switch d.out {
	case outCreated:
		x.run.Created++
	case outUpdated:
		x.run.Updated++
	case outUnchanged:
		x.run.Unchanged++
	case outSkipped:
		x.skip(d.reason)
	case outRetire:
		x.retires = append(x.retires, d.retire)
	}
	if d.moved {
		x.run.Moved++
	}
	if d.matched {
		x.run.Matched++
	}
	x.run.Queued += len(d.w.Candidates)
}

// parallel runs f(i) for i in [0, n) on every processor.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/256, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}
