package graph_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// A UI renders buttons, mode pickers and the schedule's range from the API.
func TestWhatAUINeedsToRenderAProvider(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite), providers.Register(providertest.NewFull()))
	type provider struct {
		ID        string
		SyncModes []string
		Actions   []string
	}
	got := query[struct{ Providers []provider }](e, e.viewerA, `{ providers { id syncModes actions } }`, nil).Providers
	want := map[string]provider{
		"testrmm":     {ID: "testrmm", SyncModes: []string{"FULL", "DEVICE"}, Actions: []string{"VERIFY", "DISCOVER_SCOPES", "SYNC"}},
		"testrmmfull": {ID: "testrmmfull", SyncModes: []string{"FULL", "INCREMENTAL", "DEVICE"}, Actions: []string{"VERIFY", "DISCOVER_SCOPES", "SYNC", "WEBHOOKS", "POLL_ALERTS", "ACKNOWLEDGE_ALERTS", "RESOLVE_ALERTS"}},
	}
	for _, p := range got {
		storetest.Expect(t, p.ID, is("provider", p, want[p.ID]))
	}
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Org", Kind: rmm.ScopeSite, ParentExternalID: "org-9"}}, nil, nil)
	query[struct{}](e, e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total } }`, nil)
	type schedule struct {
		Schedule struct {
			Enabled                                bool
			MinIntervalMinutes, MaxIntervalMinutes int
			NextRunMode                            *string
		}
		ScopeMappings struct {
			Nodes []struct{ ParentExternalID *string }
		}
	}
	s := query[struct{ Integration schedule }](e, e.adminA, `{ integration(provider: "testrmm") { schedule { enabled minIntervalMinutes maxIntervalMinutes nextRunMode } scopeMappings { nodes { parentExternalId } } } }`, nil).Integration
	if !s.Schedule.Enabled || s.Schedule.MinIntervalMinutes != 15 || s.Schedule.MaxIntervalMinutes != 1440 || s.Schedule.NextRunMode == nil || *s.Schedule.NextRunMode != "FULL" {
		t.Fatalf("schedule %+v", s.Schedule)
	}
	if len(s.ScopeMappings.Nodes) != 1 || s.ScopeMappings.Nodes[0].ParentExternalID == nil || *s.ScopeMappings.Nodes[0].ParentExternalID != "org-9" {
		t.Fatalf("parent scope: %+v", s.ScopeMappings.Nodes)
	}
}

// The last verification is kept, with the field at fault.
func TestLastVerificationIsKept(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	const q = `{ integration(provider: "testrmm") { lastVerification { ok message field } } }`
	type lv struct {
		Integration struct {
			LastVerification *struct {
				Ok             bool
				Message, Field *string
			}
		}
	}
	query[struct{}](e, e.adminA, `mutation { configureIntegration(input: {provider: "testrmm", values: [{key: "url", value: "https://rmm.test"}, {key: "apiKey", value: "bad"}]}) { userErrors { message } } }`, nil)
	if got := query[lv](e, e.adminA, q, nil).Integration.LastVerification; got != nil {
		t.Fatalf("a verification before any: %+v", got)
	}
	query[struct{}](e, e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	got := query[lv](e, e.adminA, q, nil).Integration.LastVerification
	if got == nil || got.Ok || got.Message == nil || got.Field == nil || *got.Field != "apiKey" {
		t.Fatalf("failed verification: %+v", got)
	}
	query[struct{}](e, e.adminA, `mutation { configureIntegration(input: {provider: "testrmm", values: [{key: "apiKey", value: "good"}]}) { userErrors { message } } }`, nil)
	query[struct{}](e, e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	if got := query[lv](e, e.adminA, q, nil).Integration.LastVerification; got == nil || !got.Ok || got.Message != nil {
		t.Fatalf("passed verification: %+v", got)
	}
}

// Config fields carry their rules; configureIntegration enforces them and
// config shows the value in effect.
func TestConfigRulesAreShownAndEnforced(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	type field struct {
		Key      string
		Default  *string
		Min, Max *int
		Advanced bool
	}
	fields := query[struct {
		Provider struct{ ConfigFields []field }
	}](e, e.viewerA, `{ provider(id: "testrmm") { configFields { key default min max advanced } } }`, nil).Provider.ConfigFields
	var page field
	for _, f := range fields {
		if f.Key == "pageSize" {
			page = f
		}
	}
	if page.Default == nil || *page.Default != "100" || page.Min == nil || *page.Min != 1 || page.Max == nil || *page.Max != 1000 || !page.Advanced {
		t.Fatalf("pageSize field: %+v", page)
	}
	const configure = `mutation($v: [ConfigValueInput!]!) { configureIntegration(input: {provider: "testrmm", values: $v}) { integration { config { key value isSet isDefault } } userErrors { field message } } }`
	bad := query[struct {
		ConfigureIntegration struct{ UserErrors []userError }
	}](e, e.adminA, configure, map[string]any{"v": []map[string]string{{"key": "url", "value": "https://rmm.test"}, {"key": "apiKey", "value": "good"}, {"key": "pageSize", "value": "9999"}}}).ConfigureIntegration
	if len(bad.UserErrors) != 1 || strings.Join(bad.UserErrors[0].Field, ".") != "input.values.pageSize" || !strings.Contains(bad.UserErrors[0].Message, "between 1 and 1000") {
		t.Fatalf("out of range: %+v", bad.UserErrors)
	}
	ok := query[struct {
		ConfigureIntegration struct {
			Integration struct {
				Config []struct {
					Key              string
					Value            *string
					IsSet, IsDefault bool
				}
			}
		}
	}](e, e.adminA, configure, map[string]any{"v": []map[string]string{{"key": "url", "value": "https://rmm.test"}, {"key": "apiKey", "value": "good"}}}).ConfigureIntegration
	for _, c := range ok.Integration.Config {
		if c.Key == "pageSize" && (c.Value == nil || *c.Value != "100" || c.IsSet || !c.IsDefault) {
			t.Fatalf("pageSize in effect: %+v", c)
		}
	}
}

// A running sync can be cancelled; it ends CANCELLED after the batch it was
// writing, and the next sync finishes the job without duplicates.
func TestCancelSync(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}}, devices(50, 1), nil)
	e.p.SetPageSize(10)
	release := make(chan struct{})
	pages := 0
	e.p.OnPage(func() {
		pages++
		if pages > 2 {
			<-release
		}
	})
	id := e.startSync(e.adminA)
	type current struct {
		Integration struct{ CurrentRun *struct{ ID, Status string } }
	}
	if c := query[current](e, e.viewerA, `{ integration(provider: "testrmm") { currentRun { id status } } }`, nil).Integration.CurrentRun; c == nil || c.ID != id {
		t.Fatalf("current run: %+v", c)
	}
	const cancel = `mutation($id: ID!) { cancelSync(input: {runId: $id}) { run { id status } userErrors { code message } } }`
	if r := e.do(e.viewerA, cancel, map[string]any{"id": id}); r.code() != "FORBIDDEN" {
		t.Fatalf("a viewer cancelled: %s", r.Raw)
	}
	if r := query[struct {
		CancelSync struct{ UserErrors []userError }
	}](e, e.adminB, cancel, map[string]any{"id": id}).CancelSync; len(r.UserErrors) != 1 || r.UserErrors[0].Code != "NOT_FOUND" {
		t.Fatalf("tenant B cancelled A's run: %+v", r)
	}
	query[struct{}](e, e.adminA, cancel, map[string]any{"id": id})
	close(release)
	run := e.waitRun(e.adminA, id)
	if run.Status != "CANCELLED" || run.Counts.Created == 50 {
		t.Fatalf("cancelled run: %+v", run)
	}
	code := query[struct{ SyncRun struct{ ErrorCode *string } }](e, e.adminA, `query($id: ID!) { syncRun(id: $id) { errorCode } }`, map[string]any{"id": id}).SyncRun.ErrorCode
	if code == nil || *code != "CANCELLED" {
		t.Fatalf("error code %v", code)
	}
	e.p.OnPage(nil)
	next := e.waitRun(e.adminA, e.startSync(e.adminA))
	if next.Status != "COMPLETED" || next.Counts.Created+run.Counts.Created != 50 {
		t.Fatalf("after the cancel: %+v (cancelled run created %d)", next, run.Counts.Created)
	}
	again := query[struct {
		CancelSync struct{ UserErrors []userError }
	}](e, e.adminA, cancel, map[string]any{"id": id}).CancelSync
	if len(again.UserErrors) != 1 || !strings.Contains(again.UserErrors[0].Message, "cancelled, not running") {
		t.Fatalf("cancelling a finished run: %+v", again)
	}
}

// discoverScopes reports the scopes the RMM no longer lists.
func TestDiscoverReportsGoneScopes(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 3)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s2", Name: "Org 2", Kind: rmm.ScopeOrganization}}, nil, nil)
	d := query[struct {
		DiscoverScopes struct {
			Added, Updated, Total int
			Gone                  []string
		}
	}](e, e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { added updated total gone } }`, nil).DiscoverScopes
	storetest.Expect(t, "rediscovery", is("gone", d.Gone, []string{"s1", "s3"}), is("updated", d.Updated, 1), is("total", d.Total, 3))
}

// Scope mappings can be listed by name, page by page.
func TestScopesByName(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "a", Name: "zeta"}, {ExternalID: "b", Name: "Alpha"}, {ExternalID: "c", Name: "mu"}}, nil, nil)
	query[struct{}](e, e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { total } }`, nil)
	type page struct {
		Integration struct {
			ScopeMappings struct {
				Nodes    []struct{ ExternalName string }
				PageInfo struct{ EndCursor *string }
			}
		}
	}
	const q = `query($after: String) { integration(provider: "testrmm") { scopeMappings(first: 2, after: $after, orderBy: NAME) { nodes { externalName } pageInfo { endCursor } } } }`
	p1 := query[page](e, e.adminA, q, nil).Integration.ScopeMappings
	p2 := query[page](e, e.adminA, q, map[string]any{"after": *p1.PageInfo.EndCursor}).Integration.ScopeMappings
	var names []string
	for _, n := range append(p1.Nodes, p2.Nodes...) {
		names = append(names, n.ExternalName)
	}
	storetest.Expect(t, "by name", is("names", names, []string{"Alpha", "mu", "Org 1", "zeta"}))
}

// GraphiQL's introspection (type references nested 9 levels, 15 fields
// deep) is answered, so Docs and autocomplete work; a deeper one is not.
func TestIntrospectionFromGraphiQL(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	q, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	r := e.do(e.viewerA, string(q), nil)
	if len(r.Errors) > 0 || !strings.Contains(r.Raw, `"queryType":{"name":"Query"}`) {
		t.Fatalf("GraphiQL's introspection: %.300s", r.Raw)
	}
	deep := "{ __schema { types { " + strings.Repeat("ofType { ", 30) + "name" + strings.Repeat(" }", 30) + " } } }"
	if r := e.do(e.viewerA, deep, nil); r.code() != "COMPLEXITY_LIMIT" {
		t.Fatalf("an introspection 33 levels deep: %.300s", r.Raw)
	}
}

// An unmapped scope suggests the active client its name points to; a
// mapped one, or one nothing fits, suggests none.
func TestScopeSuggestsAClient(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 2) // s1 and s2, mapped to "Client s1" and "Client s2"
	e.mustCreateClient(e.adminA, "Contoso, Inc.")
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1", Name: "Org 1"}, {ExternalID: "s2", Name: "Org 2"},
		{ExternalID: "s3", Name: "Contoso Computers"}, {ExternalID: "s4", Name: "Northwind Traders"}}, nil, nil)
	query[struct{ DiscoverScopes struct{ Added int } }](e, e.adminA, `mutation { discoverScopes(input: {provider: "testrmm"}) { added } }`, nil)
	type suggestion struct {
		Client struct{ Name string }
		Score  float64
		Reason string
	}
	nodes := query[struct {
		Integration struct {
			ScopeMappings struct {
				Nodes []struct {
					ExternalID      string
					SuggestedClient *suggestion
				}
			}
		}
	}](e, e.viewerA, `{ integration(provider: "testrmm") { scopeMappings { nodes { externalId suggestedClient { client { name } score reason } } } } }`, nil).Integration.ScopeMappings.Nodes
	got := map[string]*suggestion{}
	for _, n := range nodes {
		got[n.ExternalID] = n.SuggestedClient
	}
	if s := got["s3"]; s == nil || s.Client.Name != "Contoso, Inc." || s.Score != 1 || s.Reason != "same name" {
		t.Errorf("Contoso Computers: %+v", s)
	}
	for _, id := range []string{"s1", "s2", "s4"} {
		if got[id] != nil {
			t.Errorf("%s suggests %+v", id, got[id])
		}
	}
}
