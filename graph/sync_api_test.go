package graph_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

const secretKey = "good"

// The responses these tests read, typed.
type (
	syncRun struct {
		ID         string
		Status     string
		Error      *string
		DurationMs *int
		Warnings   []string
		Counts     struct{ Seen, Created, Updated, Unchanged, Skipped, Retired, Moved, Matched, Queued, Conflicts int }
		Skipped    []struct {
			Reason string
			Count  int
		}
		Progress    struct{ ScopesDone, ScopesTotal, DevicesSeen int }
		Integration struct {
			Status         string
			LastFullSyncAt *time.Time
		}
	}
	scopeNode struct {
		ID         string
		ExternalID string
		Kind       string
		Client     *struct{ ID, Name string }
	}
	startPayload struct {
		StartSync struct {
			Run *struct {
				ID, Status, Mode, Trigger string
			}
			UserErrors []userError
		}
	}
)

// connect configures, verifies and discovers the test provider as tenant A
// and maps each scope to a new client; it returns scope id -> client ID.
func (e *env) connect(token string, scopes int) map[string]string {
	e.t.Helper()
	var sc []rmm.Scope
	for i := 1; i <= scopes; i++ {
		sc = append(sc, rmm.Scope{ExternalID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Org %d", i), Kind: rmm.ScopeOrganization})
	}
	e.p.SetEstate(sc, nil, nil)
	conf := query[struct {
		ConfigureIntegration struct {
			Integration *struct{ ID string }
			UserErrors  []userError
		}
	}](e, token, `mutation($v: [ConfigValueInput!]!) { configureIntegration(input: {provider: "testrmm", values: $v}) { integration { id isActive } userErrors { field message } } }`,
		map[string]any{"v": []map[string]string{{"key": "url", "value": "https://rmm.test"}, {"key": "apiKey", "value": secretKey}}}).ConfigureIntegration
	if conf.Integration == nil {
		e.t.Fatalf("configure: %+v", conf.UserErrors)
	}
	ver := query[struct {
		VerifyIntegration struct {
			Ok          bool
			Message     *string
			Integration struct{ IsActive bool }
		}
	}](e, token, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok message integration { isActive connectedAt } } }`, nil).VerifyIntegration
	if !ver.Ok || !ver.Integration.IsActive {
		e.t.Fatalf("verify: %+v", ver)
	}
	disc := query[struct{ DiscoverScopes struct{ Added int } }](e, token, `mutation { discoverScopes(input: {provider: "testrmm"}) { added updated total userErrors { message } } }`, nil).DiscoverScopes
	if disc.Added != scopes {
		e.t.Fatalf("discover added %d scopes, want %d", disc.Added, scopes)
	}
	nodes := query[struct {
		Integration struct {
			ScopeMappings struct{ Nodes []scopeNode }
		}
	}](e, token, `{ integration(provider: "testrmm") { scopeMappings(mapped: false) { totalCount nodes { id externalId kind client { id } } } } }`, nil).Integration.ScopeMappings.Nodes
	if len(nodes) != scopes {
		e.t.Fatalf("%d unmapped scopes, want %d", len(nodes), scopes)
	}
	clients := map[string]string{}
	for _, n := range nodes {
		if n.Kind != "ORGANIZATION" {
			e.t.Fatalf("scope %s kind %q, want ORGANIZATION", n.ExternalID, n.Kind)
		}
		clients[n.ExternalID] = e.mustCreateClient(token, "Client "+n.ExternalID)
		m := query[struct {
			MapScope struct {
				ScopeMapping *struct {
					Client         struct{ Name string }
					AutoSyncAssets bool
				}
			}
		}](e, token, `mutation($s: ID!, $c: ID!) { mapScope(input: {scopeId: $s, clientId: $c}) { scopeMapping { client { name } autoSyncAssets } userErrors { message } } }`,
			map[string]any{"s": n.ID, "c": clients[n.ExternalID]}).MapScope
		if m.ScopeMapping == nil || m.ScopeMapping.Client.Name != "Client "+n.ExternalID {
			e.t.Fatalf("mapScope %s: %+v", n.ExternalID, m)
		}
	}
	return clients
}

func (e *env) startSync(token string) string {
	e.t.Helper()
	s := query[startPayload](e, token, `mutation { startSync(input: {provider: "testrmm"}) { run { id status mode trigger } userErrors { field message } } }`, nil).StartSync
	if s.Run == nil || s.Run.Status != "RUNNING" {
		e.t.Fatalf("startSync: %+v", s)
	}
	return s.Run.ID
}

func (e *env) waitRun(token, id string) syncRun {
	e.t.Helper()
	return e.waitRunFor(token, id, 20*time.Second)
}

func (e *env) waitRunFor(token, id string, limit time.Duration) syncRun {
	e.t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		run := query[struct{ SyncRun *syncRun }](e, token, `query($id: ID!) { syncRun(id: $id) { id status error durationMs warnings counts { seen created updated unchanged skipped retired moved matched queued conflicts } skipped { reason count } progress { scopesDone scopesTotal devicesSeen } integration { status lastFullSyncAt } } }`, map[string]any{"id": id}).SyncRun
		if run == nil {
			e.t.Fatalf("no run %s", id)
		}
		if run.Status != "RUNNING" {
			return *run
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatal("sync did not finish")
	return syncRun{}
}

func devices(n, scopes int) []rmm.Device {
	out := make([]rmm.Device, n)
	for i := range out {
		out[i] = rmm.Device{ExternalID: fmt.Sprintf("d%03d", i), ScopeID: fmt.Sprintf("s%d", i%scopes+1), AssetType: rmm.AssetWorkstation,
			Name: fmt.Sprintf("pc-%03d", i), SerialNumber: rmm.Some(fmt.Sprintf("SER%03d", i)), AgentStatus: rmm.AgentOnline,
			LastSeenAt: rmm.Some(time.Date(2026, 11, 1, 0, i, 0, 0, time.UTC)),
			Extension: rmm.Extension{OSType: rmm.Some("Windows"), RAMGB: rmm.Some(32),
				DiskUsage: rmm.Some([]rmm.DiskUsage{{Name: "C:", TotalGB: 512, FreeGB: 100, UtilizationPercent: 80.47}})}}
	}
	out[0].AssetType = rmm.AssetServer
	out[0].Extension.IsVirtual = rmm.Some(true)
	out[1].AgentStatus = rmm.AgentOffline
	return out
}

// asset is an asset as the assets query below returns it.
type asset struct {
	ID           string
	Name         string
	AssetType    string
	SerialNumber *string
	Status       string
	Client       struct{ Name string }
	Rmm          struct{ Provider, DeviceID, OrganizationID, AgentStatus, LastSeenAt string }
	Workstation  *struct {
		RamGb     *int
		OsType    *string
		DiskUsage []struct {
			Name               string
			TotalGb            float64
			UtilizationPercent float64
		}
	}
	Server           *struct{ IsVirtual *bool }
	ExternalMappings []struct {
		IntegrationType, ExternalID, SyncStatus string
		RealmID                                 *string
		Metadata                                map[string]any
	}
}

type assetPage struct {
	Assets struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Nodes []asset
	}
}

func TestSyncThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		clients := e.connect(e.adminA, 2)
		e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}, {ExternalID: "s2"}}, devices(30, 2), nil)

		run := e.waitRun(e.adminA, e.startSync(e.adminA))
		storetest.Expect(t, "the run", is("status", run.Status, "COMPLETED"), is("integration status", run.Integration.Status, "COMPLETED"),
			is("created", run.Counts.Created, 30), is("scopes done", run.Progress.ScopesDone, 2), is("has a duration", run.DurationMs != nil, true))

		// The secret is write-only.
		r := e.do(e.adminA, `{ integrations { provider { id displayName } instanceUrl assetCount config { key value isSet } syncRuns { totalCount nodes { status } } } }`, nil)
		if strings.Contains(r.Raw, secretKey+`"`) {
			t.Fatalf("the API key was returned: %s", r.Raw)
		}
		integs := data[struct {
			Integrations []struct {
				InstanceURL *string
				AssetCount  int
				Config      []struct {
					Key   string
					Value *string
					IsSet bool
				}
			}
		}](e, r).Integrations
		if len(integs) != 1 {
			t.Fatalf("%d integrations, want 1", len(integs))
		}
		in := integs[0]
		storetest.Expect(t, "integration", is("assets", in.AssetCount, 30), is("instance URL", in.InstanceURL, ptr("https://rmm.test")))
		for _, c := range in.Config {
			if c.Key == "apiKey" && (!c.IsSet || c.Value != nil) {
				t.Fatalf("apiKey config: set %v, value %v; want set and no value", c.IsSet, c.Value)
			}
		}

		// Pages of assets with nested reads.
		const q = `query($after: String, $f: AssetFilter) { assets(first: 7, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor }
			nodes { id name assetType serialNumber status client { name } rmm { provider deviceId organizationId agentStatus lastSeenAt }
			workstation { ramGb osType diskUsage { name totalGb utilizationPercent } } server { isVirtual } externalMappings { integrationType externalId realmId syncStatus metadata } } } }`
		var names []string
		var after *string
		for {
			p := query[assetPage](e, e.adminA, q, map[string]any{"after": after}).Assets
			for _, n := range p.Nodes {
				names = append(names, n.Name)
			}
			if !p.PageInfo.HasNextPage {
				break
			}
			after = p.PageInfo.EndCursor
		}
		want := make([]string, 30)
		for i := range want {
			want[i] = fmt.Sprintf("pc-%03d", i)
		}
		if diff := cmp.Diff(want, names); diff != "" {
			t.Fatalf("paged assets (-want +got):\n%s", diff)
		}
		p := query[assetPage](e, e.adminA, q, map[string]any{"f": map[string]any{"search": "pc-00", "assetTypes": []string{"SERVER"}}}).Assets
		if p.TotalCount != 1 || len(p.Nodes) != 1 {
			t.Fatalf("server filter: %d of %d", len(p.Nodes), p.TotalCount)
		}
		srv := p.Nodes[0]
		storetest.Expect(t, "the server", is("virtual", srv.Server != nil && srv.Server.IsVirtual != nil && *srv.Server.IsVirtual, true),
			is("has workstation details", srv.Workstation != nil, false), is("scope", srv.Rmm.OrganizationID, "s1"), is("client", srv.Client.Name, "Client s1"))
		if len(srv.ExternalMappings) != 1 {
			t.Fatalf("%d mappings", len(srv.ExternalMappings))
		}
		m := srv.ExternalMappings[0]
		storetest.Expect(t, "its mapping", is("integration type", m.IntegrationType, "testrmm"), is("external id", m.ExternalID, "d000"),
			is("bookkeeping in metadata", m.Metadata["assetHash"], nil))
		p = query[assetPage](e, e.adminA, q, map[string]any{"f": map[string]any{"agentStatuses": []string{"OFFLINE"}, "clientIds": []string{clients["s2"]}}}).Assets
		if p.TotalCount != 1 {
			t.Fatalf("offline filter: %d assets, want 1", p.TotalCount)
		}
		storetest.Expect(t, "the offline asset", is("name", p.Nodes[0].Name, "pc-001"), is("status", p.Nodes[0].Status, "active"))
		if n := query[assetPage](e, e.adminA, q, map[string]any{"f": map[string]any{"lastSeenBefore": "2026-11-01T00:03:00Z"}}).Assets.TotalCount; n != 3 {
			t.Fatalf("lastSeenBefore: %d assets, want 3", n)
		}
		last := query[assetPage](e, e.adminA, `{ assets(first: 1, orderBy: {field: NAME, direction: DESC}) { nodes { id name workstation { ramGb diskUsage { totalGb } } } } }`, nil).Assets.Nodes[0]
		storetest.Expect(t, "the last asset by name", is("name", last.Name, "pc-029"), is("ram", last.Workstation != nil && last.Workstation.RamGb != nil && *last.Workstation.RamGb == 32, true))
		byID := query[struct {
			Asset, Node *struct{ Name string }
		}](e, e.adminA, `query($id: ID!) { asset(id: $id) { name } node(id: $id) { ... on Asset { name } } }`, map[string]any{"id": last.ID})
		storetest.Expect(t, "by id", is("asset(id:)", byID.Asset, &struct{ Name string }{"pc-029"}), is("node(id:)", byID.Node, &struct{ Name string }{"pc-029"}))

		// Tenant B sees none of it.
		b := data[struct {
			Assets       struct{ TotalCount int }
			Integrations []struct{ ID string }
			Asset        *struct{ ID string }
		}](e, e.do(e.adminB, `query($id: ID!) { assets { totalCount } integrations { id } asset(id: $id) { id } }`, map[string]any{"id": last.ID}))
		storetest.Expect(t, "tenant B", is("assets", b.Assets.TotalCount, 0), is("integrations", len(b.Integrations), 0), is("A's asset found", b.Asset != nil, false))
		sb := query[startPayload](e, e.adminB, `mutation { startSync(input: {provider: "testrmm"}) { run { id } userErrors { message } } }`, nil).StartSync
		storetest.Expect(t, "tenant B's startSync", is("started", sb.Run != nil, false), is("says not configured", len(sb.UserErrors) > 0 && strings.Contains(sb.UserErrors[0].Message, "not configured"), true))
		// Nor can B touch A's scopes or runs by their IDs.
		ia := query[struct {
			Integration struct {
				ScopeMappings, SyncRuns struct{ Nodes []struct{ ID string } }
			}
		}](e, e.adminA, `{ integration(provider: "testrmm") { scopeMappings(first: 1) { nodes { id } } syncRuns(first: 1) { nodes { id } } } }`, nil).Integration
		scopeA, runA := ia.ScopeMappings.Nodes[0].ID, ia.SyncRuns.Nodes[0].ID
		unmap := query[struct {
			UnmapScope struct {
				ScopeMapping *struct{ ID string }
				UserErrors   []userError
			}
		}](e, e.adminB, `mutation($s: ID!) { unmapScope(input: {scopeId: $s}) { scopeMapping { id } userErrors { code } } }`, map[string]any{"s": scopeA}).UnmapScope
		storetest.Expect(t, "tenant B unmapping A's scope", is("unmapped", unmap.ScopeMapping != nil, false), is("user errors", unmap.UserErrors, []userError{{Code: "NOT_FOUND"}}))
		r = e.do(e.adminB, `query($id: ID!) { syncRun(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": runA})
		if got := data[struct{ SyncRun, Node *struct{ ID string } }](e, r); got.SyncRun != nil || got.Node != nil {
			t.Fatalf("tenant B read A's run: %s", r.Raw)
		}
		if r.code() != "NOT_FOUND" {
			t.Fatalf("tenant B reading A's run: code %q, want NOT_FOUND", r.code())
		}
		node := query[struct {
			Node struct{ Client *struct{ Name string } }
		}](e, e.adminA, `query($id: ID!) { node(id: $id) { ... on ScopeMapping { client { name } } } }`, map[string]any{"id": scopeA}).Node
		if node.Client == nil {
			t.Fatal("A's scope lost its client")
		}
		// A viewer reads but cannot start a sync.
		if r = e.do(e.viewerA, `mutation { startSync(input: {provider: "testrmm"}) { run { id } } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer startSync: %s", r.Raw)
		}
	})
}

func TestSecondSyncIsAConflictAndProgressStreams(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}}, devices(50, 1), nil)
	e.p.SetPageSize(10)
	release := make(chan struct{})
	var once sync.Once
	e.p.OnPage(func() { <-release })
	id := e.startSync(e.adminA)

	r := e.do(e.adminA, `mutation { startSync(input: {provider: "testrmm"}) { run { id } } }`, nil)
	if r.code() != "CONFLICT" {
		t.Fatalf("second start: code %q, want CONFLICT: %s", r.code(), r.Raw)
	}
	if !strings.Contains(r.Errors[0].Message, id) {
		t.Fatalf("the conflict does not name the running run %s: %s", id, r.Errors[0].Message)
	}

	// Follow the run over SSE while it proceeds.
	payload, _ := json.Marshal(map[string]any{"query": `subscription($id: ID!) { syncRunProgress(id: $id) { status progress { devicesSeen } counts { created } } }`, "variables": map[string]any{"id": id}})
	res := e.send(e.adminA, string(payload), "Accept", "text/event-stream")
	defer res.Body.Close()
	defer once.Do(func() { close(release) })
	type event struct {
		Data struct {
			SyncRunProgress struct {
				Status string
				Counts struct{ Created int }
			}
		}
	}
	var events []event
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var ev event
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatalf("event %q: %v", line, err)
			}
			events = append(events, ev)
			// The run waits on its first page until the subscription has
			// sent the run as it found it.
			once.Do(func() { close(release) })
		}
		if strings.HasPrefix(sc.Text(), "event: complete") {
			break
		}
	}
	if len(events) < 2 {
		t.Fatalf("%d progress events, want at least the running and the finished run", len(events))
	}
	first, last := events[0].Data.SyncRunProgress, events[len(events)-1].Data.SyncRunProgress
	storetest.Expect(t, "progress events", is("first status", first.Status, "RUNNING"), is("last status", last.Status, "COMPLETED"), is("last created", last.Counts.Created, 50))
}

func TestIntegrationInputErrors(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	type configured struct {
		ConfigureIntegration struct {
			Integration *struct{ ID string }
			UserErrors  []userError
		}
	}
	const configure = `mutation($p: String!, $v: [ConfigValueInput!]!) { configureIntegration(input: {provider: $p, values: $v}) { integration { id } userErrors { field message code } } }`
	cases := []struct {
		provider string
		values   []map[string]string
		field    string
	}{
		{"nope", []map[string]string{}, "provider"},
		{"testrmm", []map[string]string{{"key": "url", "value": "https://x.test"}}, "apiKey"},
		{"testrmm", []map[string]string{{"key": "url", "value": "ftp://x"}, {"key": "apiKey", "value": "k"}}, "url"},
		{"testrmm", []map[string]string{{"key": "url", "value": "https://x.test"}, {"key": "apiKey", "value": "k"}, {"key": "region", "value": "mars"}}, "region"},
		{"testrmm", []map[string]string{{"key": "url", "value": "https://x.test"}, {"key": "apiKey", "value": "k"}, {"key": "color", "value": "red"}}, "color"},
	}
	for _, c := range cases {
		got := query[configured](e, e.adminA, configure, map[string]any{"p": c.provider, "v": c.values}).ConfigureIntegration
		if got.Integration != nil {
			t.Errorf("%s %v was stored", c.provider, c.values)
		}
		if len(got.UserErrors) == 0 {
			t.Errorf("%s %v: no user error", c.provider, c.values)
			continue
		}
		if f := got.UserErrors[0].Field; len(f) == 0 || f[len(f)-1] != c.field {
			t.Errorf("%s %v: user error on %v, want %s", c.provider, c.values, f, c.field)
		}
	}
	if n := len(query[struct{ Integrations []struct{ ID string } }](e, e.adminA, `{ integrations { id } }`, nil).Integrations); n != 0 {
		t.Fatalf("refused input stored %d integrations", n)
	}
	// A wrong key: verify says why, the integration stays inactive, sync refuses.
	got := query[configured](e, e.adminA, configure, map[string]any{"p": "testrmm", "v": []map[string]string{{"key": "url", "value": "rmm.test"}, {"key": "apiKey", "value": "bad"}}}).ConfigureIntegration
	if len(got.UserErrors) != 0 {
		t.Fatalf("bare host refused: %+v", got.UserErrors)
	}
	ver := query[struct {
		VerifyIntegration struct {
			Ok      bool
			Message *string
		}
	}](e, e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok message integration { isActive } } }`, nil).VerifyIntegration
	storetest.Expect(t, "verify with a bad key", is("ok", ver.Ok, false), is("says rejected", ver.Message != nil && strings.Contains(*ver.Message, "rejected"), true))
	st := query[startPayload](e, e.adminA, `mutation { startSync(input: {provider: "testrmm"}) { run { id } userErrors { field message } } }`, nil).StartSync
	if len(st.UserErrors) == 0 || !strings.Contains(st.UserErrors[0].Message, "not connected") {
		t.Fatalf("sync before verify: %+v", st)
	}
	disc := query[struct {
		DiscoverScopes struct{ UserErrors []userError }
	}](e, e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total userErrors { message } } }`, nil).DiscoverScopes
	if len(disc.UserErrors) == 0 || !strings.Contains(disc.UserErrors[0].Message, "not connected") {
		t.Fatalf("discover before verify: %+v", disc)
	}
	// An RMM failure during discovery is an UPSTREAM error with the RMM's words.
	e.do(e.adminA, configure, map[string]any{"p": "testrmm", "v": []map[string]string{{"key": "apiKey", "value": "good"}}})
	e.do(e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	e.p.FailAll(providertestError("testrmm: service unavailable (HTTP 503)"))
	r := e.do(e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total } }`, nil)
	if r.code() != "UPSTREAM" {
		t.Fatalf("an RMM failure: code %q, want UPSTREAM: %s", r.code(), r.Raw)
	}
	if !strings.Contains(r.Errors[0].Message, "HTTP 503") {
		t.Fatalf("the RMM's words are missing: %s", r.Errors[0].Message)
	}
	e.p.FailAll(nil)
	m := query[struct {
		MapScope struct{ UserErrors []userError }
	}](e, e.adminA, `mutation { mapScope(input: {scopeId: "bad", clientId: "bad"}) { userErrors { field code } } }`, nil).MapScope
	if len(m.UserErrors) == 0 || m.UserErrors[0].Code != "NOT_FOUND" {
		t.Fatalf("mapScope with bad ids: %+v", m)
	}
}

func providertestError(msg string) error {
	return providerErr(msg)
}

func TestSyncSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 1)
		type schedule struct {
			Enabled         bool
			IntervalMinutes int
			NextRunAt       *time.Time
		}
		sch := query[struct {
			Integration struct{ Schedule schedule }
		}](e, e.adminA, `{ integration(provider: "testrmm") { schedule { enabled intervalMinutes nextRunAt lastRunAt } config { key isSet } } }`, nil).Integration.Schedule
		storetest.Expect(t, "default schedule", is("enabled", sch.Enabled, true), is("interval", sch.IntervalMinutes, 60), is("has a next run", sch.NextRunAt != nil, true))
		next := *sch.NextRunAt
		storetest.Expect(t, "the next run", is("on the hour", next.Minute() == 0 && next.Second() == 0, true), is("in the future", next.After(time.Now()), true))
		type setPayload struct {
			SetSyncSchedule struct {
				Integration *struct{ Schedule schedule }
				UserErrors  []userError
			}
		}
		const set = `mutation($in: SetSyncScheduleInput!) { setSyncSchedule(input: $in) { integration { schedule { enabled intervalMinutes } } userErrors { field code message } } }`
		for _, bad := range []int{14, 1441} {
			got := query[setPayload](e, e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "intervalMinutes": bad}}).SetSyncSchedule
			storetest.Expect(t, fmt.Sprintf("interval %d", bad), is("user errors", got.UserErrors, []userError{{Field: []string{"input", "intervalMinutes"}, Code: "INVALID", Message: got.UserErrors[0].Message}}))
		}
		got := query[setPayload](e, e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "intervalMinutes": 30}}).SetSyncSchedule
		if got.Integration == nil || got.Integration.Schedule.IntervalMinutes != 30 {
			t.Fatalf("set interval: %+v", got)
		}
		got = query[setPayload](e, e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": false}}).SetSyncSchedule
		storetest.Expect(t, "disabled schedule", is("schedule", got.Integration.Schedule, schedule{Enabled: false, IntervalMinutes: 30}))
		// Other settings survive: the configuration is still there.
		in, _ := s.Tenant(e.tenantA).Integration(context.Background(), providertest.ID)
		if cfg, _ := in.Settings["config"].(map[string]any); cfg["url"] != "https://rmm.test" {
			t.Fatalf("settings after setSyncSchedule: %v", in.Settings)
		}
		if r := e.do(e.viewerA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": true}}); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer: %s", r.Raw)
		}
		got = query[setPayload](e, e.adminB, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": true}}).SetSyncSchedule
		if len(got.UserErrors) == 0 || got.UserErrors[0].Code != "NOT_FOUND" {
			t.Fatalf("tenant B: %+v", got)
		}
	})
}

// Changing a setting that does not decide where or as whom rmmgraph
// connects applies at once: the integration stays verified and syncs. A
// connection setting needs verifying again, and the API says which it was.
func TestOnlyConnectionSettingsNeedVerifyingAgain(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 1)
	type configured struct {
		ConfigureIntegration struct {
			NeedsVerification bool
			Integration       *struct{ IsActive bool }
			UserErrors        []struct{ Message string }
		}
	}
	type started struct {
		StartSync struct {
			Run        *struct{ ID string }
			UserErrors []struct{ Message string }
		}
	}
	const configure = `mutation($k: String!, $v: String!) { configureIntegration(input: {provider: "testrmm", values: [{key: $k, value: $v}]}) {
		needsVerification integration { isActive } userErrors { message } } }`
	const start = `mutation { startSync(input: {provider: "testrmm"}) { run { id } userErrors { message } } }`
	wait := func(id string) {
		t.Helper()
		for range 200 {
			r := query[struct{ SyncRun struct{ Status string } }](e, e.adminA, `query($id: ID!) { syncRun(id: $id) { status } }`, map[string]any{"id": id})
			if r.SyncRun.Status != "RUNNING" {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("run did not finish")
	}

	got := query[configured](e, e.adminA, configure, map[string]any{"k": "pageSize", "v": "25"}).ConfigureIntegration
	storetest.Expect(t, "a page size change", is("needs verification", got.NeedsVerification, false), is("still verified", got.Integration != nil && got.Integration.IsActive, true),
		is("user errors", len(got.UserErrors), 0))
	s := query[started](e, e.adminA, start, nil).StartSync
	if s.Run == nil || len(s.UserErrors) > 0 {
		t.Fatalf("a sync after a page size change: %+v", s)
	}
	wait(s.Run.ID)

	// The stored key is only sent where it was entered for: a new URL needs
	// it again in the same call.
	got = query[configured](e, e.adminA, configure, map[string]any{"k": "url", "v": "https://other.rmm.test"}).ConfigureIntegration
	storetest.Expect(t, "a URL change without the key", is("stored", got.Integration != nil, false),
		is("asks for the key", len(got.UserErrors) == 1 && strings.Contains(got.UserErrors[0].Message, "enter it again"), true))
	const withKey = `mutation($v: String!) { configureIntegration(input: {provider: "testrmm", values: [{key: "url", value: $v}, {key: "apiKey", value: "good"}]}) {
		needsVerification integration { isActive } userErrors { message } } }`
	got = query[configured](e, e.adminA, withKey, map[string]any{"v": "https://other.rmm.test"}).ConfigureIntegration
	storetest.Expect(t, "a URL change", is("needs verification", got.NeedsVerification, true), is("still verified", got.Integration != nil && got.Integration.IsActive, false))
	s = query[started](e, e.adminA, start, nil).StartSync
	storetest.Expect(t, "a sync after a URL change", is("started", s.Run != nil, false), is("says verify", len(s.UserErrors) == 1 && strings.Contains(s.UserErrors[0].Message, "verify"), true))
	// The same value again is no change.
	e.do(e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	got = query[configured](e, e.adminA, configure, map[string]any{"k": "url", "v": "https://other.rmm.test"}).ConfigureIntegration
	if got.NeedsVerification || !got.Integration.IsActive {
		t.Fatalf("setting the same URL again: %+v", got)
	}
	// Providers say which settings need verifying again.
	fields := query[struct {
		Provider struct {
			ConfigFields []struct {
				Key               string
				AffectsConnection bool
			}
		}
	}](e, e.adminA, `{ provider(id: "testrmm") { configFields { key affectsConnection } } }`, nil).Provider.ConfigFields
	want := map[string]bool{"url": true, "apiKey": true, "region": true, "pageSize": false}
	for _, f := range fields {
		if want[f.Key] != f.AffectsConnection {
			t.Errorf("%s affectsConnection = %v", f.Key, f.AffectsConnection)
		}
	}
}

// Progress subscriptions share one poll per run, and a key may hold only a
// few open at once.
func TestProgressSubscriptionsAreSharedAndCapped(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	var polls atomic.Int64
	s.DB.AddQueryHook(&countQueries{match: "rmm_sync_runs", n: &polls}) // before anything queries
	e := newEnv(t, s)
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}}, devices(20, 1), nil)
	e.p.SetPageSize(5)
	release := make(chan struct{})
	e.p.OnPage(func() { <-release })
	defer close(release)
	id := e.startSync(e.adminA)

	subscribe := func() (*http.Response, error) {
		payload, _ := json.Marshal(map[string]any{"query": `subscription($id: ID!) { syncRunProgress(id: $id) { status } }`, "variables": map[string]any{"id": id}})
		return e.send(e.adminA, string(payload), "Accept", "text/event-stream"), nil
	}
	// Count the reads of runs while ten subscribers follow one run.
	var open []*http.Response
	for range 10 {
		res, err := subscribe()
		if err != nil {
			t.Fatal(err)
		}
		open = append(open, res)
		bufio.NewReader(res.Body).ReadString('\n') // the stream has started
	}
	defer func() {
		for _, res := range open {
			res.Body.Close()
		}
	}()
	polls.Store(0)
	time.Sleep(time.Second)
	if n := polls.Load(); n > 10 {
		t.Fatalf("ten subscribers read their run %d times in a second: each polls on its own (one shared poll reads it about 4 times)", n)
	}
	res, err := subscribe()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "RATE_LIMITED") {
		t.Fatalf("an eleventh subscription of one key: %s", body)
	}
}

// countQueries counts the statements that mention a table.
type countQueries struct {
	match string
	n     *atomic.Int64
}

func (c *countQueries) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if strings.Contains(e.Query, c.match) {
		c.n.Add(1)
	}
	return ctx
}
func (c *countQueries) AfterQuery(context.Context, *bun.QueryEvent) {}

// A run's changedAssets lists what it created or changed, nothing it left
// alone, and pages with a total.
func TestRunChangedAssets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 2)
		devs := devices(12, 2)
		e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}, {ExternalID: "s2"}}, devs, nil)
		first := e.waitRun(e.adminA, e.startSync(e.adminA))
		devs[3].Name, devs[7].SerialNumber = "renamed-003", rmm.Some("NEW007")
		e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}, {ExternalID: "s2"}}, devs, nil)
		second := e.waitRun(e.adminA, e.startSync(e.adminA))
		type changes struct {
			SyncRun struct {
				ChangedAssets struct {
					TotalCount int
					Nodes      []struct{ Name string }
					PageInfo   struct{ HasNextPage bool }
				}
			}
		}
		q := `query($id: ID!, $n: Int) { syncRun(id: $id) { changedAssets(first: $n) { totalCount nodes { name } pageInfo { hasNextPage } } } }`
		got := query[changes](e, e.adminA, q, map[string]any{"id": second.ID, "n": 10}).SyncRun.ChangedAssets
		var names []string
		for _, n := range got.Nodes {
			names = append(names, n.Name)
		}
		storetest.Expect(t, "the second run's changes", is("count", got.TotalCount, 2), is("names", strings.Join(names, ","), "pc-007,renamed-003"))
		page := query[changes](e, e.adminA, q, map[string]any{"id": first.ID, "n": 5}).SyncRun.ChangedAssets
		storetest.Expect(t, "the first run's changes", is("count", page.TotalCount, 10), is("page", len(page.Nodes), 5), is("more", page.PageInfo.HasNextPage, true))
	})
}

// Workstations show the virtual flag and network adapters as servers do
// (kept in system_info for want of columns), and uptime counts from the
// last reboot at the time of reading.
func TestNetworkingAndUptimeThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 1)
		nic := []rmm.NetworkInterface{{Name: "eth0", MACAddress: "00:1a:2b:00:00:01", DNSServers: []string{"10.0.0.53"}, Type: "Ethernet", SpeedMbps: 1000}}
		reboot := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
		devs := devices(2, 1)
		devs[0].Extension.NetworkInterfaces, devs[0].Extension.LastRebootAt = rmm.Some(nic), rmm.Some(reboot)
		devs[1].Extension.NetworkInterfaces, devs[1].Extension.IsVirtual = rmm.Some(nic), rmm.Some(true)
		devs[1].Extension.SystemInfo = rmm.Some(map[string]any{"manufacturer": "LENOVO"})
		sw := []rmm.Software{{Name: "7-Zip", Version: "23.01"}}
		devs[0].Extension.InstalledSoftware, devs[1].Extension.InstalledSoftware = rmm.Some(sw), rmm.Some(sw)
		e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}}, devs, nil)
		if run := e.waitRun(e.adminA, e.startSync(e.adminA)); run.Status != "COMPLETED" {
			t.Fatalf("sync: %+v", run)
		}
		type nicOut struct {
			Name, MacAddress string
			DNSServers       []string `json:"dnsServers"`
			SpeedMbps        int
		}
		got := query[struct {
			Assets struct {
				Nodes []struct {
					Name   string
					Server *struct {
						UptimeSeconds     int
						NetworkInterfaces []nicOut
						InstalledSoftware []struct{ Name, Version string }
					}
					Workstation *struct {
						IsVirtual         *bool
						NetworkInterfaces []nicOut
						SystemInfo        map[string]any
						InstalledSoftware []struct{ Name, Version string }
					}
				}
			}
		}](e, e.viewerA, `{ assets(first: 5) { nodes { name server { uptimeSeconds networkInterfaces { name macAddress dnsServers speedMbps } installedSoftware { name version } }
			workstation { isVirtual systemInfo networkInterfaces { name macAddress dnsServers speedMbps } installedSoftware { name version } } } } }`, nil).Assets.Nodes
		if len(got) != 2 || got[0].Server == nil || got[1].Workstation == nil {
			t.Fatalf("assets: %+v", got)
		}
		want := []nicOut{{Name: "eth0", MacAddress: "00:1a:2b:00:00:01", DNSServers: []string{"10.0.0.53"}, SpeedMbps: 1000}}
		up := got[0].Server.UptimeSeconds
		storetest.Expect(t, "networking and uptime",
			is("server adapters", got[0].Server.NetworkInterfaces, want), is("uptime from the last reboot", up >= 7200 && up < 7300, true),
			is("workstation adapters", got[1].Workstation.NetworkInterfaces, want), is("workstation virtual", got[1].Workstation.IsVirtual != nil && *got[1].Workstation.IsVirtual, true),
			is("system info kept", got[1].Workstation.SystemInfo["manufacturer"], any("LENOVO")),
			is("server software", len(got[0].Server.InstalledSoftware) == 1 && got[0].Server.InstalledSoftware[0].Version == "23.01", true),
			is("workstation software", len(got[1].Workstation.InstalledSoftware) == 1 && got[1].Workstation.InstalledSoftware[0].Name == "7-Zip", true))
	})
}

// previewSync reports what a full sync would do and records nothing; a
// viewer may not ask for it.
func TestPreviewSyncThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 2)
		devs := devices(6, 2)
		e.p.SetEstate(scopeList(2), devs, nil)
		e.waitRun(e.adminA, e.startSync(e.adminA))
		devs[2].Name = "renamed"
		e.p.SetEstate(scopeList(2), append(devs, devices(8, 2)[6:]...), nil)
		const preview = `mutation($first: Int) { previewSync(input: {provider: "testrmm", first: $first}) {
			preview { counts { created updated unchanged } changes { externalId name kind } moreChanges } userErrors { field message } } }`
		if r := e.do(e.viewerA, preview, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer preview: %s", r.Raw)
		}
		got := query[struct {
			PreviewSync struct {
				Preview struct {
					Counts      struct{ Created, Updated, Unchanged int }
					Changes     []struct{ ExternalID, Name, Kind string }
					MoreChanges int
				}
				UserErrors []userError
			}
		}](e, e.adminA, preview, map[string]any{"first": 2}).PreviewSync
		storetest.Expect(t, "the preview", is("created", got.Preview.Counts.Created, 2), is("updated", got.Preview.Counts.Updated, 1),
			is("unchanged", got.Preview.Counts.Unchanged, 5), is("listed", len(got.Preview.Changes), 2), is("more", got.Preview.MoreChanges, 1))
		runs := query[struct {
			Integration struct{ SyncRuns struct{ TotalCount int } }
		}](e, e.adminA, `{ integration(provider: "testrmm") { syncRuns { totalCount } } }`, nil).Integration.SyncRuns.TotalCount
		assets := query[struct{ Assets struct{ TotalCount int } }](e, e.adminA, `{ assets { totalCount } }`, nil).Assets.TotalCount
		storetest.Expect(t, "what it recorded", is("runs", runs, 1), is("assets", assets, 6))
		bad := query[struct {
			PreviewSync struct{ UserErrors []userError }
		}](e, e.adminA, preview, map[string]any{"first": 0}).PreviewSync
		if len(bad.UserErrors) != 1 || strings.Join(bad.UserErrors[0].Field, ".") != "input.first" {
			t.Fatalf("first 0: %+v", bad)
		}
	})
}
