package graph_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/providertest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// env is a running API over one database with two tenants.
type env struct {
	t        testing.TB
	store    *store.Store
	srv      *httptest.Server
	adminA   string // tenant A, admin
	viewerA  string // tenant A, viewer
	adminB   string // tenant B, admin
	tenantA  uuid.UUID
	registry *providers.Registry
	p        *providertest.Provider
	syncer   *ingest.Syncer
	engine   *ingest.Engine
}

func newEnv(t testing.TB, s *store.Store, extra ...providers.Provider) *env {
	t.Helper()
	return newEnvWith(t, s, ingest.EngineOptions{Log: quiet}, extra...)
}

// newEnvWith is newEnv with engine options.
func newEnvWith(t testing.TB, s *store.Store, opts ingest.EngineOptions, extra ...providers.Provider) *env {
	t.Helper()
	ctx := context.Background()
	p := providertest.New()
	reg, err := providers.NewRegistry(append([]providers.Provider{providers.Register(p)}, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := ingest.NewEngine(ctx, s, reg, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Stop(10 * time.Second) })
	e := &env{t: t, store: s, registry: reg, p: p, syncer: engine.Syncer, engine: engine}
	a, _ := s.CreateTenant(ctx, "Tenant A")
	b, _ := s.CreateTenant(ctx, "Tenant B")
	e.tenantA = a.ID
	e.adminA, _, _ = s.CreateAPIKey(ctx, a.ID, "a-admin", store.RoleAdmin)
	e.viewerA, _, _ = s.CreateAPIKey(ctx, a.ID, "a-viewer", store.RoleViewer)
	e.adminB, _, _ = s.CreateAPIKey(ctx, b.ID, "b-admin", store.RoleAdmin)
	e.srv = httptest.NewServer(graph.NewHandler(graph.Options{Engine: engine, Log: quiet, MaxBodyBytes: 64 << 10, MaxComplexity: 2000,
		Limits: graph.TenantLimits{Rate: 1000, Burst: 1000}}))
	t.Cleanup(e.srv.Close)
	return e
}

// quiet drops the server's logs; tests assert on responses.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Status     int
	Data       map[string]any `json:"data"`
	Errors     []gqlError     `json:"errors"`
	Extensions map[string]any `json:"extensions"`
	Raw        string
}

func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// send posts a body to /graphql with the key (if any) and extra headers,
// given as name, value pairs.
func (e *env) send(token, body string, headers ...string) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *env) post(token, body string) response {
	e.t.Helper()
	res := e.send(token, body)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("response is not JSON (%d): %s", res.StatusCode, raw)
	}
	return out
}

func (e *env) do(token, query string, vars map[string]any) response {
	e.t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return e.post(token, string(b))
}

// is names a property for storetest.Expect.
var is = storetest.Is

// data decodes a response's data into T.
func data[T any](e *env, r response) T {
	e.t.Helper()
	var out struct{ Data T }
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		e.t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return out.Data
}

// query runs a query and decodes its data into T; a top-level error fails
// the test.
func query[T any](e *env, token, q string, vars map[string]any) T {
	e.t.Helper()
	r := e.do(token, q, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("%s: %s", q, r.Raw)
	}
	var out struct{ Data T }
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		e.t.Fatalf("decode %s: %v", r.Raw, err)
	}
	return out.Data
}

const createClient = `mutation($name: String!, $url: String) { createClient(input: {name: $name, url: $url}) { client { id name url } userErrors { field message code } } }`

// userError is a UserError as the API returns it.
type userError struct {
	Field   []string
	Message string
	Code    string
}

type clientPayload struct {
	Client *struct {
		ID, Name string
		URL      *string
	}
	UserErrors []userError
}

func (e *env) mustCreateClient(token, name string) string {
	e.t.Helper()
	r := query[struct{ CreateClient clientPayload }](e, token, createClient, map[string]any{"name": name}).CreateClient
	if r.Client == nil || r.Client.ID == "" {
		e.t.Fatalf("createClient %q: %+v", name, r)
	}
	return r.Client.ID
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	for name, token := range map[string]string{"missing": "", "malformed": "hello", "unknown": "rmg_" + strings.Repeat("a", 32) + "_secret"} {
		r := e.do(token, `{ viewer { role } }`, nil)
		if r.Status != http.StatusUnauthorized {
			t.Errorf("%s key: HTTP %d, want 401: %s", name, r.Status, r.Raw)
		}
		if r.code() != "UNAUTHENTICATED" {
			t.Errorf("%s key: code %q, want UNAUTHENTICATED", name, r.code())
		}
	}
	type viewer struct {
		Role   string
		Tenant struct{ Name string }
	}
	got := query[struct{ Viewer viewer }](e, e.viewerA, `{ viewer { role tenant { name } } }`, nil).Viewer
	if diff := cmp.Diff(viewer{Role: "VIEWER", Tenant: struct{ Name string }{"Tenant A"}}, got); diff != "" {
		t.Fatalf("viewer (-want +got):\n%s", diff)
	}
}

func TestViewerCannotMutate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		r := e.do(e.viewerA, createClient, map[string]any{"name": "Nope"})
		if r.code() != "FORBIDDEN" {
			t.Fatalf("viewer mutation: code %q, want FORBIDDEN: %s", r.code(), r.Raw)
		}
		if r.Data["createClient"] != nil {
			t.Fatalf("viewer mutation returned data: %s", r.Raw)
		}
		if n, _ := s.Tenant(e.tenantA).CountClients(context.Background(), store.ClientFilter{}); n != 0 {
			t.Fatalf("a refused mutation wrote %d clients", n)
		}
		// Reads still work for a viewer.
		query[any](e, e.viewerA, `{ clients { totalCount } }`, nil)
	})
}

func TestTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		idA := e.mustCreateClient(e.adminA, "Contoso")

		// B sees none of A's clients, through any read.
		if n := query[struct{ Clients struct{ TotalCount int } }](e, e.adminB, `{ clients { totalCount } }`, nil).Clients.TotalCount; n != 0 {
			t.Fatalf("B listed %d of A's clients", n)
		}
		r := e.do(e.adminB, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": idA})
		if data[struct{ Node *struct{ ID string } }](e, r).Node != nil {
			t.Fatalf("B read A's client by node(id:): %s", r.Raw)
		}
		if r.code() != "NOT_FOUND" {
			t.Fatalf("node(id:) of another tenant: code %q, want NOT_FOUND", r.code())
		}
		nodes := query[struct{ Nodes []*struct{ ID string } }](e, e.adminB, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{idA}}).Nodes
		if len(nodes) != 1 || nodes[0] != nil {
			t.Fatalf("B read A's client by nodes(ids:): %+v", nodes)
		}
		// B cannot change it.
		upd := query[struct{ UpdateClient clientPayload }](e, e.adminB, `mutation($id: ID!) { updateClient(input: {id: $id, name: "Owned"}) { client { id } userErrors { code field } } }`, map[string]any{"id": idA}).UpdateClient
		storetest.Expect(t, "B updating A's client", is("updated", upd.Client != nil, false), is("user errors", len(upd.UserErrors) == 1 && upd.UserErrors[0].Code == "NOT_FOUND", true))
		// B can use the same name in its own tenant.
		e.mustCreateClient(e.adminB, "Contoso")
		// A still sees its client unchanged.
		node := query[struct{ Node struct{ Name string } }](e, e.adminA, `query($id: ID!) { node(id: $id) { ... on Client { name } } }`, map[string]any{"id": idA}).Node
		if node.Name != "Contoso" {
			t.Fatalf("A's client is now %q", node.Name)
		}
	})
}

func TestClientMutations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.mustCreateClient(e.adminA, "Fabrikam")
		cases := []struct {
			name, url, code, field string
		}{
			{name: "  ", code: "REQUIRED", field: "name"},
			{name: "fabrikam", code: "TAKEN", field: "name"},
			{name: strings.Repeat("x", 256), code: "INVALID", field: "name"},
			{name: "Ok", url: "ftp://x", code: "INVALID", field: "url"},
			{name: "Ok", url: "not a url", code: "INVALID", field: "url"},
		}
		for _, c := range cases {
			vars := map[string]any{"name": c.name}
			if c.url != "" {
				vars["url"] = c.url
			}
			got := query[struct{ CreateClient clientPayload }](e, e.adminA, createClient, vars).CreateClient
			if got.Client != nil {
				t.Errorf("createClient(%q, %q) created %+v", c.name, c.url, got.Client)
			}
			if len(got.UserErrors) != 1 {
				t.Errorf("createClient(%q, %q): %d user errors, want 1", c.name, c.url, len(got.UserErrors))
				continue
			}
			ue := got.UserErrors[0]
			if diff := cmp.Diff([]string{"input", c.field}, ue.Field); diff != "" || ue.Code != c.code {
				t.Errorf("createClient(%q, %q): code %q (want %q), field (-want +got):\n%s", c.name, c.url, ue.Code, c.code, diff)
			}
			if ue.Message == "" {
				t.Errorf("createClient(%q, %q): user error without message", c.name, c.url)
			}
		}
		if n, _ := s.Tenant(e.tenantA).CountClients(context.Background(), store.ClientFilter{}); n != 1 {
			t.Fatalf("refused inputs wrote clients: %d", n)
		}

		type client struct {
			Name       string
			URL        *string
			IsInactive bool
		}
		type payload struct {
			UpdateClient struct {
				Client     *client
				UserErrors []userError
			}
		}
		const update = `mutation($in: UpdateClientInput!) { updateClient(input: $in) { client { name url isInactive } userErrors { code field message } } }`
		got := query[payload](e, e.adminA, update, map[string]any{"in": map[string]any{"id": id, "url": "https://fabrikam.example", "isInactive": true}}).UpdateClient
		if diff := cmp.Diff(&client{Name: "Fabrikam", URL: ptr("https://fabrikam.example"), IsInactive: true}, got.Client); diff != "" {
			t.Fatalf("update (-want +got):\n%s", diff)
		}
		got = query[payload](e, e.adminA, update, map[string]any{"in": map[string]any{"id": id, "url": ""}}).UpdateClient
		if got.Client == nil || got.Client.URL != nil {
			t.Fatalf("an empty url did not clear it: %+v", got.Client)
		}
		for _, bad := range []string{"garbage", "VGVuYW50OjEyMw"} {
			got = query[payload](e, e.adminA, update, map[string]any{"in": map[string]any{"id": bad, "name": "x"}}).UpdateClient
			if len(got.UserErrors) == 0 || got.UserErrors[0].Code != "NOT_FOUND" {
				t.Fatalf("update unknown id %q: %+v", bad, got)
			}
		}
		got = query[payload](e, e.adminA, update, map[string]any{"in": map[string]any{"id": id, "name": ""}}).UpdateClient
		if len(got.UserErrors) == 0 || got.UserErrors[0].Code != "REQUIRED" {
			t.Fatalf("blank rename: %+v", got)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestClientsPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for _, n := range []string{"e", "b", "d", "a", "c"} {
			e.mustCreateClient(e.adminA, n)
		}
		type page struct {
			Clients struct {
				TotalCount int
				Edges      []struct {
					Cursor string
					Node   struct{ Name string }
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		const q = `query($after: String) { clients(first: 2, after: $after) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`
		var names []string
		var after *string
		for range 5 {
			p := query[page](e, e.adminA, q, map[string]any{"after": after}).Clients
			if p.TotalCount != 5 {
				t.Fatalf("totalCount %d, want 5", p.TotalCount)
			}
			for _, ed := range p.Edges {
				names = append(names, ed.Node.Name)
			}
			if !p.PageInfo.HasNextPage {
				break
			}
			after = p.PageInfo.EndCursor
		}
		if diff := cmp.Diff([]string{"a", "b", "c", "d", "e"}, names); diff != "" {
			t.Fatalf("paged names (-want +got):\n%s", diff)
		}
		if r := e.do(e.adminA, q, map[string]any{"after": "bm9wZQ"}); r.code() != "BAD_USER_INPUT" {
			t.Fatalf("bad cursor: %s", r.Raw)
		}
		if r := e.do(e.adminA, `{ clients(first: 0) { totalCount } }`, nil); r.code() != "BAD_USER_INPUT" {
			t.Fatalf("first: 0: %s", r.Raw)
		}
		found := query[struct {
			Clients struct{ Nodes []struct{ Name string } }
		}](e, e.adminA, `{ clients(search: "C") { nodes { name } } }`, nil).Clients.Nodes
		if len(found) != 1 || found[0].Name != "c" {
			t.Fatalf("search C: %+v", found)
		}
	})
}

func TestProvidersQuery(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	type provider struct {
		ID           string
		DisplayName  string
		Capabilities struct{ Connection, ScopeDiscovery, FullSync, IncrementalSync, RemoteActions bool }
		ConfigFields []struct {
			Key      string
			Kind     string
			Required bool
			Options  []struct{ Value string }
		}
	}
	got := query[struct {
		Providers []provider
		Provider  *provider
	}](e, e.viewerA, `{ providers { id displayName capabilities { connection scopeDiscovery fullSync incrementalSync remoteActions } configFields { key kind required options { value } } } provider(id: "nope") { id } }`, nil)
	if got.Provider != nil {
		t.Fatalf("unknown provider: %+v", got.Provider)
	}
	if len(got.Providers) != 1 {
		t.Fatalf("%d providers, want 1", len(got.Providers))
	}
	p := got.Providers[0]
	if p.ID != providertest.ID {
		t.Errorf("id %q", p.ID)
	}
	c := p.Capabilities
	storetest.Expect(t, "capabilities", is("full sync", c.FullSync, true), is("incremental sync", c.IncrementalSync, false), is("remote actions", c.RemoteActions, false))
	f := p.ConfigFields
	if len(f) < 3 {
		t.Fatalf("%d config fields, want at least 3", len(f))
	}
	storetest.Expect(t, "config fields", is("apiKey kind", f[1].Kind, "SECRET"), is("url options", len(f[0].Options), 0),
		is("region options", len(f[2].Options) == 2 && f[2].Options[1].Value == "eu", true))
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	errorIs := func(what string, r response, code, text string) {
		t.Helper()
		if r.code() != code {
			t.Errorf("%s: code %q, want %s: %s", what, r.code(), code, r.Raw)
		} else if !strings.Contains(r.Errors[0].Message, text) {
			t.Errorf("%s: message %q does not say %q", what, r.Errors[0].Message, text)
		}
	}
	errorIs("malformed query", e.post(e.adminA, `{"query": "{ viewer { role "}`), "GRAPHQL_PARSE_FAILED", "Expected")
	errorIs("unknown field", e.post(e.adminA, `{"query": "{ viewer { nope } }"}`), "GRAPHQL_VALIDATION_FAILED", "nope")
	r := e.post(e.adminA, `{"query": `)
	if len(r.Errors) == 0 || r.Status < 400 {
		t.Errorf("malformed JSON: %d %s", r.Status, r.Raw)
	}
	big := `{"query": "{ viewer { role } }", "variables": {"pad": "` + strings.Repeat("x", 70<<10) + `"}}`
	r = e.post(e.adminA, big)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: HTTP %d, want 413", r.Status)
	}
	errorIs("oversized body", r, "BAD_USER_INPUT", "")
	var pages strings.Builder
	for i := range 12 {
		fmt.Fprintf(&pages, "a%d: assets(first: 100) { totalCount nodes { id } } ", i)
	}
	r = e.do(e.adminA, "{ "+pages.String()+"}", nil) // 12 pages and their counts
	errorIs("complexity", r, "COMPLEXITY_LIMIT", "")
	if r.Data["a0"] != nil {
		t.Errorf("a query over the complexity limit returned data: %s", r.Raw)
	}
	r = e.do(e.adminA, `{ clients { totalCount } }`, nil)
	var ext struct {
		Extensions struct{ Cost struct{ Requested *int } }
	}
	json.Unmarshal([]byte(r.Raw), &ext)
	if c := ext.Extensions.Cost.Requested; c == nil || *c < 1 {
		t.Errorf("cost not reported: %s", r.Raw)
	}
	r = e.do(e.adminA, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": make([]string, 101)})
	if r.code() != "BAD_USER_INPUT" {
		t.Errorf("too many ids: %s", r.Raw)
	}
}

// The cost model prices rows, counts and nested lists, not scalar fields:
// a full page of assets with their details fits, while many counts or
// pages do not, and costs never wrap around.
func TestCostModel(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite)) // limit 2000
	costOf := func(r response) int {
		var ext struct {
			Extensions struct{ Cost struct{ Requested int } }
		}
		json.Unmarshal([]byte(r.Raw), &ext)
		return ext.Extensions.Cost.Requested
	}
	page := e.do(e.adminA, `{ assets(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { id name assetType serialNumber status
		client { name } rmm { provider deviceId agentStatus lastSeenAt } workstation { osVersion ramGb cpuModel diskUsage { name totalGb } }
		server { isVirtual primaryIp } externalMappings { integrationType externalId } } } }`, nil)
	if len(page.Errors) > 0 {
		t.Fatalf("a full page of assets with details was refused: %s", page.Raw)
	}
	t.Logf("a 100-asset page with details costs %d", costOf(page))

	var aliases strings.Builder
	for i := range 600 {
		fmt.Fprintf(&aliases, "a%d: assets(first: 1) { totalCount } ", i)
	}
	counts := e.do(e.adminA, "{ "+aliases.String()+"}", nil)
	storetest.Expect(t, "600 counts", is("code", counts.code(), "COMPLEXITY_LIMIT"), is("cost", costOf(counts), 600*(1+1+100)))

	huge := e.do(e.adminA, `{ assets(first: 100) { nodes { externalMappings { externalId } } } clients(first: 100) { nodes { name } } }`, nil)
	if len(huge.Errors) > 0 {
		t.Fatalf("two pages: %s", huge.Raw)
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	e := newEnv(t, s)
	if _, err := s.DB.ExecContext(context.Background(), `DROP TABLE clients`); err != nil {
		t.Fatal(err)
	}
	r := e.do(e.adminA, `{ clients { totalCount } }`, nil)
	if r.code() != "INTERNAL" {
		t.Fatalf("code %q, want INTERNAL: %s", r.code(), r.Raw)
	}
	if r.Errors[0].Message != "internal error" {
		t.Errorf("message %q, want \"internal error\"", r.Errors[0].Message)
	}
	if strings.Contains(r.Raw, "no such table") {
		t.Errorf("the database's error text leaked: %s", r.Raw)
	}
}

type panicky struct{ calls int }

func (p *panicky) Info() providers.Info {
	p.calls++
	if p.calls > 1 {
		panic("boom: secret detail")
	}
	return providers.Info{ID: "panicky", DisplayName: "Panicky"}
}

type panickySession struct{}

func (panickySession) Close() {}

func (p *panicky) Open(context.Context, rmm.Connection) (panickySession, error) {
	return panickySession{}, nil
}

func TestPanicBecomesInternalError(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite), providers.Register(&panicky{}))
	r := e.do(e.adminA, `{ providers { id } }`, nil)
	if r.code() != "INTERNAL" {
		t.Fatalf("panic: code %q, want INTERNAL", r.code())
	}
	if strings.Contains(r.Raw, "boom") {
		t.Fatalf("the panic's text leaked: %s", r.Raw)
	}
	// The server survives.
	if r := e.do(e.adminA, `{ viewer { role } }`, nil); len(r.Errors) != 0 {
		t.Fatalf("after panic: %s", r.Raw)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	e := newEnv(t, s)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200, "/graphiql": 200} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil || res.StatusCode != want {
			t.Fatalf("GET %s: %v %v", path, res.StatusCode, err)
		}
		res.Body.Close()
	}
	get := func(path string) string {
		t.Helper()
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || len(body) < 300 {
			t.Fatalf("GET %s: HTTP %d, %d bytes", path, res.StatusCode, len(body))
		}
		return string(body)
	}
	// The console and GraphiQL come from the binary, not a CDN.
	console := get("/")
	scripts := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(console, -1)
	if len(scripts) < 2 || strings.Contains(console, "https://") {
		t.Fatalf("the console page does not load its bundled script and style only:\n%s", console)
	}
	for _, m := range scripts {
		get(m[1])
	}
	graphiql := get("/graphiql")
	if !strings.Contains(graphiql, `src="/graphiql/graphiql.min.js"`) || strings.Contains(graphiql, "https://") {
		t.Fatalf("the GraphiQL page does not load the bundled script only:\n%s", graphiql)
	}
	for _, asset := range []string{"/graphiql/graphiql.min.js", "/graphiql/graphiql.min.css", "/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js"} {
		get(asset)
	}
	// Links from when GraphiQL was at / still reach it.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for from, to := range map[string]string{"/graphiql/": "/graphiql", "/?query=%7B+viewer+%7B+role+%7D+%7D": "/graphiql?query=%7B+viewer+%7B+role+%7D+%7D"} {
		res, err := noFollow.Get(e.srv.URL + from)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
			t.Fatalf("GET %s: HTTP %d to %q, want a redirect to %s", from, res.StatusCode, res.Header.Get("Location"), to)
		}
	}
	e.do(e.adminA, `{ viewer { role } }`, nil)
	res, _ := http.Get(e.srv.URL + "/metrics")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(body, []byte(`rmmgraph_graphql_operations_total{result="ok",type="query"} 1`)) {
		t.Fatalf("metrics missing the query:\n%s", body)
	}
	if _, err := s.MigrateDown(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	res, _ = http.Get(e.srv.URL + "/readyz")
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz on an unmigrated database: HTTP %d, want 503", res.StatusCode)
	}
	if !bytes.Contains(body, []byte("migrat")) {
		t.Fatalf("readyz does not say the database is not migrated: %s", body)
	}
}

// Every response carries the security headers and a request id, which
// errors repeat; an unauthenticated request is refused before its body is
// read.
func TestSecurityHeadersAndRequestIDs(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	for path, csp := range map[string]string{"/": "script-src 'self'", "/graphiql": "script-src 'self'", "/graphiql/app.js": "script-src 'self'", "/healthz": "default-src 'none'"} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		storetest.Expect(t, "headers of "+path, is("nosniff", h.Get("X-Content-Type-Options"), "nosniff"), is("referrer policy", h.Get("Referrer-Policy"), "no-referrer"),
			is("frame options", h.Get("X-Frame-Options"), "DENY"), is("CSP "+csp, strings.Contains(h.Get("Content-Security-Policy"), csp), true),
			is("CSP forbids framing", strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'"), true),
			is("request id", len(h.Get("X-Request-Id")) > 0, true))
	}
	// A caller's request id is kept and repeated in error extensions.
	res := e.send(e.adminA, `{"query": "{ nope }"}`, "X-Request-Id", "trace-42")
	var body struct{ Errors []gqlError }
	json.NewDecoder(res.Body).Decode(&body)
	res.Body.Close()
	if len(body.Errors) == 0 {
		t.Fatal("no error for an unknown field")
	}
	storetest.Expect(t, "an error", is("response id", res.Header.Get("X-Request-Id"), "trace-42"), is("extension id", body.Errors[0].Extensions["requestId"], any("trace-42")))

	// No key: 401 with the Bearer challenge, answered without reading the
	// body: the request announces 10 MB and sends none of it.
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{")
	res, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("an unauthenticated request with a body still to come got no answer: %v", err)
	}
	res.Body.Close()
	storetest.Expect(t, "no key", is("status", res.StatusCode, http.StatusUnauthorized), is("challenge", res.Header.Get("WWW-Authenticate"), `Bearer realm="rmmgraph"`))
}

// Input the database could not take (NUL characters, over-long values) is a
// user error on its field, never an internal error; lengths count
// characters, not bytes.
func TestUnstorableInputIsAUserError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for name, c := range map[string]struct {
			vars  map[string]any
			field string
		}{
			"NUL in a name":  {map[string]any{"name": "Acme\x00Corp"}, "name"},
			"NUL in a URL":   {map[string]any{"name": "Acme", "url": "https://acme.example/\x00"}, "url"},
			"a 3 KB URL":     {map[string]any{"name": "Acme", "url": "https://acme.example/" + strings.Repeat("a", 3000)}, "url"},
			"256 characters": {map[string]any{"name": strings.Repeat("é", 256)}, "name"},
		} {
			r := e.do(e.adminA, createClient, c.vars)
			got := data[struct{ CreateClient clientPayload }](e, r).CreateClient
			if len(r.Errors) > 0 || len(got.UserErrors) == 0 || got.UserErrors[0].Field[1] != c.field {
				t.Errorf("%s: %s", name, r.Raw)
			}
		}
		// 255 two-byte characters are 255 characters.
		e.mustCreateClient(e.adminA, strings.Repeat("é", 255))
		r := e.do(e.adminA, `mutation { configureIntegration(input: {provider: "testrmm", values: [{key: "url", value: "https://x.test/\u0000"}, {key: "apiKey", value: "k"}]}) { userErrors { field message } } }`, nil)
		ues := data[struct {
			ConfigureIntegration struct{ UserErrors []userError }
		}](e, r).ConfigureIntegration.UserErrors
		if len(r.Errors) > 0 || len(ues) == 0 || !strings.Contains(ues[0].Message, "NUL") {
			t.Errorf("NUL in a config value: %s", r.Raw)
		}
	})
}

// A server whose key cannot open the stored credentials says so: readyz
// reports it and the API answers with a readable code, not INTERNAL.
func TestWrongSecretKeyIsReported(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	e := newEnv(t, s)
	e.connect(e.adminA, 1)
	other, _ := store.NewSealer(bytes.Repeat([]byte{9}, 32))
	s.SetSealer(other)
	r := e.do(e.adminA, `mutation { verifyIntegration(input: {provider: "testrmm"}) { ok } }`, nil)
	if r.code() != "SECRET_KEY_MISMATCH" {
		t.Fatalf("verify with another key: code %q: %s", r.code(), r.Raw)
	}
	res, err := http.Get(e.srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	storetest.Expect(t, "readyz with another key", is("status", res.StatusCode, http.StatusServiceUnavailable),
		is("says why", bytes.Contains(body, []byte("does not open the stored credentials")), true))
}

// One tenant flooding the API is refused with RATE_LIMITED and
// Retry-After once over its rate or concurrency, while every request of
// another tenant is served. (What the flood does to the other tenant's
// latency is a figure of make bench: BenchmarkTenantIsolation.)
func TestOneTenantCannotStarveAnother(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	f := startFlood(t, e, 8)
	for range 40 {
		if code, _ := f.post(e.adminA); code != http.StatusOK {
			t.Fatalf("tenant A got HTTP %d while tenant B flooded", code)
		}
		time.Sleep(60 * time.Millisecond) // within A's own rate
	}
	limited, withRetry := f.stop()
	storetest.Expect(t, "tenant B's flood", is("refused", limited > 0, true), is("refusals with Retry-After", withRetry, limited))
}

// flood is tenant B sending requests as fast as it may, to a server whose
// tenants may make 20 requests a second and 2 at once.
type flood struct {
	t                   testing.TB
	srv                 *httptest.Server
	done                chan struct{}
	wg                  sync.WaitGroup
	limited, retryAfter atomic.Int64
}

func startFlood(t testing.TB, e *env, senders int) *flood {
	f := &flood{t: t, done: make(chan struct{})}
	f.srv = httptest.NewServer(graph.NewHandler(graph.Options{Engine: e.engine, Log: quiet, Limits: graph.TenantLimits{Rate: 20, Burst: 20, Concurrent: 2}}))
	t.Cleanup(f.srv.Close)
	for range senders {
		f.wg.Go(func() {
			for {
				select {
				case <-f.done:
					return
				default:
				}
				if code, h := f.post(e.adminB); code == http.StatusTooManyRequests {
					f.limited.Add(1)
					if h.Get("Retry-After") != "" {
						f.retryAfter.Add(1)
					}
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	return f
}

func (f *flood) post(token string) (int, http.Header) {
	req, _ := http.NewRequest("POST", f.srv.URL+"/graphql", strings.NewReader(`{"query": "{ clients { totalCount } }"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, res.Header
}

// stop ends the flood and says how many requests were refused, and how
// many of those carried Retry-After.
func (f *flood) stop() (limited, withRetry int64) {
	close(f.done)
	f.wg.Wait()
	return f.limited.Load(), f.retryAfter.Load()
}

// One request runs at most its query slots' worth of statements at once,
// however many sibling fields resolve concurrently, so it cannot take the
// connection pool (20 on Postgres).
func TestOneRequestCannotTakeThePool(t *testing.T) {
	s := storetest.Open(t, store.Postgres)
	gauge := &concurrency{}
	s.DB.AddQueryHook(gauge) // before anything queries: adding a hook is not safe for concurrent use
	e := newEnv(t, s)
	e.connect(e.adminA, 1)
	var q strings.Builder
	for i := range 60 {
		fmt.Fprintf(&q, "i%d: integrations { id instanceUrl } c%d: clients(first: 1) { nodes { id } } ", i, i)
	}
	query[any](e, e.adminA, "{ "+q.String()+"}", nil)
	if max := gauge.max.Load(); max > 4 {
		t.Fatalf("one request ran %d statements at once, want at most its 4 query slots", max)
	}
}

// concurrency records the most statements in flight at once.
type concurrency struct{ now, max atomic.Int64 }

func (c *concurrency) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	n := c.now.Add(1)
	for m := c.max.Load(); n > m && !c.max.CompareAndSwap(m, n); m = c.max.Load() {
	}
	time.Sleep(2 * time.Millisecond) // hold the slot long enough for siblings to pile up
	return ctx
}

func (c *concurrency) AfterQuery(context.Context, *bun.QueryEvent) { c.now.Add(-1) }
