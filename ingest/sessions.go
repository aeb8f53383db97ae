package ingest

import (
	"context"
	"crypto/sha256"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// connection is a configured integration with its provider.
type connection struct {
	provider providers.Provider
	integ    store.Integration
	cfg      rmm.Config
}

// connect loads a tenant's integration with a provider and its opened
// configuration; hint says what to do when it is not configured.
func (s *Syncer) connect(ctx context.Context, db *store.TenantDB, provider, hint string) (*connection, error) {
	p, ok := s.registry.Get(provider)
	if !ok {
		return nil, unknownProvider(provider)
	}
	integ, err := db.Integration(ctx, provider)
	if errors.Is(err, store.ErrNotFound) {
		return nil, badRequest("provider", "%s is not configured: %s", provider, hint)
	}
	if err != nil {
		return nil, err
	}
	cfg, err := db.ProviderConfig(ctx, integ)
	if err != nil {
		return nil, err
	}
	return &connection{provider: p, integ: integ, cfg: cfg}, nil
}

// sessionIdle is how long an unused session is kept open.
const sessionIdle = 30 * time.Minute

// sessions keeps one open session per integration while its configuration
// is unchanged, so that HTTP connections, tokens and rate-limit state
// outlive one call.
type sessions struct {
	mu   sync.Mutex
	open map[uuid.UUID]*openSession
}

type openSession struct {
	key     [32]byte // the configuration it was opened with
	session rmm.Session
	used    time.Time
}

// configKey fingerprints a configuration.
func configKey(cfg rmm.Config) [32]byte {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(cfg)) {
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(cfg[k]))
		h.Write([]byte{0})
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// session returns the integration's open session, opening one when there
// is none or the configuration changed. A session that saves secrets (a
// refreshed token) stays the one in use.
func (s *Syncer) session(ctx context.Context, db *store.TenantDB, c *connection) (rmm.Session, error) {
	key := configKey(c.cfg)
	now := time.Now()
	ss := &s.sessions
	ss.mu.Lock()
	if ss.open == nil {
		ss.open = map[uuid.UUID]*openSession{}
	}
	for id, o := range ss.open {
		if now.Sub(o.used) > sessionIdle {
			o.session.Close()
			delete(ss.open, id)
		}
	}
	if o, ok := ss.open[c.integ.ID]; ok && o.key == key {
		o.used = now
		ss.mu.Unlock()
		return o.session, nil
	}
	ss.mu.Unlock()

	id := c.integ.ID
	cfg := maps.Clone(c.cfg)
	var opened *openSession
	save := func(ctx context.Context, secrets map[string]string) error {
		for name, value := range secrets {
			if err := db.SetIntegrationSecret(ctx, id, name, []byte(value)); err != nil {
				return err
			}
		}
		ss.mu.Lock()
		defer ss.mu.Unlock()
		maps.Copy(cfg, secrets)
		if opened != nil {
			opened.key = configKey(cfg)
		}
		return nil
	}
	update := func(ctx context.Context, fn func(map[string]string) (map[string]string, error)) error {
		var saved map[string]string
		err := db.UpdateSecrets(ctx, id, func(current map[string]string) (map[string]string, error) {
			next, err := fn(current)
			saved = next
			return next, err
		})
		if err != nil {
			return err
		}
		ss.mu.Lock()
		defer ss.mu.Unlock()
		maps.Copy(cfg, saved)
		if opened != nil {
			opened.key = configKey(cfg)
		}
		return nil
	}
	sess, err := c.provider.Open(ctx, rmm.Connection{IntegrationID: id.String(), Config: maps.Clone(c.cfg), SaveSecrets: save, UpdateSecrets: update, Egress: s.opts.Egress})
	if err != nil {
		return nil, err
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	opened = &openSession{key: configKey(cfg), session: sess, used: now}
	if old, ok := ss.open[id]; ok {
		old.session.Close()
	}
	ss.open[id] = opened
	return sess, nil
}

// CloseSessions closes every open session; the next call opens new ones.
// A stopped server calls it once its syncs are done.
func (s *Syncer) CloseSessions() {
	ss := &s.sessions
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for id, o := range ss.open {
		o.session.Close()
		delete(ss.open, id)
	}
}
