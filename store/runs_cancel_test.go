package store_test

import (
	"context"
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
