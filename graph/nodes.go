package graph

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

// loadNodes resolves global IDs in the caller's tenant, one query per
// type; unknown or malformed IDs give nil entries.
func (r *Resolver) loadNodes(ctx context.Context, ids []string) ([]model.Node, error) {
	db := tenantDB(ctx)
	byType := map[string][]uuid.UUID{}
	for _, gid := range ids {
		if typ, id, ok := parseGlobalID(gid); ok {
			byType[typ] = append(byType[typ], id)
		}
	}
	found := map[string]model.Node{}
	put := func(typ string, id uuid.UUID, n model.Node) { found[globalID(typ, id)] = n }
	if keys := byType[typeClient]; len(keys) > 0 {
		rows, err := db.ClientsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			put(typeClient, c.ID, clientModel(c))
		}
	}
	if keys := byType[typeAsset]; len(keys) > 0 {
		rows, err := db.AssetsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		assets := make([]*model.Asset, len(rows))
		for i, a := range rows {
			assets[i] = assetModel(a)
			put(typeAsset, a.ID, assets[i])
		}
		if err := attachAssets(ctx, assets, true); err != nil {
			return nil, err
		}
	}
	if keys := byType[typeAlert]; len(keys) > 0 {
		rows, err := db.AlertsByIDs(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, a := range rows {
			put(typeAlert, a.ID, alertModel(a))
		}
	}
	for _, id := range byType[typeCandidate] {
		c, err := db.CandidateByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		put(typeCandidate, c.ID, candidateModel(c))
	}
	if keys := byType[typeScopeMapping]; len(keys) > 0 {
		rows, err := db.ScopeMappingsByID(ctx, keys)
		if err != nil {
			return nil, err
		}
		providerOf := map[uuid.UUID]string{} // a tenant has a handful of integrations
		for _, m := range rows {
			if _, ok := providerOf[m.IntegrationID]; !ok {
				in, err := db.IntegrationByID(ctx, m.IntegrationID)
				if err != nil {
					return nil, err
				}
				providerOf[m.IntegrationID] = in.Provider
			}
			put(typeScopeMapping, m.ID, scopeMappingModel(providerOf[m.IntegrationID], m))
		}
	}
	for _, id := range byType[typeIntegration] {
		in, err := db.IntegrationByID(ctx, id)
		if err == nil {
			put(typeIntegration, id, integrationModel(in))
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	for _, id := range byType[typeSyncRun] {
		run, err := db.SyncRun(ctx, id)
		if err == nil {
			put(typeSyncRun, id, syncRunModel(run))
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	for _, id := range byType[typeTenant] {
		if id == db.ID() {
			t, err := db.Tenant(ctx)
			if err != nil {
				return nil, err
			}
			put(typeTenant, id, tenantModel(t))
		}
	}
	out := make([]model.Node, len(ids))
	for i, gid := range ids {
		if typ, id, ok := parseGlobalID(gid); ok {
			out[i] = found[globalID(typ, id)]
		}
	}
	return out, nil
}
