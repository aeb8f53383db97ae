package graph

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rmmgraph/rmmgraph/store"
)

// requireJSON answers the requests GraphQL transports cannot take with
// what to send instead: a body that is not JSON, or a batch.
func requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct != "application/json" && ct != "application/graphql-response+json" {
			writeError(w, http.StatusUnsupportedMediaType, CodeBadUserInput,
				`send the operation as JSON: Content-Type: application/json and a body such as {"query": "{ providers { id } }"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuseBatch answers a JSON array body (a batch of operations).
func refuseBatch(body []byte, w http.ResponseWriter) bool {
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
		writeError(w, http.StatusBadRequest, CodeBadUserInput, "batching is not supported: send one operation per request")
		return true
	}
	return false
}

// withCORS lets browser pages of the given origins call the API; with
// none, no cross-origin request is allowed (the default).
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && (slices.Contains(origins, origin) || slices.Contains(origins, "*")) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Max-Age", "600")
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ParseOrigins reads a comma-separated list of origins.
func ParseOrigins(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// websocketOnly serves websocket upgrades of GET /graphql; a key in the
// Authorization header is checked now, else the connection's init payload
// must carry one (websocketInit).
func websocketOnly(s *store.Store, next http.Handler) http.Handler {
	authed := withAuth(s, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			writeError(w, http.StatusMethodNotAllowed, CodeBadUserInput, "GET /graphql takes graphql-ws websocket subscriptions only: POST queries and mutations as JSON")
			return
		}
		if r.Header.Get("Authorization") != "" {
			authed.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// websocketInit authenticates a websocket from its init payload
// ({"Authorization": "Bearer <key>"}) unless its upgrade request did.
func websocketInit(s *store.Store) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		if _, ok := ctx.Value(principalKey).(store.Principal); ok {
			return ctx, nil, nil
		}
		token, ok := bearer(p.Authorization())
		if !ok {
			return ctx, nil, errors.New(`unauthenticated: send {"Authorization": "Bearer <key>"} as the connection's init payload`)
		}
		pr, err := s.Authenticate(ctx, token)
		if err != nil {
			return ctx, nil, errors.New("unauthenticated: invalid or revoked API key")
		}
		return authenticated(ctx, s, pr), nil, nil
	}
}

// originHosts are the hosts of the CORS origins, which may open
// websockets from browser pages of another site.
func originHosts(origins []string) []string {
	var out []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		} else if o == "*" {
			out = append(out, "*")
		}
	}
	return out
}
