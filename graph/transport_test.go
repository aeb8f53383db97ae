package graph_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// Requests no transport takes get the code and what to send instead.
func TestTransportErrorsSayWhatToSend(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	form := e.send(e.adminA, "query={providers{id}}", "Content-Type", "application/x-www-form-urlencoded")
	form.Body.Close()
	if form.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("form body: %d", form.StatusCode)
	}
	r := e.post(e.adminA, `[{"query":"{ providers { id } }"},{"query":"{ providers { id } }"}]`)
	if r.Status != http.StatusBadRequest || r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "batching is not supported") {
		t.Fatalf("batch: %d %s", r.Status, r.Raw)
	}
}

// CORS is off unless origins are configured; then those origins (only)
// may call the API from a browser.
func TestCORS(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	preflight := func(url, origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, url+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := preflight(e.srv.URL, "https://psa.example.com"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS allowed by default")
	}
	srv := httptest.NewServer(graph.NewHandler(graph.Options{Engine: e.engine, Log: quiet, CORSOrigins: graph.ParseOrigins("https://psa.example.com/, https://other.example")}))
	defer srv.Close()
	res := preflight(srv.URL, "https://psa.example.com")
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "https://psa.example.com" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Fatalf("allowed origin: %d %v", res.StatusCode, res.Header)
	}
	if res := preflight(srv.URL, "https://evil.example"); res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("an origin not listed was allowed")
	}
}
