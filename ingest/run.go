package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// event is what the listing goroutine hands the writer.
type event struct {
	scope string       // the scope being listed
	page  []rmm.Device // a page, or
	done  bool         // the end of the scope's listing, with
	err   error        // its error (nil: the listing was complete)
}

// counters are a run's counts that depend on a batch being written.
type counters struct{ created, updated, unchanged, moved int }

// execution is the state of one running sync.
type execution struct {
	s     *Syncer
	db    *store.TenantDB
	pr    *prepared
	run   *store.SyncRun
	start time.Time // also the time the run's writes are stamped with

	batch   []rmm.Device   // devices waiting to be written
	decided []decision     // the batch's decisions (decisions)
	index   map[string]int // external id -> position in batch
	// preview, when set, collects what the run would do instead of
	// writing it (Syncer.Preview).
	preview *previewing
	// known holds, per scope being listed in full, its stored devices
	// (knownOf).
	known map[string]map[string]store.KnownDevice
	ahead *ahead // the next scope's, being read
	// realmIDs keeps, for a scope read ahead whose listing is complete, the
	// ids of its stored devices that are not retired, for its retirement
	// check.
	realmIDs map[string][]string
	retires  []store.RetireWrite
	// seen holds, per scope whose listing is under way or complete but not
	// yet flushed, the ids the listing returned.
	seen     map[string]map[string]struct{}
	pending  []string   // complete scopes whose last devices are in the batch
	settling []string   // complete scopes whose last devices are in flight
	inflight chan error // the batch being written, if any
	counted  counters   // the run's counts before the batch in flight
	// written counts the devices created or rewritten (not heartbeats);
	// analyzedAt is what it was when statistics were last refreshed.
	written     int
	analyzedAt  int
	fresh       *bool    // firstDevices, once asked
	failed      []string // scopes whose listing failed
	failure     string   // the first scope failure
	failureKind rmm.ErrorKind
	// owner remembers, for every device of the run, the scope that
	// reported it first: keyed by a 64-bit hash of the device id, valued by
	// an index into scopeNames, so it costs a few bytes per device.
	owner      map[uint64]uint32
	scopeNames []string
	scopeIndex map[string]uint32
	// Cross-provider identity (identity.go): the other providers with
	// devices in the tenant, its source precedence, the index of its
	// assets (built when a device unknown to its provider arrives), the
	// identifiers this run's unknown devices carry, and the assets a device
	// of this run was attached to.
	crossChecked bool
	others       []string
	prec         store.Precedence
	ident        *identityIndex
	runIDs       runCounts
	attached     map[uuid.UUID]bool
	conflicts    conflicts
	// cancelled is closed when someone asks the run to stop.
	cancelled  chan struct{}
	cancelOnce sync.Once
}

// analyzeAfter is how many written devices make a run refresh the
// planner's statistics: a thousand rows turn lookups from empty-table plans
// to index scans. The run refreshes them once more at its end if it has
// since written as many again (refreshStats).
const analyzeAfter = 1000

// refreshStats refreshes the planner's statistics once the run has written
// analyzeAfter devices, and, at its end, again if it has written as many
// again since. Without the second refresh a first sync of 100,000 devices
// left plans made for its first 5,000 until autovacuum caught up: a page of
// the asset list took 16 ms instead of 0.5.
func (x *execution) refreshStats(ctx context.Context, end bool) error {
	due := x.written >= analyzeAfter
	if x.analyzedAt > 0 { // refreshed once: again only at the end, after as many again
		due = end && x.written >= 2*x.analyzedAt
	}
	if !due {
		return nil
	}
	if err := x.db.RefreshStats(ctx); err != nil {
		return fmt.Errorf("refresh statistics: %w", err)
	}
	x.analyzedAt = x.written
	return nil
}

// cancel asks the run to stop after the batch it is writing.
func (x *execution) cancel() { x.cancelOnce.Do(func() { close(x.cancelled) }) }

// errCancelled ends a run someone cancelled.
var errCancelled = errors.New("cancelled")

func (s *Syncer) execute(ctx context.Context, db *store.TenantDB, pr *prepared, run *store.SyncRun) {
	x := &execution{s: s, db: db, pr: pr, run: run, start: run.StartedAt, cancelled: make(chan struct{}),
		index: map[string]int{}, seen: map[string]map[string]struct{}{}, owner: map[uint64]uint32{}, scopeIndex: map[string]uint32{}}
	hbCtx, stopHeartbeat := context.WithCancel(ctx)
	defer stopHeartbeat()
	go x.heartbeat(hbCtx)
	s.executing.Store(run.ID, x)
	defer s.executing.Delete(run.ID)

	err := x.safeBody(ctx)
	x.takeAhead() // a read ahead never outlives its run
	if serr := x.settle(ctx, false); err == nil {
		err = serr // a failed run never leaves a batch being written behind it
	}
	stopHeartbeat()
	x.finish(context.WithoutCancel(ctx), err)
}

// list asks the provider for one scope's devices; a panic in the provider
// becomes an error that fails the run.
func (x *execution) list(ctx context.Context, scope string, emit rmm.Emit) (err error) {
	defer func() {
		if p := recover(); p != nil {
			x.s.log.Error("provider panicked", "run", x.run.ID, "provider", x.pr.req.Provider, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("provider panic: %v", p)
		}
	}()
	if !x.full(scope) {
		return x.pr.session.(rmm.IncrementalSyncer).ListChangedDevices(ctx, scope, x.since(scope), emit)
	}
	return x.pr.session.(rmm.FullSyncer).ListDevices(ctx, scope, emit)
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
			cancel, err := x.db.Heartbeat(ctx, x.run.ID)
			if err != nil && ctx.Err() == nil {
				x.s.log.Warn("sync heartbeat failed", "run", x.run.ID, "err", err)
			}
			if cancel {
				x.cancel() // asked on another replica
			}
		}
	}
}

func (x *execution) body(ctx context.Context) error {
	if x.pr.req.Mode == ModeDevice && len(x.pr.req.DeviceIDs) == 0 {
		return x.apply(ctx, x.pr.req.Devices)
	}
	sess, err := x.s.session(ctx, x.db, x.pr.conn)
	if err != nil {
		return err
	}
	x.pr.session = sess
	if x.pr.req.Mode == ModeDevice {
		return x.syncDevices(ctx)
	}
	// listCtx stops the provider; writes go on under ctx, so a batch being
	// written when the run stops still completes.
	listCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if x.listedBefore() {
		x.readAhead(ctx, 0) // while the provider reads the first page
	}
	events := make(chan event, 4)
	go func() {
		defer close(events)
		for _, scope := range x.pr.list {
			if listCtx.Err() != nil {
				return
			}
			emit := func(ctx context.Context, page []rmm.Device) error {
				select {
				case events <- event{scope: scope, page: page}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			err := x.list(listCtx, scope, emit)
			select {
			case events <- event{scope: scope, done: true, err: err}:
			case <-listCtx.Done():
				return
			}
			if pe, ok := providerError(err); ok && pe.Fatal() {
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
		case <-x.cancelled:
			fatal = errCancelled // likewise
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
	if err := x.settle(ctx, true); err != nil || x.preview != nil {
		return err
	}
	if err := x.refreshStats(ctx, true); err != nil {
		return err
	}
	return x.saveConflicts(ctx)
}

// full reports whether a scope is listed in full: every scope of a full
// run, and in an incremental run a scope never listed in full (newly
// mapped), whose devices a listing of changes would never bring.
func (x *execution) full(scope string) bool {
	return x.pr.req.Mode == ModeFull || x.pr.scopes[scope].LastFullListedAt == nil
}

// since is where an incremental listing of a scope starts: when the last
// run that listed the scope completely started, less the provider's margin
// for its reporting delay and clock skew. Cutoffs are per scope, so a run
// of some scopes never hides the changes of the others.
func (x *execution) since(scope string) time.Time {
	at := x.pr.scopes[scope].LastListedAt
	if at == nil { // listed in full before, but never recorded as listed
		at = x.pr.scopes[scope].LastFullListedAt
	}
	return at.Add(-x.pr.conn.provider.Info().CutoffMargin())
}

func (x *execution) handle(ctx context.Context, ev event) error {
	if ev.done {
		x.run.ScopesDone++
		if ev.err != nil {
			pe, ok := providerError(ev.err)
			if !ok {
				return ev.err
			}
			x.failed = append(x.failed, ev.scope)
			logDetail(x.s.log, "scope listing failed", x.pr.req.Provider, ev.err)
			x.warn(WarnScopeFailed, "scope %s: %v", ev.scope, ev.err)
			if x.failure == "" {
				x.failure = fmt.Sprintf("scope %s: %v", ev.scope, ev.err)
				x.failureKind = rmm.KindOf(ev.err)
			}
			delete(x.seen, ev.scope) // an incomplete listing proves nothing about absentees
			delete(x.known, ev.scope)
			if pe.Fatal() {
				return pe
			}
			return nil
		}
		x.pending = append(x.pending, ev.scope)
		return nil
	}
	seen := x.seen[ev.scope]
	if seen == nil && x.full(ev.scope) && x.pr.req.Devices == nil && x.pr.req.Mode != ModeDevice {
		seen = map[string]struct{}{}
		x.seen[ev.scope] = seen
	}
	for _, d := range ev.page {
		if err := d.Validate(); err != nil {
			x.run.DevicesSeen++
			x.run.Failed++
			x.warn(WarnInvalidDevice, "scope %s: %v", ev.scope, err)
			continue
		}
		if d.ScopeID == "" {
			d.ScopeID = ev.scope
		}
		// A device that several scopes report in one run (overlapping
		// groups) belongs to the first of them in the run's scope order,
		// the integration's scope priority, so it never moves back and
		// forth; scopes mapped to different clients are a conflict.
		reporter := d.ScopeID
		var first bool
		d.ScopeID, first = x.claim(d.ExternalID, d.ScopeID)
		if !first {
			x.noteConflict(d.ExternalID, d.Name, d.ScopeID, reporter)
		}
		if seen != nil {
			seen[d.ExternalID] = struct{}{}
		}
		if !first {
			// Seen before in this run: counted once, written once. A
			// report still waiting in the batch is replaced by the later one.
			x.run.Duplicates++
			if i, waiting := x.index[d.ExternalID]; waiting {
				x.batch[i] = d
			}
			continue
		}
		x.run.DevicesSeen++
		x.index[d.ExternalID] = len(x.batch)
		x.batch = append(x.batch, d)
	}
	if len(x.batch) >= x.s.opts.BatchSize {
		return x.flush(ctx)
	}
	return nil
}

// Warning codes a run records.
const (
	WarnScopeFailed     = "SCOPE_LISTING_FAILED"
	WarnInvalidDevice   = "INVALID_DEVICE"
	WarnRetireGuard     = "RETIRE_GUARD"
	WarnSecondarySource = "SECONDARY_SOURCE_FAILED"
	WarnScopeConflict   = "SCOPE_CONFLICT"
)

func (x *execution) warn(code, format string, args ...any) {
	if len(x.run.Warnings) < maxRecordedWarnings {
		x.run.Warnings = append(x.run.Warnings, store.Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}
}

func (x *execution) skip(reason string) {
	x.run.Skipped++
	x.run.SkippedReasons[reason]++
}

// flush correlates the batch and starts writing it in the background, so
// the next batch is read from the provider and correlated while this one
// is written. Only one batch is in flight: the next flush, or finish, waits
// for it before starting its own write. A device is in one batch of a run
// only (later reports are duplicates), so correlating a batch while the
// one before it is written reads nothing that write changes; retirement,
// which does, waits for it.
func (x *execution) flush(ctx context.Context) error {
	before := counters{x.run.Created, x.run.Updated, x.run.Unchanged, x.run.Moved}
	writes, err := x.prepareBatch(ctx)
	if err != nil {
		return err
	}
	if err := x.settle(ctx, true); err != nil {
		return err // settle restored the counts of before the failed batch, dropping this one's too
	}
	x.counted = before
	x.settling = x.pending
	x.pending = nil
	if x.preview != nil {
		return nil // nothing is written
	}
	done := make(chan error, 1)
	x.inflight = done
	go func() {
		done <- x.db.ApplyDevices(ctx, x.pr.req.Provider, x.start, writes)
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
			if ctx.Err() != nil {
				return ctx.Err() // the write failed because the run was cancelled: an interruption
			}
			return fmt.Errorf("write devices: %w", err)
		}
	}
	if !retire {
		return nil
	}
	var full, changes []string
	counts := map[string]int{} // listed counts that changed
	for _, scope := range x.settling {
		if !x.full(scope) {
			changes = append(changes, scope)
			continue
		}
		full = append(full, scope)
		if err := x.retireMissing(ctx, scope); err != nil {
			return err
		}
		if n := len(x.seen[scope]); x.pr.scopes[scope].ListedCount == nil || *x.pr.scopes[scope].ListedCount != n {
			counts[scope] = n
		}
		delete(x.seen, scope)
	}
	if x.preview != nil {
		for _, r := range x.retires {
			if x.reported(r.Device.ExternalID) {
				continue // listed under another scope: a move, which a sync writes before this check
			}
			switch {
			case r.Retire:
				x.run.Retired++
				x.preview.add(PreviewChange{ExternalID: r.Device.ExternalID, ScopeID: r.Device.Realm, Kind: ChangeRetire})
			case r.Offline:
				x.preview.add(PreviewChange{ExternalID: r.Device.ExternalID, ScopeID: r.Device.Realm, Kind: ChangeOffline})
			default:
				x.preview.add(PreviewChange{ExternalID: r.Device.ExternalID, ScopeID: r.Device.Realm, Kind: ChangeMissing})
			}
		}
		x.retires, x.settling = x.retires[:0], nil
		return nil
	}
	if len(x.retires) > 0 {
		n, err := x.db.ApplyRetirements(ctx, x.start, x.retires)
		if err != nil {
			return fmt.Errorf("retire devices: %w", err)
		}
		x.run.Retired += n
		x.retires = x.retires[:0]
	}
	if err := x.db.MarkScopesListed(ctx, x.pr.conn.integ.ID, full, x.start, true, counts); err != nil {
		return err
	}
	if err := x.db.MarkScopesListed(ctx, x.pr.conn.integ.ID, changes, x.start, false, nil); err != nil {
		return err
	}
	x.settling = nil
	if err := x.refreshStats(ctx, false); err != nil {
		return err
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

// deviceReaders is how many devices a device sync reads from the RMM at once.
const deviceReaders = 4

// syncDevices reads the requested devices from the RMM and applies them
// with the request's known devices. A device the RMM does not know is
// skipped; another error fails the run after what was read is applied.
func (x *execution) syncDevices(ctx context.Context) error {
	ids := x.pr.req.DeviceIDs
	read := make([]rmm.Device, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(deviceReaders, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				read[i], errs[i] = x.pr.session.(rmm.DeviceFetcher).Device(ctx, ids[i])
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	devices := slices.Clone(x.pr.req.Devices)
	var failed error
	for i, err := range errs {
		switch pe, ok := providerError(err); {
		case err == nil:
			devices = append(devices, read[i])
		case ok && pe.NotFound():
			x.skip(SkipDeviceNotFound)
		case failed == nil:
			failed = err
		}
	}
	if err := x.apply(ctx, devices); err != nil {
		return err
	}
	return failed
}

// apply writes a set of devices (deleted ones are retired) through the same
// batch, decision and write path as a listing, without any scope's
// retirement check: only a complete listing proves a device gone.
func (x *execution) apply(ctx context.Context, devices []rmm.Device) error {
	x.run.ScopesTotal, x.run.ScopesDone = 1, 1
	for _, d := range devices {
		if err := x.handle(ctx, event{scope: d.ScopeID, page: []rmm.Device{d}}); err != nil {
			return err
		}
	}
	if err := x.flush(ctx); err != nil {
		return err
	}
	return x.settle(ctx, true)
}
