package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// WebhookSecretName is the secret an integration's webhook deliveries
// must carry. Providers receive it in their configuration (to register it
// with the RMM); it is never a config field.
const WebhookSecretName = "webhookSecret"

// Webhook delivery statuses.
const (
	DeliveryPending    = "pending"
	DeliveryProcessing = "processing"
	DeliveryProcessed  = "processed"
	DeliveryFailed     = "failed"
)

// WebhookDelivery is one webhook request an RMM sent, kept until it is
// processed and for a while after.
type WebhookDelivery struct {
	bun.BaseModel `bun:"table:rmm_webhook_deliveries"`

	TenantID      uuid.UUID `bun:"tenant,pk"`
	ID            uuid.UUID `bun:"delivery_id,pk"`
	IntegrationID uuid.UUID `bun:"integration_id"`
	Provider      string    `bun:"provider"`
	DedupKey      string    `bun:"dedup_key"`
	BodyHash      string    `bun:"body_hash"`
	Body          []byte    `bun:"body"`
	Status        string    `bun:"status"`
	Attempts      int       `bun:"attempts"`
	LastError     *string   `bun:"last_error"`
	// Events are the normalized events parsed from Body.
	Events        []rmm.Event `bun:"events,type:jsonb"`
	EventCount    int         `bun:"event_count"`
	IgnoredCount  int         `bun:"ignored_count"`
	ReceivedAt    time.Time   `bun:"received_at"`
	NextAttemptAt time.Time   `bun:"next_attempt_at"`
	ProcessedAt   *time.Time  `bun:"processed_at"`
}

// WebhookTarget is what the ingress needs to authenticate a delivery to
// one integration.
type WebhookTarget struct {
	TenantID      uuid.UUID
	IntegrationID uuid.UUID
	Provider      string
	IsActive      bool
	// Secret is the webhook secret in plaintext; nil when none was made.
	Secret []byte
}

// WebhookTarget finds an integration by id alone, across tenants: a
// webhook URL names nothing else. The caller authenticates the delivery
// before anything of the tenant is touched.
func (s *Store) WebhookTarget(ctx context.Context, integrationID uuid.UUID) (WebhookTarget, error) {
	var row struct {
		TenantID   uuid.UUID `bun:"tenant"`
		Provider   string    `bun:"provider"`
		IsActive   bool      `bun:"is_active"`
		Ciphertext []byte    `bun:"ciphertext"`
	}
	err := s.DB.NewSelect().TableExpr("rmm_integrations AS i").
		ColumnExpr("i.tenant, i.provider, i.is_active, s.ciphertext").
		Join("LEFT JOIN rmm_integration_secrets AS s ON s.tenant = i.tenant AND s.integration_id = i.integration_id AND s.name = ?", WebhookSecretName).
		Where("i.integration_id = ?", integrationID).Scan(ctx, &row)
	if err != nil {
		return WebhookTarget{}, notFound(err)
	}
	out := WebhookTarget{TenantID: row.TenantID, IntegrationID: integrationID, Provider: row.Provider, IsActive: row.IsActive}
	if row.Ciphertext != nil {
		if s.sealer == nil {
			return WebhookTarget{}, errNoSealer
		}
		if out.Secret, err = s.sealer.Open(row.Ciphertext, secretAAD(row.TenantID, integrationID, WebhookSecretName)); err != nil {
			return WebhookTarget{}, fmt.Errorf("webhook secret: %w", err)
		}
	}
	return out, nil
}

// AcceptDeliveries stores deliveries (of any tenants) as pending, in one
// statement and one commit. A delivery with the dedup key of one received
// within window, or of an earlier one in ds, is not stored again: its
// accepted entry is false. An older one is replaced (the RMM reused the key).
func (s *Store) AcceptDeliveries(ctx context.Context, ds []*WebhookDelivery, window time.Duration) (accepted []bool, err error) {
	accepted = make([]bool, len(ds))
	type key struct {
		tenant, integration uuid.UUID
		dedup               string
	}
	index := map[key]int{}
	rows := make([]*WebhookDelivery, 0, len(ds))
	for i, d := range ds {
		d.Status, d.Attempts = DeliveryPending, 0
		if d.ID == uuid.Nil {
			d.ID = uuid.New()
		}
		d.ReceivedAt = d.ReceivedAt.UTC()
		d.NextAttemptAt = d.ReceivedAt
		k := key{d.TenantID, d.IntegrationID, d.DedupKey}
		if _, dup := index[k]; dup {
			continue // the same delivery twice in one batch: the first counts
		}
		index[k] = i
		rows = append(rows, d)
	}
	var stored []WebhookDelivery
	err = s.DB.NewInsert().Model(&rows).
		On("CONFLICT (tenant, integration_id, dedup_key) DO UPDATE").
		Set("body = EXCLUDED.body, body_hash = EXCLUDED.body_hash, status = EXCLUDED.status, attempts = 0, last_error = NULL").
		Set("events = EXCLUDED.events, event_count = EXCLUDED.event_count, ignored_count = EXCLUDED.ignored_count, received_at = EXCLUDED.received_at").
		Set("next_attempt_at = EXCLUDED.next_attempt_at, processed_at = NULL").
		Where("?TableAlias.received_at < ?", time.Now().UTC().Add(-window)).
		Returning("tenant, integration_id, dedup_key, delivery_id").Scan(ctx, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	for _, r := range stored {
		if i, ok := index[key{r.TenantID, r.IntegrationID, r.DedupKey}]; ok {
			ds[i].ID = r.ID
			accepted[i] = true
		}
	}
	return accepted, nil
}

// DeliveryRef is a claimed delivery, without its body.
type DeliveryRef struct {
	TenantID      uuid.UUID `bun:"tenant"`
	ID            uuid.UUID `bun:"delivery_id"`
	IntegrationID uuid.UUID `bun:"integration_id"`
	Provider      string    `bun:"provider"`
	Attempts      int       `bun:"attempts"`
	ReceivedAt    time.Time `bun:"received_at"`
}

const dueDeliveries = "status IN ('pending', 'processing') AND next_attempt_at <= ?"

// ClaimDeliveries claims up to limit due deliveries of one integration
// (the one whose delivery has waited longest) for lease: no other process
// claims them until the lease lapses. On Postgres, replicas claiming at
// once skip each other's rows.
func (s *Store) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]DeliveryRef, error) {
	now := time.Now().UTC()
	var first []DeliveryRef
	err := s.DB.NewSelect().Model((*WebhookDelivery)(nil)).Column("tenant", "integration_id").
		Where(dueDeliveries, now).OrderExpr("next_attempt_at").Limit(1).Scan(ctx, &first)
	if err != nil || len(first) == 0 {
		return nil, err
	}
	sub := s.DB.NewSelect().Model((*WebhookDelivery)(nil)).Column("tenant", "delivery_id").
		Where("tenant = ? AND integration_id = ?", first[0].TenantID, first[0].IntegrationID).
		Where(dueDeliveries, now).OrderExpr("received_at").Limit(int64(limit))
	if s.dialect == Postgres {
		sub = sub.For("UPDATE SKIP LOCKED")
	}
	var out []DeliveryRef
	err = s.DB.NewUpdate().Model((*WebhookDelivery)(nil)).
		Set("status = ?", DeliveryProcessing).Set("next_attempt_at = ?", now.Add(lease)).
		Where("(tenant, delivery_id) IN (?)", sub).
		Returning("tenant, delivery_id, integration_id, provider, attempts, received_at").Scan(ctx, &out)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return out, err
}

// DeliveryEvents reads the events of claimed deliveries, by delivery id.
func (t *TenantDB) DeliveryEvents(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]rmm.Event, error) {
	var rows []WebhookDelivery
	err := t.s.DB.NewSelect().Model(&rows).Column("delivery_id", "events").
		Where("tenant = ? AND delivery_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	out := make(map[uuid.UUID][]rmm.Event, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Events
	}
	return out, err
}

// DeliveryOutcome is how processing a set of deliveries ended.
type DeliveryOutcome struct {
	Status string // DeliveryProcessed, DeliveryFailed, or DeliveryPending to try again
	// NextAttemptAt is when a pending delivery is tried again.
	NextAttemptAt time.Time
	// Attempt counts the attempt (a deferral does not).
	Attempt bool
	Error   string
}

// FinishDeliveries records an outcome for claimed deliveries.
func (t *TenantDB) FinishDeliveries(ctx context.Context, ids []uuid.UUID, o DeliveryOutcome) error {
	now := time.Now().UTC()
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		q := t.s.DB.NewUpdate().Model((*WebhookDelivery)(nil)).Set("status = ?", o.Status).
			Where("tenant = ? AND delivery_id IN (?) AND status = ?", t.id, bun.In(chunk), DeliveryProcessing)
		if o.Attempt {
			q = q.Set("attempts = attempts + 1")
		}
		if o.Error != "" {
			q = q.Set("last_error = ?", o.Error)
		} else {
			q = q.Set("last_error = NULL")
		}
		switch o.Status {
		case DeliveryPending:
			q = q.Set("next_attempt_at = ?", o.NextAttemptAt.UTC())
		default:
			q = q.Set("processed_at = ?", now)
		}
		if _, err := q.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// PruneDeliveries deletes processed and failed deliveries received before
// cutoff, across tenants.
func (s *Store) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.DB.NewDelete().Model((*WebhookDelivery)(nil)).
		Where("received_at < ? AND status IN (?, ?)", cutoff.UTC(), DeliveryProcessed, DeliveryFailed).Exec(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// WebhookStats summarizes an integration's deliveries since a time.
type WebhookStats struct {
	LastDeliveryAt *time.Time
	Deliveries     int
	Failed         int
	Pending        int
}

// WebhookStats counts the integration's deliveries received since since.
func (t *TenantDB) WebhookStats(ctx context.Context, integrationID uuid.UUID, since time.Time) (WebhookStats, error) {
	var out WebhookStats
	var row struct {
		Last    *time.Time `bun:"last"`
		Total   int        `bun:"total"`
		Failed  int        `bun:"failed"`
		Pending int        `bun:"pending"`
	}
	err := t.s.DB.NewSelect().Model((*WebhookDelivery)(nil)).
		ColumnExpr("count(*) AS total").
		ColumnExpr("COALESCE(sum(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS failed", DeliveryFailed).
		ColumnExpr("COALESCE(sum(CASE WHEN status IN (?, ?) THEN 1 ELSE 0 END), 0) AS pending", DeliveryPending, DeliveryProcessing).
		Where("tenant = ? AND integration_id = ? AND received_at >= ?", t.id, integrationID, since.UTC()).Scan(ctx, &row)
	if err != nil {
		return out, err
	}
	out.Deliveries, out.Failed, out.Pending = row.Total, row.Failed, row.Pending
	var last []time.Time
	err = t.s.DB.NewSelect().Model((*WebhookDelivery)(nil)).Column("received_at").
		Where("tenant = ? AND integration_id = ?", t.id, integrationID).OrderExpr("received_at DESC").Limit(1).Scan(ctx, &last)
	if len(last) == 1 {
		out.LastDeliveryAt = &last[0]
	}
	return out, err
}
