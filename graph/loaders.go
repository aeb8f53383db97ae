package graph

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/vikstrous/dataloadgen"

	"github.com/rmmgraph/rmmgraph/store"
)

// loaders batch the nested reads of one request, so a page of assets costs
// one query per nested field, not one per asset.
type loaders struct {
	clients      *dataloadgen.Loader[uuid.UUID, store.Client]
	workstations *dataloadgen.Loader[uuid.UUID, store.WorkstationAsset]
	servers      *dataloadgen.Loader[uuid.UUID, store.ServerAsset]
	mappings     *dataloadgen.Loader[uuid.UUID, []store.EntityMapping]
	scopeCounts  *dataloadgen.Loader[scopeKey, int]
}

type scopeKey struct{ provider, realm string }

const loaderWait = 5 * time.Millisecond

func newLoaders(db *store.TenantDB) *loaders {
	opt := dataloadgen.WithWait(loaderWait)
	return &loaders{
		clients: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.Client, error) {
			rows, err := db.ClientsByID(ctx, ids)
			return byKey(rows, func(c store.Client) uuid.UUID { return c.ID }), err
		}, opt),
		workstations: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.WorkstationAsset, error) {
			rows, err := db.WorkstationsByAsset(ctx, ids)
			return byKey(rows, func(w store.WorkstationAsset) uuid.UUID { return w.AssetID }), err
		}, opt),
		servers: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]store.ServerAsset, error) {
			rows, err := db.ServersByAsset(ctx, ids)
			return byKey(rows, func(s store.ServerAsset) uuid.UUID { return s.AssetID }), err
		}, opt),
		mappings: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]store.EntityMapping, error) {
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
		}, opt),
		scopeCounts: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []scopeKey) (map[scopeKey]int, error) {
			byProvider := map[string][]string{}
			for _, k := range keys {
				byProvider[k.provider] = append(byProvider[k.provider], k.realm)
			}
			out := make(map[scopeKey]int, len(keys))
			for _, k := range keys {
				out[k] = 0
			}
			for p, realms := range byProvider {
				counts, err := db.ScopeDeviceCounts(ctx, p, realms)
				if err != nil {
					return nil, err
				}
				for realm, n := range counts {
					out[scopeKey{p, realm}] = n
				}
			}
			return out, nil
		}, opt),
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
