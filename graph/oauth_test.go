package graph_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone"
	"github.com/rmmgraph/rmmgraph/providers/ninjaone/ninjafake"
	"github.com/rmmgraph/rmmgraph/providers/rest"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

type connState struct {
	IsActive   bool
	Connection struct {
		Status string
		Reason *string
	}
}

const connQuery = `{ integration(provider: "ninjaone") { isActive connection { status reason since } } }`

// The authorization code flow end to end: begin, sign in at the fake,
// callback, tokens sealed, refresh, revocation, reconnect required,
// reconnect.
func TestOAuthAuthorizationCodeFlow(t *testing.T) {
	fake := ninjafake.New(30, 2)
	rmmSrv := httptest.NewServer(fake.Handler())
	defer rmmSrv.Close()
	p := &ninjaone.Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1}}
	s := storetest.Open(t, store.SQLite)
	e := newEnvWith(t, s, ingest.EngineOptions{Log: quiet, Sync: ingest.Options{Egress: egress.Open}}, providers.Register(p))
	configure := `mutation($v: [ConfigValueInput!]!) { configureIntegration(input: {provider: "ninjaone", values: $v}) { userErrors { message } } }`
	query[struct{}](e, e.adminA, configure, map[string]any{"v": []map[string]string{{"key": "instanceUrl", "value": rmmSrv.URL},
		{"key": "clientId", "value": ninjafake.ClientID}, {"key": "clientSecret", "value": ninjafake.ClientSecret}, {"key": "authMode", "value": "authorization_code"}}})

	const begin = `mutation { beginAuthorization(input: {provider: "ninjaone"}) { authorizeUrl expiresAt userErrors { message } } }`
	type beginPayload struct {
		BeginAuthorization struct {
			AuthorizeURL *string
			ExpiresAt    *time.Time
			UserErrors   []userError
		}
	}
	b := query[beginPayload](e, e.adminA, begin, nil).BeginAuthorization
	if b.AuthorizeURL == nil || b.ExpiresAt == nil || time.Until(*b.ExpiresAt) > 11*time.Minute {
		t.Fatalf("begin: %+v", b)
	}
	if r := e.do(e.viewerA, begin, nil); r.code() != "FORBIDDEN" {
		t.Fatalf("a viewer began an authorization: %s", r.Raw)
	}
	u, _ := url.Parse(*b.AuthorizeURL)
	if !strings.HasPrefix(*b.AuthorizeURL, rmmSrv.URL+"/ws/oauth/authorize?") || u.Query().Get("redirect_uri") != e.srv.URL+"/oauth/ninjaone/callback" || len(u.Query().Get("state")) != 64 {
		t.Fatalf("authorize URL %s", *b.AuthorizeURL)
	}
	// The admin signs in; the fake sends the browser back to the callback.
	client := &http.Client{}
	res, err := client.Get(*b.AuthorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "NinjaOne is connected") {
		t.Fatalf("callback page %d: %s", res.StatusCode, page)
	}
	st := query[struct{ Integration connState }](e, e.adminA, connQuery, nil).Integration
	if !st.IsActive || st.Connection.Status != "CONNECTED" {
		t.Fatalf("after sign-in: %+v", st)
	}
	// The tokens are sealed: none is readable in the database.
	var sealed []store.IntegrationSecret
	s.DB.NewSelect().Model(&sealed).Scan(context.Background())
	names := map[string]bool{}
	for _, sec := range sealed {
		names[sec.Name] = true
		if strings.Contains(string(sec.Ciphertext), ninjafake.ClientSecret) {
			t.Fatal("a secret is stored in plaintext")
		}
	}
	if !names["refreshToken"] || !names["accessToken"] {
		t.Fatalf("stored secrets %v", names)
	}
	// A replayed callback is refused with what to do.
	res, _ = client.Get(e.srv.URL + "/oauth/ninjaone/callback?code=x&state=" + u.Query().Get("state"))
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.Contains(string(page), "already used") {
		t.Fatalf("replayed state: %d %s", res.StatusCode, page)
	}
	for _, bad := range []string{"?code=x&state=" + strings.Repeat("ab", 32), "", "?state=" + strings.Repeat("cd", 32) + "&error=access_denied"} {
		res, _ = client.Get(e.srv.URL + "/oauth/ninjaone/callback" + bad)
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Fatalf("callback %q: %d", bad, res.StatusCode)
		}
	}

	// An expired access token is refreshed (the refresh token rotates).
	fake.ExpireTokens()
	issued := fake.TokensIssued()
	if err := e.syncer.Verify(context.Background(), s.Tenant(e.tenantA), "ninjaone"); err != nil {
		t.Fatalf("verify after expiry: %v", err)
	}
	if fake.TokensIssued() != issued+1 {
		t.Fatalf("%d tokens issued for one refresh", fake.TokensIssued()-issued)
	}
	// Revoked: the integration needs reconnecting, its schedule pauses, and
	// a sync says why.
	fake.ExpireTokens()
	fake.RevokeRefreshTokens()
	e.syncer.Verify(context.Background(), s.Tenant(e.tenantA), "ninjaone")
	st = query[struct{ Integration connState }](e, e.adminA, connQuery, nil).Integration
	if st.IsActive || st.Connection.Status != "RECONNECT_REQUIRED" || st.Connection.Reason == nil || !strings.Contains(*st.Connection.Reason, "reconnect") {
		t.Fatalf("after revocation: %+v", st)
	}
	sp := query[startPayload](e, e.adminA, `mutation { startSync(input: {provider: "ninjaone"}) { run { id status mode trigger } userErrors { field message } } }`, nil).StartSync
	if len(sp.UserErrors) != 1 || !strings.Contains(sp.UserErrors[0].Message, "needs reconnecting") {
		t.Fatalf("sync while reconnect required: %+v", sp)
	}
	// Reconnect.
	b = query[beginPayload](e, e.adminA, begin, nil).BeginAuthorization
	res, err = client.Get(*b.AuthorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	st = query[struct{ Integration connState }](e, e.adminA, connQuery, nil).Integration
	if !st.IsActive || st.Connection.Status != "CONNECTED" {
		t.Fatalf("after reconnecting: %+v", st)
	}
}

// Two replicas whose access token expired refresh it once: the second
// finds the token the first stored, and the rotated refresh token is kept.
func TestTokenRefreshedOnceAcrossReplicas(t *testing.T) {
	fake := ninjafake.New(10, 1)
	rmmSrv := httptest.NewServer(fake.Handler())
	defer rmmSrv.Close()
	s := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	var syncers []*ingest.Syncer
	for range 2 {
		p := &ninjaone.Provider{HTTP: rest.Options{BaseDelay: time.Millisecond, Retries: 1}}
		reg, err := providers.NewRegistry(providers.Register(p))
		if err != nil {
			t.Fatal(err)
		}
		syncers = append(syncers, ingest.NewSyncer(ctx, reg, quiet, ingest.Options{Egress: egress.Open}))
	}
	tn, _ := s.CreateTenant(ctx, "MSP")
	db := s.Tenant(tn.ID)
	in, err := db.ConfigureIntegration(ctx, "ninjaone", store.IntegrationConfig{Values: map[string]string{"instanceUrl": rmmSrv.URL, "clientId": ninjafake.ClientID, "authMode": "authorization_code"},
		Secrets: map[string]string{"clientSecret": ninjafake.ClientSecret}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := syncers[0].BeginAuthorization(ctx, db, "ninjaone", "http://rmmgraph.test")
	if err != nil {
		t.Fatal(err)
	}
	au, _ := url.Parse(a.URL)
	code := fake.AuthorizationCode(au.Query().Get("redirect_uri"))
	if _, err := syncers[0].CompleteAuthorization(ctx, s, "ninjaone", au.Query().Get("state"), code, ""); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		fake.ExpireTokens()
		issued := fake.TokensIssued()
		var wg sync.WaitGroup
		errs := make([]error, len(syncers))
		for i, sy := range syncers {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = sy.Verify(ctx, db, "ninjaone") }()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if n := fake.TokensIssued() - issued; n != 1 {
			t.Fatalf("round %d: %d refreshes for one expired token", round, n)
		}
	}
	if got, _ := db.IntegrationByID(ctx, in.ID); !got.IsActive {
		t.Fatal("the integration is not active")
	}
}
