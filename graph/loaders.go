package graph

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

// loaders batch the nested reads of one request, so a page of assets costs
// one query per nested field, not one per asset.
type loaders struct {
	clients      *loader[uuid.UUID, store.Client]
	assets       *loader[uuid.UUID, store.Asset]
	workstations *loader[uuid.UUID, store.WorkstationAsset]
	servers      *loader[uuid.UUID, store.ServerAsset]
	mappings     *loader[uuid.UUID, []store.EntityMapping]
	scopeCounts  *loader[scopeKey, int]
	domains      *loader[scopeKey, []string]
	db           *store.TenantDB
	// Read once per request: the tenant's active clients and its mapped
	// scopes of every integration (for scope suggestions), and the source
	// orders it set.
	active memo[[]store.Client]
	mapped memo[[]store.MappedScope]
	prec   memo[store.Precedence]
}

// memo is a value read at most once per request.
type memo[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (m *memo[T]) get(read func() (T, error)) (T, error) {
	m.once.Do(func() { m.v, m.err = read() })
	return m.v, m.err
}

func (l *loaders) mappedScopes(ctx context.Context) ([]store.MappedScope, error) {
	return l.mapped.get(func() ([]store.MappedScope, error) { return l.db.MappedScopes(ctx) })
}

// precedence returns the source orders the tenant set (not the defaults).
func (l *loaders) precedence(ctx context.Context) (store.Precedence, error) {
	return l.prec.get(func() (store.Precedence, error) { return l.db.LoadPrecedence(ctx) })
}

// loader batches the reads of one kind; a page that knows all its keys at
// once reads them with prime instead of waiting out the batching window.
type loader[K comparable, V any] struct {
	*dataloadgen.Loader[K, V]
	fetch func(context.Context, []K) (map[K]V, error)
}

func newLoader[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error)) *loader[K, V] {
	return &loader[K, V]{Loader: dataloadgen.NewMappedLoader(fetch, dataloadgen.WithWait(loaderWait)), fetch: fetch}
}

// prime reads keys at once and primes the loader with what it found; a key
// it did not find, or a failed read, is left to the loader, whose resolver
// reports it.
func (l *loader[K, V]) prime(ctx context.Context, keys []K) {
	found, err := l.fetch(ctx, keys)
	if err != nil {
		return
	}
	for k, v := range found {
		l.Prime(k, v)
	}
}

// suggestCandidates bounds the clients scope names are compared with.
const suggestCandidates = 10000

func (l *loaders) activeClients(ctx context.Context) ([]store.Client, error) {
	return l.active.get(func() ([]store.Client, error) { return l.db.ActiveClients(ctx, suggestCandidates) })
}

type scopeKey struct{ provider, realm string }

const loaderWait = 5 * time.Millisecond

func newLoaders(db *store.TenantDB) *loaders {
	l := &loaders{db: db}
	l.clients = newLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.Client, error) {
		rows, err := db.ClientsByID(ctx, ids)
		return byKey(rows, func(c store.Client) uuid.UUID { return c.ID }), err
	})
	l.assets = newLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.Asset, error) {
		rows, err := db.AssetsByID(ctx, ids)
		return byKey(rows, func(a store.Asset) uuid.UUID { return a.ID }), err
	})
	l.workstations = newLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.WorkstationAsset, error) {
		rows, err := db.WorkstationsByAsset(ctx, ids)
		return byKey(rows, func(w store.WorkstationAsset) uuid.UUID { return w.AssetID }), err
	})
	l.servers = newLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.ServerAsset, error) {
		rows, err := db.ServersByAsset(ctx, ids)
		return byKey(rows, func(s store.ServerAsset) uuid.UUID { return s.AssetID }), err
	})
	l.mappings = newLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]store.EntityMapping, error) {
		rows, err := db.MappingsByAsset(ctx, ids)
		out := make(map[uuid.UUID][]store.EntityMapping, len(ids))
		for _, id := range ids {
			out[id] = nil
		}
		for _, m := range rows {
			if id, err := uuid.Parse(m.AlgaEntityID); err == nil {
				out[id] = append(out[id], m)
			}
		}
		return out, err
	})
	l.scopeCounts = newLoader(perScope(db.ScopeDeviceCounts))
	l.domains = newLoader(perScope(db.ScopeDomains))
	return l
}

// perScope turns a read of several realms of one provider into a loader
// fetch over scopes of any providers: one read per provider; a scope the
// read does not return gets V's zero value.
func perScope[V any](read func(ctx context.Context, provider string, realms []string) (map[string]V, error)) func(context.Context, []scopeKey) (map[scopeKey]V, error) {
	return func(ctx context.Context, keys []scopeKey) (map[scopeKey]V, error) {
		byProvider := map[string][]string{}
		out := make(map[scopeKey]V, len(keys))
		for _, k := range keys {
			byProvider[k.provider] = append(byProvider[k.provider], k.realm)
			var zero V
			out[k] = zero
		}
		for p, realms := range byProvider {
			found, err := read(ctx, p, realms)
			if err != nil {
				return nil, err
			}
			for realm, v := range found {
				out[scopeKey{p, realm}] = v
			}
		}
		return out, nil
	}
}

func byKey[T any, K comparable](rows []T, key func(T) K) map[K]T {
	out := make(map[K]T, len(rows))
	for _, r := range rows {
		out[key(r)] = r
	}
	return out
}

func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey).(*loaders)
	if l == nil {
		panic("graph: request reached a resolver without loaders")
	}
	return l
}

// optional turns a loader's not-found into a nil result.
func optional[T any](v T, err error) (*T, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// selected reports which of names are selected anywhere below the field
// being resolved (through fragments too).
func selected(ctx context.Context, names ...string) map[string]bool {
	out := map[string]bool{}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return out
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if want[s.Name] {
					out[s.Name] = true
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if s.Definition != nil {
					walk(s.Definition.SelectionSet)
				}
			}
		}
	}
	walk(fc.Field.Selections)
	return out
}

// prefetchAssets loads, one batch per nested field, what a page of assets
// will ask for, before the nested resolvers run: the number of queries then
// does not depend on how the resolvers happen to be scheduled. Errors are
// left for the nested resolvers to meet.
func prefetchAssets(ctx context.Context, assets []*model.Asset) {
	if len(assets) == 0 {
		return
	}
	l := loadersFrom(ctx)
	sel := selected(ctx, "client", "workstation", "server", "externalMappings")
	var clients, workstations, servers, all []uuid.UUID
	for _, a := range assets {
		all = append(all, a.Key)
		clients = append(clients, a.ClientKey)
		switch a.AssetType {
		case model.AssetTypeWorkstation:
			workstations = append(workstations, a.Key)
		case model.AssetTypeServer:
			servers = append(servers, a.Key)
		}
	}
	var wg sync.WaitGroup
	load := func(on bool, f func()) {
		if on {
			wg.Go(f)
		}
	}
	load(sel["client"], func() { l.clients.prime(ctx, clients) })
	load(sel["workstation"] && len(workstations) > 0, func() { l.workstations.prime(ctx, workstations) })
	load(sel["server"] && len(servers) > 0, func() { l.servers.prime(ctx, servers) })
	load(sel["externalMappings"], func() { l.mappings.prime(ctx, all) })
	wg.Wait()
}

// prefetchScopes does for a page of scope mappings what prefetchAssets
// does for assets.
func prefetchScopes(ctx context.Context, scopes []*model.ScopeMapping) {
	l := loadersFrom(ctx)
	sel := selected(ctx, "client", "deviceCount")
	var clients []uuid.UUID
	var counts []scopeKey
	for _, m := range scopes {
		if m.ClientKey != nil {
			clients = append(clients, *m.ClientKey)
		}
		counts = append(counts, scopeKey{provider: m.ProviderID, realm: m.ExternalID})
	}
	var wg sync.WaitGroup
	if sel["client"] && len(clients) > 0 {
		wg.Go(func() { l.clients.prime(ctx, clients) })
	}
	if sel["deviceCount"] && len(counts) > 0 {
		wg.Go(func() { l.scopeCounts.prime(ctx, counts) })
	}
	wg.Wait()
}
