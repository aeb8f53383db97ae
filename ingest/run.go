package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
)

// event is what the listing goroutine hands the writer.
type event struct {
	scope string   // the scope being listed
	page  []Device // a page, or
	done  bool     // the end of the scope's listing, with
	err   error    // its error (nil: the listing was complete)
}

// counters are a run's counts that depend on a batch being written.
type counters struct{ created, updated, unchanged, moved int }

// execution is the state of one running sync.
type execution struct {
	s     *Syncer
	db    *store.TenantDB
	pr    *prepared
	run   *store.SyncRun
	rows  rowBuilder
	start time.Time

	batch   []Device       // devices waiting to be written
	index   map[string]int // external id -> position in batch
	retires []store.RetireWrite
	// seen holds, per scope whose listing is under way or complete but not
	// yet flushed, the ids the listing returned.
	seen     map[string]map[string]struct{}
	pending  []string   // complete scopes whose last devices are in the batch
	settling []string   // complete scopes whose last devices are in flight
	inflight chan error // the batch being written, if any
	counted  counters   // the run's counts before the batch in flight
	// written counts rows written; statistics are refreshed each time it
	// passes analyzeAt, which then grows fourfold.
	written, analyzeAt int
	failed             []string // scopes whose listing failed
	failure            string   // the first scope failure
	// owner remembers, for every device of the run, the scope that
	// reported it first: keyed by a 64-bit hash of the device id, valued by
	// an index into scopeNames, so it costs a few bytes per device.
	owner      map[uint64]uint32
	scopeNames []string
	scopeIndex map[string]uint32
}

func (s *Syncer) execute(ctx context.Context, db *store.TenantDB, pr *prepared, run *store.SyncRun) {
	x := &execution{s: s, db: db, pr: pr, run: run, start: run.StartedAt,
		rows:  rowBuilder{provider: pr.req.Provider, now: run.StartedAt},
		index: map[string]int{}, seen: map[string]map[string]struct{}{}, owner: map[uint64]uint32{}, scopeIndex: map[string]uint32{}, analyzeAt: 1000}
	hbCtx, stopHeartbeat := context.WithCancel(ctx)
	defer stopHeartbeat()
	go x.heartbeat(hbCtx)

	err := x.safeBody(ctx)
	if serr := x.settle(ctx, false); err == nil {
		err = serr // a failed run never leaves a batch being written behind it
	}
	stopHeartbeat()
	x.finish(context.WithoutCancel(ctx), err)
}

// list asks the provider for one scope's devices; a panic in the provider
// becomes an error that fails the run.
func (x *execution) list(ctx context.Context, scope string, since time.Time, emit Emit) (err error) {
	defer func() {
		if p := recover(); p != nil {
			x.s.log.Error("provider panicked", "run", x.run.ID, "provider", x.pr.req.Provider, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("provider panic: %v", p)
		}
	}()
	if x.pr.req.Mode == ModeIncremental {
		return x.pr.provider.(changeLister).ListChangedDevices(ctx, x.pr.cfg, scope, since, emit)
	}
	return x.pr.provider.(fullLister).ListDevices(ctx, x.pr.cfg, scope, emit)
}

// safeBody runs the sync; a panic in a provider or the pipeline fails the
// run (recorded, explained in the log) instead of the process.
func (x *execution) safeBody(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			x.s.log.Error("sync panicked", "run", x.run.ID, "provider", x.pr.req.Provider, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return x.body(ctx)
}

func (x *execution) heartbeat(ctx context.Context) {
	t := time.NewTicker(x.s.opts.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := x.db.Heartbeat(ctx, x.run.ID); err != nil && ctx.Err() == nil {
				x.s.log.Warn("sync heartbeat failed", "run", x.run.ID, "err", err)
			}
		}
	}
}

func (x *execution) body(ctx context.Context) error {
	switch x.pr.req.Mode {
	case ModeDevice:
		return x.syncDevice(ctx)
	}
	since := x.since()
	// listCtx stops the provider; writes go on under ctx, so a batch being
	// written when the run stops still completes.
	listCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan event, 4)
	go func() {
		defer close(events)
		for _, scope := range x.pr.list {
			if listCtx.Err() != nil {
				return
			}
			emit := func(ctx context.Context, page []Device) error {
				select {
				case events <- event{scope: scope, page: page}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			err := x.list(listCtx, scope, since, emit)
			select {
			case events <- event{scope: scope, done: true, err: err}:
			case <-listCtx.Done():
				return
			}
			var pe providerError
			if err != nil && errors.As(err, &pe) && pe.Fatal() {
				return
			}
		}
	}()
	var fatal error
	for ev := range events {
		if fatal != nil {
			continue // drain
		}
		select {
		case <-x.s.stopping:
			fatal = errStopping // the batch in flight still completes
			cancel()
			continue
		default:
		}
		if err := ctx.Err(); err != nil {
			fatal = err
			cancel()
			continue
		}
		if err := x.handle(ctx, ev); err != nil {
			fatal = err
			cancel()
		}
	}
	if fatal != nil {
		return fatal
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := x.flush(ctx); err != nil {
		return err
	}
	return x.settle(ctx, true)
}

// since is where an incremental run starts: the last incremental or full
// sync, else a day ago.
func (x *execution) since() time.Time {
	switch {
	case x.pr.integ.LastIncrementalSyncAt != nil:
		return *x.pr.integ.LastIncrementalSyncAt
	case x.pr.integ.LastFullSyncAt != nil:
		return *x.pr.integ.LastFullSyncAt
	}
	return x.start.Add(-24 * time.Hour)
}

func (x *execution) handle(ctx context.Context, ev event) error {
	if ev.done {
		x.run.ScopesDone++
		if ev.err != nil {
			var pe providerError
			if !errors.As(ev.err, &pe) {
				return ev.err
			}
			x.failed = append(x.failed, ev.scope)
			x.warn("scope %s: %v", ev.scope, ev.err)
			if x.failure == "" {
				x.failure = fmt.Sprintf("scope %s: %v", ev.scope, ev.err)
			}
			delete(x.seen, ev.scope) // an incomplete listing proves nothing about absentees
			if pe.Fatal() {
				return pe
			}
			return nil
		}
		if x.pr.req.Mode == ModeFull {
			x.pending = append(x.pending, ev.scope)
		}
		return nil
	}
	seen := x.seen[ev.scope]
	if seen == nil && x.pr.req.Mode == ModeFull {
		seen = map[string]struct{}{}
		x.seen[ev.scope] = seen
	}
	for _, d := range ev.page {
		x.run.DevicesSeen++
		if err := normalize(&d); err != nil {
			x.run.Failed++
			x.warn("scope %s: %v", ev.scope, err)
			continue
		}
		if d.ScopeID == "" {
			d.ScopeID = ev.scope
		}
		// A device that several scopes report in one run (overlapping
		// groups) belongs to the first of them in the run's scope order,
		// ascending by id, so it never moves back and forth.
		d.ScopeID = x.claim(d.ExternalID, d.ScopeID)
		if seen != nil {
			seen[d.ExternalID] = struct{}{}
		}
		if i, dup := x.index[d.ExternalID]; dup {
			x.batch[i] = d // the later report of the same device wins
			continue
		}
		x.index[d.ExternalID] = len(x.batch)
		x.batch = append(x.batch, d)
	}
	if len(x.batch) >= x.s.opts.BatchSize {
		return x.flush(ctx)
	}
	return nil
}

// claim returns the scope that owns a device in this run: the first that
// reported it.
func (x *execution) claim(deviceID, scope string) string {
	h := fnv.New64a()
	h.Write([]byte(deviceID))
	key := h.Sum64()
	if i, ok := x.owner[key]; ok {
		return x.scopeNames[i]
	}
	i, ok := x.scopeIndex[scope]
	if !ok {
		i = uint32(len(x.scopeNames))
		x.scopeNames = append(x.scopeNames, scope)
		x.scopeIndex[scope] = i
	}
	x.owner[key] = i
	return scope
}

func (x *execution) warn(format string, args ...any) {
	if len(x.run.Warnings) < maxRecordedWarnings {
		x.run.Warnings = append(x.run.Warnings, fmt.Sprintf(format, args...))
	}
}

func (x *execution) skip(reason string) {
	x.run.Skipped++
	x.run.SkippedReasons[reason]++
}

// flush correlates the batch and starts writing it in the background, so
// the next batch is read from the provider while this one is written. Only
// one batch is in flight: the next flush, or finish, waits for it first,
// so every lookup sees every earlier write.
func (x *execution) flush(ctx context.Context) error {
	if err := x.settle(ctx, true); err != nil {
		return err
	}
	x.counted = counters{x.run.Created, x.run.Updated, x.run.Unchanged, x.run.Moved}
	writes, err := x.prepareBatch(ctx)
	if err != nil {
		return err
	}
	x.settling = x.pending
	x.pending = nil
	done := make(chan error, 1)
	x.inflight = done
	go func() {
		done <- x.db.ApplyDevices(ctx, x.pr.req.Provider, x.rows.now, writes)
	}()
	return nil
}

// settle waits for the batch in flight; then, when retire is set, it runs
// the retirement checks of the scopes that batch completed, and saves
// progress.
func (x *execution) settle(ctx context.Context, retire bool) error {
	if x.inflight != nil {
		err := <-x.inflight
		x.inflight = nil
		if err != nil {
			// The batch rolled back: the run counts only what was written.
			x.run.Created, x.run.Updated, x.run.Unchanged, x.run.Moved = x.counted.created, x.counted.updated, x.counted.unchanged, x.counted.moved
			return fmt.Errorf("write devices: %w", err)
		}
	}
	if !retire {
		return nil
	}
	for _, scope := range x.settling {
		if err := x.retireMissing(ctx, scope); err != nil {
			return err
		}
		delete(x.seen, scope)
	}
	if len(x.retires) > 0 {
		n, err := x.db.ApplyRetirements(ctx, x.rows.now, x.retires)
		if err != nil {
			return fmt.Errorf("retire devices: %w", err)
		}
		x.run.Retired += n
		x.retires = x.retires[:0]
	}
	if err := x.db.MarkScopesSynced(ctx, x.pr.integ.ID, x.settling, x.rows.now); err != nil {
		return err
	}
	x.settling = nil
	if x.written >= x.analyzeAt {
		if err := x.db.RefreshStats(ctx); err != nil {
			return fmt.Errorf("refresh statistics: %w", err)
		}
		x.analyzeAt = 4 * x.written
	}
	if err := x.db.SaveRunProgress(ctx, x.run); errors.Is(err, store.ErrNotFound) {
		return errTakenOver
	} else if err != nil {
		return err
	}
	return nil
}

// errTakenOver ends a run that another process marked interrupted because
// its heartbeat lapsed (a long stall of this process or its database).
var errTakenOver = errors.New("interrupted: no heartbeat reached the database for longer than the lease, so the run was given up; the next sync continues")

// prepareBatch correlates the batch with stored assets and returns the
// writes it needs; the batch is emptied.
func (x *execution) prepareBatch(ctx context.Context) ([]store.DeviceWrite, error) {
	if len(x.batch) == 0 {
		return nil, nil
	}
	ids := make([]string, len(x.batch))
	prefer := make(map[string]string, len(x.batch))
	for i, d := range x.batch {
		ids[i] = d.ExternalID
		prefer[d.ExternalID] = d.ScopeID
	}
	known, err := x.db.LookupDevices(ctx, x.pr.req.Provider, ids, prefer)
	if err != nil {
		return nil, err
	}
	decisions := make([]decision, len(x.batch))
	parallel(len(x.batch), func(i int) { decisions[i] = x.decide(&x.batch[i], known) })
	writes := make([]store.DeviceWrite, 0, len(x.batch))
	for _, d := range decisions {
		x.tally(d)
		if d.write {
			writes = append(writes, d.w)
		}
	}
	x.written += len(writes)
	clear(x.index)
	x.batch = make([]Device, 0, len(x.batch)) // the writer may still read the old one
	return writes, nil
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
	w      store.DeviceWrite
	write  bool
	out    outcome
	moved  bool
	reason string            // outSkipped
	retire store.RetireWrite // outRetire
}

// decide compares one device with its stored asset and returns the write
// it needs, if any. It changes nothing, so a batch's devices are decided in
// parallel.
func (x *execution) decide(d *Device, known map[string]store.KnownDevice) decision {
	k, exists := known[d.ExternalID]
	if d.Lifecycle == LifecycleDeleted {
		if !exists {
			return decision{out: outSkipped, reason: SkipDeletedUnknown}
		}
		if k.Meta.Deleted {
			return decision{out: outUnchanged}
		}
		k.Metadata = mappingMetadata(d) // the lookup leaves metadata out; the device brings its own
		return decision{out: outRetire, retire: store.RetireWrite{Device: k, Retire: true, Meta: retiredMeta(k, x.rows.now, k.Meta.MissingCount)}}
	}
	scope, mapped := x.pr.scopes[d.ScopeID]
	switch {
	case !mapped || scope.ClientID == nil:
		return decision{out: outSkipped, reason: SkipUnmappedScope}
	case !scope.AutoSyncAssets:
		return decision{out: outSkipped, reason: SkipScopeSyncOff}
	}
	client := *scope.ClientID

	asset := x.rows.assetRow(d, client)
	extTable, ext, hasExt := x.rows.extRow(d)
	meta := mappingMetadata(d)
	assetHash := fingerprint(asset, volatileAssetCols, string(meta))
	extHash := ""
	if hasExt {
		extHash = fingerprint(ext, 0, extTable.Name)
	}

	w := store.DeviceWrite{ExtTable: extTable, Ext: ext, WriteMapping: true, ExternalID: d.ExternalID, Realm: d.ScopeID, SyncStatus: "synced"}
	if !exists {
		w.AssetID = uuid.New()
		w.CreateAsset = true
		x.rows.stampAsset(&asset, d, true)
		w.Asset = asset
		w.Metadata = withMeta(meta, store.MappingMeta{AssetHash: assetHash, ExtensionHash: extHash})
		return decision{w: w, write: true, out: outCreated}
	}
	w.AssetID, w.MappingID = k.AssetID, k.MappingID
	typeChanged := k.AssetType != string(d.AssetType)
	assetChanged := assetHash != k.Meta.AssetHash || k.Meta.Deleted
	beat := !assetChanged && heartbeatChanged(asset, k)
	extChanged := hasExt && (extHash != k.Meta.ExtensionHash || typeChanged)
	mappingChanged := assetChanged || extChanged || k.Meta.MissingCount > 0 || k.MappingID == uuid.Nil
	if !mappingChanged && !beat {
		return decision{out: outUnchanged}
	}
	dec := decision{out: outUpdated, write: true}
	switch {
	case assetChanged:
		x.rows.stampAsset(&asset, d, false)
		w.Asset = asset
		dec.moved = k.Realm != d.ScopeID || k.ClientID != client
	case beat:
		// Only the heartbeat moved: write just those columns.
		asset.Mask &= heartbeatCols
		x.rows.stampAsset(&asset, d, false)
		w.Asset = asset
	}
	if !extChanged {
		w.Ext = store.Row{}
	}
	if typeChanged {
		if old := store.ExtensionTableFor(k.AssetType); old != nil && old != extTable {
			w.DropExt = old
		}
	}
	w.WriteMapping = mappingChanged
	w.Metadata = withMeta(meta, store.MappingMeta{AssetHash: assetHash, ExtensionHash: extHash})
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

// mappingMetadata is the provider's metadata plus the device name, as JSON.
func mappingMetadata(d *Device) []byte {
	m := make(map[string]any, len(d.Metadata)+1)
	for k, v := range d.Metadata {
		m[k] = v
	}
	delete(m, "assetHash") // the pipeline's own keys
	delete(m, "extensionHash")
	m["deviceName"] = d.Name
	b, _ := json.Marshal(m)
	return b
}

// withMeta adds the pipeline's fingerprints to mapping metadata JSON (an
// object, which mappingMetadata always makes).
func withMeta(meta []byte, mm store.MappingMeta) json.RawMessage {
	out := make([]byte, 0, len(meta)+80)
	out = append(out, `{"assetHash":"`...)
	out = append(out, mm.AssetHash...)
	out = append(out, `","extensionHash":"`...)
	out = append(out, mm.ExtensionHash...)
	out = append(out, '"')
	if len(meta) > 2 {
		out = append(out, ',')
	}
	return append(out, meta[1:]...)
}

// retiredMeta is a retired device's mapping metadata: its fingerprints are
// dropped, so a reappearance rewrites and reactivates the asset.
func retiredMeta(k store.KnownDevice, now time.Time, missing int) json.RawMessage {
	m := map[string]any{}
	_ = json.Unmarshal(k.Metadata, &m)
	delete(m, "assetHash")
	delete(m, "extensionHash")
	m["deleted"] = true
	m["deletedAt"] = now.UTC().Format(time.RFC3339)
	if missing > 0 {
		m["missingCount"] = missing
	}
	b, _ := json.Marshal(m)
	return b
}

func missingMeta(k store.KnownDevice, missing int) json.RawMessage {
	m := map[string]any{}
	_ = json.Unmarshal(k.Metadata, &m)
	m["missingCount"] = missing
	b, _ := json.Marshal(m)
	return b
}

// retireMissing handles the mapped devices of a completely listed scope
// that the listing did not return.
func (x *execution) retireMissing(ctx context.Context, scope string) error {
	seenIDs := make([]string, 0, len(x.seen[scope]))
	for id := range x.seen[scope] {
		seenIDs = append(seenIDs, id)
	}
	had, missing, err := x.db.RealmMissing(ctx, x.pr.req.Provider, scope, seenIDs)
	if err != nil {
		return err
	}
	if len(missing) == 0 {
		return nil
	}
	returned := had - len(missing)
	if float64(returned) < x.s.opts.RetireGuard*float64(had) {
		x.warn("scope %s returned %d of its %d devices: below %.0f%%, so none was marked missing or retired", scope, returned, had, x.s.opts.RetireGuard*100)
		return nil
	}
	if ac, ok := x.pr.provider.(agedOutChecker); ok {
		// A secondary source may still know devices the listing left out
		// (a primary source that ages devices out): those stay, with their
		// agent offline.
		byID := make(map[string]map[string]any, len(missing))
		for _, k := range missing {
			var meta map[string]any
			_ = json.Unmarshal(k.Metadata, &meta)
			byID[k.ExternalID] = meta
		}
		exists, err := ac.StillExists(ctx, x.pr.cfg, byID)
		if err != nil {
			x.warn("scope %s: could not confirm %d missing devices in the secondary source, none retired: %v", scope, len(missing), err)
			return nil
		}
		kept := missing[:0]
		for _, k := range missing {
			if exists[k.ExternalID] {
				x.retires = append(x.retires, store.RetireWrite{Device: k, Offline: true, Meta: missingMeta(k, 0)})
			} else {
				kept = append(kept, k)
			}
		}
		missing = kept
	}
	for _, k := range missing {
		n := k.Meta.MissingCount + 1
		if n >= x.s.opts.RetireAfter {
			x.retires = append(x.retires, store.RetireWrite{Device: k, Retire: true, Meta: retiredMeta(k, x.rows.now, n)})
		} else {
			x.retires = append(x.retires, store.RetireWrite{Device: k, Meta: missingMeta(k, n)})
		}
	}
	return nil
}

func (x *execution) syncDevice(ctx context.Context) error {
	d, err := x.pr.provider.(deviceReader).Device(ctx, x.pr.cfg, x.pr.req.DeviceID)
	if err != nil {
		var nf interface{ NotFound() bool }
		if errors.As(err, &nf) && nf.NotFound() {
			x.skip(SkipDeviceNotFound)
			return nil
		}
		return err
	}
	x.run.ScopesTotal, x.run.ScopesDone = 1, 1
	if err := x.handle(ctx, event{scope: d.ScopeID, page: []Device{d}}); err != nil {
		return err
	}
	if err := x.flush(ctx); err != nil {
		return err
	}
	return x.settle(ctx, true)
}

// finish records the run's outcome and the integration's summary.
func (x *execution) finish(ctx context.Context, err error) {
	iu := store.IntegrationUpdate{SyncStatus: store.SyncCompleted}
	switch {
	case err == nil && len(x.failed) == 0:
		x.run.Status = store.RunCompleted
		at := x.start
		iu.LastSyncAt = &at
		switch x.pr.req.Mode {
		case ModeFull:
			iu.LastFullSyncAt = &at
		case ModeIncremental:
			iu.LastIncrementalSyncAt = &at
		}
	case err == nil:
		x.run.Status = store.RunFailed
		msg := fmt.Sprintf("%d of %d scopes could not be listed; %s", len(x.failed), len(x.pr.list), x.failure)
		x.run.Error = &msg
	case errors.Is(err, errTakenOver):
		x.run.Status = store.RunInterrupted
		msg := errTakenOver.Error()
		x.run.Error = &msg
	case errors.Is(err, errStopping):
		x.run.Status = store.RunInterrupted
		msg := "interrupted: the server was shutting down; the next sync continues"
		x.run.Error = &msg
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		x.run.Status = store.RunInterrupted
		msg := "interrupted: the server stopped or the request was cancelled; the next sync continues"
		x.run.Error = &msg
	default:
		x.run.Status = store.RunFailed
		msg := err.Error()
		var pe providerError
		if !errors.As(err, &pe) {
			x.s.log.Error("sync failed", "run", x.run.ID, "provider", x.pr.req.Provider, "err", err)
			msg = "internal error while writing assets (details are in the server log); the next sync retries"
		}
		x.run.Error = &msg
	}
	if x.run.Status != store.RunCompleted {
		iu.SyncStatus = store.SyncError
		iu.SyncError = x.run.Error
	}
	if ferr := x.db.FinishRun(ctx, x.run, iu); ferr != nil {
		x.s.log.Error("record sync run outcome", "run", x.run.ID, "err", ferr)
	}
	if x.s.Observer != nil {
		x.s.Observer(x.pr.req.Provider, *x.run)
	}
}
