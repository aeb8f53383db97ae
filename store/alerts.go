package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// Alert statuses (rmm_alerts.status).
const (
	AlertActive       = "active"
	AlertAcknowledged = "acknowledged"
	AlertResolved     = "resolved"
	AlertAutoResolved = "auto_resolved"
	AlertSuppressed   = "suppressed"
)

// Alert is one RMM alert: the rmm_alerts row.
type Alert struct {
	bun.BaseModel `bun:"table:rmm_alerts"`

	TenantID         uuid.UUID      `bun:"tenant,pk"`
	ID               uuid.UUID      `bun:"alert_id,pk"`
	IntegrationID    uuid.UUID      `bun:"integration_id"`
	ExternalAlertID  string         `bun:"external_alert_id"`
	ExternalDeviceID *string        `bun:"external_device_id"`
	AssetID          *uuid.UUID     `bun:"asset_id"`
	Severity         string         `bun:"severity"`
	Priority         *string        `bun:"priority"`
	Status           string         `bun:"status"`
	SourceType       *string        `bun:"source_type"`
	AlertClass       *string        `bun:"alert_class"`
	Message          *string        `bun:"message"`
	DeviceName       *string        `bun:"device_name"`
	TriggeredAt      *time.Time     `bun:"triggered_at"`
	ResolvedAt       *time.Time     `bun:"resolved_at"`
	Metadata         map[string]any `bun:"metadata,type:jsonb"`
	CreatedAt        time.Time      `bun:"created_at"`
	UpdatedAt        time.Time      `bun:"updated_at"`
	ActivityType     *string        `bun:"activity_type"`
	AcknowledgedAt   *time.Time     `bun:"acknowledged_at"`
	DedupKey         *string        `bun:"dedup_key"`
	OccurrenceCount  int            `bun:"occurrence_count"`
	LastOccurrenceAt *time.Time     `bun:"last_occurrence_at"`
	StatusChangedAt  *time.Time     `bun:"status_changed_at"`
}

// AlertTransition is one change an alert event made.
type AlertTransition struct {
	Alert Alert
	// Kind is triggered (a new alert), retriggered (an occurrence of an
	// open one), reopened, acknowledged, resolved, auto_resolved or
	// updated (content only).
	Kind string
}

// ApplyAlerts applies alert events of one integration, oldest first. An
// event older than the alert's last status change changes no status (it
// arrived late), so redelivered and reordered events end in the state of
// the newest one. Alerts about devices already synced are linked to their
// asset.
func (t *TenantDB) ApplyAlerts(ctx context.Context, integrationID uuid.UUID, provider string, events []rmm.Alert) ([]AlertTransition, error) {
	events = slices.Clone(events)
	slices.SortStableFunc(events, func(a, b rmm.Alert) int { return a.OccurredAt.Compare(b.OccurredAt) })
	var out []AlertTransition
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ids := make([]string, 0, len(events))
		devices := map[string]*uuid.UUID{}
		for _, e := range events {
			ids = append(ids, e.ExternalID)
			if e.DeviceID != "" {
				devices[e.DeviceID] = nil
			}
		}
		rows := map[string]*Alert{}
		for chunk := range slices.Chunk(ids, 500) {
			var found []Alert
			if err := tx.NewSelect().Model(&found).Where("tenant = ? AND integration_id = ? AND external_alert_id IN (?)", t.id, integrationID, bun.In(chunk)).Scan(ctx); err != nil {
				return err
			}
			for i := range found {
				rows[found[i].ExternalAlertID] = &found[i]
			}
		}
		if err := t.assetsOfDevices(ctx, tx, provider, devices); err != nil {
			return err
		}
		now := time.Now().UTC()
		created, changed := map[string]bool{}, map[string]bool{}
		for _, e := range events {
			r := rows[e.ExternalID]
			var kind string
			if r == nil {
				r = newAlertRow(t.id, integrationID, e, now)
				rows[e.ExternalID], created[e.ExternalID] = r, true
				kind = map[rmm.AlertState]string{rmm.AlertTriggered: "triggered", rmm.AlertReset: "resolved", rmm.AlertAcknowledged: "acknowledged"}[e.State]
			} else if kind = applyAlertEvent(r, e); kind == "" {
				continue
			}
			if r.AssetID == nil && e.DeviceID != "" {
				r.AssetID = devices[e.DeviceID]
			}
			r.UpdatedAt = now
			changed[e.ExternalID] = true
			out = append(out, AlertTransition{Kind: kind})
			out[len(out)-1].Alert = *r
		}
		var inserts []*Alert
		for id := range changed {
			r := rows[id]
			if created[id] {
				inserts = append(inserts, r)
				continue
			}
			if _, err := tx.NewUpdate().Model(r).WherePK().ExcludeColumn("tenant", "alert_id", "integration_id", "external_alert_id", "created_at").Exec(ctx); err != nil {
				return err
			}
		}
		for chunk := range slices.Chunk(inserts, 200) { // new alerts in one statement each 200
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func newAlertRow(tenant, integrationID uuid.UUID, e rmm.Alert, now time.Time) *Alert {
	at := e.OccurredAt.UTC()
	r := &Alert{TenantID: tenant, ID: uuid.New(), IntegrationID: integrationID, ExternalAlertID: e.ExternalID,
		CreatedAt: now, OccurrenceCount: 1, TriggeredAt: &at, StatusChangedAt: &at}
	setAlertContent(r, e)
	switch e.State {
	case rmm.AlertTriggered:
		r.Status, r.LastOccurrenceAt = AlertActive, &at
	case rmm.AlertReset:
		r.Status, r.ResolvedAt = AlertResolved, &at
	case rmm.AlertAcknowledged:
		r.Status, r.AcknowledgedAt = AlertAcknowledged, &at
	}
	return r
}

// applyAlertEvent changes r by e and says how ("" when not at all). The
// newest trigger's content wins; triggered_at is the earliest trigger
// known; the status follows only events newer than its last change.
func applyAlertEvent(r *Alert, e rmm.Alert) string {
	at := e.OccurredAt.UTC()
	kind := ""
	newOccurrence := false
	if e.State == rmm.AlertTriggered {
		if r.TriggeredAt == nil || at.Before(*r.TriggeredAt) {
			r.TriggeredAt, kind = &at, "updated" // the trigger of a reset that came first
		}
		switch {
		case r.LastOccurrenceAt == nil:
			setAlertContent(r, e)
			r.LastOccurrenceAt, kind = &at, "updated"
		case at.After(*r.LastOccurrenceAt):
			setAlertContent(r, e)
			r.LastOccurrenceAt, newOccurrence, kind = &at, true, "updated"
			r.OccurrenceCount++
		}
	}
	if r.StatusChangedAt != nil && !at.After(*r.StatusChangedAt) {
		return kind // late or repeated: the newer status stands
	}
	open := r.Status == AlertActive || r.Status == AlertAcknowledged
	switch {
	case e.State == rmm.AlertTriggered && open && newOccurrence:
		return "retriggered"
	case e.State == rmm.AlertTriggered && (r.Status == AlertResolved || r.Status == AlertAutoResolved):
		r.Status, r.ResolvedAt, r.AcknowledgedAt, kind = AlertActive, nil, nil, "reopened"
	case e.State == rmm.AlertReset && open:
		r.Status, r.ResolvedAt, kind = AlertResolved, &at, "resolved"
	case e.State == rmm.AlertAcknowledged && r.Status == AlertActive:
		r.Status, r.AcknowledgedAt, kind = AlertAcknowledged, &at, "acknowledged"
	default:
		return kind
	}
	r.StatusChangedAt = &at
	return kind
}

func setAlertContent(r *Alert, e rmm.Alert) {
	r.Severity = string(e.Severity)
	r.Priority = optText(e.Priority)
	r.SourceType, r.AlertClass, r.ActivityType = optText(e.Source), optText(e.Class), optText(e.Activity)
	r.Message, r.DeviceName, r.DedupKey = optText(e.Message), optText(e.DeviceName), optText(e.SeriesKey)
	if e.DeviceID != "" {
		r.ExternalDeviceID = &e.DeviceID
	}
	if e.Raw != nil {
		r.Metadata = e.Raw
	} else if r.Metadata == nil {
		r.Metadata = map[string]any{}
	}
}

func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// assetsOfDevices fills the asset of each device id that has one.
func (t *TenantDB) assetsOfDevices(ctx context.Context, db bun.IDB, provider string, devices map[string]*uuid.UUID) error {
	ids := make([]string, 0, len(devices))
	for id := range devices {
		ids = append(ids, id)
	}
	for chunk := range slices.Chunk(ids, 500) {
		var rows []EntityMapping
		err := db.NewSelect().Model(&rows).Column("external_entity_id", "alga_entity_id").
			Where("tenant = ? AND integration_type = ? AND alga_entity_type = ? AND external_entity_id IN (?)", t.id, provider, assetEntity, bun.In(chunk)).Scan(ctx)
		if err != nil {
			return err
		}
		for _, m := range rows {
			if id, err := uuid.Parse(m.AlgaEntityID); err == nil {
				devices[m.ExternalEntityID] = &id
			}
		}
	}
	return nil
}

// LinkAlerts links the integration's alerts that name a device not synced
// when they arrived to the device's asset, now that it has one, in one
// statement.
func (t *TenantDB) LinkAlerts(ctx context.Context, integrationID uuid.UUID, provider string) (int, error) {
	asset := "m.alga_entity_id"
	if t.s.dialect == Postgres {
		asset = "CAST(m.alga_entity_id AS uuid)" // alga_entity_id is text
	}
	res, err := t.s.DB.ExecContext(ctx, `UPDATE rmm_alerts SET asset_id = `+asset+`, updated_at = ?
		FROM tenant_external_entity_mappings AS m
		WHERE rmm_alerts.tenant = ? AND rmm_alerts.integration_id = ? AND rmm_alerts.asset_id IS NULL
		AND m.tenant = rmm_alerts.tenant AND m.integration_type = ? AND m.alga_entity_type = ? AND m.external_entity_id = rmm_alerts.external_device_id`,
		time.Now().UTC(), t.id, integrationID, provider, assetEntity)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// AutoResolveAlerts resolves the integration's open alerts that a complete
// listing of active alerts, started at listedAt, left out. An alert whose
// status changed, or that was recorded (a webhook's), after the listing
// started is left alone: the listing cannot speak for it.
func (t *TenantDB) AutoResolveAlerts(ctx context.Context, integrationID uuid.UUID, active []string, listedAt time.Time) ([]AlertTransition, error) {
	var open []Alert
	err := t.s.DB.NewSelect().Model(&open).
		Where("tenant = ? AND integration_id = ? AND status IN (?, ?)", t.id, integrationID, AlertActive, AlertAcknowledged).Scan(ctx)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, id := range active {
		keep[id] = true
	}
	now := time.Now().UTC()
	at := listedAt.UTC()
	gone := map[uuid.UUID]Alert{}
	for _, a := range open {
		if !keep[a.ExternalAlertID] && (a.StatusChangedAt == nil || !a.StatusChangedAt.After(at)) && !a.CreatedAt.After(at) {
			gone[a.ID] = a
		}
	}
	ids := slices.Collect(maps.Keys(gone))
	var out []AlertTransition
	for chunk := range slices.Chunk(ids, 500) {
		var resolved []uuid.UUID
		err := t.s.DB.NewUpdate().Model((*Alert)(nil)).
			Set("status = ?, resolved_at = ?, status_changed_at = ?, updated_at = ?", AlertAutoResolved, at, at, now).
			Where("tenant = ? AND alert_id IN (?) AND status IN (?, ?)", t.id, bun.In(chunk), AlertActive, AlertAcknowledged).
			Returning("alert_id").Scan(ctx, &resolved)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return out, err
		}
		for _, id := range resolved { // an alert changed meanwhile is not among them
			a := gone[id]
			a.Status, a.ResolvedAt, a.StatusChangedAt, a.UpdatedAt = AlertAutoResolved, &at, &at, now
			out = append(out, AlertTransition{Alert: a, Kind: "auto_resolved"})
		}
	}
	return out, nil
}

// SetAlertStatus acknowledges or resolves an alert from the API. It
// returns the alert as it now is, and whether it changed.
func (t *TenantDB) SetAlertStatus(ctx context.Context, id uuid.UUID, status string) (Alert, bool, error) {
	a, err := t.Alert(ctx, id)
	if err != nil {
		return a, false, err
	}
	switch {
	case status == AlertAcknowledged && a.Status != AlertActive,
		status == AlertResolved && a.Status != AlertActive && a.Status != AlertAcknowledged:
		return a, false, nil
	}
	now := time.Now().UTC()
	q := t.s.DB.NewUpdate().Model((*Alert)(nil)).Set("status = ?, status_changed_at = ?, updated_at = ?", status, now, now).
		Where("tenant = ? AND alert_id = ? AND status = ?", t.id, id, a.Status)
	if status == AlertAcknowledged {
		q = q.Set("acknowledged_at = ?", now)
	} else {
		q = q.Set("resolved_at = ?", now)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return a, false, err
	}
	n, _ := res.RowsAffected() // 0: it changed meanwhile; report it as it is
	a, err = t.Alert(ctx, id)
	return a, err == nil && n == 1, err
}

// Alert returns one alert, or ErrNotFound.
func (t *TenantDB) Alert(ctx context.Context, id uuid.UUID) (Alert, error) {
	var a Alert
	err := t.s.DB.NewSelect().Model(&a).Where("tenant = ? AND alert_id = ?", t.id, id).Scan(ctx)
	return a, notFound(err)
}

// AlertsByIDs returns the tenant's alerts among ids.
func (t *TenantDB) AlertsByIDs(ctx context.Context, ids []uuid.UUID) ([]Alert, error) {
	var out []Alert
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND alert_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return out, err
}

// AlertFilter narrows the alert list; zero fields do not filter.
type AlertFilter struct {
	Statuses        []string
	Severities      []string
	Providers       []string
	ClientIDs       []uuid.UUID
	AssetIDs        []uuid.UUID
	TriggeredAfter  *time.Time
	TriggeredBefore *time.Time
}

const alertCursor = "alert"

var alertList = keyset[Alert]{kind: alertCursor, order: "triggered_at DESC, alert_id DESC",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		at, err1 := time.Parse(time.RFC3339Nano, keys[0])
		id, err2 := uuid.Parse(keys[1])
		if err1 != nil || err2 != nil {
			return nil, ErrBadCursor
		}
		return q.Where("(triggered_at, alert_id) < (?, ?)", at, id), nil
	},
	keys: func(a Alert) []string {
		at := ""
		if a.TriggeredAt != nil {
			at = a.TriggeredAt.UTC().Format(time.RFC3339Nano)
		}
		return []string{at, a.ID.String()}
	},
}

// Alerts lists alerts, newest trigger first.
func (t *TenantDB) Alerts(ctx context.Context, p Page, f AlertFilter) ([]Edge[Alert], bool, error) {
	return page(ctx, t.alertQuery(f), p, alertList)
}

// CountAlerts counts the alerts f selects.
func (t *TenantDB) CountAlerts(ctx context.Context, f AlertFilter) (int, error) {
	n, err := t.alertQuery(f).Count(ctx)
	return int(n), err
}

func (t *TenantDB) alertQuery(f AlertFilter) *bun.SelectQuery {
	q := t.s.DB.NewSelect().Model((*Alert)(nil)).Where("tenant = ?", t.id)
	if f.Statuses != nil {
		q = q.Where("status IN (?)", bun.In(f.Statuses))
	}
	if f.Severities != nil {
		q = q.Where("severity IN (?)", bun.In(f.Severities))
	}
	if f.Providers != nil {
		q = q.Where("integration_id IN (SELECT integration_id FROM rmm_integrations WHERE tenant = ? AND provider IN (?))", t.id, bun.In(f.Providers))
	}
	if f.ClientIDs != nil {
		q = q.Where("asset_id IN (SELECT asset_id FROM assets WHERE tenant = ? AND client_id IN (?))", t.id, bun.In(f.ClientIDs))
	}
	if f.AssetIDs != nil {
		q = q.Where("asset_id IN (?)", bun.In(f.AssetIDs))
	}
	if f.TriggeredAfter != nil {
		q = q.Where("triggered_at >= ?", f.TriggeredAfter.UTC())
	}
	if f.TriggeredBefore != nil {
		q = q.Where("triggered_at < ?", f.TriggeredBefore.UTC())
	}
	return q
}

// AlertsChangedSince returns the tenant's alerts updated at or after since,
// oldest change first, at most limit.
func (t *TenantDB) AlertsChangedSince(ctx context.Context, since time.Time, limit int) ([]Alert, error) {
	var out []Alert
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND updated_at >= ?", t.id, since.UTC()).
		OrderExpr("updated_at, alert_id").Limit(int64(limit)).Scan(ctx)
	return out, err
}
