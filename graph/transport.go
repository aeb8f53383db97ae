package graph

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strings"
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
