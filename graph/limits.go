package graph

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/rmmgraph/rmmgraph/store"
)

// TenantLimits keep one tenant from starving the others: a request rate
// (token bucket) and a number of requests in flight, per tenant.
type TenantLimits struct {
	// Rate is requests per second per tenant (default 50); Burst the
	// requests it may make at once beyond that (default 100).
	Rate  float64
	Burst int
	// Concurrent is how many requests a tenant may have in flight
	// (default 16).
	Concurrent int
	// Timeout bounds one request's work, its database statements included
	// (default 30 s); subscriptions are not bound by it.
	Timeout time.Duration
	// QuerySlots is how many statements one request may run at once
	// (default 4), so that it cannot take the connection pool.
	QuerySlots int
}

func (l TenantLimits) withDefaults() TenantLimits {
	if l.Rate <= 0 {
		l.Rate = 50
	}
	if l.Burst <= 0 {
		l.Burst = 100
	}
	if l.Concurrent <= 0 {
		l.Concurrent = 16
	}
	if l.Timeout <= 0 {
		l.Timeout = 30 * time.Second
	}
	if l.QuerySlots <= 0 {
		l.QuerySlots = 4
	}
	return l
}

// tenantGate applies TenantLimits.
type tenantGate struct {
	limits   TenantLimits
	mu       sync.Mutex
	buckets  map[uuid.UUID]*rate.Limiter
	inflight map[uuid.UUID]int
}

func newTenantGate(l TenantLimits) *tenantGate {
	return &tenantGate{limits: l.withDefaults(), buckets: map[uuid.UUID]*rate.Limiter{}, inflight: map[uuid.UUID]int{}}
}

// admit takes a slot for a tenant's request, or says how long to wait.
// An event stream takes no slot (subscriptions have their own cap).
func (g *tenantGate) admit(tenant uuid.UUID, stream bool) (release func(), retryAfter time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !stream && g.inflight[tenant] >= g.limits.Concurrent {
		return nil, time.Second
	}
	b := g.buckets[tenant]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(g.limits.Rate), g.limits.Burst)
		g.buckets[tenant] = b
	}
	r := b.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return nil, d
	}
	if stream {
		return func() {}, 0
	}
	g.inflight[tenant]++
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.inflight[tenant]--; g.inflight[tenant] == 0 {
			delete(g.inflight, tenant)
		}
	}, 0
}

// limit refuses a tenant's request over its rate or concurrency with 429,
// RATE_LIMITED and Retry-After, and bounds the work of the others.
func (g *tenantGate) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stream := strings.Contains(r.Header.Get("Accept"), "text/event-stream")
		release, wait := g.admit(principal(r.Context()).TenantID, stream)
		if release == nil {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many requests from this tenant: retry after the Retry-After seconds")
			return
		}
		defer release()
		// Statements run under the request's context, so the timeout
		// cancels them too. Event streams run as long as they follow.
		ctx := store.WithQuerySlots(r.Context(), g.limits.QuerySlots)
		if !stream {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, g.limits.Timeout)
			defer cancel()
		}
		r = r.WithContext(ctx)
		next.ServeHTTP(w, r)
	})
}
