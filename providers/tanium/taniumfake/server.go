// Package taniumfake is a Tanium Gateway for tests, benchmarks and demos. It
// accepts exactly the queries the recorded schema subset allows (the same
// file the client is generated from), answers them from a synthetic
// estate, and can inject the faults a real Gateway shows.
package taniumfake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/rmmgraph/rmmgraph/providers/tanium/internal/gateway"
)

// Token is the API token the fake accepts unless Tokens says otherwise.
const Token = "token-fake0123456789abcdef"

// Fault is a failure the fake injects into the next requests.
type Fault string

const (
	FaultNone        Fault = ""
	FaultRateLimit   Fault = "rate_limit"  // 429 with Retry-After: 1
	FaultUnavailable Fault = "unavailable" // 502
	FaultGraphQL     Fault = "graphql"     // 200 with errors and null data
	FaultLoginPage   Fault = "login_page"  // 200 text/html
	FaultRedirect    Fault = "redirect"    // 302 to an OIDC login
	FaultSlow        Fault = "slow"        // answers after Delay
	FaultCursor      Fault = "cursor"      // the next paged request's cursor has expired
	FaultForbidden   Fault = "forbidden"   // 403
	FaultBadJSON     Fault = "bad_json"    // 200 application/json that is not JSON
)

// Server is a fake Tanium Gateway.
type Server struct {
	schema    *ast.Schema
	schemaSrc string // the schema's text, less the fields HideField removed

	mu        sync.Mutex
	estate    *Estate
	tokens    map[string]bool
	now       func() time.Time
	cursorTTL time.Duration
	lastUse   map[string]time.Time // per collection
	results   map[string][]any     // per collection, the filtered items of its walk
	fault     Fault
	faultLeft int
	// Delay is how long FaultSlow waits.
	Delay time.Duration
	// Requests counts requests by operation name.
	Requests map[string]int
	maxFirst int
}

// New serves estate.
func New(estate *Estate) *Server {
	s, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: gateway.Schema})
	if gerr != nil {
		panic(gerr)
	}
	return &Server{schema: s, schemaSrc: gateway.Schema, estate: estate, tokens: map[string]bool{Token: true}, now: time.Now,
		cursorTTL: 5 * time.Minute, lastUse: map[string]time.Time{}, results: map[string][]any{}, Delay: 2 * time.Second, Requests: map[string]int{}, maxFirst: 1000}
}

// HideField makes the Gateway not know a field, as an older or differently
// licensed Gateway would: queries that select it get HTTP 400.
func (s *Server) HideField(typeName, field string) {
	s.mu.Lock()
	src := s.schemaSrc
	s.mu.Unlock()
	start := strings.Index(src, "type "+typeName+" {")
	if start < 0 {
		panic("no type " + typeName)
	}
	end := start + strings.Index(src[start:], "\n}")
	body := src[start:end]
	var kept []string
	skipping := false // inside the argument list of a field written over several lines
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case skipping:
			skipping = !strings.HasPrefix(t, ")")
		case strings.HasPrefix(t, field+":"):
		case strings.HasPrefix(t, field+"("):
			skipping = !strings.Contains(t, ")")
		default:
			kept = append(kept, line)
		}
	}
	src = src[:start] + strings.Join(kept, "\n") + src[end:]
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: src})
	if gerr != nil {
		panic(gerr)
	}
	s.mu.Lock()
	s.schema, s.schemaSrc = schema, src
	s.mu.Unlock()
}

// SetClock replaces the clock that cursor expiry uses.
func (s *Server) SetClock(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// SetEstate replaces the estate.
func (s *Server) SetEstate(e *Estate) {
	s.mu.Lock()
	s.estate, s.results = e, map[string][]any{}
	s.mu.Unlock()
}

// Inject makes the next n requests fail with f (n <= 0: until cleared).
func (s *Server) Inject(f Fault, n int) { s.mu.Lock(); s.fault, s.faultLeft = f, n; s.mu.Unlock() }

// RequestCount returns how many requests an operation received.
func (s *Server) RequestCount(op string) int { s.mu.Lock(); defer s.mu.Unlock(); return s.Requests[op] }

func (s *Server) takeFault() Fault {
	if s.fault == FaultNone {
		return FaultNone
	}
	f := s.fault
	if s.faultLeft > 0 {
		if s.faultLeft--; s.faultLeft == 0 {
			s.fault = FaultNone
		}
	}
	return f
}

// Handler serves the Gateway at /plugin/products/gateway/graphql.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /plugin/products/gateway/graphql", s.serveGraphQL)
	mux.HandleFunc("GET /plugin/products/asset/v1/assets", s.serveAssets)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Tanium Console — sign in</body></html>")
	})
	return mux
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeErrors(w, http.StatusBadRequest, "request body is not JSON")
		return
	}
	s.mu.Lock()
	s.Requests[req.OperationName]++
	token := r.Header.Get("session")
	authorized := s.tokens[token]
	fault := s.takeFault()
	s.mu.Unlock()

	w.Header().Set("tanium-gateway-version", "1.9.72.0000")
	w.Header().Set("x-request-id", fmt.Sprintf("%d", time.Now().UnixNano()))
	w.Header().Set("cache-control", "no-store")
	switch fault {
	case FaultRateLimit:
		w.Header().Set("Retry-After", "1")
		writeErrors(w, http.StatusTooManyRequests, "too many requests")
		return
	case FaultUnavailable:
		writeErrors(w, http.StatusBadGateway, "bad gateway")
		return
	case FaultLoginPage:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><body>Tanium — Sign in</body></html>")
		return
	case FaultRedirect:
		http.Redirect(w, r, "https://auth.titankube.com/realms/acme/protocol/openid-connect/auth", http.StatusFound)
		return
	case FaultForbidden:
		writeErrors(w, http.StatusForbidden, "forbidden")
		return
	case FaultBadJSON:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data": {"endpoints": `)
		return
	case FaultGraphQL:
		writeJSON(w, http.StatusOK, map[string]any{"data": nil, "errors": []any{map[string]any{"message": "Error: the Tanium Data Service is not available"}}})
		return
	case FaultSlow:
		select {
		case <-time.After(s.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if !authorized {
		writeErrors(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	s.mu.Lock()
	schema := s.schema
	s.mu.Unlock()
	doc, gerr := gqlparser.LoadQuery(schema, req.Query)
	if gerr != nil {
		writeErrors(w, http.StatusBadRequest, gerr[0].Message)
		return
	}
	op := doc.Operations.ForName(req.OperationName)
	if op == nil {
		writeErrors(w, http.StatusBadRequest, "unknown operation")
		return
	}
	data := map[string]any{}
	for _, f := range fields(op.SelectionSet) {
		v, err := s.resolveRoot(f, req.Variables, fault == FaultCursor)
		if err != nil {
			writeJSON(w, http.StatusOK, map[string]any{"data": nil, "errors": []any{map[string]any{"message": err.Error(), "path": []any{f.Alias}}}})
			return
		}
		data[f.Alias] = project(f.SelectionSet, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeErrors(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": msg}}})
}

// fields flattens a selection set (the client's queries use no fragments,
// but inline fragments are cheap to support).
func fields(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, fields(s.SelectionSet)...)
		case *ast.FragmentSpread:
			out = append(out, fields(s.Definition.SelectionSet)...)
		}
	}
	return out
}

// project keeps what the selection set asks for.
func project(set ast.SelectionSet, v any) any {
	switch x := v.(type) {
	case Endpoint:
		return project(set, map[string]any(x))
	case map[string]any:
		if len(set) == 0 {
			return x
		}
		out := make(map[string]any, len(set))
		for _, f := range fields(set) {
			out[f.Alias] = project(f.SelectionSet, x[f.Name])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = project(set, e)
		}
		return out
	}
	return v
}

type cursor struct {
	Collection string `json:"c"`
	Offset     int    `json:"o"`
}

func (s *Server) resolveRoot(f *ast.Field, vars map[string]any, expire bool) (any, error) {
	args := f.ArgumentMap(vars)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	switch f.Name {
	case "now":
		return now.UTC().Format(time.RFC3339), nil
	case "computerGroups":
		items := make([]any, len(s.estate.Groups))
		for i, g := range s.estate.Groups {
			items[i] = map[string]any{"id": g.ID, "name": g.Name, "type": "STANDARD", "managementRightsEnabled": true,
				"filterEnabled": true, "contentSet": map[string]any{"id": "1", "name": "Default"}, "expression": ""}
		}
		return s.page("computerGroups", items, args, now, expire)
	case "endpoints":
		var filter map[string]any
		if m, ok := args["filter"].(map[string]any); ok {
			filter = m
		}
		collection := "endpoints:" + filterKey(filter)
		// A walk filters once, on its first page; later pages reuse it.
		if after, _ := args["after"].(string); after != "" && s.results[collection] != nil {
			return s.page(collection, s.results[collection], args, now, expire)
		}
		cutoff := now.Add(-30 * 24 * time.Hour) // TDS drops endpoints not seen for 30 days
		var items []any
		for i, e := range s.estate.Endpoints {
			if s.estate.removed[i] {
				continue
			}
			if seen, err := time.Parse(time.RFC3339, fmt.Sprint(e["eidLastSeen"])); err == nil && seen.Before(cutoff) {
				continue
			}
			if s.match(i, e, filter) {
				items = append(items, e)
			}
		}
		s.results[collection] = items
		return s.page(collection, items, args, now, expire)
	}
	return nil, fmt.Errorf("field %s is not served by the fake", f.Name)
}

func filterKey(filter map[string]any) string {
	b, _ := json.Marshal(filter)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// page cuts a Relay page out of items.
func (s *Server) page(collection string, items []any, args map[string]any, now time.Time, expire bool) (any, error) {
	first := 20
	switch v := args["first"].(type) {
	case int64:
		first = int(v)
	case int:
		first = v
	case float64:
		first = int(v)
	}
	first = min(max(first, 0), s.maxFirst)
	offset := 0
	if after, ok := args["after"].(string); ok && after != "" {
		raw, err := base64.RawURLEncoding.DecodeString(after)
		var c cursor
		if err != nil || json.Unmarshal(raw, &c) != nil || c.Collection != collection {
			return nil, fmt.Errorf("invalid cursor")
		}
		if last, ok := s.lastUse[collection]; expire || !ok || now.Sub(last) > s.cursorTTL {
			return nil, fmt.Errorf("cursor has expired; restart the query from the beginning")
		}
		offset = c.Offset
	}
	s.lastUse[collection] = now
	end := min(offset+first, len(items))
	edges := []any{}
	var endCursor any
	for i := offset; i < end; i++ {
		cur := encodeCursor(collection, i+1)
		edges = append(edges, map[string]any{"node": items[i], "cursor": cur})
		endCursor = cur
	}
	return map[string]any{
		"edges":        edges,
		"totalRecords": len(items),
		"pageInfo":     map[string]any{"hasNextPage": end < len(items), "hasPreviousPage": offset > 0, "startCursor": nil, "endCursor": endCursor},
		"collectionInfo": map[string]any{"active": false, "success": true, "expectedTotal": nil, "respondedTotal": nil,
			"contributedTotal": len(items), "respondedPercentage": nil, "startCursor": nil},
	}, nil
}

func encodeCursor(collection string, offset int) string {
	b, _ := json.Marshal(cursor{Collection: collection, Offset: offset})
	return base64.RawURLEncoding.EncodeToString(b)
}

// match applies an EndpointFieldFilter.
func (s *Server) match(i int, e Endpoint, f map[string]any) bool {
	if f == nil {
		return true
	}
	result := true
	switch {
	case f["filters"] != nil:
		subs, _ := f["filters"].([]any)
		or, _ := f["any"].(bool)
		result = !or
		for _, sub := range subs {
			m, _ := sub.(map[string]any)
			if ok := s.match(i, e, m); or && ok {
				result = true
				break
			} else if !or && !ok {
				result = false
				break
			}
		}
	case f["memberOf"] != nil:
		g, _ := f["memberOf"].(map[string]any)
		id, _ := g["id"].(string)
		if name, ok := g["name"].(string); ok && id == "" {
			for _, grp := range s.estate.Groups {
				if grp.Name == name {
					id = grp.ID
				}
			}
		}
		result = sortedContains(s.estate.members[id], i)
	case f["path"] != nil:
		result = compare(fmt.Sprint(e[fmt.Sprint(f["path"])]), fmt.Sprint(f["op"]), fmt.Sprint(f["value"]), fmt.Sprint(f["path"]) == "eidLastSeen")
	}
	if neg, _ := f["negated"].(bool); neg {
		return !result
	}
	return result
}

func sortedContains(xs []int, x int) bool {
	i := sort.SearchInts(xs, x)
	return i < len(xs) && xs[i] == x
}

func compare(have, op, want string, isTime bool) bool {
	c := strings.Compare(have, want)
	if isTime {
		a, err1 := time.Parse(time.RFC3339, have)
		b, err2 := time.Parse(time.RFC3339, want)
		if err1 != nil || err2 != nil {
			return false
		}
		c = a.Compare(b)
	} else if a, err := strconv.ParseFloat(have, 64); err == nil {
		if b, err := strconv.ParseFloat(want, 64); err == nil {
			c = map[bool]int{true: -1, false: 1}[a < b]
			if a == b {
				c = 0
			}
		}
	}
	switch op {
	case "", "<nil>", "EQ":
		return c == 0
	case "GT":
		return c > 0
	case "GTE":
		return c >= 0
	case "LT":
		return c < 0
	case "LTE":
		return c <= 0
	case "CONTAINS":
		return strings.Contains(have, want)
	case "STARTS_WITH":
		return strings.HasPrefix(have, want)
	case "ENDS_WITH":
		return strings.HasSuffix(have, want)
	}
	return false
}

// serveAssets is the Asset REST API: every endpoint Tanium still knows,
// aged out of TDS or not, keyset-paged on the asset id.
func (s *Server) serveAssets(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Requests["assets"]++
	if !s.tokens[r.Header.Get("session")] {
		writeErrors(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	from, _ := strconv.Atoi(r.URL.Query().Get("minimumAssetId"))
	rows := []any{}
	next := from
	i := max(from-1, 0)
	for ; i < len(s.estate.Endpoints) && len(rows) < limit; i++ {
		if s.estate.removed[i] {
			continue
		}
		e := s.estate.Endpoints[i]
		rows = append(rows, map[string]any{"id": i + 1, "computer_id": e["computerID"], "computer_name": e["name"],
			"serial_number": e["serialNumber"], "last_seen_at": e["eidLastSeen"], "provider_type": "Tanium Client", "provider_name": "Tanium"})
	}
	next = i + 1
	writeJSON(w, http.StatusOK, map[string]any{"data": rows, "meta": map[string]any{"nextAssetId": next, "endOfReader": i >= len(s.estate.Endpoints)}})
}
