package tanium

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

const gatewayPath = "/plugin/products/gateway/graphql"

// NormalizeGatewayURL accepts a bare host, a console or API URL, or the
// full Gateway path, and returns the Gateway GraphQL endpoint and the
// host's base URL (for the Asset API).
func NormalizeGatewayURL(raw string) (endpoint, base string, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "", rmm.Errorf(rmm.ErrConfig, "tanium: the Gateway URL is empty")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", "", rmm.Errorf(rmm.ErrConfig, "tanium: %q is not a Gateway URL; use https://<tenant>-api.cloud.tanium.com", raw)
	}
	path := strings.TrimRight(u.Path, "/")
	path = strings.TrimSuffix(path, "/graphql")
	path = strings.TrimSuffix(path, "/plugin/products/gateway")
	u.Path, u.RawQuery, u.Fragment = path, "", ""
	base = strings.TrimRight(u.String(), "/")
	return base + gatewayPath, base, nil
}

// ClientOptions configure a Gateway client.
type ClientOptions struct {
	Endpoint string // from NormalizeGatewayURL
	Token    string // API token, "token-…"
	// CABundle is PEM certificates to trust in addition to the system's,
	// for on-premises servers with a private CA.
	CABundle string
	Timeout  time.Duration // per request; default 45 s
	Retries  int           // retries of 429, 5xx and network failures; default 4
	// BaseDelay is the first retry's backoff; default 500 ms.
	BaseDelay time.Duration
	// HTTP, when set, is used as is (tests).
	HTTP *http.Client
	// Sleep waits between retries; a timer when nil. Tests replace it to
	// observe the waits instead of spending them.
	Sleep func(ctx context.Context, d time.Duration) error
	// Egress is where requests may go; its dialer makes every connection.
	Egress egress.Policy
	// MaxResponseBytes caps one answer (default 8 MiB; a page of 500
	// endpoints with their applications is a few MiB).
	MaxResponseBytes int64
}

// Client sends GraphQL requests to Tanium Gateway. It implements
// genqlient's graphql.Client.
type Client struct {
	opts ClientOptions
	http *http.Client
}

var _ graphql.Client = (*Client)(nil)

// ValidateToken checks the form of an API token.
func ValidateToken(token string) error {
	token = strings.TrimSpace(token)
	if token == "" {
		return rmm.Errorf(rmm.ErrConfig, "tanium: the API token is empty")
	}
	if !strings.HasPrefix(token, "token-") {
		return rmm.Errorf(rmm.ErrConfig, "tanium: the API token must start with \"token-\" (copy the whole token from Administration > Permissions > API Tokens)")
	}
	return nil
}

// NewClient checks the options and builds a client.
func NewClient(o ClientOptions) (*Client, error) {
	if err := ValidateToken(o.Token); err != nil {
		return nil, err
	}
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
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = 8 << 20
	}
	hc := o.HTTP
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		// A host that does not answer a connect is down or firewalled:
		// say so in seconds, not after the request timeout.
		tr.DialContext = o.Egress.DialContext(connectTimeout)
		if strings.TrimSpace(o.CABundle) != "" {
			pool, err := x509.SystemCertPool()
			if err != nil || pool == nil {
				pool = x509.NewCertPool()
			}
			if !pool.AppendCertsFromPEM([]byte(o.CABundle)) {
				return nil, rmm.Errorf(rmm.ErrConfig, "tanium: the CA bundle holds no PEM certificate")
			}
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		}
		hc = &http.Client{Transport: tr}
	}
	c := *hc
	// A redirect means the request was not authenticated (an OIDC login).
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{opts: o, http: &c}, nil
}

// connectTimeout bounds how long a connection to the Gateway may take.
const connectTimeout = 5 * time.Second

// ErrCursorExpired means a paging cursor is no longer valid; the walk must
// start again.
var ErrCursorExpired = errors.New("tanium: paging cursor expired")

// MakeRequest implements graphql.Client with retries and error translation.
func (c *Client) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return c.retrying(ctx, func() (time.Duration, error) { return c.try(ctx, req, body, resp) })
}

// try sends one request; a retryable failure returns the server's
// Retry-After, if any.
func (c *Client) try(ctx context.Context, req *graphql.Request, body []byte, resp *graphql.Response) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.opts.Endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, rmm.Errorf(rmm.ErrConfig, "tanium: bad Gateway URL: %v", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("session", c.opts.Token)
	hres, err := c.http.Do(hreq)
	if err != nil {
		return 0, rest.NetworkError(ctx, err, "tanium", "the Gateway", "add its CA to the CA bundle setting")
	}
	defer hres.Body.Close()
	op := req.OpName
	if hres.StatusCode != http.StatusOK {
		raw, err := c.readBody(hres.Body, "the Gateway")
		if err != nil {
			return 0, err
		}
		return statusError(hres, raw, op)
	}
	if ct, _, _ := mime.ParseMediaType(hres.Header.Get("Content-Type")); ct != "application/json" {
		return 0, rmm.Errorf(rmm.ErrConfig, "tanium: the Gateway URL answered with %s, not JSON (probably a login page): use the API host <tenant>-api.cloud.tanium.com and check the token", orUnknown(ct))
	}
	// The answer is decoded as it arrives, its data straight into the
	// operation's types, and never past the size cap.
	answer := &capped{r: hres.Body, left: c.opts.MaxResponseBytes}
	out := struct {
		Data   *decodeInto   `json:"data"`
		Errors gqlerror.List `json:"errors"`
	}{Data: &decodeInto{target: resp.Data}}
	err = json.NewDecoder(answer).Decode(&out)
	var schemaErr *schemaError
	switch {
	case answer.over:
		return 0, rmm.Errorf(rmm.ErrBadResponse, "tanium: the Gateway answered more than %d MiB for one request; lower the page size", c.opts.MaxResponseBytes>>20)
	case errors.As(err, &schemaErr):
		return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tanium: the Gateway's answer to %s does not match its schema", op), Detail: schemaErr.err.Error(), Err: err}
	case err != nil:
		return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tanium: the Gateway's answer to %s is not valid JSON", op), Detail: err.Error(), Err: err}
	case len(out.Errors) > 0:
		return 0, graphqlError(req, out.Errors)
	case !out.Data.present:
		return 0, rmm.Errorf(rmm.ErrBadResponse, "tanium: the Gateway returned no data for %s", op)
	}
	return 0, nil
}

// decodeInto decodes a GraphQL answer's data into the operation's types.
type decodeInto struct {
	target  any
	present bool
}

func (d *decodeInto) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	d.present = true
	if err := json.Unmarshal(b, d.target); err != nil {
		return &schemaError{err}
	}
	return nil
}

// schemaError is data that does not fit the operation's types.
type schemaError struct{ err error }

func (e *schemaError) Error() string { return e.err.Error() }

// capped reads at most left bytes and notes whether the body had more.
type capped struct {
	r    io.Reader
	left int64
	over bool
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			c.over = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// statusError classifies a non-200 answer; a retryable one returns the
// server's Retry-After.
func statusError(hres *http.Response, raw []byte, op string) (time.Duration, error) {
	switch code := hres.StatusCode; {
	case code >= 300 && code < 400:
		return 0, &rmm.Error{Kind: rmm.ErrConfig, Message: "tanium: the Gateway answered with a redirect (to a login page): check that the URL is the API host (<tenant>-api.cloud.tanium.com), not the console, and that the token is valid",
			Detail: "redirect to " + hres.Header.Get("Location")}
	case code == http.StatusUnauthorized:
		return 0, rmm.Errorf(rmm.ErrUnauthorized, "tanium: the API token was rejected (HTTP 401): it may be expired, revoked, or used from an IP address it does not trust")
	case code == http.StatusForbidden:
		return 0, rmm.Errorf(rmm.ErrUnauthorized, "tanium: the API token is not allowed (HTTP 403): it may be expired, used from an untrusted IP address, or its persona lacks the Gateway API permission")
	case code == http.StatusTooManyRequests:
		ra := rest.RetryAfter(hres.Header.Get("Retry-After"))
		return ra, &rmm.Error{Kind: rmm.ErrRateLimited, RetryAfter: ra, Message: "tanium: the Gateway is rate limiting requests (HTTP 429)"}
	case code >= 500:
		return rest.RetryAfter(hres.Header.Get("Retry-After")), rmm.Errorf(rmm.ErrUnavailable, "tanium: the Gateway failed (HTTP %d) during %s", code, op)
	case code == http.StatusBadRequest:
		msg := firstError(raw)
		if m := unknownField.FindStringSubmatch(msg); m != nil {
			// The field is one of ours, so naming it echoes nothing the
			// Gateway chose.
			return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tanium: this Gateway does not know the field %s.%s that rmmgraph asks for: its version or installed modules differ", m[2], m[1]), Detail: msg}
		}
		return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tanium: the Gateway refused %s (HTTP 400)", op), Detail: msg}
	case code != http.StatusOK:
		return 0, rmm.Errorf(rmm.ErrBadResponse, "tanium: unexpected HTTP %d from the Gateway during %s", code, op)
	}
	return 0, nil
}

// retrying runs one request attempt after another until it succeeds, fails
// for good, or the retries run out, backing off in between.
func (c *Client) retrying(ctx context.Context, attempt func() (time.Duration, error)) error {
	for n := 0; ; n++ {
		retryAfter, err := attempt()
		var pe *rmm.Error
		retries := 0
		if errors.As(err, &pe) {
			switch pe.Kind {
			case rmm.ErrRateLimited, rmm.ErrUnavailable:
				retries = c.opts.Retries
			case rmm.ErrUnreachable:
				// A refused connection is retried once (a restart in
				// progress); then the run ends rather than every scope
				// waiting through the backoff.
				retries = min(c.opts.Retries, 1)
				if errors.Is(pe.Err, rest.ErrConnectTimeout) {
					retries = 0 // the connect timeout was the wait
				}
			}
		}
		if err == nil || n >= retries || ctx.Err() != nil {
			return err
		}
		wait := c.opts.BaseDelay << n
		wait += time.Duration(rand.Int64N(int64(wait)/2 + 1))
		if retryAfter > 0 {
			wait = min(retryAfter, time.Minute)
		}
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// GetJSON reads a REST resource of the same server (the Asset API) into out.
func (c *Client) GetJSON(ctx context.Context, rawURL string, out any) error {
	return c.retrying(ctx, func() (time.Duration, error) {
		ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
		if err != nil {
			return 0, rmm.Errorf(rmm.ErrConfig, "tanium: bad Asset API URL: %v", err)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("session", c.opts.Token)
		res, err := c.http.Do(req)
		if err != nil {
			return 0, rest.NetworkError(ctx, err, "tanium", "the Gateway", "add its CA to the CA bundle setting")
		}
		defer res.Body.Close()
		raw, err := c.readBody(res.Body, "the Asset API")
		if err != nil {
			return 0, err
		}
		if ra, err := statusError(res, raw, "the Asset API request"); err != nil {
			return ra, err
		}
		if ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); ct != "application/json" {
			return 0, rmm.Errorf(rmm.ErrConfig, "tanium: the Asset API answered with %s, not JSON: check the Asset API URL", orUnknown(ct))
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: "tanium: the Asset API's answer is not the expected JSON", Detail: err.Error(), Err: err}
		}
		return 0, nil
	})
}

// readBody reads an answer of at most MaxResponseBytes.
func (c *Client) readBody(body io.Reader, from string) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(body, c.opts.MaxResponseBytes+1))
	switch {
	case err != nil:
		return nil, &rmm.Error{Kind: rmm.ErrUnavailable, Message: "tanium: the connection to " + from + " broke while reading the answer", Err: err}
	case int64(len(raw)) > c.opts.MaxResponseBytes:
		return nil, rmm.Errorf(rmm.ErrBadResponse, "tanium: %s answered more than %d MiB for one request; lower the page size", from, c.opts.MaxResponseBytes>>20)
	}
	return raw, nil
}

func graphqlError(req *graphql.Request, errs gqlerror.List) error {
	msg := errs[0].Message
	lower := strings.ToLower(msg)
	switch {
	case strings.Contains(lower, "cursor") && hasCursor(req):
		return &rmm.Error{Kind: rmm.ErrBadResponse, Message: "tanium: " + msg, Err: ErrCursorExpired}
	case strings.Contains(lower, "missing required permissions") || strings.Contains(lower, "not authorized"):
		return &rmm.Error{Kind: rmm.ErrForbidden, Message: "tanium: the token's persona lacks a permission this query needs (Gateway User role and management rights on the groups)", Detail: msg}
	}
	return &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("tanium: the Gateway reported an error for %s", req.OpName), Detail: msg}
}

func hasCursor(req *graphql.Request) bool {
	b, _ := json.Marshal(req.Variables)
	var vars map[string]any
	_ = json.Unmarshal(b, &vars)
	after, _ := vars["after"].(string)
	return after != ""
}

// unknownField matches the Gateway's "Cannot query field" error, naming the
// field and type (identifiers only).
var unknownField = regexp.MustCompile(`Cannot query field "([A-Za-z_][A-Za-z0-9_]*)" on type "([A-Za-z_][A-Za-z0-9_]*)"`)

func firstError(raw []byte) string {
	var out struct {
		Errors gqlerror.List `json:"errors"`
	}
	if json.Unmarshal(raw, &out) == nil && len(out.Errors) > 0 {
		return out.Errors[0].Message
	}
	s := strings.TrimSpace(string(raw))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "no content type"
	}
	return s
}
