package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/store"
)

func TestSyncMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := graph.NewSyncMetrics(reg)
	start := time.Unix(1795000000, 0)
	end := start.Add(90 * time.Second)
	integ := uuid.New()
	m.Observe("tanium", store.SyncRun{IntegrationID: integ, Mode: "full", Trigger: "scheduled", Status: "completed", StartedAt: start, FinishedAt: &end, Created: 7})
	m.Observe("tanium", store.SyncRun{IntegrationID: integ, Mode: "full", Trigger: "scheduled", Status: "failed", StartedAt: end, FinishedAt: &end})
	want := `
# HELP rmmgraph_sync_last_success_timestamp_seconds Start of the last completed sync run per integration (Unix time); alert when it grows old.
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
