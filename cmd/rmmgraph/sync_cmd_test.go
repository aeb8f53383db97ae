package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestSyncCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	p := providertest.New()
	old := newRegistry
	newRegistry = func() (*providers.Registry, error) { return providers.NewRegistry(providers.Register(p)) }
	t.Cleanup(func() { newRegistry = old })

	if code, _, errOut := runCLI(t, ctx, "migrate", "up", "-d", db); code != 0 {
		t.Fatal(errOut)
	}
	// Set up a connected integration with one mapped scope, as an admin would over the API.
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := store.CreateKeyFile(filepath.Join(dir, "x.key"))
	sl, _ := store.NewSealer(key)
	s.SetSealer(sl)
	tn, _ := s.CreateTenant(ctx, "MSP")
	tdb := s.Tenant(tn.ID)
	p.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "One"}}, nil, nil)
	var devices []rmm.Device
	for i := range 25 {
		devices = append(devices, rmm.Device{ExternalID: fmt.Sprint(i), ScopeID: "s1", Name: fmt.Sprint("pc", i), AssetType: rmm.AssetWorkstation})
	}
	p.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "One"}}, devices, nil)
	reg, _ := newRegistry()
	syncer := ingest.NewSyncer(ctx, reg, nil, ingest.Options{})
	if _, err := tdb.ConfigureIntegration(ctx, providertest.ID, store.IntegrationConfig{Values: map[string]string{"url": "https://x"}, Secrets: map[string]string{"apiKey": "good"}}); err != nil {
		t.Fatal(err)
	}
	if err := syncer.Verify(ctx, tdb, providertest.ID); err != nil {
		t.Fatal(err)
	}
	syncer.DiscoverScopes(ctx, tdb, providertest.ID)
	name := "Client"
	c, _ := tdb.CreateClient(ctx, store.ClientFields{Name: &name})
	integ, _ := tdb.Integration(ctx, providertest.ID)
	scopes, _ := tdb.AllScopeMappings(ctx, integ.ID)
	tdb.MapScope(ctx, scopes[0].ID, &c.ID, nil)
	s.Close()

	code, out, errOut := runCLI(t, ctx, "sync", "--provider", "testrmm", "-d", db)
	storetest.Expect(t, "sync\n"+out+errOut, storetest.Is("exit code", code, 0), storetest.Is("says completed", strings.Contains(out, "completed"), true),
		storetest.Is("says created 25", strings.Contains(out, "created 25"), true))
	// The run id printed is the one the API takes.
	if m := regexp.MustCompile(`run (\S+) completed`).FindStringSubmatch(out); m == nil {
		t.Fatalf("no run id in %q", out)
	} else if raw, err := base64.RawURLEncoding.DecodeString(m[1]); err != nil || !strings.HasPrefix(string(raw), "SyncRun:") {
		t.Fatalf("run id %q is not a global ID", m[1])
	}
	code, out, _ = runCLI(t, ctx, "sync", "--provider", "testrmm", "-d", db)
	if code != 0 || !strings.Contains(out, "unchanged 25") {
		t.Fatalf("second sync: %s", out)
	}
	if code, _, errOut := runCLI(t, ctx, "sync", "--provider", "testrmm", "--mode", "incremental", "-d", db); code != 1 || !strings.Contains(errOut, "incremental") {
		t.Fatalf("incremental on a provider without it: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, ctx, "tenant", "create", "Second", "-d", db); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, ctx, "sync", "--provider", "testrmm", "-d", db); code != 1 || !strings.Contains(errOut, "--tenant") {
		t.Fatalf("two tenants: %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, ctx, "sync", "--provider", "testrmm", "-d", db, "--tenant", tn.ID.String()); code != 0 {
		t.Fatalf("with --tenant: %s", errOut)
	}
}
