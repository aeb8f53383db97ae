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

// attachAssets reads what the query selects of assets' clients, extension
// rows and mappings, one batch per kind, and sets it on them: fields set in
// place cost no goroutine per asset and field, as resolvers would (a page
// of 100 assets spent a sixth of its time starting those). A list reads at
// once; a single asset (now unset) leaves its reads to the loaders, which
// batch those of its siblings resolved alongside.
func attachAssets(ctx context.Context, assets []*model.Asset, now bool) error {
	if len(assets) == 0 {
		return nil
	}
	l := loadersFrom(ctx)
	sel := selected(ctx, "client", "workstation", "server", "externalMappings")
	details := selected(ctx, decoded...)
	var workstations, servers []*model.Asset
	for _, a := range assets {
		switch a.AssetType {
		case model.AssetTypeWorkstation:
			workstations = append(workstations, a)
		case model.AssetTypeServer:
			servers = append(servers, a)
		}
	}
	byAsset := func(a *model.Asset) uuid.UUID { return a.Key }
	var wg sync.WaitGroup
	errs := make([]error, 4)
	load := func(i int, on bool, f func() error) {
		if on {
			wg.Go(func() { errs[i] = f() })
		}
	}
	load(0, sel["client"], func() error {
		return attach(ctx, l.clients, assets, func(a *model.Asset) uuid.UUID { return a.ClientKey }, now,
			func(a *model.Asset, c store.Client) { a.Client = clientModel(c) })
	})
	load(1, sel["workstation"] && len(workstations) > 0, func() error {
		return attach(ctx, l.workstations, workstations, byAsset, now,
			func(a *model.Asset, w store.WorkstationAsset) { a.Workstation = workstationModel(w, details) })
	})
	load(2, sel["server"] && len(servers) > 0, func() error {
		return attach(ctx, l.servers, servers, byAsset, now,
			func(a *model.Asset, s store.ServerAsset) { a.Server = serverModel(s, details) })
	})
	load(3, sel["externalMappings"], func() error {
		return attach(ctx, l.mappings, assets, byAsset, now, func(a *model.Asset, rows []store.EntityMapping) {
			a.ExternalMappings = make([]*model.ExternalMapping, len(rows))
			for i, m := range rows {
				a.ExternalMappings[i] = mappingModel(m)
			}
		})
	})
	wg.Wait()
	return errors.Join(errs...)
}

// attach reads through a loader the value of each asset's key and sets
// it on the asset with set; an asset whose key is not found is left alone.
func attach[V any](ctx context.Context, l *loader[uuid.UUID, V], assets []*model.Asset, key func(*model.Asset) uuid.UUID, now bool, set func(*model.Asset, V)) error {
	keys := make([]uuid.UUID, len(assets))
	for i, a := range assets {
		keys[i] = key(a)
	}
	vs, err := loadAll(ctx, l, keys, now)
	for i, a := range assets {
		if v, ok := vs[i]; ok {
			set(a, v)
		}
	}
	return err
}

// loadAll reads keys through a loader, read at once when now is set, and
// returns what it found by position: a key not found is left out, and is
// no error.
func loadAll[V any](ctx context.Context, l *loader[uuid.UUID, V], keys []uuid.UUID, now bool) (map[int]V, error) {
	out := make(map[int]V, len(keys))
	if now {
		found, err := l.fetch(ctx, keys)
		for i, k := range keys {
			if v, ok := found[k]; ok {
				out[i] = v
				l.Prime(k, v)
			}
		}
		return out, err
	}
	vs, err := l.LoadAll(ctx, keys)
	var each dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &each) {
		return out, err
	}
	var failed error
	for i, v := range vs {
		if each != nil && each[i] != nil {
			if !errors.Is(each[i], dataloadgen.ErrNotFound) && failed == nil {
				failed = each[i]
			}
			continue
		}
		out[i] = v
	}
	return out, failed
}

// prefetchScopes reads ahead for a page of scope mappings what their
// resolvers will ask for, one batch per nested field.
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
