package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

const typeCandidate = "IdentityCandidate"

func ruleModel(s string) model.IdentityRule {
	if r := model.IdentityRule(strings.ToUpper(s)); r.IsValid() {
		return r
	}
	return model.IdentityRuleProviderID
}

func evidenceModel(ev []store.Evidence) []*model.IdentityEvidence {
	out := make([]*model.IdentityEvidence, 0, len(ev))
	for _, e := range ev {
		o := model.EvidenceOutcome(strings.ToUpper(e.Outcome))
		if !o.IsValid() {
			continue
		}
		out = append(out, &model.IdentityEvidence{Rule: ruleModel(e.Rule), Outcome: o, Detail: e.Detail})
	}
	return out
}

func candidateModel(c store.Candidate) *model.IdentityCandidate {
	return &model.IdentityCandidate{ID: globalID(typeCandidate, c.ID), Provider: c.Provider, ExternalID: c.ExternalID, Rule: ruleModel(c.Rule),
		Reason: c.Reason, Evidence: evidenceModel(c.Evidence), Status: model.CandidateStatus(strings.ToUpper(c.Status)),
		CreatedAt: c.CreatedAt, ResolvedAt: c.ResolvedAt, Key: c.ID, AssetKey: c.AssetID, MatchKey: c.MatchAssetID}
}

func groupModel(g store.FieldGroup) model.FieldGroup {
	return model.FieldGroup(strings.ToUpper(g.String()))
}

// precedenceModel is a group's order: the one the tenant set, else the
// providers' default.
func precedenceModel(set, defaults store.Precedence, g store.FieldGroup) *model.SourcePrecedence {
	order, ok := set[g]
	if !ok {
		order = defaults[g]
	}
	return &model.SourcePrecedence{Group: groupModel(g), Providers: orEmpty(order), IsDefault: !ok}
}

// identityModel explains an asset from its device mappings: the rule that
// tied a second source to it, every source, and where each field group
// comes from under the tenant's precedence.
func identityModel(a *model.Asset, maps []store.EntityMapping, prec store.Precedence) *model.AssetIdentity {
	out := &model.AssetIdentity{Rule: model.IdentityRuleProviderID, Evidence: []*model.IdentityEvidence{}}
	var sources []store.Source
	maps = slices.Clone(maps)
	slices.SortStableFunc(maps, func(a, b store.EntityMapping) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for _, m := range maps {
		if m.AlgaEntityType != "asset" {
			continue
		}
		src := &model.AssetSource{Provider: m.IntegrationType, ExternalID: m.ExternalEntityID, ScopeID: m.ExternalRealmID,
			LastSeenAt: m.LastSeenAt, Retired: m.SyncStatus == "error", Rule: model.IdentityRuleProviderID,
			Evidence: evidenceModel(m.MatchEvidence), Since: m.CreatedAt, Fields: m.SourceFields}
		if a.Rmm != nil && a.Rmm.Provider == m.IntegrationType && a.Rmm.LastSeenAt != nil {
			src.LastSeenAt = a.Rmm.LastSeenAt // the asset's heartbeat is this source's
		}
		if m.MatchRule != nil && *m.MatchRule != "" {
			src.Rule = ruleModel(*m.MatchRule)
			if out.Rule == model.IdentityRuleProviderID {
				out.Rule, out.Evidence = src.Rule, src.Evidence
			}
		}
		out.Sources = append(out.Sources, src)
		sources = append(sources, store.Source{Provider: m.IntegrationType, Groups: store.Groups(m.FieldGroups), Active: !src.Retired})
	}
	for _, g := range store.FieldGroups {
		fs := &model.FieldSource{Group: groupModel(g)}
		if p := prec.Origin(g, sources); p != "" {
			fs.Provider = &p
		}
		out.FieldSources = append(out.FieldSources, fs)
	}
	if out.Sources == nil {
		out.Sources = []*model.AssetSource{}
	}
	return out
}

// candidateErrors sorts the errors of resolving a candidate.
func candidateErrors(err error, id string) ([]*model.UserError, error) {
	var conflict *store.MergeConflictError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return []*model.UserError{notFoundError("candidateId", "candidate", id)}, nil
	case errors.Is(err, store.ErrCandidateClosed):
		return []*model.UserError{userError(model.UserErrorCodeConflict, "candidateId", "the candidate is already closed")}, nil
	case errors.As(err, &conflict):
		return []*model.UserError{userError(model.UserErrorCodeConflict, "candidateId", "%s", conflict.Error())}, nil
	}
	return userErrors(err)
}

func (r *Resolver) loadAsset(ctx context.Context, id uuid.UUID) (*model.Asset, error) {
	a, err := optional(loadersFrom(ctx).assets.Load(ctx, id))
	if a == nil || err != nil {
		return nil, err
	}
	m := assetModel(*a)
	return m, attachAssets(ctx, []*model.Asset{m}, false)
}
