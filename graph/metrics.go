package graph

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rmmgraph/rmmgraph/ingest"

	"github.com/rmmgraph/rmmgraph/store"
)

// SyncMetrics exports what sync runs do, so that a stale integration can
// alert: runs by provider and status, their duration, devices processed,
// and the last success per integration.
type SyncMetrics struct {
	deliveries     *prometheus.CounterVec
	lag            *prometheus.HistogramVec
	transitions    *prometheus.CounterVec
	runs           *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	devices        *prometheus.CounterVec
	lastSuccess    *prometheus.GaugeVec
	perIntegration bool
}

// NewSyncMetrics registers the sync metrics. Tenant and integration ids
// label the last-success gauge only when perIntegration is set: by default
// /metrics names no tenant.
func NewSyncMetrics(reg prometheus.Registerer, perIntegration bool) *SyncMetrics {
	labels := []string{"provider"}
	if perIntegration {
		labels = append(labels, "tenant", "integration")
	}
	m := &SyncMetrics{perIntegration: perIntegration,
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rmmgraph_sync_runs_total", Help: "Finished sync runs by provider, mode, trigger and status.",
		}, []string{"provider", "mode", "trigger", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rmmgraph_sync_run_duration_seconds", Help: "Duration of finished sync runs.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600},
		}, []string{"provider", "mode"}),
		devices: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rmmgraph_sync_devices_total", Help: "Devices processed by sync runs, by outcome.",
		}, []string{"provider", "outcome"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "rmmgraph_sync_last_success_timestamp_seconds", Help: "Start of the last completed sync run (Unix time), per provider or, when enabled, per integration; alert when it grows old.",
		}, labels),
	}
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rmmgraph_webhook_deliveries_total", Help: "Webhook deliveries by provider and ingress outcome (accepted, duplicate, unauthorized, malformed, too_large, error).",
	}, []string{"provider", "outcome"})
	m.lag = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "rmmgraph_webhook_processing_lag_seconds", Help: "Time from a delivery's receipt to the end of its processing, by provider and status (processed, failed).",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800},
	}, []string{"provider", "status"})
	m.transitions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rmmgraph_alert_transitions_total", Help: "Alert changes by provider and kind (triggered, retriggered, reopened, acknowledged, resolved, auto_resolved, updated).",
	}, []string{"provider", "kind"})
	reg.MustRegister(m.runs, m.duration, m.devices, m.lastSuccess, m.deliveries, m.lag, m.transitions)
	return m
}

// Attach makes the metrics hear the engine's runs, deliveries and alerts.
func (m *SyncMetrics) Attach(e *ingest.Engine) {
	e.Syncer.Observer = m.Observe
	alert := func(provider, kind string) { m.transitions.WithLabelValues(provider, kind).Inc() }
	e.Scheduler.AlertObserver = alert
	e.Webhooks.Observer = ingest.EventObserver{
		Delivery: func(provider, outcome string) { m.deliveries.WithLabelValues(provider, outcome).Inc() },
		Processed: func(provider, status string, lag time.Duration) {
			m.lag.WithLabelValues(provider, status).Observe(lag.Seconds())
		},
		AlertTransition: alert,
	}
}

// Observe records a finished run.
func (m *SyncMetrics) Observe(provider string, run store.SyncRun) {
	m.runs.WithLabelValues(provider, run.Mode, run.Trigger, run.Status).Inc()
	if run.FinishedAt != nil {
		m.duration.WithLabelValues(provider, run.Mode).Observe(run.FinishedAt.Sub(run.StartedAt).Seconds())
	}
	for outcome, n := range map[string]int{"created": run.Created, "updated": run.Updated, "unchanged": run.Unchanged,
		"skipped": run.Skipped, "failed": run.Failed, "retired": run.Retired} {
		m.devices.WithLabelValues(provider, outcome).Add(float64(n))
	}
	if run.Status == store.RunCompleted {
		values := []string{provider}
		if m.perIntegration {
			values = append(values, run.TenantID.String(), run.IntegrationID.String())
		}
		m.lastSuccess.WithLabelValues(values...).Set(float64(run.StartedAt.Unix()))
	}
}
