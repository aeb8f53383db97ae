package tacticalrmm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// NormalizeURL turns an operator's API URL into the API host's root:
// scheme added, trailing slashes and an /api suffix removed
// (tacticalrmm.md §1).
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", rmm.Errorf(rmm.ErrConfig, "tacticalrmm: enter the API URL (https://api.example.com)")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", rmm.Errorf(rmm.ErrConfig, "tacticalrmm: the API URL %q is not an http(s) URL such as https://api.example.com", raw)
	}
	path := strings.TrimRight(u.Path, "/")
	path = strings.TrimSuffix(path, "/api")
	return u.Scheme + "://" + u.Host + path, nil
}

// client is an authenticated connection to a Tactical RMM API host.
type client struct {
	base  string
	key   string
	http  *rest.Client
	calls atomic.Int64
}

func newClient(c rmm.Connection, o rest.Options) (*client, error) {
	base, err := NormalizeURL(c.Config["apiUrl"])
	if err != nil {
		return nil, err
	}
	if err := c.Egress.CheckURL(base); err != nil {
		return nil, &rmm.Error{Kind: rmm.ErrConfig, Message: "tacticalrmm: rmmgraph may not connect to " + base + ": " + rest.EgressReason(err), Err: err}
	}
	key := strings.TrimSpace(c.Config["apiKey"])
	if key == "" {
		return nil, rmm.Errorf(rmm.ErrConfig, "tacticalrmm: enter an API key (Settings → Global Settings → API Keys)")
	}
	o.Name, o.Server, o.Egress = "tacticalrmm", "the Tactical RMM API", c.Egress
	return &client{base: base, key: key, http: rest.New(o)}, nil
}

// call sends one request (paths keep Tactical's trailing slash); body, when
// not nil, is sent as JSON; a JSON answer is decoded into out.
func (c *client) call(ctx context.Context, method, path string, q url.Values, body, out any) error {
	target := c.base + path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	op := method + " " + path
	return c.http.DoDecode(ctx, func(ctx context.Context) (*http.Request, error) {
		var rd io.Reader
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, rd)
		if err == nil {
			req.Header.Set("X-API-KEY", c.key)
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}, func(res *http.Response, raw []byte) (time.Duration, error) {
		c.calls.Add(1)
		return classify(res, raw, op, c.base)
	}, func(r io.Reader) error {
		if out == nil {
			return nil
		}
		if err := json.NewDecoder(r).Decode(out); err != nil {
			return &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tacticalrmm: the answer to %s is not the expected JSON", op), Detail: err.Error(), Err: err}
		}
		return nil
	})
}

// errBetaMissing means the server does not offer the beta API.
var errBetaMissing = errors.New("tacticalrmm: beta API not enabled")

// classify explains an answer (tacticalrmm.md §9): JSON `detail` objects,
// bare-string 400s, HTML from the dashboard host or Django's error pages.
func classify(res *http.Response, raw []byte, op, base string) (time.Duration, error) {
	code := res.StatusCode
	html := isHTML(res)
	switch {
	case code >= 200 && code < 300 && html:
		return 0, &rmm.Error{Kind: rmm.ErrConfig, Message: fmt.Sprintf("tacticalrmm: %s answers with a web page, not the API: enter the API host (usually https://api.<your domain>), not the dashboard (https://rmm.<your domain>)", base)}
	case code >= 200 && code < 300:
		return 0, nil
	case code == http.StatusUnauthorized:
		return 0, &rmm.Error{Kind: rmm.ErrUnauthorized, Message: "tacticalrmm: the API key was rejected (" + orText(detail(raw), "HTTP 401") + "): create a new key in Settings → Global Settings → API Keys", Detail: rest.Snippet(raw)}
	case code == http.StatusForbidden && html:
		return 0, &rmm.Error{Kind: rmm.ErrForbidden, Message: "tacticalrmm: a proxy in front of Tactical RMM refused the request (HTTP 403 page, e.g. Cloudflare): allow rmmgraph's address through it", Detail: rest.Snippet(raw)}
	case code == http.StatusForbidden:
		return 0, &rmm.Error{Kind: rmm.ErrForbidden, Message: "tacticalrmm: the API key's user may not " + op + " (HTTP 403): give its role the view permissions for clients, agents and alerts", Detail: rest.Snippet(raw)}
	case code == http.StatusNotFound && html && strings.Contains(op, "/beta/"):
		return 0, errBetaMissing
	case code == http.StatusNotFound:
		return 0, &rmm.Error{Kind: rmm.ErrNotFound, Message: fmt.Sprintf("tacticalrmm: not found (%s)", op), Detail: rest.Snippet(raw)}
	case code == http.StatusTooManyRequests:
		ra := rest.RetryAfter(res.Header.Get("Retry-After"))
		return ra, &rmm.Error{Kind: rmm.ErrRateLimited, RetryAfter: ra, Message: "tacticalrmm: the API is rate limiting requests (HTTP 429)"}
	case code >= 500:
		return rest.RetryAfter(res.Header.Get("Retry-After")), &rmm.Error{Kind: rmm.ErrUnavailable, Message: fmt.Sprintf("tacticalrmm: the server failed (HTTP %d) during %s", code, op), Detail: rest.Snippet(raw)}
	case code == http.StatusBadRequest:
		return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tacticalrmm: the server refused %s: %s", op, orText(detail(raw), "HTTP 400")), Detail: rest.Snippet(raw)}
	}
	return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tacticalrmm: unexpected HTTP %d during %s", code, op), Detail: rest.Snippet(raw)}
}

// detail reads Tactical's error bodies: {"detail": ...}, a bare JSON string,
// or field errors; "" for anything else.
func detail(raw []byte) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return shorten(s)
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		if d, ok := obj["detail"].(string); ok {
			return shorten(d)
		}
		for k, v := range obj {
			return shorten(fmt.Sprintf("%s: %v", k, v))
		}
	}
	return ""
}

func shorten(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func orText(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func isHTML(res *http.Response) bool {
	ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	return ct == "text/html"
}
