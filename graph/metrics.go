package graph

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/rmmgraph/rmmgraph/store"
)

// SyncMetrics exports what sync runs do, so that a stale integration can
// alert: runs by provider and status, their duration, devices processed,
// and the last success per integration.
type SyncMetrics struct {
	runs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	devices     *prometheus.CounterVec
	lastSuccess *prometheus.GaugeVec
}

// NewSyncMetrics registers the sync metrics.
func NewSyncMetrics(reg prometheus.Registerer) *SyncMetrics {
	m := &SyncMetrics{
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
			Name: "rmmgraph_sync_last_success_timestamp_seconds", Help: "Start of the last completed sync run per integration (Unix time); alert when it grows old.",
		}, []string{"provider", "tenant", "integration"}),
	}
	reg.MustRegister(m.runs, m.duration, m.devices, m.lastSuccess)
	return m
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
		m.lastSuccess.WithLabelValues(provider, run.TenantID.String(), run.IntegrationID.String()).Set(float64(run.StartedAt.Unix()))
	}
}
