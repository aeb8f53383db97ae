package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestSyncMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := graph.NewSyncMetrics(reg, true)
	start := time.Unix(1795000000, 0)
	end := start.Add(90 * time.Second)
	integ := uuid.New()
	m.Observe("tanium", store.SyncRun{IntegrationID: integ, Mode: "full", Trigger: "scheduled", Status: "completed", StartedAt: start, FinishedAt: &end, Created: 7})
	m.Observe("tanium", store.SyncRun{IntegrationID: integ, Mode: "full", Trigger: "scheduled", Status: "failed", StartedAt: end, FinishedAt: &end})
	want := `
# HELP rmmgraph_sync_last_success_timestamp_seconds Start of the last completed sync run (Unix time), per provider or, when enabled, per integration; alert when it grows old.
# TYPE rmmgraph_sync_last_success_timestamp_seconds gauge
rmmgraph_sync_last_success_timestamp_seconds{integration="` + integ.String() + `",provider="tanium",tenant="00000000-0000-0000-0000-000000000000"} 1.795e+09
# HELP rmmgraph_sync_runs_total Finished sync runs by provider, mode, trigger and status.
# TYPE rmmgraph_sync_runs_total counter
rmmgraph_sync_runs_total{mode="full",provider="tanium",status="completed",trigger="scheduled"} 1
rmmgraph_sync_runs_total{mode="full",provider="tanium",status="failed",trigger="scheduled"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "rmmgraph_sync_runs_total", "rmmgraph_sync_last_success_timestamp_seconds"); err != nil {
		t.Fatal(err)
	}
	if n := deviceCount(t, reg, "created"); n != 7 {
		t.Fatalf("created devices counted %v", n)
	}
}

// By default the metrics name no tenant or integration.
func TestSyncMetricsNameNoTenantByDefault(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := graph.NewSyncMetrics(reg, false)
	start := time.Unix(1795000000, 0)
	m.Observe("tanium", store.SyncRun{TenantID: uuid.New(), IntegrationID: uuid.New(), Mode: "full", Trigger: "manual", Status: "completed", StartedAt: start, FinishedAt: &start})
	want := `
# HELP rmmgraph_sync_last_success_timestamp_seconds Start of the last completed sync run (Unix time), per provider or, when enabled, per integration; alert when it grows old.
# TYPE rmmgraph_sync_last_success_timestamp_seconds gauge
rmmgraph_sync_last_success_timestamp_seconds{provider="tanium"} 1.795e+09
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "rmmgraph_sync_last_success_timestamp_seconds"); err != nil {
		t.Fatal(err)
	}
}

// deviceCount reads rmmgraph_sync_devices_total for one outcome.
func deviceCount(t *testing.T, reg *prometheus.Registry, outcome string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			for _, l := range mt.GetLabel() {
				if mf.GetName() == "rmmgraph_sync_devices_total" && l.GetName() == "outcome" && l.GetValue() == outcome {
					return mt.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no %s devices metric", outcome)
	return 0
}

// With a metrics token, /metrics answers only requests that carry it.
func TestMetricsToken(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	reg, _ := providers.NewRegistry()
	engine, err := ingest.NewEngine(context.Background(), s, reg, ingest.EngineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(graph.NewHandler(graph.Options{Engine: engine, Log: quiet, MetricsToken: "s3cret"}))
	defer srv.Close()
	get := func(token string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	storetest.Expect(t, "/metrics", is("without the token", get(""), http.StatusUnauthorized), is("with another token", get("nope"), http.StatusUnauthorized),
		is("with the token", get("s3cret"), http.StatusOK))
}
