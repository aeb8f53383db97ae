package graph

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

// progressPoll is how often a watched run is read.
const progressPoll = 250 * time.Millisecond

// Subscription caps: subscriptions (run progress and alert events) one API
// key, and one tenant, may hold open at once.
const (
	maxSubscriptionsPerKey    = 10
	maxSubscriptionsPerTenant = 50
)

// runWatches follows each watched run with one poll of the database,
// shared by all its subscribers, and caps subscriptions per key and per
// tenant.
type runWatches struct {
	log       *slog.Logger
	mu        sync.Mutex
	runs      map[uuid.UUID]*runWatch // by run id
	perKey    map[uuid.UUID]int
	perTenant map[uuid.UUID]int
}

type runWatch struct {
	subs   map[chan *model.SyncRun]struct{}
	last   *model.SyncRun
	cancel context.CancelFunc
}

func newRunWatches(log *slog.Logger) *runWatches {
	return &runWatches{log: log, runs: map[uuid.UUID]*runWatch{}, perKey: map[uuid.UUID]int{}, perTenant: map[uuid.UUID]int{}}
}

// subscribe returns a channel of the run's states until it finishes or ctx
// ends; the run's watch starts with its first subscriber and stops with its
// last.
func (w *runWatches) subscribe(ctx context.Context, db *store.TenantDB, p store.Principal, run store.SyncRun) (<-chan *model.SyncRun, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.acquireLocked(p); err != nil {
		return nil, err
	}
	ch := make(chan *model.SyncRun, 1)
	rw := w.runs[run.ID]
	if rw == nil {
		watchCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		rw = &runWatch{subs: map[chan *model.SyncRun]struct{}{}, cancel: cancel}
		w.runs[run.ID] = rw
		go w.follow(watchCtx, db, run)
	}
	rw.subs[ch] = struct{}{}
	if rw.last != nil {
		ch <- rw.last
	}
	go func() {
		<-ctx.Done()
		w.unsubscribe(run.ID, ch, p)
	}()
	return ch, nil
}

// acquire counts one more open subscription of p, refusing one over the caps.
func (w *runWatches) acquire(p store.Principal) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.acquireLocked(p)
}

func (w *runWatches) acquireLocked(p store.Principal) error {
	if w.perKey[p.KeyID] >= maxSubscriptionsPerKey || w.perTenant[p.TenantID] >= maxSubscriptionsPerTenant {
		return errorf(CodeRateLimited, "too many open subscriptions (at most %d per API key and %d per tenant): close one first", maxSubscriptionsPerKey, maxSubscriptionsPerTenant)
	}
	w.perKey[p.KeyID]++
	w.perTenant[p.TenantID]++
	return nil
}

// release counts one subscription of p closed.
func (w *runWatches) release(p store.Principal) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.releaseLocked(p)
}

func (w *runWatches) releaseLocked(p store.Principal) {
	w.perKey[p.KeyID]--
	w.perTenant[p.TenantID]--
	if w.perKey[p.KeyID] == 0 {
		delete(w.perKey, p.KeyID)
	}
	if w.perTenant[p.TenantID] == 0 {
		delete(w.perTenant, p.TenantID)
	}
}

func (w *runWatches) unsubscribe(runID uuid.UUID, ch chan *model.SyncRun, p store.Principal) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.releaseLocked(p)
	rw := w.runs[runID]
	if rw == nil {
		return
	}
	if _, ok := rw.subs[ch]; ok {
		delete(rw.subs, ch)
		close(ch)
	}
	if len(rw.subs) == 0 {
		rw.cancel()
		delete(w.runs, runID)
	}
}

// follow polls the run and hands each new state to every subscriber, the
// newest replacing one not yet taken; the final state closes them.
func (w *runWatches) follow(ctx context.Context, db *store.TenantDB, run store.SyncRun) {
	err := ingest.Follow(ctx, db, run, progressPoll, func(r store.SyncRun) bool {
		m := syncRunModel(r)
		w.mu.Lock()
		defer w.mu.Unlock()
		rw := w.runs[run.ID]
		if rw == nil {
			return false
		}
		rw.last = m
		for ch := range rw.subs {
			select {
			case <-ch: // drop the state not yet taken: the newest wins
			default:
			}
			ch <- m
		}
		return true
	})
	if err != nil && ctx.Err() == nil {
		w.log.Warn("follow sync run", "run", run.ID, "err", err)
	}
	// The run finished (or failed to be read): end every subscription.
	w.mu.Lock()
	defer w.mu.Unlock()
	if rw := w.runs[run.ID]; rw != nil {
		for ch := range rw.subs {
			close(ch)
		}
		rw.subs = map[chan *model.SyncRun]struct{}{}
		delete(w.runs, run.ID)
	}
}
