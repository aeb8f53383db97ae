package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A heartbeat reports a cancel request only once one is made.
func TestHeartbeatReportsCancel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tn, _ := s.CreateTenant(ctx, "MSP")
		db := s.Tenant(tn.ID)
		in, err := db.ConfigureIntegration(ctx, "testrmm", store.IntegrationConfig{Values: map[string]string{"url": "https://x"}})
		if err != nil {
			t.Fatal(err)
		}
		run := &store.SyncRun{IntegrationID: in.ID, Mode: "full", Trigger: "manual"}
		if err := db.StartRun(ctx, run, time.Minute); err != nil {
			t.Fatal(err)
		}
		if cancel, err := db.Heartbeat(ctx, run.ID); err != nil || cancel {
			t.Fatalf("before a request: %v %v", cancel, err)
		}
		if _, err := db.RequestCancel(ctx, run.ID); err != nil {
			t.Fatal(err)
		}
		if cancel, err := db.Heartbeat(ctx, run.ID); err != nil || !cancel {
			t.Fatalf("after a request: %v %v", cancel, err)
		}
		if _, err := db.RequestCancel(ctx, uuid.New()); err == nil {
			t.Fatal("cancelled an unknown run")
		}
	})
}

// Warnings recorded as bare text before they had codes still read.
func TestWarningsOfEitherShape(t *testing.T) {
	var ws []store.Warning
	if err := json.Unmarshal([]byte(`["old text", {"code": "RETIRE_GUARD", "message": "new"}]`), &ws); err != nil {
		t.Fatal(err)
	}
	want := []store.Warning{{Code: "WARNING", Message: "old text"}, {Code: "RETIRE_GUARD", Message: "new"}}
	if len(ws) != 2 || ws[0] != want[0] || ws[1] != want[1] {
		t.Fatalf("got %+v", ws)
	}
}
