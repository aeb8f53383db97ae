package ingest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Webhook ingress outcomes, as counted in metrics.
const (
	DeliveryAccepted     = "accepted"
	DeliveryDuplicate    = "duplicate"
	DeliveryUnauthorized = "unauthorized"
	DeliveryMalformed    = "malformed"
	DeliveryTooLarge     = "too_large"
)

// ErrWebhookUnauthorized answers every delivery that cannot be
// authenticated, whatever the reason: unknown or inactive integration,
// provider without webhooks, missing or wrong secret.
var ErrWebhookUnauthorized = errors.New("webhook delivery not authenticated")

// MalformedDelivery is a body the provider cannot parse.
type MalformedDelivery struct{ Reason string }

func (e *MalformedDelivery) Error() string { return e.Reason }

// WebhookOptions tune webhook processing; zero values take the defaults.
type WebhookOptions struct {
	// DedupWindow is how long a delivery's key (the RMM's delivery id or
	// the body's hash) makes a redelivery a no-op (default 24 h).
	DedupWindow time.Duration
	// Retention is how long processed and failed deliveries are kept
	// (default 7 days; at least DedupWindow).
	Retention time.Duration
	// Poll is how often due deliveries are looked for when none was
	// received here (default 1 s).
	Poll time.Duration
	// Lease is how long a claim on deliveries lasts before another
	// process may take them over (default 2 min).
	Lease time.Duration
	// Batch is how many deliveries of one integration are processed
	// together, their device events coalesced (default 10,000).
	Batch int
	// MaxAttempts is how many times failed processing is tried before a
	// delivery is marked failed (default 10).
	MaxAttempts int
	// RetryBase is the first retry's delay, doubling up to 10 minutes
	// (default 5 s).
	RetryBase time.Duration
	// Defer is how long deliveries wait while another sync of their
	// integration runs (default 10 s).
	Defer time.Duration
}

func (o WebhookOptions) withDefaults() WebhookOptions {
	if o.DedupWindow <= 0 {
		o.DedupWindow = 24 * time.Hour
	}
	if o.Retention < o.DedupWindow {
		o.Retention = max(7*24*time.Hour, o.DedupWindow)
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 10000
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 5 * time.Second
	}
	if o.Defer <= 0 {
		o.Defer = 10 * time.Second
	}
	return o
}

// EventObserver hears what the webhook and alert pipeline does (metrics);
// any method may be left nil.
type EventObserver struct {
	// Delivery counts one delivery by its ingress outcome.
	Delivery func(provider, outcome string)
	// Processed reports a delivery processed (or failed for good) after lag.
	Processed func(provider, status string, lag time.Duration)
	// AlertTransition counts one change of an alert.
	AlertTransition func(provider, kind string)
}

// Webhooks is the shared webhook ingress and its background processing:
// providers only parse.
type Webhooks struct {
	store    *store.Store
	syncer   *Syncer
	log      *slog.Logger
	opts     WebhookOptions
	wake     chan struct{}
	acceptor *acceptor
	targets  *targets
	Observer EventObserver
}

// NewWebhooks makes the ingress and processing of webhooks over a store,
// processing through syncer.
func NewWebhooks(st *store.Store, syncer *Syncer, log *slog.Logger, o WebhookOptions) *Webhooks {
	if log == nil {
		log = slog.Default()
	}
	o = o.withDefaults()
	w := &Webhooks{store: st, syncer: syncer, log: log, opts: o, wake: make(chan struct{}, 1),
		acceptor: &acceptor{store: st, window: o.DedupWindow}, targets: syncer.targets}
	return w
}

// Accepted is a delivery the ingress stored.
type Accepted struct {
	DeliveryID uuid.UUID
	// Duplicate: the same delivery was received within the window; this
	// one was not stored.
	Duplicate       bool
	Events, Ignored int
}

// Accept authenticates one delivery, has its provider parse it and stores
// it before returning; it is processed after, here or on another replica.
// Any authentication failure is ErrWebhookUnauthorized; a body the
// provider cannot parse is *MalformedDelivery.
func (w *Webhooks) Accept(ctx context.Context, provider, integrationID string, header http.Header, body []byte) (Accepted, error) {
	a, err := w.accept(ctx, provider, integrationID, header, body)
	outcome := DeliveryAccepted
	var malformed *MalformedDelivery
	switch {
	case errors.Is(err, ErrWebhookUnauthorized):
		outcome = DeliveryUnauthorized
	case errors.As(err, &malformed):
		outcome = DeliveryMalformed
	case err != nil:
		outcome = "error"
		w.log.Error("store webhook delivery", "provider", provider, "err", err)
	case a.Duplicate:
		outcome = DeliveryDuplicate
	}
	w.observeDelivery(provider, outcome)
	return a, err
}

func (w *Webhooks) observeDelivery(provider, outcome string) {
	if w.Observer.Delivery != nil {
		if _, ok := w.syncer.registry.Get(provider); !ok {
			provider = "unknown" // a label per guessed path would grow without bound
		}
		w.Observer.Delivery(provider, outcome)
	}
}

// RefuseTooLarge counts a delivery refused for its size.
func (w *Webhooks) RefuseTooLarge(provider string) { w.observeDelivery(provider, DeliveryTooLarge) }

func (w *Webhooks) accept(ctx context.Context, provider, integrationID string, header http.Header, body []byte) (Accepted, error) {
	id, err := uuid.Parse(integrationID)
	if err != nil {
		return Accepted{}, ErrWebhookUnauthorized
	}
	p, ok := w.syncer.registry.Get(provider)
	if !ok {
		return Accepted{}, ErrWebhookUnauthorized
	}
	parser, ok := p.Webhooks()
	if !ok {
		return Accepted{}, ErrWebhookUnauthorized
	}
	target, err := w.targets.get(ctx, w.store, id)
	if errors.Is(err, store.ErrNotFound) {
		return Accepted{}, ErrWebhookUnauthorized
	}
	if err != nil {
		return Accepted{}, err
	}
	got := []byte(header.Get(parser.WebhookHeader()))
	if target.Provider != provider || !target.IsActive || len(target.Secret) == 0 ||
		subtle.ConstantTimeCompare(got, target.Secret) != 1 {
		return Accepted{}, ErrWebhookUnauthorized
	}
	parsed, err := parser.ParseWebhook(header, body)
	if err != nil {
		return Accepted{}, &MalformedDelivery{Reason: err.Error()}
	}
	sum := sha256.Sum256(body)
	d := &store.WebhookDelivery{TenantID: target.TenantID, IntegrationID: id, Provider: provider, BodyHash: hex.EncodeToString(sum[:]), Body: body,
		DedupKey: dedupKey(parsed.DeliveryID, sum), ReceivedAt: time.Now(), Events: parsed.Events}
	if d.Events == nil {
		d.Events = []rmm.Event{}
	}
	for _, e := range parsed.Events {
		if e.Kind == rmm.EventIgnored {
			d.IgnoredCount++
		} else {
			d.EventCount++
		}
	}
	accepted, err := w.acceptor.accept(ctx, d)
	if err != nil {
		return Accepted{}, err
	}
	if accepted {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	return Accepted{DeliveryID: d.ID, Duplicate: !accepted, Events: d.EventCount, Ignored: d.IgnoredCount}, nil
}

// dedupKey is the RMM's delivery id when it sends one, else the body's hash.
func dedupKey(deliveryID string, body [32]byte) string {
	if deliveryID == "" {
		return "sha256:" + hex.EncodeToString(body[:])
	}
	if len(deliveryID) > 90 {
		sum := sha256.Sum256([]byte(deliveryID))
		return "idsha256:" + hex.EncodeToString(sum[:])
	}
	return "id:" + deliveryID
}

// Webhook is an integration's webhook endpoint as the API shows it.
type Webhook struct {
	// Path is where the RMM posts: /webhooks/{provider}/{integration id}.
	Path   string
	Header string // the header that must carry the secret
	// Body is the body template to paste into the RMM, for RMMs that send
	// what they are told.
	Body string
	store.WebhookStats
	SecretSet bool
}

// WebhookOf describes the integration's webhook endpoint; false when its
// provider takes no webhooks.
func (s *Syncer) WebhookOf(ctx context.Context, db *store.TenantDB, in store.Integration) (Webhook, bool, error) {
	p, ok := s.registry.Get(in.Provider)
	if !ok {
		return Webhook{}, false, nil
	}
	parser, ok := p.Webhooks()
	if !ok {
		return Webhook{}, false, nil
	}
	out := Webhook{Path: webhookPath(in), Header: parser.WebhookHeader()}
	if t, ok := parser.(rmm.WebhookTemplate); ok {
		out.Body = t.WebhookBody()
	}
	var err error
	if out.WebhookStats, err = db.WebhookStats(ctx, in.ID, time.Now().Add(-24*time.Hour)); err != nil {
		return out, true, err
	}
	names, err := db.SecretNames(ctx, in.ID)
	for _, n := range names {
		out.SecretSet = out.SecretSet || n == store.WebhookSecretName
	}
	return out, true, err
}

func webhookPath(in store.Integration) string {
	return "/webhooks/" + in.Provider + "/" + in.ID.String()
}

// RotatedSecret is a new webhook secret, shown once.
type RotatedSecret struct {
	Integration store.Integration
	Secret      string
	Webhook     Webhook
	// Registered: the endpoint and secret were registered with the RMM.
	Registered bool
	// RegisterError says why registering failed (the admin then sets the
	// webhook up in the RMM by hand).
	RegisterError string
}

// RotateWebhookSecret makes the integration a new webhook secret (32
// random bytes, hex): deliveries carrying the old one are refused from now.
func (s *Syncer) RotateWebhookSecret(ctx context.Context, db *store.TenantDB, provider string) (RotatedSecret, error) {
	p, ok := s.registry.Get(provider)
	if !ok {
		return RotatedSecret{}, unknownProvider(provider)
	}
	if _, ok := p.Webhooks(); !ok {
		return RotatedSecret{}, badRequest("provider", "%s does not send webhooks", provider)
	}
	in, err := db.Integration(ctx, provider)
	if errors.Is(err, store.ErrNotFound) {
		return RotatedSecret{}, badRequest("provider", "%s is not configured: configure it first", provider)
	}
	if err != nil {
		return RotatedSecret{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return RotatedSecret{}, err
	}
	secret := hex.EncodeToString(raw)
	if err := db.SetIntegrationSecret(ctx, in.ID, store.WebhookSecretName, []byte(secret)); err != nil {
		return RotatedSecret{}, err
	}
	s.targets.forget(in.ID)
	hook, _, err := s.WebhookOf(ctx, db, in)
	out := RotatedSecret{Integration: in, Secret: secret, Webhook: hook}
	if err != nil || s.opts.PublicURL == "" || !p.Capabilities().WebhookRegistration || !in.IsActive {
		return out, err
	}
	c, err := s.connect(ctx, db, provider, "configure it first")
	if err != nil {
		return out, err
	}
	err = s.withSession(ctx, db, c, func(sess rmm.Session) error {
		return sess.(rmm.WebhookRegistrar).RegisterWebhook(ctx, strings.TrimRight(s.opts.PublicURL, "/")+hook.Path, hook.Header, secret)
	})
	if pe, ok := providerError(err); ok {
		logDetail(s.log, "webhook registration failed", provider, err)
		out.RegisterError = pe.Message
		return out, nil
	}
	out.Registered = err == nil
	return out, err
}

// Run processes due deliveries until ctx ends: those received here at
// once, those of other replicas (and of a process that died) within a
// poll.
func (w *Webhooks) Run(ctx context.Context) {
	poll := time.NewTicker(w.opts.Poll)
	defer poll.Stop()
	lastPrune := time.Time{}
	for {
		for ctx.Err() == nil {
			n, err := w.ProcessDue(ctx)
			if err != nil && ctx.Err() == nil {
				w.log.Warn("process webhook deliveries", "err", err)
			}
			if n == 0 || err != nil {
				break
			}
		}
		if time.Since(lastPrune) > 10*time.Minute {
			lastPrune = time.Now()
			if n, err := w.store.PruneDeliveries(ctx, time.Now().Add(-w.opts.Retention)); err != nil && ctx.Err() == nil {
				w.log.Warn("prune webhook deliveries", "err", err)
			} else if n > 0 {
				w.log.Info("pruned old webhook deliveries", "deliveries", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		case <-w.wake:
		}
	}
}

// ProcessDue claims one integration's due deliveries and processes them;
// it returns how many it claimed.
func (w *Webhooks) ProcessDue(ctx context.Context) (int, error) {
	refs, err := w.store.ClaimDeliveries(ctx, w.opts.Batch, w.opts.Lease)
	if err != nil || len(refs) == 0 {
		return 0, err
	}
	w.process(ctx, refs)
	return len(refs), nil
}

// batch is the events of one integration's claimed deliveries.
type batch struct {
	alerts []rmm.Alert
	// last is each device's latest event kind, in arrival order.
	last    map[string]rmm.EventKind
	order   []string
	ignored int
}

func (w *Webhooks) process(ctx context.Context, refs []store.DeliveryRef) {
	tenant, provider := refs[0].TenantID, refs[0].Provider
	db := w.store.Tenant(tenant)
	ids := make([]uuid.UUID, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	err := w.processSafely(ctx, db, refs)
	var busy *store.ErrRunInProgress
	switch {
	case errors.As(err, &busy):
		// Device events wait for the running sync to finish; that is not a failure.
		w.finish(ctx, db, ids, store.DeliveryOutcome{Status: store.DeliveryPending, NextAttemptAt: time.Now().Add(w.opts.Defer),
			Error: fmt.Sprintf("waiting for sync run %s to finish", busy.RunID)})
	case errors.Is(err, errStopping):
		// This process is stopping: any replica may take them at once.
		w.finish(ctx, db, ids, store.DeliveryOutcome{Status: store.DeliveryPending, NextAttemptAt: time.Now()})
	case err != nil && ctx.Err() != nil:
		// Stopping: the claim lapses and another process takes them.
	case err != nil:
		w.retry(ctx, db, provider, refs, err)
	default:
		w.finish(ctx, db, ids, store.DeliveryOutcome{Status: store.DeliveryProcessed})
		w.observeProcessed(provider, store.DeliveryProcessed, refs)
	}
}

func (w *Webhooks) observeProcessed(provider, status string, refs []store.DeliveryRef) {
	if w.Observer.Processed == nil {
		return
	}
	now := time.Now()
	for _, r := range refs {
		w.Observer.Processed(provider, status, now.Sub(r.ReceivedAt))
	}
}

func (w *Webhooks) finish(ctx context.Context, db *store.TenantDB, ids []uuid.UUID, o store.DeliveryOutcome) {
	if err := db.FinishDeliveries(context.WithoutCancel(ctx), ids, o); err != nil {
		w.log.Warn("record webhook processing", "deliveries", len(ids), "status", o.Status, "err", err)
	}
}

// retry schedules failed deliveries again with exponential backoff, or
// marks them failed after the last attempt.
func (w *Webhooks) retry(ctx context.Context, db *store.TenantDB, provider string, refs []store.DeliveryRef, err error) {
	msg := err.Error()
	if _, ok := providerError(err); !ok {
		var re *RequestError
		if !errors.As(err, &re) {
			w.log.Error("process webhook deliveries", "provider", provider, "err", err)
			msg = "internal error while processing (details are in the server log)"
		}
	}
	byAttempts := map[int][]uuid.UUID{}
	for _, r := range refs {
		byAttempts[r.Attempts+1] = append(byAttempts[r.Attempts+1], r.ID)
	}
	for attempt, ids := range byAttempts {
		o := store.DeliveryOutcome{Status: store.DeliveryPending, Attempt: true, Error: msg,
			NextAttemptAt: time.Now().Add(min(w.opts.RetryBase<<min(attempt-1, 20), 10*time.Minute))}
		if attempt >= w.opts.MaxAttempts {
			o.Status = store.DeliveryFailed
			w.log.Warn("webhook deliveries failed for good", "provider", provider, "deliveries", len(ids), "attempts", attempt, "err", msg)
		}
		w.finish(ctx, db, ids, o)
		if o.Status == store.DeliveryFailed {
			var failed []store.DeliveryRef
			for _, r := range refs {
				if r.Attempts+1 == attempt {
					failed = append(failed, r)
				}
			}
			w.observeProcessed(provider, store.DeliveryFailed, failed)
		}
	}
	w.log.Info("webhook processing will be retried", "provider", provider, "deliveries", len(refs), "err", msg)
}

func (w *Webhooks) processSafely(ctx context.Context, db *store.TenantDB, refs []store.DeliveryRef) (err error) {
	defer func() {
		if p := recover(); p != nil {
			w.log.Error("webhook processing panicked", "provider", refs[0].Provider, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	b, err := w.events(ctx, db, refs)
	if err != nil {
		return err
	}
	in, err := db.IntegrationByID(ctx, refs[0].IntegrationID)
	if err != nil {
		return err
	}
	provider := refs[0].Provider
	if len(b.alerts) > 0 {
		if err := w.syncer.applyAlerts(ctx, db, in, b.alerts, w.Observer.AlertTransition); err != nil {
			return err
		}
	}
	if len(b.order) == 0 {
		return nil
	}
	req := Request{Provider: provider, Mode: ModeDevice, Trigger: TriggerWebhook}
	p, ok := w.syncer.registry.Get(provider)
	canRead := ok && p.Capabilities().SingleDeviceSync
	for _, id := range b.order {
		switch b.last[id] {
		case rmm.EventDeviceDeleted:
			req.Devices = append(req.Devices, rmm.Device{ExternalID: id, Lifecycle: rmm.LifecycleDeleted})
		case rmm.EventDeviceChanged:
			if canRead {
				req.DeviceIDs = append(req.DeviceIDs, id)
			}
		}
	}
	if len(req.DeviceIDs) == 0 && len(req.Devices) == 0 {
		return nil
	}
	run, err := w.syncer.Run(ctx, db, req)
	if err != nil {
		return err
	}
	if run.Status != store.RunCompleted {
		msg := "the device sync did not complete"
		if run.Error != nil {
			msg = *run.Error
		}
		return &RequestError{Message: fmt.Sprintf("sync run %s: %s", run.ID, msg)}
	}
	return nil
}

// events reads the claimed deliveries' events, in arrival order.
func (w *Webhooks) events(ctx context.Context, db *store.TenantDB, refs []store.DeliveryRef) (*batch, error) {
	b := &batch{last: map[string]rmm.EventKind{}}
	for start := 0; start < len(refs); start += 500 {
		chunk := refs[start:min(start+500, len(refs))]
		ids := make([]uuid.UUID, len(chunk))
		for i, r := range chunk {
			ids[i] = r.ID
		}
		events, err := db.DeliveryEvents(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, r := range chunk {
			for _, e := range events[r.ID] {
				switch e.Kind {
				case rmm.EventAlert:
					if err := e.Alert.Validate(); err != nil {
						w.log.Warn("webhook alert ignored", "delivery", r.ID, "err", err)
						b.ignored++
						continue
					}
					b.alerts = append(b.alerts, e.Alert)
				case rmm.EventDeviceChanged, rmm.EventDeviceDeleted:
					if _, seen := b.last[e.DeviceID]; !seen {
						b.order = append(b.order, e.DeviceID)
					}
					b.last[e.DeviceID] = e.Kind
				default:
					b.ignored++
				}
			}
		}
	}
	return b, nil
}
