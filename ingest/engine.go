package ingest

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/store"
)

// Engine is the sync side of a server, built one way for serve, demo, the
// sync command and tests: the provider registry, the syncer and the
// scheduler over one store.
type Engine struct {
	Store     *store.Store
	Registry  *providers.Registry
	Syncer    *Syncer
	Scheduler *SyncScheduler
	// Webhooks is the webhook ingress and its background processing.
	Webhooks *Webhooks
	ctx      context.Context // ends when the engine stops
	stop     context.CancelFunc
	// acceptOnly: webhook deliveries are left to other replicas.
	acceptOnly bool
	processing sync.WaitGroup
}

// EngineOptions tune an engine; zero values take the defaults.
type EngineOptions struct {
	Log      *slog.Logger
	Sync     Options
	Schedule SchedulerOptions
	Webhooks WebhookOptions
	// AcceptOnly makes this process store webhook deliveries without
	// processing any: other replicas process them.
	AcceptOnly bool
}

// NewEngine builds an engine. Runs started through it outlive the request
// that starts them and stop when Stop is called or ctx ends.
func NewEngine(ctx context.Context, s *store.Store, reg *providers.Registry, o EngineOptions) (*Engine, error) {
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	syncer := NewSyncer(runCtx, reg, o.Log, o.Sync)
	o.Schedule.Distributed = s.Dialect() == store.Postgres // replicas share Postgres; SQLite has one process
	sched, err := NewSyncScheduler(s, syncer, o.Log, o.Schedule)
	if err != nil {
		stop()
		return nil, err
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	e := &Engine{Store: s, Registry: reg, Syncer: syncer, Scheduler: sched, Webhooks: NewWebhooks(s, syncer, o.Log, o.Webhooks),
		ctx: runCtx, stop: stop, acceptOnly: o.AcceptOnly}
	return e, nil
}

// StartScheduling starts the scheduler, the sweeper that marks runs of
// dead processes interrupted and the webhook processing; they run until
// Stop.
func (e *Engine) StartScheduling() error {
	go e.sweep()
	if !e.acceptOnly {
		e.processing.Add(1)
		go func() {
			defer e.processing.Done()
			e.Webhooks.Run(e.ctx)
		}()
	}
	return e.Scheduler.Start(e.ctx)
}

// sweep marks interrupted, every half lease, the runs whose process died
// (on any replica), so their status and subscribers learn it within the
// lease, not only when the next sync starts.
func (e *Engine) sweep() {
	lease := e.Syncer.opts.Lease
	t := time.NewTicker(max(lease/2, 100*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-t.C:
			n, err := e.Store.SweepDeadRuns(e.ctx, lease)
			switch {
			case err != nil && e.ctx.Err() == nil:
				e.Syncer.log.Warn("sweep dead sync runs", "err", err)
			case n > 0:
				e.Syncer.log.Info("marked sync runs of stopped processes interrupted", "runs", n)
			}
		}
	}
}

// Stop stops scheduling, asks running syncs to stop after the batch they
// are writing, and waits up to timeout for them; after that they are cut
// off. It reports whether they stopped in time.
func (e *Engine) Stop(timeout time.Duration) bool {
	e.Scheduler.Stop()
	e.Syncer.Stop()
	done := make(chan struct{})
	go func() { e.Syncer.Wait(); close(done) }()
	inTime := true
	select {
	case <-done:
	case <-time.After(timeout):
		inTime = false
		e.stop()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}
	e.stop()
	e.processing.Wait()
	e.Syncer.CloseSessions()
	return inTime
}
