package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
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

// Subscriptions over graphql-ws (graphql-transport-ws), the key in the
// init payload as browsers send it.
func TestWebsocketSubscriptions(t *testing.T) {
	e := newEnv(t, storetest.Open(t, store.SQLite))
	e.connect(e.adminA, 1)
	e.p.SetEstate([]rmm.Scope{{ExternalID: "s1"}}, devices(30, 1), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dial := func(key string) (*coderws.Conn, map[string]any) {
		c, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/graphql", &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatal(err)
		}
		wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + key}})
		var ack map[string]any
		if err := wsjson.Read(ctx, c, &ack); err != nil {
			return c, map[string]any{"error": err.Error()}
		}
		return c, ack
	}
	bad, msg := dial("rmg_nope_nope")
	bad.CloseNow()
	if msg["type"] == "connection_ack" {
		t.Fatal("a wrong key was acknowledged")
	}
	c, ack := dial(e.adminA)
	defer c.CloseNow()
	if ack["type"] != "connection_ack" {
		t.Fatalf("init: %v", ack)
	}
	release := make(chan struct{})
	e.p.OnPage(func() { <-release })
	id := e.startSync(e.adminA)
	wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": `subscription($id: ID!) { syncRunProgress(id: $id) { status counts { created } } }`, "variables": map[string]any{"id": id}}})
	close(release)
	var last string
	for {
		var m struct {
			Type    string
			Payload struct {
				Data struct {
					SyncRunProgress struct{ Status string }
				}
			}
		}
		if err := wsjson.Read(ctx, c, &m); err != nil {
			t.Fatalf("read: %v (last status %q)", err, last)
		}
		if m.Type == "next" {
			last = m.Payload.Data.SyncRunProgress.Status
		}
		if m.Type == "complete" {
			break
		}
	}
	if last != "COMPLETED" {
		t.Fatalf("last status over the websocket: %q", last)
	}
}
