package graph_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

const secretKey = "good"

// connect configures, verifies and discovers the test provider as tenant A
// and maps each scope to a new client; it returns scope id -> client ID.
func (e *env) connect(token string, scopes int) map[string]string {
	e.t.Helper()
	var sc []rmm.Scope
	for i := 1; i <= scopes; i++ {
		sc = append(sc, rmm.Scope{ExternalID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Org %d", i), Kind: rmm.ScopeOrganization})
	}
	e.p.SetEstate(sc, nil, nil)
	r := e.do(token, `mutation($v: [ConfigValueInput!]!) { configureIntegration(input: {provider: "testrmm", values: $v}) { integration { id isActive } userErrors { field message } } }`,
		map[string]any{"v": []map[string]string{{"key": "url", "value": "https://rmm.test"}, {"key": "apiKey", "value": secretKey}}})
	if get(r.Data, "configureIntegration", "integration", "id") == nil {
		e.t.Fatalf("configure: %s", r.Raw)
	}
	r = e.do(token, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok message integration { isActive connectedAt } } }`, nil)
	if get(r.Data, "verifyIntegration", "ok") != true || get(r.Data, "verifyIntegration", "integration", "isActive") != true {
		e.t.Fatalf("verify: %s", r.Raw)
	}
	r = e.do(token, `mutation { discoverScopes(input: {provider: "testrmm"}) { added updated total userErrors { message } } }`, nil)
	if get(r.Data, "discoverScopes", "added") != float64(scopes) {
		e.t.Fatalf("discover: %s", r.Raw)
	}
	r = e.do(token, `{ integration(provider: "testrmm") { scopeMappings(mapped: false) { totalCount nodes { id externalId kind client { id } } } } }`, nil)
	nodes, _ := get(r.Data, "integration", "scopeMappings", "nodes").([]any)
	if len(nodes) != scopes {
		e.t.Fatalf("unmapped scopes: %s", r.Raw)
	}
	clients := map[string]string{}
	for _, n := range nodes {
		ext := get(n, "externalId").(string)
		clients[ext] = e.mustCreateClient(token, "Client "+ext)
		r = e.do(token, `mutation($s: ID!, $c: ID!) { mapScope(input: {scopeId: $s, clientId: $c}) { scopeMapping { client { name } autoSyncAssets } userErrors { message } } }`,
			map[string]any{"s": get(n, "id"), "c": clients[ext]})
		if get(r.Data, "mapScope", "scopeMapping", "client", "name") != "Client "+ext {
			e.t.Fatalf("mapScope: %s", r.Raw)
		}
	}
	return clients
}

func (e *env) startSync(token string) string {
	e.t.Helper()
	r := e.do(token, `mutation { startSync(input: {provider: "testrmm"}) { run { id status mode trigger } userErrors { field message } } }`, nil)
	id, _ := get(r.Data, "startSync", "run", "id").(string)
	if id == "" || get(r.Data, "startSync", "run", "status") != "RUNNING" {
		e.t.Fatalf("startSync: %s", r.Raw)
	}
	return id
}

func (e *env) waitRun(token, id string) map[string]any {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r := e.do(token, `query($id: ID!) { syncRun(id: $id) { status error durationMs warnings counts { seen created updated unchanged skipped retired moved } skipped { reason count } progress { scopesDone scopesTotal devicesSeen } integration { status lastFullSyncAt } } }`, map[string]any{"id": id})
		run, _ := get(r.Data, "syncRun").(map[string]any)
		if run == nil {
			e.t.Fatalf("syncRun: %s", r.Raw)
		}
		if run["status"] != "RUNNING" {
			return run
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatal("sync did not finish")
	return nil
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

func TestSyncThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		clients := e.connect(e.adminA, 2)
		e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}, {ExternalID: "s2"}}, devices(30, 2), nil)

		run := e.waitRun(e.adminA, e.startSync(e.adminA))
		if run["status"] != "COMPLETED" || get(run, "counts", "created") != 30.0 || get(run, "progress", "scopesDone") != 2.0 ||
			get(run, "integration", "status") != "COMPLETED" || run["durationMs"] == nil {
			t.Fatalf("run: %v", run)
		}

		// The secret is write-only.
		r := e.do(e.adminA, `{ integrations { provider { id displayName } instanceUrl assetCount config { key value isSet } syncRuns { totalCount nodes { status } } } }`, nil)
		if strings.Contains(r.Raw, secretKey+`"`) || get(r.Data, "integrations", 0, "config", 1, "isSet") != true || get(r.Data, "integrations", 0, "config", 1, "value") != nil ||
			get(r.Data, "integrations", 0, "assetCount") != 30.0 || get(r.Data, "integrations", 0, "instanceUrl") != "https://rmm.test" {
			t.Fatalf("integrations: %s", r.Raw)
		}

		// Pages of assets with nested reads.
		const q = `query($after: String, $f: AssetFilter) { assets(first: 7, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor }
			nodes { id name assetType serialNumber status client { name } rmm { provider deviceId organizationId agentStatus lastSeenAt }
			workstation { ramGb osType diskUsage { name totalGb utilizationPercent } } server { isVirtual } externalMappings { integrationType externalId realmId syncStatus metadata } } } }`
		var names []string
		var after any
		for {
			r = e.do(e.adminA, q, map[string]any{"after": after})
			if len(r.Errors) > 0 {
				t.Fatalf("assets: %s", r.Raw)
			}
			for _, n := range get(r.Data, "assets", "nodes").([]any) {
				names = append(names, get(n, "name").(string))
			}
			if get(r.Data, "assets", "pageInfo", "hasNextPage") != true {
				break
			}
			after = get(r.Data, "assets", "pageInfo", "endCursor")
		}
		if len(names) != 30 || names[0] != "pc-000" || names[29] != "pc-029" {
			t.Fatalf("paged %d assets: %v", len(names), names)
		}
		r = e.do(e.adminA, q, map[string]any{"f": map[string]any{"search": "pc-00", "assetTypes": []string{"SERVER"}}})
		srv := get(r.Data, "assets", "nodes", 0)
		if get(r.Data, "assets", "totalCount") != 1.0 || get(srv, "server", "isVirtual") != true || get(srv, "workstation") != nil ||
			get(srv, "rmm", "organizationId") != "s1" || get(srv, "client", "name") != "Client s1" {
			t.Fatalf("server filter: %s", r.Raw)
		}
		if m := get(srv, "externalMappings", 0); get(m, "integrationType") != "testrmm" || get(m, "externalId") != "d000" || get(m, "metadata", "assetHash") != nil {
			t.Fatalf("mappings: %s", r.Raw)
		}
		r = e.do(e.adminA, q, map[string]any{"f": map[string]any{"agentStatuses": []string{"OFFLINE"}, "clientIds": []string{clients["s2"]}}})
		if get(r.Data, "assets", "totalCount") != 1.0 || get(r.Data, "assets", "nodes", 0, "name") != "pc-001" || get(r.Data, "assets", "nodes", 0, "status") != "active" {
			t.Fatalf("offline filter: %s", r.Raw)
		}
		r = e.do(e.adminA, q, map[string]any{"f": map[string]any{"lastSeenBefore": "2026-11-01T00:03:00Z"}})
		if get(r.Data, "assets", "totalCount") != 3.0 {
			t.Fatalf("lastSeenBefore: %s", r.Raw)
		}
		r = e.do(e.adminA, `{ assets(first: 1, orderBy: {field: NAME, direction: DESC}) { nodes { id name workstation { ramGb diskUsage { totalGb } } } } }`, nil)
		if get(r.Data, "assets", "nodes", 0, "name") != "pc-029" || get(r.Data, "assets", "nodes", 0, "workstation", "ramGb") != 32.0 {
			t.Fatalf("desc: %s", r.Raw)
		}
		id := get(r.Data, "assets", "nodes", 0, "id")
		r = e.do(e.adminA, `query($id: ID!) { asset(id: $id) { name } node(id: $id) { ... on Asset { name } } }`, map[string]any{"id": id})
		if get(r.Data, "asset", "name") != "pc-029" || get(r.Data, "node", "name") != "pc-029" {
			t.Fatalf("asset(id:): %s", r.Raw)
		}

		// Tenant B sees none of it.
		r = e.do(e.adminB, `query($id: ID!) { assets { totalCount } integrations { id } asset(id: $id) { id } }`, map[string]any{"id": id})
		if get(r.Data, "assets", "totalCount") != 0.0 || len(get(r.Data, "integrations").([]any)) != 0 || get(r.Data, "asset") != nil {
			t.Fatalf("tenant B: %s", r.Raw)
		}
		r = e.do(e.adminB, `mutation { startSync(input: {provider: "testrmm"}) { run { id } userErrors { message } } }`, nil)
		if !strings.Contains(r.Raw, "not configured") {
			t.Fatalf("tenant B startSync: %s", r.Raw)
		}
		// Nor can B touch A's scopes or runs by their IDs.
		r = e.do(e.adminA, `{ integration(provider: "testrmm") { scopeMappings(first: 1) { nodes { id } } syncRuns(first: 1) { nodes { id } } } }`, nil)
		scopeA := get(r.Data, "integration", "scopeMappings", "nodes", 0, "id")
		runA := get(r.Data, "integration", "syncRuns", "nodes", 0, "id")
		r = e.do(e.adminB, `mutation($s: ID!) { unmapScope(input: {scopeId: $s}) { scopeMapping { id } userErrors { code } } }`, map[string]any{"s": scopeA})
		if get(r.Data, "unmapScope", "userErrors", 0, "code") != "NOT_FOUND" {
			t.Fatalf("tenant B unmapped A's scope: %s", r.Raw)
		}
		r = e.do(e.adminB, `query($id: ID!) { syncRun(id: $id) { id } node(id: $id) { id } }`, map[string]any{"id": runA})
		if get(r.Data, "syncRun") != nil || get(r.Data, "node") != nil || r.code() != "NOT_FOUND" {
			t.Fatalf("tenant B read A's run: %s", r.Raw)
		}
		r = e.do(e.adminA, `query($id: ID!) { node(id: $id) { ... on ScopeMapping { client { name } } } }`, map[string]any{"id": scopeA})
		if get(r.Data, "node", "client", "name") == nil {
			t.Fatalf("A's scope lost its client: %s", r.Raw)
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
	if r.code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, id) {
		t.Fatalf("second start: %s", r.Raw)
	}

	// Follow the run over SSE while it proceeds.
	payload, _ := json.Marshal(map[string]any{"query": `subscription($id: ID!) { syncRunProgress(id: $id) { status progress { devicesSeen } counts { created } } }`, "variables": map[string]any{"id": id}})
	body := strings.NewReader(string(payload))
	req, _ := http.NewRequest("POST", e.srv.URL+"/graphql", body)
	req.Header.Set("Authorization", "Bearer "+e.adminA)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	once.Do(func() { close(release) })
	var events []string
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			events = append(events, line)
		}
		if strings.HasPrefix(sc.Text(), "event: complete") {
			break
		}
	}
	if len(events) < 2 || !strings.Contains(events[0], `"status":"RUNNING"`) || !strings.Contains(events[len(events)-1], `"status":"COMPLETED"`) ||
		!strings.Contains(events[len(events)-1], `"created":50`) {
		t.Fatalf("progress events: %v", events)
	}
}

func TestIntegrationInputErrors(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
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
		r := e.do(e.adminA, configure, map[string]any{"p": c.provider, "v": c.values})
		fields, _ := get(r.Data, "configureIntegration", "userErrors", 0, "field").([]any)
		if len(fields) == 0 || fields[len(fields)-1] != c.field || get(r.Data, "configureIntegration", "integration") != nil {
			t.Errorf("%v: %s", c.values, r.Raw)
		}
	}
	if r := e.do(e.adminA, `{ integrations { id } }`, nil); len(get(r.Data, "integrations").([]any)) != 0 {
		t.Fatalf("refused input stored an integration: %s", r.Raw)
	}
	// A wrong key: verify says why, the integration stays inactive, sync refuses.
	r := e.do(e.adminA, configure, map[string]any{"p": "testrmm", "v": []map[string]string{{"key": "url", "value": "rmm.test"}, {"key": "apiKey", "value": "bad"}}})
	if len(get(r.Data, "configureIntegration", "userErrors").([]any)) != 0 {
		t.Fatalf("bare host refused: %s", r.Raw)
	}
	r = e.do(e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok message integration { isActive } } }`, nil)
	if get(r.Data, "verifyIntegration", "ok") != false || !strings.Contains(get(r.Data, "verifyIntegration", "message").(string), "rejected") {
		t.Fatalf("verify with bad key: %s", r.Raw)
	}
	r = e.do(e.adminA, `mutation { startSync(input: {provider: "testrmm"}) { run { id } userErrors { field message } } }`, nil)
	if !strings.Contains(r.Raw, "not connected") {
		t.Fatalf("sync before verify: %s", r.Raw)
	}
	r = e.do(e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total userErrors { message } } }`, nil)
	if !strings.Contains(r.Raw, "not connected") {
		t.Fatalf("discover before verify: %s", r.Raw)
	}
	// An RMM failure during discovery is an UPSTREAM error with the RMM's words.
	e.do(e.adminA, configure, map[string]any{"p": "testrmm", "v": []map[string]string{{"key": "apiKey", "value": "good"}}})
	e.do(e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	e.p.FailAll(providertestError("testrmm: service unavailable (HTTP 503)"))
	r = e.do(e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total } }`, nil)
	if r.code() != "UPSTREAM" || !strings.Contains(r.Errors[0].Message, "HTTP 503") {
		t.Fatalf("upstream: %s", r.Raw)
	}
	e.p.FailAll(nil)
	r = e.do(e.adminA, `mutation { mapScope(input: {scopeId: "bad", clientId: "bad"}) { userErrors { field code } } }`, nil)
	if get(r.Data, "mapScope", "userErrors", 0, "code") != "NOT_FOUND" {
		t.Fatalf("mapScope bad ids: %s", r.Raw)
	}
}

func providertestError(msg string) error {
	return providerErr(msg)
}

func TestSyncSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		e.connect(e.adminA, 1)
		const q = `{ integration(provider: "testrmm") { schedule { enabled intervalMinutes nextRunAt lastRunAt } config { key isSet } } }`
		r := e.do(e.adminA, q, nil)
		sch := get(r.Data, "integration", "schedule")
		if get(sch, "enabled") != true || get(sch, "intervalMinutes") != 60.0 || get(sch, "nextRunAt") == nil {
			t.Fatalf("default schedule: %s", r.Raw)
		}
		next, _ := time.Parse(time.RFC3339, get(sch, "nextRunAt").(string))
		if next.Minute() != 0 || next.Second() != 0 || !next.After(time.Now()) {
			t.Fatalf("next run %v is not the next whole hour", next)
		}
		const set = `mutation($in: SetSyncScheduleInput!) { setSyncSchedule(input: $in) { integration { schedule { enabled intervalMinutes } } userErrors { field code message } } }`
		for _, bad := range []int{14, 1441} {
			r = e.do(e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "intervalMinutes": bad}})
			if get(r.Data, "setSyncSchedule", "userErrors", 0, "field", 1) != "intervalMinutes" {
				t.Fatalf("interval %d: %s", bad, r.Raw)
			}
		}
		r = e.do(e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "intervalMinutes": 30}})
		if get(r.Data, "setSyncSchedule", "integration", "schedule", "intervalMinutes") != 30.0 {
			t.Fatalf("set interval: %s", r.Raw)
		}
		r = e.do(e.adminA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": false}})
		if get(r.Data, "setSyncSchedule", "integration", "schedule", "enabled") != false || get(r.Data, "setSyncSchedule", "integration", "schedule", "intervalMinutes") != 30.0 {
			t.Fatalf("disable keeps the interval: %s", r.Raw)
		}
		// Other settings survive: the configuration is still there.
		in, _ := s.Tenant(e.tenantA).Integration(context.Background(), providertest.ID)
		if cfg, _ := in.Settings["config"].(map[string]any); cfg["url"] != "https://rmm.test" {
			t.Fatalf("settings after setSyncSchedule: %v", in.Settings)
		}
		if r = e.do(e.viewerA, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": true}}); r.code() != "FORBIDDEN" {
			t.Fatalf("viewer: %s", r.Raw)
		}
		r = e.do(e.adminB, set, map[string]any{"in": map[string]any{"provider": "testrmm", "enabled": true}})
		if get(r.Data, "setSyncSchedule", "userErrors", 0, "code") != "NOT_FOUND" {
			t.Fatalf("tenant B: %s", r.Raw)
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
	if got.NeedsVerification || got.Integration == nil || !got.Integration.IsActive || len(got.UserErrors) > 0 {
		t.Fatalf("page size change: %+v", got)
	}
	s := query[started](e, e.adminA, start, nil).StartSync
	if s.Run == nil || len(s.UserErrors) > 0 {
		t.Fatalf("a sync after a page size change: %+v", s)
	}
	wait(s.Run.ID)

	got = query[configured](e, e.adminA, configure, map[string]any{"k": "url", "v": "https://other.rmm.test"}).ConfigureIntegration
	if !got.NeedsVerification || got.Integration == nil || got.Integration.IsActive {
		t.Fatalf("URL change: %+v", got)
	}
	s = query[started](e, e.adminA, start, nil).StartSync
	if s.Run != nil || len(s.UserErrors) != 1 || !strings.Contains(s.UserErrors[0].Message, "verify") {
		t.Fatalf("a sync after a URL change: %+v", s)
	}
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
