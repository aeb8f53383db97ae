package ninjaone

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
	"sync"
	"sync/atomic"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// Regions maps a region key to its host (ninjaone.md §1).
var Regions = map[string]string{
	"US":  "https://app.ninjarmm.com",
	"US2": "https://us2.ninjarmm.com",
	"EU":  "https://eu.ninjarmm.com",
	"CA":  "https://ca.ninjarmm.com",
	"OC":  "https://oc.ninjarmm.com",
}

// NormalizeBaseURL turns a region key or an instance URL into the base URL
// API paths are appended to: https://host, without /api, /v2 or a slash.
func NormalizeBaseURL(region, instance string) (string, error) {
	if instance = strings.TrimSpace(instance); instance == "" {
		host, ok := Regions[strings.ToUpper(strings.TrimSpace(region))]
		if !ok {
			return "", rmm.Errorf(rmm.ErrConfig, "ninjaone: choose a region (US, US2, EU, CA, OC) or enter the instance URL")
		}
		return host, nil
	}
	if !strings.Contains(instance, "://") {
		instance = "https://" + instance
	}
	u, err := url.Parse(instance)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", rmm.Errorf(rmm.ErrConfig, "ninjaone: the instance URL %q is not an http(s) URL such as https://eu.ninjarmm.com", instance)
	}
	path := strings.TrimRight(u.Path, "/")
	for _, suffix := range []string{"/api/v2", "/v2", "/api"} {
		path = strings.TrimSuffix(path, suffix)
	}
	if path != "" {
		return "", rmm.Errorf(rmm.ErrConfig, "ninjaone: the instance URL should be the host only (https://eu.ninjarmm.com), not a path such as %q", u.Path)
	}
	return u.Scheme + "://" + u.Host, nil
}

// Auth modes.
const (
	AuthClientCredentials = "client_credentials"
	AuthCode              = "authorization_code"
)

// client is one integration's authenticated connection to the NinjaOne API.
type client struct {
	base     string
	http     *rest.Client
	clientID string
	secret   string
	mode     string
	update   func(ctx context.Context, fn func(map[string]string) (map[string]string, error)) error

	mu      sync.Mutex // held while a token is got: one token request at a time
	access  string
	expires time.Time
	calls   atomic.Int64 // HTTP requests made (for figures)
}

func newClient(c rmm.Connection, o rest.Options) (*client, error) {
	base, err := NormalizeBaseURL(c.Config["region"], c.Config["instanceUrl"])
	if err != nil {
		return nil, err
	}
	if err := c.Egress.CheckURL(base); err != nil {
		return nil, &rmm.Error{Kind: rmm.ErrConfig, Message: "ninjaone: rmmgraph may not connect to " + base + ": " + rest.EgressReason(err), Err: err}
	}
	mode := c.Config["authMode"]
	if mode == "" {
		mode = AuthClientCredentials
	}
	if mode != AuthClientCredentials && mode != AuthCode {
		return nil, rmm.Errorf(rmm.ErrConfig, "ninjaone: auth mode %q is not client_credentials or authorization_code", mode)
	}
	if strings.TrimSpace(c.Config["clientId"]) == "" || c.Config["clientSecret"] == "" {
		return nil, rmm.Errorf(rmm.ErrConfig, "ninjaone: enter the client id and client secret of an API client app (Administration → Apps → API)")
	}
	o.Name, o.Server, o.Egress = "ninjaone", "the NinjaOne API", c.Egress
	return &client{base: base, http: rest.New(o), clientID: strings.TrimSpace(c.Config["clientId"]), secret: c.Config["clientSecret"],
		mode: mode, update: c.UpdateSecrets}, nil
}

// tokenAnswer is the OAuth token endpoint's answer.
type tokenAnswer struct {
	AccessToken  string  `json:"access_token"`
	ExpiresIn    float64 `json:"expires_in"`
	RefreshToken string  `json:"refresh_token"`
	Error        string  `json:"error"`
	Description  string  `json:"error_description"`
}

// refreshEarly is how long before expiry a token is replaced.
const refreshEarly = 2 * time.Minute

// token returns a valid access token, getting a new one when the cached
// one is missing, about to expire, or was refused (stale).
func (c *client) token(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock() // one token request at a time per session
	if c.access != "" && c.access != stale && time.Until(c.expires) > refreshEarly {
		return c.access, nil
	}
	if c.mode == AuthCode {
		return c.refreshShared(ctx, stale)
	}
	form := url.Values{"client_id": {c.clientID}, "client_secret": {c.secret}, "grant_type": {"client_credentials"},
		"scope": {"monitoring management"}} // never offline_access: EU refuses it with client credentials
	ans, err := c.tokenRequest(ctx, form)
	if err != nil {
		return "", err
	}
	c.access = ans.AccessToken
	c.expires = time.Now().Add(time.Duration(max(ans.ExpiresIn, 60) * float64(time.Second)))
	return c.access, nil
}

// refreshShared gets an access token from the integration's refresh
// token. The tokens are shared by every replica: the refresh runs under
// the integration's lock, and a replica that finds a token another one
// stored meanwhile uses it, so each refresh token is used once and the one
// NinjaOne rotates to is stored before anyone else refreshes.
func (c *client) refreshShared(ctx context.Context, stale string) (string, error) {
	if c.update == nil {
		return "", rmm.Errorf(rmm.ErrConfig, "ninjaone: authorization code mode needs stored tokens")
	}
	err := c.update(ctx, func(cur map[string]string) (map[string]string, error) {
		if tok := cur[secretAccessToken]; tok != "" && tok != stale {
			if exp, err := time.Parse(time.RFC3339Nano, cur[secretAccessExpires]); err == nil && time.Until(exp) > refreshEarly {
				c.access, c.expires = tok, exp
				return nil, nil
			}
		}
		rt := cur[secretRefreshToken]
		if rt == "" {
			return nil, rmm.Errorf(rmm.ErrReauthorize, "ninjaone: not authorized yet: start the authorization (beginAuthorization) and sign in to NinjaOne")
		}
		ans, err := c.tokenRequest(ctx, url.Values{"client_id": {c.clientID}, "client_secret": {c.secret}, "grant_type": {"refresh_token"}, "refresh_token": {rt}})
		if err != nil {
			return nil, err
		}
		return c.keep(ans), nil
	})
	if err != nil {
		return "", err
	}
	return c.access, nil
}

// Secrets an authorization-code integration stores besides the client secret.
const (
	secretRefreshToken  = "refreshToken"
	secretAccessToken   = "accessToken"
	secretAccessExpires = "accessTokenExpires"
)

// keep takes a token answer as the session's token and returns the
// secrets to store.
func (c *client) keep(ans tokenAnswer) map[string]string {
	c.access = ans.AccessToken
	c.expires = time.Now().Add(time.Duration(max(ans.ExpiresIn, 60) * float64(time.Second)))
	out := map[string]string{secretAccessToken: c.access, secretAccessExpires: c.expires.UTC().Format(time.RFC3339Nano)}
	if ans.RefreshToken != "" {
		out[secretRefreshToken] = ans.RefreshToken
	}
	return out
}

// tokenRequest posts to the token endpoint and explains its refusals.
func (c *client) tokenRequest(ctx context.Context, form url.Values) (tokenAnswer, error) {
	var ans tokenAnswer
	_, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/ws/oauth/token", strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
		}
		return req, err
	}, func(res *http.Response, body []byte) (time.Duration, error) {
		c.count()
		if !isJSON(res) {
			return 0, &rmm.Error{Kind: rmm.ErrConfig, Message: fmt.Sprintf("ninjaone: %s does not answer like a NinjaOne OAuth server (HTTP %d, %s): check the region or instance URL", c.base, res.StatusCode, orNone(contentType(res))), Detail: rest.Snippet(body)}
		}
		ans = tokenAnswer{}
		_ = json.Unmarshal(body, &ans)
		switch {
		case res.StatusCode == http.StatusTooManyRequests:
			ra := rest.RetryAfter(res.Header.Get("Retry-After"))
			return ra, &rmm.Error{Kind: rmm.ErrRateLimited, RetryAfter: ra, Message: "ninjaone: the OAuth server is rate limiting (HTTP 429)"}
		case res.StatusCode >= 500:
			return rest.RetryAfter(res.Header.Get("Retry-After")), rmm.Errorf(rmm.ErrUnavailable, "ninjaone: the OAuth server failed (HTTP %d)", res.StatusCode)
		case ans.Error == "invalid_client":
			return 0, &rmm.Error{Kind: rmm.ErrUnauthorized, Message: "ninjaone: the client id or client secret was rejected (invalid_client): copy them again from Administration → Apps → API, and check the region", Detail: ans.Description}
		case ans.Error == "invalid_grant" || ans.Error == "invalid_token" || ans.Error == "expired_token":
			return 0, &rmm.Error{Kind: rmm.ErrReauthorize, Message: "ninjaone: the authorization was revoked or has expired (" + ans.Error + "): reconnect the integration (beginAuthorization)", Detail: ans.Description}
		case ans.Error == "invalid_scope":
			return 0, &rmm.Error{Kind: rmm.ErrForbidden, Message: "ninjaone: the API client app may not use the monitoring and management scopes: allow them in Administration → Apps → API", Detail: ans.Description}
		case ans.Error != "" || res.StatusCode != http.StatusOK:
			return 0, &rmm.Error{Kind: rmm.ErrUnauthorized, Message: fmt.Sprintf("ninjaone: the OAuth server refused the token request (HTTP %d %s)", res.StatusCode, ans.Error), Detail: ans.Description}
		case ans.AccessToken == "":
			return 0, rmm.Errorf(rmm.ErrBadResponse, "ninjaone: the OAuth server answered without an access token")
		}
		return 0, nil
	})
	return ans, err
}

func (c *client) count() { c.calls.Add(1) }

// get reads an API path (with query) into out; a 401 gets a new token once.
func (c *client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.call(ctx, http.MethodGet, path, q, nil, out)
}

// call sends one API request; body, when not nil, is sent as JSON.
func (c *client) call(ctx context.Context, method, path string, q url.Values, body any, out any) error {
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
	stale := ""
	for attempt := 0; ; attempt++ {
		tok, err := c.token(ctx, stale)
		if err != nil {
			return err
		}
		build := func(ctx context.Context) (*http.Request, error) {
			var rd io.Reader
			if payload != nil {
				rd = bytes.NewReader(payload)
			}
			req, err := http.NewRequestWithContext(ctx, method, target, rd)
			if err == nil {
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Accept", "application/json")
				if payload != nil {
					req.Header.Set("Content-Type", "application/json")
				}
			}
			return req, err
		}
		check := func(res *http.Response, raw []byte) (time.Duration, error) {
			c.count()
			return apiError(res, raw, method+" "+path)
		}
		err = c.http.DoDecode(ctx, build, check, func(body io.Reader) error {
			if out == nil {
				return nil
			}
			dec := json.NewDecoder(body)
			if err := dec.Decode(out); err != nil && !(errors.Is(err, io.EOF) && method != http.MethodGet) {
				return &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("ninjaone: the answer to %s %s is not the expected JSON", method, path), Detail: err.Error(), Err: err}
			}
			return nil
		})
		if errors.Is(err, errStaleToken) && attempt == 0 {
			stale = tok
			continue
		}
		if errors.Is(err, errStaleToken) {
			return rmm.Errorf(rmm.ErrUnauthorized, "ninjaone: the API refused a fresh access token (HTTP 401): the API client app may have been deleted or lost its access")
		}
		return err
	}
}

var errStaleToken = errors.New("ninjaone: access token refused")

// apiError classifies an API answer (ninjaone.md §11).
func apiError(res *http.Response, raw []byte, op string) (time.Duration, error) {
	code := res.StatusCode
	switch {
	case code == http.StatusUnauthorized:
		return 0, errStaleToken
	case code == http.StatusForbidden:
		return 0, &rmm.Error{Kind: rmm.ErrForbidden, Message: fmt.Sprintf("ninjaone: the API client app may not %s (HTTP 403): give it the monitoring and management scopes", op), Detail: rest.Snippet(raw)}
	case code == http.StatusNotFound:
		return 0, &rmm.Error{Kind: rmm.ErrNotFound, Message: fmt.Sprintf("ninjaone: not found (%s)", op), Detail: rest.Snippet(raw)}
	case code == http.StatusTooManyRequests:
		ra := rest.RetryAfter(res.Header.Get("Retry-After"))
		return ra, &rmm.Error{Kind: rmm.ErrRateLimited, RetryAfter: ra, Message: "ninjaone: the API is rate limiting requests (HTTP 429)"}
	case code >= 500:
		return rest.RetryAfter(res.Header.Get("Retry-After")), &rmm.Error{Kind: rmm.ErrUnavailable, Message: fmt.Sprintf("ninjaone: the API failed (HTTP %d) during %s", code, op), Detail: rest.Snippet(raw)}
	case code >= 300 && code < 400:
		return 0, &rmm.Error{Kind: rmm.ErrConfig, Message: "ninjaone: the API answered with a redirect: check the region or instance URL", Detail: res.Header.Get("Location")}
	case code == http.StatusNoContent:
		return 0, nil
	case code < 200 || code >= 300:
		return 0, &rmm.Error{Kind: rmm.ErrBadResponse, Message: fmt.Sprintf("ninjaone: the API refused %s (HTTP %d)", op, code), Detail: rest.Snippet(raw)}
	case code != http.StatusNoContent && !isJSON(res) && (raw == nil || len(raw) > 0):
		return 0, &rmm.Error{Kind: rmm.ErrConfig, Message: fmt.Sprintf("ninjaone: the API answered %s with %s, not JSON: check the region or instance URL", op, orNone(contentType(res))), Detail: rest.Snippet(raw)}
	}
	return 0, nil
}

func contentType(res *http.Response) string {
	ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	return ct
}

func isJSON(res *http.Response) bool {
	ct := contentType(res)
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

func orNone(s string) string {
	if s == "" {
		return "no content type"
	}
	return s
}

// AuthorizeURL implements rmm.OAuth.
func (p *Provider) AuthorizeURL(cfg rmm.Config, redirectURI, state string) (string, error) {
	if cfg["authMode"] != AuthCode {
		return "", rmm.Errorf(rmm.ErrConfig, "ninjaone: set Authorization to authorization code first; client credentials need no sign-in")
	}
	base, err := NormalizeBaseURL(cfg["region"], cfg["instanceUrl"])
	if err != nil {
		return "", err
	}
	q := url.Values{"response_type": {"code"}, "client_id": {strings.TrimSpace(cfg["clientId"])}, "redirect_uri": {redirectURI},
		"scope": {"monitoring management offline_access"}, "state": {state}}
	return base + "/ws/oauth/authorize?" + q.Encode(), nil
}

// ExchangeCode implements rmm.OAuth: the code becomes a refresh token and
// an access token, stored sealed.
func (p *Provider) ExchangeCode(ctx context.Context, c rmm.Connection, code, redirectURI string) error {
	cl, err := newClient(c, p.HTTP)
	if err != nil {
		return err
	}
	ans, err := cl.tokenRequest(ctx, url.Values{"client_id": {cl.clientID}, "client_secret": {cl.secret}, "grant_type": {"authorization_code"},
		"code": {code}, "redirect_uri": {redirectURI}})
	if err != nil {
		return err
	}
	if ans.RefreshToken == "" {
		return rmm.Errorf(rmm.ErrConfig, "ninjaone: NinjaOne issued no refresh token: the client app must allow the offline_access scope (refresh tokens)")
	}
	return c.SaveSecrets(ctx, cl.keep(ans))
}
