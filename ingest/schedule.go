package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
)

// Interval bounds of settings.deviceSync.intervalMinutes.
const (
	MinIntervalMinutes     = 15
	MaxIntervalMinutes     = 1440
	DefaultIntervalMinutes = 60
)

// Schedule is an integration's periodic sync setting.
type Schedule struct {
	Enabled         bool
	IntervalMinutes int
}

// ScheduleOf reads settings.deviceSync. enabled defaults to on once the
// integration is connected and has a mapped scope; an explicit false turns
// it off. intervalMinutes is rounded and clamped to 15..1440 (default 60).
func ScheduleOf(settings map[string]any, connected bool, mappedScopes int) Schedule {
	s := Schedule{Enabled: connected && mappedScopes > 0, IntervalMinutes: DefaultIntervalMinutes}
	ds, _ := settings["deviceSync"].(map[string]any)
	if v, ok := ds["enabled"].(bool); ok {
		s.Enabled = v && connected && mappedScopes > 0
	}
	s.IntervalMinutes = minutes(ds["intervalMinutes"], DefaultIntervalMinutes, MinIntervalMinutes, MaxIntervalMinutes)
	return s
}

// minutes reads a settings interval: a number or numeric text, rounded
// and clamped to lo..hi; anything else is def.
func minutes(v any, def, lo, hi int) int {
	n := def
	switch v := v.(type) {
	case float64:
		n = int(math.Round(v))
	case int:
		n = v
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			n = int(math.Round(f))
		}
	}
	return min(max(n, lo), hi)
}

// NextTick is the next start of a schedule: ticks fall on multiples of the
// interval since the Unix epoch, so every replica computes the same ones.
func NextTick(now time.Time, interval time.Duration) time.Time {
	return now.Truncate(interval).Add(interval)
}

// SchedulerOptions tune the scheduler; zero values take the defaults.
type SchedulerOptions struct {
	// Unit is what one interval minute lasts (default a minute; tests
	// shorten it).
	Unit time.Duration
	// Reconcile is how often the jobs are compared with the database, so
	// changes made on another replica take effect (default 30 s).
	Reconcile time.Duration
	// Distributed makes replicas claim each tick in the database, so it
	// runs once (Postgres). Single-node SQLite needs none.
	Distributed bool
	// MaxConcurrent is how many scheduled jobs (syncs, alert polls) run at
	// once here; more that are due wait their turn (default 8).
	MaxConcurrent int
}

// SyncScheduler runs each integration's periodic sync with gocron.
type SyncScheduler struct {
	store  *store.Store
	syncer *Syncer
	log    *slog.Logger
	opts   SchedulerOptions
	sched  gocron.Scheduler
	owner  string

	mu   sync.Mutex
	jobs map[string]scheduledJob // by "sync/<integration>" and "alerts/<integration>"
	// AlertObserver hears each alert change a poll makes (metrics); may be nil.
	AlertObserver func(provider, kind string)
}

type scheduledJob struct {
	id       uuid.UUID // gocron's
	interval time.Duration
}

// NewSyncScheduler makes a stopped scheduler.
func NewSyncScheduler(st *store.Store, syncer *Syncer, log *slog.Logger, opts SchedulerOptions) (*SyncScheduler, error) {
	if opts.Unit <= 0 {
		opts.Unit = time.Minute
	}
	if opts.Reconcile <= 0 {
		opts.Reconcile = 30 * time.Second
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 8
	}
	if log == nil {
		log = slog.Default()
	}
	host, _ := os.Hostname()
	sc := &SyncScheduler{store: st, syncer: syncer, log: log, opts: opts, jobs: map[string]scheduledJob{},
		owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), uuid.NewString()[:8])}
	var err error
	sc.sched, err = gocron.NewScheduler(gocron.WithLocation(time.UTC), gocron.WithStopTimeout(time.Second),
		gocron.WithLimitConcurrentJobs(uint(opts.MaxConcurrent), gocron.LimitModeWait))
	if err != nil {
		return nil, err
	}
	return sc, nil
}

// Start runs the jobs and keeps them in step with the database until ctx ends.
func (sc *SyncScheduler) Start(ctx context.Context) error {
	if err := sc.Reconcile(ctx); err != nil {
		return err
	}
	sc.sched.Start()
	go func() {
		t := time.NewTicker(sc.opts.Reconcile)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := sc.Reconcile(ctx); err != nil && ctx.Err() == nil {
					sc.log.Warn("reconcile sync schedules", "err", err)
				}
			}
		}
	}()
	return nil
}

// Stop stops scheduling; runs already started are the syncer's to stop.
func (sc *SyncScheduler) Stop() error { return sc.sched.Shutdown() }

// Reconcile adds, changes and removes jobs to match the integrations'
// settings: periodic syncs (settings.deviceSync) and, for providers that
// list alerts, alert polls (settings.alertPolling).
func (sc *SyncScheduler) Reconcile(ctx context.Context) error {
	rows, err := sc.store.ScheduledIntegrations(ctx)
	if err != nil {
		return err
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	want := map[string]bool{}
	for _, in := range rows {
		if s := ScheduleOf(in.Settings, in.IsActive, in.MappedScopes); s.Enabled {
			interval := time.Duration(s.IntervalMinutes) * sc.opts.Unit
			if err := sc.ensureJob(ctx, "sync/"+in.ID.String(), interval, want, func(ctx context.Context) { sc.tick(ctx, in, interval) }); err != nil {
				return err
			}
		}
		if p := AlertPollingOf(in.Settings); p.Enabled && in.IsActive && sc.canPollAlerts(in.Provider) {
			interval := time.Duration(p.IntervalMinutes) * sc.opts.Unit
			if err := sc.ensureJob(ctx, "alerts/"+in.ID.String(), interval, want, func(ctx context.Context) { sc.pollAlerts(ctx, in, interval) }); err != nil {
				return err
			}
		}
	}
	for key, j := range sc.jobs {
		if !want[key] {
			_ = sc.sched.RemoveJob(j.id)
			delete(sc.jobs, key)
		}
	}
	if sc.opts.Distributed {
		_ = sc.store.PruneTicks(ctx, 48*time.Hour)
	}
	return nil
}

// ensureJob keeps a job running task every interval under key.
func (sc *SyncScheduler) ensureJob(ctx context.Context, key string, interval time.Duration, want map[string]bool, task func(context.Context)) error {
	want[key] = true
	if j, ok := sc.jobs[key]; ok && j.interval == interval {
		return nil
	} else if ok {
		_ = sc.sched.RemoveJob(j.id)
	}
	var job gocron.Job
	var err error
	// The next tick can pass while the job is being set up (a short
	// interval on a busy machine): then the one after it is next.
	for range 3 {
		job, err = sc.sched.NewJob(
			gocron.DurationJob(interval),
			gocron.NewTask(func() { task(context.WithoutCancel(ctx)) }),
			gocron.WithName(fmt.Sprintf("%s/%d", key, interval.Milliseconds())),
			gocron.WithStartAt(gocron.WithStartDateTime(NextTick(time.Now(), interval))),
			gocron.WithSingletonMode(gocron.LimitModeReschedule),
		)
		if !errors.Is(err, gocron.ErrWithStartDateTimePast) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("schedule %s: %w", key, err)
	}
	sc.jobs[key] = scheduledJob{id: job.ID(), interval: interval}
	return nil
}

// claim claims a tick of a job when replicas share the database; true when
// this replica runs it.
func (sc *SyncScheduler) claim(ctx context.Context, key string, interval time.Duration) bool {
	if !sc.opts.Distributed {
		return true
	}
	// The tick nearest to now: replicas fire within moments of each
	// other, on either side of the same tick.
	tick := time.Now().Add(interval / 2).Truncate(interval)
	ok, err := sc.store.ClaimTick(ctx, fmt.Sprintf("%s/%d", key, tick.UnixMilli()), sc.owner)
	if err != nil {
		sc.log.Warn("claim scheduled job", "job", key, "err", err)
		return false
	}
	return ok // false: another replica runs this tick
}

func (sc *SyncScheduler) canPollAlerts(provider string) bool {
	p, ok := sc.syncer.registry.Get(provider)
	return ok && p.Capabilities().Alerts
}

// pollAlerts runs one scheduled alert poll.
func (sc *SyncScheduler) pollAlerts(ctx context.Context, in store.ScheduledIntegration, interval time.Duration) {
	if !sc.claim(ctx, "alerts/"+in.ID.String(), interval) {
		return
	}
	res, err := sc.syncer.PollAlerts(ctx, sc.store.Tenant(in.TenantID), in.Provider, sc.AlertObserver)
	if err != nil {
		sc.log.Warn("scheduled alert poll failed", "integration", in.ID, "provider", in.Provider, "err", err)
		return
	}
	sc.log.Info("alerts polled", "integration", in.ID, "provider", in.Provider, "active", res.Active, "changed", res.Changed, "autoResolved", res.AutoResolved)
}

// tick runs one scheduled sync, after claiming the tick when replicas share
// the database.
func (sc *SyncScheduler) tick(ctx context.Context, in store.ScheduledIntegration, interval time.Duration) {
	if !sc.claim(ctx, "sync/"+in.ID.String(), interval) {
		return
	}
	mode := sc.modeAt(in.Provider, in.LastFullSyncAt, time.Now())
	run, err := sc.syncer.Run(ctx, sc.store.Tenant(in.TenantID), Request{Provider: in.Provider, Mode: mode, Trigger: TriggerScheduled})
	var busy *store.ErrRunInProgress
	switch {
	case errors.As(err, &busy):
		sc.log.Info("scheduled sync skipped: a sync is running", "integration", in.ID, "run", busy.RunID)
	case err != nil:
		sc.log.Warn("scheduled sync not started", "integration", in.ID, "err", err)
	default:
		sc.log.Info("scheduled sync finished", "integration", in.ID, "run", run.ID, "status", run.Status)
	}
}

// modeAt is what a scheduled sync at a time lists: one full sync a day,
// incremental ones between when the provider can list changes.
func (sc *SyncScheduler) modeAt(provider string, lastFull *time.Time, at time.Time) Mode {
	if sc.incremental(provider) && lastFull != nil && at.Sub(*lastFull) < 24*time.Hour {
		return ModeIncremental
	}
	return ModeFull
}

// incremental reports whether a provider can list changed devices only.
func (sc *SyncScheduler) incremental(provider string) bool {
	p, ok := sc.syncer.registry.Get(provider)
	return ok && p.Capabilities().IncrementalSync
}

// ScheduleInfo is what the API shows of an integration's schedule.
type ScheduleInfo struct {
	Schedule
	NextRunAt *time.Time
	LastRunAt *time.Time
	// NextMode is what the next tick lists.
	NextMode Mode
}

// ScheduleFor describes an integration's schedule.
func (sc *SyncScheduler) ScheduleFor(ctx context.Context, db *store.TenantDB, in store.Integration) (ScheduleInfo, error) {
	mapped, err := db.CountScopeMappings(ctx, in.ID, store.ScopeFilter{Mapped: ptrTrue()})
	if err != nil {
		return ScheduleInfo{}, err
	}
	info := ScheduleInfo{Schedule: ScheduleOf(in.Settings, in.IsActive, mapped)}
	if info.Enabled {
		next := NextTick(time.Now().UTC(), time.Duration(info.IntervalMinutes)*sc.opts.Unit)
		info.NextRunAt = &next
		info.NextMode = sc.modeAt(in.Provider, in.LastFullSyncAt, next)
	}
	info.LastRunAt, err = db.LastScheduledRun(ctx, in.ID)
	return info, err
}

func ptrTrue() *bool { t := true; return &t }

// SetSchedule stores settings.deviceSync, keeping the integration's other
// settings, and applies it at once on this replica (others follow at their
// next reconcile).
func (sc *SyncScheduler) SetSchedule(ctx context.Context, db *store.TenantDB, provider string, enabled *bool, intervalMinutes *int) (store.Integration, error) {
	in, err := db.Integration(ctx, provider)
	if err != nil {
		return in, err
	}
	ds, _ := in.Settings["deviceSync"].(map[string]any)
	next := map[string]any{}
	for k, v := range ds {
		next[k] = v
	}
	if enabled != nil {
		next["enabled"] = *enabled
	}
	if intervalMinutes != nil {
		if *intervalMinutes < MinIntervalMinutes || *intervalMinutes > MaxIntervalMinutes {
			return in, badRequest("intervalMinutes", "intervalMinutes must be between %d and %d, got %d", MinIntervalMinutes, MaxIntervalMinutes, *intervalMinutes)
		}
		next["intervalMinutes"] = *intervalMinutes
	}
	in, err = db.MergeSettings(ctx, provider, map[string]any{"deviceSync": next})
	if err != nil {
		return in, err
	}
	return in, sc.Reconcile(ctx)
}

// SetAlertPolling stores settings.alertPolling, keeping the integration's
// other settings, and applies it at once on this replica.
func (sc *SyncScheduler) SetAlertPolling(ctx context.Context, db *store.TenantDB, provider string, enabled *bool, intervalMinutes *int) (store.Integration, error) {
	if !sc.canPollAlerts(provider) {
		return store.Integration{}, badRequest("provider", "%s cannot list alerts", provider)
	}
	in, err := db.Integration(ctx, provider)
	if errors.Is(err, store.ErrNotFound) {
		return in, badRequest("provider", "%s is not configured", provider)
	}
	if err != nil {
		return in, err
	}
	next := map[string]any{}
	if ap, ok := in.Settings["alertPolling"].(map[string]any); ok {
		maps.Copy(next, ap)
	}
	if enabled != nil {
		next["enabled"] = *enabled
	}
	if intervalMinutes != nil {
		if *intervalMinutes < MinAlertPollMinutes || *intervalMinutes > MaxAlertPollMinutes {
			return in, badRequest("intervalMinutes", "intervalMinutes must be between %d and %d, got %d", MinAlertPollMinutes, MaxAlertPollMinutes, *intervalMinutes)
		}
		next["intervalMinutes"] = *intervalMinutes
	}
	in, err = db.MergeSettings(ctx, provider, map[string]any{"alertPolling": next})
	if err != nil {
		return in, err
	}
	return in, sc.Reconcile(ctx)
}
