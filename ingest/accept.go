package ingest

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
)

// acceptBatch limits what one commit of deliveries holds.
const (
	acceptBatchRows  = 1000
	acceptBatchBytes = 8 << 20
)

// acceptor stores deliveries in shared commits: while one batch is being
// written, the deliveries that arrive meanwhile queue, and the next commit
// takes them all. At low load a delivery is written alone at once; under
// load one commit (one WAL flush) answers many senders.
type acceptor struct {
	store  *store.Store
	window time.Duration

	mu       sync.Mutex
	queue    []*acceptItem
	flushing bool
}

type acceptItem struct {
	d        *store.WebhookDelivery
	accepted bool
	err      error
	done     chan struct{}
}

// accept stores d and reports whether it was new.
func (a *acceptor) accept(ctx context.Context, d *store.WebhookDelivery) (bool, error) {
	it := &acceptItem{d: d, done: make(chan struct{})}
	a.mu.Lock()
	a.queue = append(a.queue, it)
	lead := !a.flushing
	a.flushing = true
	a.mu.Unlock()
	if lead {
		a.flush()
	}
	select {
	case <-it.done:
		return it.accepted, it.err
	case <-ctx.Done():
		// The batch may still commit it; the sender retries and the
		// redelivery is then a no-op.
		return false, ctx.Err()
	}
}

// flush writes one batch from the queue; if more queued meanwhile, another
// goroutine writes the next, so no sender waits for batches after its own.
func (a *acceptor) flush() {
	a.mu.Lock()
	n, size := 0, 0
	for n < len(a.queue) && n < acceptBatchRows && (n == 0 || size+len(a.queue[n].d.Body) <= acceptBatchBytes) {
		size += len(a.queue[n].d.Body)
		n++
	}
	batch := a.queue[:n:n]
	a.queue = a.queue[n:]
	a.mu.Unlock()

	ds := make([]*store.WebhookDelivery, len(batch))
	for i, it := range batch {
		ds[i] = it.d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	accepted, err := a.store.AcceptDeliveries(ctx, ds, a.window)
	cancel()
	for i, it := range batch {
		if err != nil {
			it.err = err
		} else {
			it.accepted = accepted[i]
		}
		close(it.done)
	}

	a.mu.Lock()
	more := len(a.queue) > 0
	a.flushing = more
	if len(a.queue) == 0 {
		a.queue = nil // let the old array go
	}
	a.mu.Unlock()
	if more {
		go a.flush()
	}
}

// targetTTL is how long an integration's webhook target (its tenant,
// provider, activity and secret) is reused before it is read again: a
// secret rotated or an integration disconnected on another replica takes
// effect here within it; on this replica at once.
const targetTTL = 2 * time.Second

// targets caches webhook targets by integration id.
type targets struct {
	mu   sync.Mutex
	byID map[uuid.UUID]cachedTarget
}

type cachedTarget struct {
	t   store.WebhookTarget
	at  time.Time
	err error // store.ErrNotFound is cached too: unknown ids cost one read per TTL
}

func (c *targets) get(ctx context.Context, st *store.Store, id uuid.UUID) (store.WebhookTarget, error) {
	c.mu.Lock()
	e, ok := c.byID[id]
	c.mu.Unlock()
	if ok && time.Since(e.at) < targetTTL {
		return e.t, e.err
	}
	t, err := st.WebhookTarget(ctx, id)
	if err != nil && err != store.ErrNotFound {
		return t, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID) > 10000 {
		c.byID = map[uuid.UUID]cachedTarget{} // bounded: guessed ids cannot grow it without limit
	}
	c.byID[id] = cachedTarget{t: t, at: time.Now(), err: err}
	return t, err
}

// forget drops an integration's cached target (its secret changed here).
func (c *targets) forget(id uuid.UUID) {
	c.mu.Lock()
	delete(c.byID, id)
	c.mu.Unlock()
}
