// Package rest is what providers that speak JSON over HTTP share: a client
// that dials through the operator's egress policy, caps answers, retries
// rate limits and failures with backoff (honouring Retry-After), and turns
// network failures into rmm.Errors an admin can act on.
package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// Options configure a Client; zero values take the defaults.
type Options struct {
	// Name prefixes every message ("ninjaone").
	Name string
	// Server names the remote side in messages ("the NinjaOne API").
	Server string
	// Egress is where requests may go.
	Egress egress.Policy
	// HTTP replaces the client built from Egress (tests).
	HTTP *http.Client
	// Timeout bounds one attempt (default 45 s).
	Timeout time.Duration
	// Retries is how many times a rate-limited or failed attempt is
	// repeated (default 4; negative: none).
	Retries int
	// BaseDelay is the first backoff, doubling per retry (default 500 ms).
	BaseDelay time.Duration
	// MaxResponseBytes caps one answer (default 32 MiB).
	MaxResponseBytes int64
	// Sleep waits between attempts (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client sends requests with retries.
type Client struct {
	opts Options
	http *http.Client
}

// connectTimeout bounds how long a connection may take to be accepted.
const connectTimeout = 5 * time.Second

// New builds a client.
func New(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = 45 * time.Second
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 4
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 500 * time.Millisecond
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = 32 << 20
	}
	if o.Sleep == nil {
		o.Sleep = Sleep
	}
	hc := o.HTTP
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = o.Egress.DialContext(connectTimeout)
		hc = &http.Client{Transport: tr}
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{opts: o, http: &c}
}

// Check classifies one answer: nil when it is usable, else an error and,
// for a retryable one, how long the server asked to wait.
type Check func(res *http.Response, body []byte) (retryAfter time.Duration, err error)

// Do sends the request build makes (once per attempt), reads the answer and
// hands it to check, retrying rate limits (rmm.ErrRateLimited) and failures
// (rmm.ErrUnavailable) with backoff. It returns the last answer's body.
func (c *Client) Do(ctx context.Context, build func(ctx context.Context) (*http.Request, error), check Check) ([]byte, error) {
	return c.do(ctx, build, check, nil)
}

// DoDecode is Do for a large answer: a 2xx answer that check accepts from
// its headers alone (it gets a nil body) is handed to decode as a stream,
// never held whole in memory; others are read and checked as by Do.
func (c *Client) DoDecode(ctx context.Context, build func(ctx context.Context) (*http.Request, error), check Check, decode func(io.Reader) error) error {
	_, err := c.do(ctx, build, check, decode)
	return err
}

func (c *Client) do(ctx context.Context, build func(ctx context.Context) (*http.Request, error), check Check, decode func(io.Reader) error) ([]byte, error) {
	var body []byte
	err := c.retrying(ctx, func() (time.Duration, error) {
		ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
		defer cancel()
		req, err := build(ctx)
		if err != nil {
			return 0, rmm.Errorf(rmm.ErrConfig, "%s: bad request URL: %v", c.opts.Name, err)
		}
		res, err := c.http.Do(req)
		if err != nil {
			return 0, c.NetworkError(ctx, err)
		}
		defer res.Body.Close()
		if decode != nil && res.StatusCode >= 200 && res.StatusCode < 300 {
			if wait, err := check(res, nil); err != nil {
				return wait, err
			}
			limited := &capped{r: res.Body, left: c.opts.MaxResponseBytes}
			if err := decode(limited); err != nil {
				if limited.over {
					return 0, rmm.Errorf(rmm.ErrBadResponse, "%s: %s answered more than %d MiB for one request; lower the page size", c.opts.Name, c.opts.Server, c.opts.MaxResponseBytes>>20)
				}
				if ctx.Err() != nil {
					return 0, c.NetworkError(ctx, ctx.Err())
				}
				return 0, err
			}
			return 0, nil
		}
		raw, err := io.ReadAll(io.LimitReader(res.Body, c.opts.MaxResponseBytes+1))
		switch {
		case err != nil:
			return 0, &rmm.Error{Kind: rmm.ErrUnavailable, Message: fmt.Sprintf("%s: the connection to %s broke while reading the answer", c.opts.Name, c.opts.Server), Err: err}
		case int64(len(raw)) > c.opts.MaxResponseBytes:
			return 0, rmm.Errorf(rmm.ErrBadResponse, "%s: %s answered more than %d MiB for one request; lower the page size", c.opts.Name, c.opts.Server, c.opts.MaxResponseBytes>>20)
		}
		body = raw
		return check(res, raw)
	})
	return body, err
}

func (c *Client) retrying(ctx context.Context, attempt func() (time.Duration, error)) error {
	for n := 0; ; n++ {
		wait, err := attempt()
		var pe *rmm.Error
		retries := 0
		if errors.As(err, &pe) {
			switch pe.Kind {
			case rmm.ErrRateLimited, rmm.ErrUnavailable:
				retries = c.opts.Retries
			case rmm.ErrUnreachable:
				// A refused connection is retried once (a restart in
				// progress); a connect timeout was the wait already.
				if !errors.Is(pe.Err, errConnectTimeout) {
					retries = min(c.opts.Retries, 1)
				}
			}
		}
		if err == nil || n >= retries || ctx.Err() != nil {
			return err
		}
		backoff := c.opts.BaseDelay << n
		backoff += time.Duration(rand.Int64N(int64(backoff)/2 + 1))
		if wait > 0 {
			backoff = min(wait, time.Minute)
		}
		if err := c.opts.Sleep(ctx, backoff); err != nil {
			return err
		}
	}
}

// capped reads at most left bytes, then fails.
type capped struct {
	r    io.Reader
	left int64
	over bool
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		c.over = true
		return 0, errors.New("answer too large")
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrConnectTimeout marks a connection that was not accepted in time: the
// wait is over, no retry is worth it.
var ErrConnectTimeout = errors.New("connect timeout")

var errConnectTimeout = ErrConnectTimeout

// NetworkError explains a request that got no answer.
func (c *Client) NetworkError(ctx context.Context, err error) error {
	return NetworkError(ctx, err, c.opts.Name, c.opts.Server, "")
}

// NetworkError explains a request to server (named in messages, "the
// Gateway") that got no answer; name prefixes the message and tlsHint, if
// any, says how to make a private certificate trusted.
func NetworkError(ctx context.Context, err error, name, server, tlsHint string) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, egress.ErrRefused):
		return &rmm.Error{Kind: rmm.ErrConfig, Message: fmt.Sprintf("%s: rmmgraph may not connect to %s: %s", name, server, EgressReason(err)), Err: err}
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return &rmm.Error{Kind: rmm.ErrUnreachable, Message: fmt.Sprintf("%s: cannot reach %s: it did not accept a connection within 5 seconds (host down or firewalled)", name, server),
			Err: errors.Join(errConnectTimeout, err)}
	case errors.As(err, &opErr) && opErr.Op == "dial" && !errors.As(err, &dnsErr):
		return &rmm.Error{Kind: rmm.ErrUnreachable, Message: fmt.Sprintf("%s: cannot reach %s: %s", name, server, dialReason(err)), Err: err}
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		return &rmm.Error{Kind: rmm.ErrUnavailable, Message: fmt.Sprintf("%s: %s did not answer in time", name, server), Err: err}
	case errors.As(err, &dnsErr):
		return &rmm.Error{Kind: rmm.ErrConfig, Message: fmt.Sprintf("%s: the host %s does not resolve: check the region or URL", name, dnsErr.Name), Err: err}
	case strings.Contains(err.Error(), "certificate"):
		msg := fmt.Sprintf("%s: the TLS certificate of %s is not trusted", name, server)
		if tlsHint != "" {
			msg += ": " + tlsHint
		}
		return &rmm.Error{Kind: rmm.ErrConfig, Message: msg, Err: err}
	}
	return &rmm.Error{Kind: rmm.ErrUnavailable, Message: fmt.Sprintf("%s: the connection to %s failed", name, server), Detail: err.Error(), Err: err}
}

// EgressReason is why the egress policy refused a connection, without the
// address dialled.
func EgressReason(err error) string {
	_, reason, _ := strings.Cut(err.Error(), egress.ErrRefused.Error()+": ")
	if reason == "" {
		return err.Error()
	}
	return reason
}

func dialReason(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens on that host and port)"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to the host"
	case errors.Is(err, syscall.ECONNRESET):
		return "the connection was reset"
	}
	return "the connection failed"
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date).
func RetryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// Snippet is the start of an answer, for logs.
func Snippet(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
