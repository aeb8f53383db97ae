package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

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
	t        *testing.T
	store    *store.Store
	srv      *httptest.Server
	adminA   string // tenant A, admin
	viewerA  string // tenant A, viewer
	adminB   string // tenant B, admin
	tenantA  uuid.UUID
	registry *providers.Registry
	p        *providertest.Provider
	syncer   *ingest.Syncer
}

func newEnv(t *testing.T, s *store.Store, extra ...providers.Provider) *env {
	t.Helper()
	ctx := context.Background()
	p := providertest.New()
	reg, err := providers.NewRegistry(append([]providers.Provider{providers.Register(p)}, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := ingest.NewEngine(ctx, s, reg, ingest.EngineOptions{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Stop(10 * time.Second) })
	e := &env{t: t, store: s, registry: reg, p: p, syncer: engine.Syncer}
	a, _ := s.CreateTenant(ctx, "Tenant A")
	b, _ := s.CreateTenant(ctx, "Tenant B")
	e.tenantA = a.ID
	e.adminA, _, _ = s.CreateAPIKey(ctx, a.ID, "a-admin", store.RoleAdmin)
	e.viewerA, _, _ = s.CreateAPIKey(ctx, a.ID, "a-viewer", store.RoleViewer)
	e.adminB, _, _ = s.CreateAPIKey(ctx, b.ID, "b-admin", store.RoleAdmin)
	e.srv = httptest.NewServer(graph.NewHandler(graph.Options{Engine: engine, Log: quiet, MaxBodyBytes: 64 << 10, MaxComplexity: 2000}))
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

func (e *env) post(token, body string) response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
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

// get walks a decoded JSON value by keys and indexes.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

const createClient = `mutation($name: String!, $url: String) { createClient(input: {name: $name, url: $url}) { client { id name url } userErrors { field message code } } }`

func (e *env) mustCreateClient(token, name string) string {
	e.t.Helper()
	r := e.do(token, createClient, map[string]any{"name": name})
	id, _ := get(r.Data, "createClient", "client", "id").(string)
	if id == "" {
		e.t.Fatalf("createClient %q: %s", name, r.Raw)
	}
	return id
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	for name, token := range map[string]string{"missing": "", "malformed": "hello", "unknown": "rmg_" + strings.Repeat("a", 32) + "_secret"} {
		r := e.do(token, `{ viewer { role } }`, nil)
		if r.Status != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" {
			t.Errorf("%s key: %d %s", name, r.Status, r.Raw)
		}
	}
	r := e.do(e.viewerA, `{ viewer { role tenant { name } } }`, nil)
	if get(r.Data, "viewer", "role") != "VIEWER" || get(r.Data, "viewer", "tenant", "name") != "Tenant A" {
		t.Fatalf("viewer: %s", r.Raw)
	}
}

func TestViewerCannotMutate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		r := e.do(e.viewerA, createClient, map[string]any{"name": "Nope"})
		if r.code() != "FORBIDDEN" || r.Data["createClient"] != nil {
			t.Fatalf("viewer mutation: %s", r.Raw)
		}
		if n, _ := s.Tenant(e.tenantA).CountClients(context.Background(), ""); n != 0 {
			t.Fatalf("a refused mutation wrote %d clients", n)
		}
		// Reads still work for a viewer.
		if r := e.do(e.viewerA, `{ clients { totalCount } }`, nil); len(r.Errors) != 0 {
			t.Fatalf("viewer read: %s", r.Raw)
		}
	})
}

func TestTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		idA := e.mustCreateClient(e.adminA, "Contoso")

		// B sees none of A's clients, through any read.
		r := e.do(e.adminB, `{ clients { totalCount nodes { id } } }`, nil)
		if get(r.Data, "clients", "totalCount") != 0.0 {
			t.Fatalf("B listed A's clients: %s", r.Raw)
		}
		r = e.do(e.adminB, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": idA})
		if get(r.Data, "node") != nil || r.code() != "NOT_FOUND" {
			t.Fatalf("B read A's client by node(id:): %s", r.Raw)
		}
		r = e.do(e.adminB, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{idA}})
		if get(r.Data, "nodes", 0) != nil {
			t.Fatalf("B read A's client by nodes(ids:): %s", r.Raw)
		}
		// B cannot change it.
		r = e.do(e.adminB, `mutation($id: ID!) { updateClient(input: {id: $id, name: "Owned"}) { client { id } userErrors { code field } } }`, map[string]any{"id": idA})
		if get(r.Data, "updateClient", "userErrors", 0, "code") != "NOT_FOUND" {
			t.Fatalf("B updated A's client: %s", r.Raw)
		}
		// B can use the same name in its own tenant.
		e.mustCreateClient(e.adminB, "Contoso")
		// A still sees its client unchanged.
		r = e.do(e.adminA, `query($id: ID!) { node(id: $id) { ... on Client { name } } }`, map[string]any{"id": idA})
		if get(r.Data, "node", "name") != "Contoso" {
			t.Fatalf("A's client changed: %s", r.Raw)
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
			r := e.do(e.adminA, createClient, vars)
			ue := get(r.Data, "createClient", "userErrors", 0)
			if get(ue, "code") != c.code || get(ue, "field", 1) != c.field || get(r.Data, "createClient", "client") != nil {
				t.Errorf("createClient(%q, %q): %s", c.name, c.url, r.Raw)
			}
			if msg, _ := get(ue, "message").(string); msg == "" {
				t.Errorf("userError without message: %s", r.Raw)
			}
		}
		if n, _ := s.Tenant(e.tenantA).CountClients(context.Background(), ""); n != 1 {
			t.Fatalf("refused inputs wrote clients: %d", n)
		}

		const update = `mutation($in: UpdateClientInput!) { updateClient(input: $in) { client { name url isInactive } userErrors { code field message } } }`
		r := e.do(e.adminA, update, map[string]any{"in": map[string]any{"id": id, "url": "https://fabrikam.example", "isInactive": true}})
		if get(r.Data, "updateClient", "client", "url") != "https://fabrikam.example" || get(r.Data, "updateClient", "client", "name") != "Fabrikam" || get(r.Data, "updateClient", "client", "isInactive") != true {
			t.Fatalf("update: %s", r.Raw)
		}
		r = e.do(e.adminA, update, map[string]any{"in": map[string]any{"id": id, "url": ""}})
		if get(r.Data, "updateClient", "client", "url") != nil {
			t.Fatalf("empty url did not clear: %s", r.Raw)
		}
		for _, bad := range []string{"garbage", "VGVuYW50OjEyMw"} {
			r = e.do(e.adminA, update, map[string]any{"in": map[string]any{"id": bad, "name": "x"}})
			if get(r.Data, "updateClient", "userErrors", 0, "code") != "NOT_FOUND" {
				t.Fatalf("update unknown id %q: %s", bad, r.Raw)
			}
		}
		r = e.do(e.adminA, update, map[string]any{"in": map[string]any{"id": id, "name": ""}})
		if get(r.Data, "updateClient", "userErrors", 0, "code") != "REQUIRED" {
			t.Fatalf("blank rename: %s", r.Raw)
		}
	})
}

func TestClientsPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for _, n := range []string{"e", "b", "d", "a", "c"} {
			e.mustCreateClient(e.adminA, n)
		}
		const q = `query($after: String) { clients(first: 2, after: $after) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`
		var names []string
		var after any
		for i := 0; i < 5; i++ {
			r := e.do(e.adminA, q, map[string]any{"after": after})
			if get(r.Data, "clients", "totalCount") != 5.0 {
				t.Fatalf("totalCount: %s", r.Raw)
			}
			edges, _ := get(r.Data, "clients", "edges").([]any)
			for _, ed := range edges {
				names = append(names, get(ed, "node", "name").(string))
			}
			if get(r.Data, "clients", "pageInfo", "hasNextPage") != true {
				break
			}
			after = get(r.Data, "clients", "pageInfo", "endCursor")
		}
		if strings.Join(names, "") != "abcde" {
			t.Fatalf("paged names %v", names)
		}
		r := e.do(e.adminA, q, map[string]any{"after": "bm9wZQ"})
		if r.code() != "BAD_USER_INPUT" {
			t.Fatalf("bad cursor: %s", r.Raw)
		}
		r = e.do(e.adminA, `{ clients(first: 0) { totalCount } }`, nil)
		if r.code() != "BAD_USER_INPUT" {
			t.Fatalf("first: 0: %s", r.Raw)
		}
		r = e.do(e.adminA, `{ clients(search: "C") { nodes { name } } }`, nil)
		if get(r.Data, "clients", "nodes", 0, "name") != "c" || get(r.Data, "clients", "nodes", 1) != nil {
			t.Fatalf("search: %s", r.Raw)
		}
	})
}

func TestProvidersQuery(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	r := e.do(e.viewerA, `{ providers { id displayName capabilities { connection scopeDiscovery fullSync incrementalSync remoteActions } configFields { key kind required options { value } } } provider(id: "nope") { id } }`, nil)
	p := get(r.Data, "providers", 0)
	if get(p, "id") != providertest.ID || get(p, "capabilities", "fullSync") != true || get(p, "capabilities", "incrementalSync") != false || get(p, "capabilities", "remoteActions") != false {
		t.Fatalf("providers: %s", r.Raw)
	}
	if get(p, "configFields", 1, "kind") != "SECRET" || get(p, "configFields", 2, "options", 1, "value") != "eu" || get(p, "configFields", 0, "options") != nil {
		t.Fatalf("config fields: %s", r.Raw)
	}
	if r.Data["provider"] != nil || len(r.Errors) != 0 {
		t.Fatalf("unknown provider: %s", r.Raw)
	}
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	r := e.post(e.adminA, `{"query": "{ viewer { role "}`)
	if r.code() != "GRAPHQL_PARSE_FAILED" || !strings.Contains(r.Errors[0].Message, "Expected") {
		t.Errorf("malformed query: %s", r.Raw)
	}
	r = e.post(e.adminA, `{"query": "{ viewer { nope } }"}`)
	if r.code() != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(r.Errors[0].Message, "nope") {
		t.Errorf("unknown field: %s", r.Raw)
	}
	r = e.post(e.adminA, `{"query": `)
	if len(r.Errors) == 0 || r.Status < 400 {
		t.Errorf("malformed JSON: %d %s", r.Status, r.Raw)
	}
	big := `{"query": "{ viewer { role } }", "variables": {"pad": "` + strings.Repeat("x", 70<<10) + `"}}`
	r = e.post(e.adminA, big)
	if r.Status != http.StatusRequestEntityTooLarge || r.code() != "BAD_USER_INPUT" {
		t.Errorf("oversized body: %d %s", r.Status, r.Raw)
	}
	r = e.do(e.adminA, `{ a: clients(first: 100) { nodes { id name url clientType isInactive createdAt updatedAt } } b: clients(first: 100) { nodes { id name url clientType isInactive createdAt updatedAt } } c: clients(first: 100) { nodes { id name url } } }`, nil)
	if r.code() != "COMPLEXITY_LIMIT" || r.Data["a"] != nil {
		t.Errorf("complexity: %s", r.Raw)
	}
	r = e.do(e.adminA, `{ clients { totalCount } }`, nil)
	if cost := get(r.Extensions, "cost", "requested"); cost == nil || cost.(float64) < 1 {
		t.Errorf("cost not reported: %s", r.Raw)
	}
	r = e.do(e.adminA, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": make([]string, 101)})
	if r.code() != "BAD_USER_INPUT" {
		t.Errorf("too many ids: %s", r.Raw)
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	e := newEnv(t, s)
	if _, err := s.DB.ExecContext(context.Background(), `DROP TABLE clients`); err != nil {
		t.Fatal(err)
	}
	r := e.do(e.adminA, `{ clients { totalCount } }`, nil)
	if r.code() != "INTERNAL" || r.Errors[0].Message != "internal error" || strings.Contains(r.Raw, "no such table") {
		t.Fatalf("internal error: %s", r.Raw)
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
	if r.code() != "INTERNAL" || strings.Contains(r.Raw, "boom") {
		t.Fatalf("panic: %s", r.Raw)
	}
	// The server survives.
	if r := e.do(e.adminA, `{ viewer { role } }`, nil); len(r.Errors) != 0 {
		t.Fatalf("after panic: %s", r.Raw)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	e := newEnv(t, s)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/": 200} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil || res.StatusCode != want {
			t.Fatalf("GET %s: %v %v", path, res.StatusCode, err)
		}
		res.Body.Close()
	}
	// GraphiQL comes from the binary, not a CDN.
	res, _ := http.Get(e.srv.URL + "/")
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(page, []byte(`src="/graphiql/graphiql.min.js"`)) || bytes.Contains(page, []byte("https://")) {
		t.Fatalf("GraphiQL page:\n%s", page)
	}
	for _, asset := range []string{"/graphiql/graphiql.min.js", "/graphiql/graphiql.min.css", "/graphiql/react.production.min.js", "/graphiql/react-dom.production.min.js"} {
		res, err := http.Get(e.srv.URL + asset)
		if err != nil || res.StatusCode != 200 || res.ContentLength < 1000 {
			t.Fatalf("GET %s: %v %v", asset, res.StatusCode, err)
		}
		res.Body.Close()
	}
	e.do(e.adminA, `{ viewer { role } }`, nil)
	res, _ = http.Get(e.srv.URL + "/metrics")
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
	if res.StatusCode != http.StatusServiceUnavailable || !bytes.Contains(body, []byte("migrat")) {
		t.Fatalf("readyz on an unmigrated database: %d %s", res.StatusCode, body)
	}
}
