package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// stateTTL is how long a started authorization may be completed.
const stateTTL = 10 * time.Minute

// Authorization is a started OAuth authorization.
type Authorization struct {
	URL       string
	ExpiresAt time.Time
}

// CallbackPath is where an RMM sends the admin back after signing in.
func CallbackPath(provider string) string { return "/oauth/" + provider + "/callback" }

// BeginAuthorization starts an OAuth authorization of the integration with
// provider: it returns the RMM's sign-in URL, carrying a random state
// bound to this tenant and integration, usable once within 10 minutes.
// baseURL is where the RMM reaches this server.
func (s *Syncer) BeginAuthorization(ctx context.Context, db *store.TenantDB, provider, baseURL string) (Authorization, error) {
	c, err := s.connect(ctx, db, provider, "configure it first (client id, client secret, authorization code mode)")
	if err != nil {
		return Authorization{}, err
	}
	flow, ok := c.provider.OAuth()
	if !ok {
		return Authorization{}, badRequest("provider", "%s does not connect by OAuth", provider)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Authorization{}, err
	}
	state := hex.EncodeToString(raw)
	redirect := baseURL + CallbackPath(provider)
	target, err := flow.AuthorizeURL(c.cfg, redirect, state)
	if pe, ok := providerError(err); ok {
		return Authorization{}, badRequest("provider", "%s", pe.Message)
	}
	if err != nil {
		return Authorization{}, err
	}
	st, err := db.CreateOAuthState(ctx, state, c.integ.ID, provider, redirect, stateTTL)
	if err != nil {
		return Authorization{}, err
	}
	return Authorization{URL: target, ExpiresAt: st.ExpiresAt}, nil
}

// AuthorizationError is a callback that cannot complete; the message says
// what to do.
type AuthorizationError struct{ Message string }

func (e *AuthorizationError) Error() string { return e.Message }

// CompleteAuthorization finishes an authorization when the RMM sends the
// admin back with a code (or an error) and the state: the state is used
// up, the code traded for tokens stored sealed, and the integration
// verified. It returns the provider's display name and the integration.
func (s *Syncer) CompleteAuthorization(ctx context.Context, st *store.Store, provider, state, code, rmmError string) (string, error) {
	taken, err := st.TakeOAuthState(ctx, state)
	switch {
	case errors.Is(err, store.ErrStateUsed):
		return "", &AuthorizationError{"This sign-in link was already used. If the integration is not connected, start the authorization again."}
	case errors.Is(err, store.ErrStateExpired):
		return "", &AuthorizationError{"This sign-in took longer than 10 minutes and expired. Start the authorization again (beginAuthorization)."}
	case errors.Is(err, store.ErrStateUnknown):
		return "", &AuthorizationError{"This sign-in was not started by rmmgraph, or not for this server. Start the authorization again from rmmgraph."}
	case err != nil:
		return "", err
	}
	if taken.Provider != provider {
		return "", &AuthorizationError{"This sign-in was started for another provider. Start the authorization again."}
	}
	p, ok := s.registry.Get(provider)
	if !ok {
		return "", &AuthorizationError{"This server no longer offers this provider."}
	}
	name := p.Info().DisplayName
	if rmmError != "" {
		return name, &AuthorizationError{fmt.Sprintf("%s did not authorize rmmgraph (%s). Start the authorization again and allow access.", name, rmmError)}
	}
	if code == "" {
		return name, &AuthorizationError{fmt.Sprintf("%s sent no authorization code. Start the authorization again.", name)}
	}
	db := st.Tenant(taken.TenantID)
	c, err := s.connect(ctx, db, provider, "configure it again")
	if err != nil {
		return name, err
	}
	if c.integ.ID != taken.IntegrationID {
		return name, &AuthorizationError{"The integration was replaced since this sign-in started. Start the authorization again."}
	}
	flow, _ := p.OAuth()
	conn := rmm.Connection{IntegrationID: c.integ.ID.String(), Config: c.cfg, Egress: s.opts.Egress,
		SaveSecrets: func(ctx context.Context, secrets map[string]string) error {
			for k, v := range secrets {
				if err := db.SetIntegrationSecret(ctx, c.integ.ID, k, []byte(v)); err != nil {
					return err
				}
			}
			return nil
		}}
	if err := flow.ExchangeCode(ctx, conn, code, taken.RedirectURI); err != nil {
		if pe, ok := providerError(err); ok {
			logDetail(s.log, "authorization code exchange failed", provider, err)
			return name, &AuthorizationError{pe.Message}
		}
		return name, err
	}
	s.targets.forget(c.integ.ID)
	if err := s.Verify(ctx, db, provider); err != nil {
		if pe, ok := providerError(err); ok {
			return name, &AuthorizationError{fmt.Sprintf("Signed in, but the connection check failed: %s", pe.Message)}
		}
		return name, err
	}
	return name, nil
}

// Connection statuses of an integration.
const (
	ConnectionConnected         = "connected"
	ConnectionNotVerified       = "not_verified"
	ConnectionReconnectRequired = "reconnect_required"
)

// ConnectionState is whether an integration can reach its RMM.
type ConnectionState struct {
	Status string
	Reason string
	Since  *time.Time
}

// ConnectionOf reads an integration's connection state.
func ConnectionOf(in store.Integration) ConnectionState {
	if c, ok := in.Settings["connection"].(map[string]any); ok && c["status"] == ConnectionReconnectRequired && !in.IsActive {
		out := ConnectionState{Status: ConnectionReconnectRequired}
		out.Reason, _ = c["reason"].(string)
		if since, ok := c["since"].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, since); err == nil {
				out.Since = &t
			}
		}
		return out
	}
	if in.IsActive {
		return ConnectionState{Status: ConnectionConnected, Since: in.ConnectedAt}
	}
	return ConnectionState{Status: ConnectionNotVerified}
}

// noteAuthorization puts an integration whose authorization was revoked
// or expired for good in the reconnect-required state: inactive (its
// schedule pauses, webhooks are refused) until it is authorized again.
func (s *Syncer) noteAuthorization(ctx context.Context, db *store.TenantDB, in store.Integration, err error) {
	pe, ok := providerError(err)
	if !ok || pe.Kind != rmm.ErrReauthorize {
		return
	}
	ctx = context.WithoutCancel(ctx)
	s.targets.forget(in.ID)
	if err := db.SetIntegrationVerified(ctx, in.ID, false); err != nil {
		s.log.Warn("record reconnect required", "integration", in.ID, "err", err)
		return
	}
	state := map[string]any{"status": ConnectionReconnectRequired, "reason": pe.Message, "since": time.Now().UTC().Format(time.RFC3339Nano)}
	if _, err := db.MergeSettings(ctx, in.Provider, map[string]any{"connection": state}); err != nil {
		s.log.Warn("record reconnect required", "integration", in.ID, "err", err)
	}
	s.log.Warn("integration needs reconnecting", "integration", in.ID, "provider", in.Provider, "reason", pe.Message)
}
