package ingest

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Mode is what a sync run lists.
type Mode string

const (
	ModeFull        Mode = "full"
	ModeIncremental Mode = "incremental"
	ModeDevice      Mode = "device"
)

// Trigger is what started a run.
type Trigger string

const (
	TriggerManual    Trigger = "manual"
	TriggerScheduled Trigger = "scheduled"
	TriggerWebhook   Trigger = "webhook"
	TriggerCLI       Trigger = "cli"
)

// Skip reasons recorded on runs.
const (
	SkipUnmappedScope   = "UNMAPPED_SCOPE"
	SkipScopeSyncOff    = "SCOPE_SYNC_DISABLED"
	SkipDeletedUnknown  = "DELETED_UNKNOWN"
	SkipDeviceNotFound  = "DEVICE_NOT_FOUND"
	maxRecordedWarnings = 50
)

// Request asks for one sync run.
type Request struct {
	Provider string
	Mode     Mode
	Trigger  Trigger
	ScopeIDs []string // external scope ids; empty: every mapped scope
	// DeviceIDs, ModeDevice: the devices to read from the RMM and apply.
	DeviceIDs []string
	// Devices, ModeDevice: devices already known (a webhook's deletions),
	// applied as they are.
	Devices []rmm.Device
}

// Options tune the pipeline; zero values take the defaults.
type Options struct {
	// BatchSize is how many devices one write transaction holds (default 5000).
	BatchSize int
	// RetireAfter is how many consecutive complete listings a device must be
	// missing from before it is retired (default 2).
	RetireAfter int
	// RetireGuard is the share of its devices a scope's listing must return
	// for any of them to be retired (default 0.5).
	RetireGuard float64
	// Lease is how long a run may go without a heartbeat before another
	// process treats it as dead (default 2 minutes).
	Lease time.Duration
	// Heartbeat is how often a running run renews its lease (default 20 s).
	Heartbeat time.Duration
	// Egress is where providers may send requests (zero: https to public
	// addresses only).
	Egress egress.Policy
	// AllowCrossHostURLs lets a provider's secondary URL (SameHostAs) point
	// to another host than its primary one.
	AllowCrossHostURLs bool
	// PublicURL is where RMMs reach this server; when set, webhook
	// endpoints are registered with RMMs that take a registration.
	PublicURL string
}

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = 5000
	}
	if o.RetireAfter <= 0 {
		o.RetireAfter = 2
	}
	if o.RetireGuard <= 0 {
		o.RetireGuard = 0.5
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 20 * time.Second
	}
	return o
}

// Lookup finds a registered provider by id.
type Lookup interface {
	Get(id string) (providers.Provider, bool)
	All() []providers.Provider
}

// Syncer runs syncs: the only code path that writes assets.
type Syncer struct {
	registry Lookup
	// precedence is the default source order (DefaultPrecedence).
	precedenceOnce sync.Once
	precedence     store.Precedence
	log            *slog.Logger
	opts           Options
	sessions       sessions
	// targets caches integrations' webhook secrets for the ingress.
	targets *targets
	// executing holds the runs this process executes, by run id.
	executing sync.Map

	baseCtx  context.Context
	mu       sync.Mutex // orders running.Add before Wait once stopped
	stopped  bool
	running  sync.WaitGroup
	stopping chan struct{}
	stopOnce sync.Once
	// Observer hears about every finished run (metrics); may be nil.
	Observer func(provider string, run store.SyncRun)
}

// errStopping ends a run when the syncer stops.
var errStopping = errors.New("the server is shutting down")

// Stop asks running syncs to stop after the batch they are writing; they
// are recorded as interrupted. Wait then returns once they have.
func (s *Syncer) Stop() {
	s.stopOnce.Do(func() {
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		close(s.stopping)
	})
}

// track counts a run that is about to execute; a stopped syncer takes no
// new runs.
func (s *Syncer) track() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.running.Add(1)
	return true
}

// NewSyncer makes a syncer. Runs started with Start live until baseCtx ends;
// then they stop at the next page and are recorded as interrupted.
func NewSyncer(baseCtx context.Context, registry Lookup, log *slog.Logger, opts Options) *Syncer {
	if log == nil {
		log = slog.Default()
	}
	return &Syncer{registry: registry, log: log, opts: opts.withDefaults(), baseCtx: baseCtx, stopping: make(chan struct{}), targets: &targets{}}
}

// DefaultPrecedence is the source order of each field group when a tenant
// set none: the providers that declare they lead the group (Info.LeadsFor),
// by id; the others follow, by id. Group names a provider misspells are
// left out (a test checks the registered providers).
func DefaultPrecedence(ps []providers.Provider) store.Precedence {
	out := store.Precedence{}
	for _, p := range ps {
		info := p.Info()
		for _, name := range info.LeadsFor {
			if g, err := store.ParseFieldGroup(name); err == nil {
				out[g] = append(out[g], info.ID)
			}
		}
	}
	for _, order := range out {
		slices.Sort(order)
	}
	return out
}

// Precedence is the tenant's source order per field group, the providers'
// defaults for the groups it did not set.
func (s *Syncer) Precedence(ctx context.Context, db *store.TenantDB) (store.Precedence, error) {
	set, err := db.LoadPrecedence(ctx)
	return set.With(s.DefaultPrecedence()), err
}

// DefaultPrecedence is the source order the registered providers declare,
// worked out on first use.
func (s *Syncer) DefaultPrecedence() store.Precedence {
	s.precedenceOnce.Do(func() { s.precedence = DefaultPrecedence(s.registry.All()) })
	return s.precedence
}

// Wait blocks until every run, started with Start or Run, has finished.
func (s *Syncer) Wait() { s.running.Wait() }

// prepared is a validated request with what its run needs.
type prepared struct {
	req     Request
	conn    *connection
	session rmm.Session
	scopes  map[string]store.OrgMapping // every scope of the integration by external id
	list    []string                    // scopes to list, in order
}

func (s *Syncer) prepare(ctx context.Context, db *store.TenantDB, req Request) (*prepared, error) {
	p, ok := s.registry.Get(req.Provider)
	if !ok {
		return nil, unknownProvider(req.Provider)
	}
	caps := p.Capabilities()
	switch req.Mode {
	case ModeFull:
		if !caps.FullSync {
			return nil, badRequest("mode", "%s cannot list devices", req.Provider)
		}
	case ModeIncremental:
		if !caps.IncrementalSync {
			return nil, badRequest("mode", "%s does not support incremental sync; run a full sync", req.Provider)
		}
	case ModeDevice:
		if len(req.DeviceIDs) > 0 && !caps.SingleDeviceSync {
			return nil, badRequest("mode", "%s cannot read a single device", req.Provider)
		}
		if req.Devices == nil && len(req.DeviceIDs) == 0 {
			return nil, badRequest("deviceId", "a device sync needs deviceId")
		}
	default:
		return nil, badRequest("mode", "unknown mode %q", req.Mode)
	}
	c, err := s.connect(ctx, db, req.Provider, "configure and verify it first")
	if err != nil {
		return nil, err
	}
	if !c.integ.IsActive {
		if cs := ConnectionOf(c.integ); cs.Status == ConnectionReconnectRequired {
			return nil, badRequest("provider", "%s needs reconnecting: %s", req.Provider, cs.Reason)
		}
		return nil, badRequest("provider", "%s is not connected: verify the integration first", req.Provider)
	}
	all, err := db.AllScopeMappings(ctx, c.integ.ID)
	if err != nil {
		return nil, err
	}
	pr := &prepared{req: req, conn: c, scopes: map[string]store.OrgMapping{}}
	for _, m := range all {
		pr.scopes[m.ExternalOrganizationID] = m
	}
	if len(req.ScopeIDs) > 0 {
		for _, id := range req.ScopeIDs {
			m, ok := pr.scopes[id]
			if !ok {
				return nil, badRequest("scopeIds", "%s has no scope %q: discover scopes first", req.Provider, id)
			}
			if m.ClientID == nil {
				return nil, badRequest("scopeIds", "scope %q is not mapped to a client", id)
			}
			pr.list = append(pr.list, id)
		}
	} else if req.Mode != ModeDevice {
		for _, m := range all {
			if m.ClientID != nil && m.AutoSyncAssets {
				pr.list = append(pr.list, m.ExternalOrganizationID)
			}
		}
		if len(pr.list) == 0 {
			return nil, badRequest("scopeIds", "no scope of %s is mapped to a client with auto-sync on: map a scope first", req.Provider)
		}
	}
	orderScopes(pr)
	return pr, nil
}

// Start records a run and executes it in the background. It returns the
// run as recorded; a second run of the same integration gets
// *store.ErrRunInProgress.
func (s *Syncer) Start(ctx context.Context, db *store.TenantDB, req Request) (store.SyncRun, error) {
	pr, run, err := s.begin(ctx, db, req)
	if err != nil {
		return store.SyncRun{}, err
	}
	started := *run // the run goes on changing in the background
	started.SkippedReasons = maps.Clone(run.SkippedReasons)
	started.Warnings = slices.Clone(run.Warnings)
	started.ScopeIDs = slices.Clone(run.ScopeIDs)
	go func() {
		defer s.running.Done()
		s.execute(s.baseCtx, db, pr, run)
	}()
	return started, nil
}

// Run records a run, executes it and returns it finished.
func (s *Syncer) Run(ctx context.Context, db *store.TenantDB, req Request) (store.SyncRun, error) {
	pr, run, err := s.begin(ctx, db, req)
	if err != nil {
		return store.SyncRun{}, err
	}
	defer s.running.Done()
	s.execute(ctx, db, pr, run)
	return *run, nil
}

// begin validates a request and records its run.
func (s *Syncer) begin(ctx context.Context, db *store.TenantDB, req Request) (*prepared, *store.SyncRun, error) {
	if !s.track() {
		return nil, nil, errStopping
	}
	started := false
	defer func() {
		if !started {
			s.running.Done()
		}
	}()
	pr, err := s.prepare(ctx, db, req)
	if err != nil {
		return nil, nil, err
	}
	run := &store.SyncRun{IntegrationID: pr.conn.integ.ID, Mode: string(pr.req.Mode), Trigger: string(pr.req.Trigger),
		ScopeIDs: pr.list, ScopesTotal: len(pr.list)}
	if run.Trigger == "" {
		run.Trigger = string(TriggerManual)
	}
	if err := db.StartRun(ctx, run, s.opts.Lease); err != nil {
		return nil, nil, err
	}
	started = true
	return pr, run, nil
}

// DeviceList is the DeviceIDs of a request for one device id, which may be
// empty (none).
func DeviceList(id string) []string {
	if id = strings.TrimSpace(id); id == "" {
		return nil
	}
	return []string{id}
}

// Cancel asks a running run to stop after the batch it is writing, on
// whichever replica runs it (at once here, within a heartbeat elsewhere).
// The run ends cancelled; what it wrote stays, consistent.
func (s *Syncer) Cancel(ctx context.Context, db *store.TenantDB, runID uuid.UUID) (store.SyncRun, error) {
	run, err := db.RequestCancel(ctx, runID)
	if errors.Is(err, store.ErrNotFound) {
		if run.ID == uuid.Nil {
			return run, &RequestError{Field: "runId", Message: "no such run", NotFound: true}
		}
		return run, badRequest("runId", "the run is %s, not running", run.Status)
	}
	if err != nil {
		return run, err
	}
	if x, ok := s.executing.Load(runID); ok {
		x.(*execution).cancel()
	}
	return run, nil
}
