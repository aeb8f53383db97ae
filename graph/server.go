package graph

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rmmgraph/rmmgraph/graph/generated"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/web"
)

// Options configure the HTTP handler.
type Options struct {
	// Engine is the store, provider registry, syncer and scheduler served.
	Engine *ingest.Engine
	Log    *slog.Logger
	// MaxBodyBytes caps a GraphQL request body (default 1 MiB).
	MaxBodyBytes int64
	// MaxComplexity caps a query's computed cost (default 5000).
	MaxComplexity int
	// Metrics receives the server's metrics; a new registry when nil.
	Metrics *prometheus.Registry
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// Limits are the per-tenant request limits.
	Limits TenantLimits
	// PublicURL is where RMMs reach this server, for webhook URLs; empty:
	// the host of each request.
	PublicURL string
	// CORSOrigins are the browser origins allowed to call the API from
	// another site (a PSA frontend); none by default.
	CORSOrigins []string
}

// NewHandler builds the HTTP API: GraphiQL at /, GraphQL at /graphql,
// health at /healthz and /readyz, Prometheus metrics at /metrics.
func NewHandler(o Options) http.Handler {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxComplexity == 0 {
		o.MaxComplexity = 5000
	}
	if o.Metrics == nil {
		o.Metrics = prometheus.NewRegistry()
		o.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := newMetrics(o.Metrics)

	mux := http.NewServeMux()
	console, consoleAssets := web.Console()
	mux.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("query") { // a GraphiQL link from when GraphiQL was at /
			http.Redirect(w, r, "/graphiql?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		console.ServeHTTP(w, r)
	}))
	mux.Handle("GET /assets/", consoleAssets)
	page, assets := graphiqlHandler()
	mux.Handle("GET /graphiql", page)
	mux.Handle("GET /graphiql/{$}", http.RedirectHandler("/graphiql", http.StatusMovedPermanently))
	mux.Handle("GET /graphiql/", assets)
	// The key is checked before the body is read.
	gql := newGraphQLServer(o, m)
	mux.Handle("POST /graphql", m.instrument("graphql", withBaseURL(o.PublicURL, withAuth(o.Engine.Store, newTenantGate(o.Limits).limit(limitBody(o.MaxBodyBytes, requireJSON(gql)))))))
	// Subscriptions over graphql-ws websockets: browsers cannot set headers
	// on them, so the key may come in the connection's init payload.
	mux.Handle("GET /graphql", m.instrument("graphql-ws", withBaseURL(o.PublicURL, websocketOnly(o.Engine.Store, gql))))
	mux.Handle("POST /webhooks/{provider}/{integration}", m.instrument("webhooks", webhookHandler(o.Engine.Webhooks)))
	mux.Handle("GET /oauth/{provider}/callback", m.instrument("oauth", oauthCallback(o.Engine, o.Log)))
	mux.Handle("GET /healthz", m.instrument("healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})))
	mux.Handle("GET /readyz", m.instrument("readyz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := o.Engine.Store.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
			return
		}
		if err := o.Engine.Store.CheckSchema(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		if err := o.Engine.Store.CheckSecretKey(ctx); errors.Is(err, store.ErrKeyMismatch) {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})))
	mux.Handle("GET /metrics", requireToken(o.MetricsToken, promhttp.HandlerFor(o.Metrics, promhttp.HandlerOpts{})))
	return withRequestLog(o.Log, withCORS(o.CORSOrigins, mux))
}

func newGraphQLServer(o Options, m *metrics) *handler.Server {
	cfg := generated.Config{Resolvers: &Resolver{Registry: o.Engine.Registry, Syncer: o.Engine.Syncer, Scheduler: o.Engine.Scheduler, Log: o.Log, watches: newRunWatches(o.Log)}}
	es := generated.NewExecutableSchema(cfg)
	srv := handler.New(es)
	srv.AddTransport(transport.SSE{}) // subscriptions: POST with Accept: text/event-stream
	srv.AddTransport(transport.Websocket{
		Implementation:        transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{OriginPatterns: originHosts(o.CORSOrigins)}},
		KeepAlivePingInterval: 15 * time.Second,
		InitFunc:              websocketInit(o.Engine.Store),
	})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(requireAdminForMutations{})
	srv.Use(&complexityLimit{limit: o.MaxComplexity})
	srv.SetErrorPresenter(errorPresenter(o.Log))
	srv.SetRecoverFunc(recoverFunc(o.Log))
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp != nil && graphql.HasOperationContext(ctx) {
			oc := graphql.GetOperationContext(ctx)
			kind := "unknown"
			if oc.Operation != nil {
				kind = string(oc.Operation.Operation)
			}
			result := "ok"
			if len(resp.Errors) > 0 {
				result = "error"
			}
			m.operations.WithLabelValues(kind, result).Inc()
			if cost := oc.Stats.GetExtension(costExtension); cost != nil {
				if resp.Extensions == nil {
					resp.Extensions = map[string]any{}
				}
				resp.Extensions[costExtension] = cost
			}
		}
		return resp
	})
	return srv
}

const costExtension = "cost"

// complexityLimit refuses operations whose computed cost exceeds the limit
// and reports the cost in the response's extensions.
type complexityLimit struct {
	limit int
}

func (c *complexityLimit) ExtensionName() string                   { return "ComplexityLimit" }
func (c *complexityLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (c *complexityLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	cost, depth := operationCost(oc.Operation, oc.Variables)
	oc.Stats.SetExtension(costExtension, map[string]int{"requested": cost, "limit": c.limit, "depth": depth})
	if depth > maxDepth {
		err := gqlerror.Errorf("query nests %d levels deep; at most %d are allowed", depth, maxDepth)
		err.Extensions = map[string]any{"code": string(CodeComplexityLimit)}
		return err
	}
	if cost > c.limit {
		err := gqlerror.Errorf("query cost %d exceeds the limit of %d: ask for fewer items per page or fewer fields", cost, c.limit)
		err.Extensions = map[string]any{"code": string(CodeComplexityLimit)}
		return err
	}
	return nil
}

// limitBody refuses bodies over max bytes with 413 before GraphQL parses them.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tooBig := func() {
			writeError(w, http.StatusRequestEntityTooLarge, CodeBadUserInput, fmt.Sprintf("request body exceeds the limit of %d bytes", max))
		}
		if r.ContentLength > max {
			tooBig()
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadUserInput, "could not read the request body")
			return
		}
		if int64(len(body)) > max {
			tooBig()
			return
		}
		if refuseBatch(body, w) {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// requireToken lets through requests that carry the bearer token, when
// one is set.
func requireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ := bearer(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			writeError(w, http.StatusUnauthorized, CodeUnauthenticated, "/metrics needs the metrics token: send Authorization: Bearer <token>")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// writeError answers outside GraphQL execution in the GraphQL response shape.
func writeError(w http.ResponseWriter, status int, code Code, msg string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="rmmgraph"`)
	}
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": string(code), "requestId": w.Header().Get(requestIDHeader)}}},
	})
}

type metrics struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	operations *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rmmgraph_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rmmgraph_http_request_duration_seconds", Help: "HTTP request duration by route.", Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rmmgraph_graphql_operations_total", Help: "GraphQL operations by type (query, mutation, subscription) and result.",
		}, []string{"type", "result"}),
	}
	reg.MustRegister(m.requests, m.duration, m.operations)
	return m
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Flush lets streamed responses (subscriptions over SSE) through.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (m *metrics) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.requests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}
