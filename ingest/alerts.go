package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Interval bounds of settings.alertPolling.intervalMinutes.
const (
	MinAlertPollMinutes     = 5
	MaxAlertPollMinutes     = 60
	DefaultAlertPollMinutes = 15
)

// AlertPollingOf reads settings.alertPolling: enabled unless explicitly
// false, every 5..60 minutes (default 15).
func AlertPollingOf(settings map[string]any) Schedule {
	s := Schedule{Enabled: true}
	ap, _ := settings["alertPolling"].(map[string]any)
	if v, ok := ap["enabled"].(bool); ok && !v {
		s.Enabled = false
	}
	s.IntervalMinutes = minutes(ap["intervalMinutes"], DefaultAlertPollMinutes, MinAlertPollMinutes, MaxAlertPollMinutes)
	return s
}

// applyAlerts writes alert events of one integration and reports each
// change to observe (may be nil).
func (s *Syncer) applyAlerts(ctx context.Context, db *store.TenantDB, in store.Integration, alerts []rmm.Alert, observe func(provider, kind string)) error {
	changes, err := db.ApplyAlerts(ctx, in.ID, in.Provider, alerts)
	if err != nil {
		return fmt.Errorf("apply alerts: %w", err)
	}
	if observe != nil {
		for _, c := range changes {
			observe(in.Provider, c.Kind)
		}
	}
	return nil
}

// AlertPoll is the outcome of one poll of an integration's active alerts.
type AlertPoll struct {
	Active, Changed, AutoResolved int
}

// PollAlerts reads the RMM's active alerts, applies them, and resolves the
// open alerts the RMM no longer lists.
func (s *Syncer) PollAlerts(ctx context.Context, db *store.TenantDB, provider string, observe func(provider, kind string)) (AlertPoll, error) {
	c, err := s.connect(ctx, db, provider, "configure it first")
	if err != nil {
		return AlertPoll{}, err
	}
	if !c.provider.Capabilities().Alerts {
		return AlertPoll{}, badRequest("provider", "%s cannot list alerts", provider)
	}
	if !c.integ.IsActive {
		return AlertPoll{}, badRequest("provider", "%s is not connected: verify the integration first", provider)
	}
	started := time.Now()
	var listed []rmm.Alert
	err = s.withSession(ctx, db, c, func(sess rmm.Session) error {
		var err error
		listed, err = sess.(rmm.AlertLister).ActiveAlerts(ctx)
		return err
	})
	if err != nil {
		logDetail(s.log, "alert poll failed", provider, err)
		s.noteAuthorization(ctx, db, c.integ, err)
		return AlertPoll{}, err
	}
	valid := listed[:0]
	ids := make([]string, 0, len(listed))
	for _, a := range listed {
		if err := a.Validate(); err != nil {
			s.log.Warn("polled alert ignored", "provider", provider, "err", err)
			continue
		}
		valid = append(valid, a)
		ids = append(ids, a.ExternalID)
	}
	changes, err := db.ApplyAlerts(ctx, c.integ.ID, provider, valid)
	if err != nil {
		return AlertPoll{}, fmt.Errorf("apply alerts: %w", err)
	}
	resolved, err := db.AutoResolveAlerts(ctx, c.integ.ID, ids, started)
	if err != nil {
		return AlertPoll{}, fmt.Errorf("auto-resolve alerts: %w", err)
	}
	if observe != nil {
		for _, ch := range append(changes, resolved...) {
			observe(provider, ch.Kind)
		}
	}
	return AlertPoll{Active: len(valid), Changed: len(changes), AutoResolved: len(resolved)}, nil
}

// AlertUpdate is an alert acknowledged or resolved through the API.
type AlertUpdate struct {
	Alert store.Alert
	// Pushed: the RMM was told too; false when its provider cannot be.
	Pushed bool
	// Changed: the status changed (false when it already was so).
	Changed bool
}

// SetAlertStatus acknowledges (store.AlertAcknowledged) or resolves
// (store.AlertResolved) an alert: in the RMM first where the provider can,
// then here. When the RMM refuses, nothing changes here.
func (s *Syncer) SetAlertStatus(ctx context.Context, db *store.TenantDB, alertID uuid.UUID, status string) (AlertUpdate, error) {
	a, err := db.Alert(ctx, alertID)
	if errors.Is(err, store.ErrNotFound) {
		return AlertUpdate{}, &RequestError{Field: "alertId", Message: "no such alert", NotFound: true}
	}
	if err != nil {
		return AlertUpdate{}, err
	}
	in, err := db.IntegrationByID(ctx, a.IntegrationID)
	if err != nil {
		return AlertUpdate{}, err
	}
	switch {
	case status == store.AlertAcknowledged && a.Status != store.AlertActive:
		return AlertUpdate{}, badRequest("alertId", "only an active alert can be acknowledged; this one is %s", a.Status)
	case status == store.AlertResolved && a.Status != store.AlertActive && a.Status != store.AlertAcknowledged:
		return AlertUpdate{}, badRequest("alertId", "the alert is already %s", a.Status)
	}
	pushed := false
	if p, ok := s.registry.Get(in.Provider); ok && in.IsActive {
		caps := p.Capabilities()
		if (status == store.AlertAcknowledged && caps.AcknowledgeAlerts) || (status == store.AlertResolved && caps.ResolveAlerts) {
			c, err := s.connect(ctx, db, in.Provider, "configure it first")
			if err != nil {
				return AlertUpdate{}, err
			}
			err = s.withSession(ctx, db, c, func(sess rmm.Session) error {
				if status == store.AlertAcknowledged {
					return sess.(rmm.AlertAcknowledger).AcknowledgeAlert(ctx, a.ExternalAlertID)
				}
				return sess.(rmm.AlertResolver).ResolveAlert(ctx, a.ExternalAlertID)
			})
			if err != nil {
				logDetail(s.log, "alert update refused by the RMM", in.Provider, err)
				return AlertUpdate{}, err
			}
			pushed = true
		}
	}
	a, changed, err := db.SetAlertStatus(ctx, alertID, status)
	return AlertUpdate{Alert: a, Pushed: pushed, Changed: changed}, err
}
