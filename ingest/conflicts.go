package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rmmgraph/rmmgraph/store"
)

// Scope priority decides which scope owns a device that several mapped
// scopes of one integration report (overlapping groups, say): the
// first in the order lists it first in a run, and a device belongs to the
// first scope that reports it.
const (
	// PriorityLowestID orders scopes by id: the default.
	PriorityLowestID = "lowest_id"
	// PriorityMostSpecific puts the most specific scope first: deeper in
	// the scope tree, then fewer devices in its last complete listing (a
	// subgroup before its group), then by id.
	PriorityMostSpecific = "most_specific"
	// PriorityExplicit follows an admin's list; scopes not in it follow,
	// most specific first.
	PriorityExplicit = "explicit"
)

// ScopePriority is an integration's settings.scopePriority.
type ScopePriority struct {
	Mode     string
	ScopeIDs []string
}

// ScopePriorityOf reads an integration's scope priority.
func ScopePriorityOf(settings map[string]any) ScopePriority {
	p := ScopePriority{Mode: PriorityLowestID}
	m, _ := settings["scopePriority"].(map[string]any)
	if mode, ok := m["mode"].(string); ok && (mode == PriorityMostSpecific || mode == PriorityExplicit) {
		p.Mode = mode
	}
	if ids, ok := m["scopeIds"].([]any); ok {
		for _, id := range ids {
			if s, ok := id.(string); ok {
				p.ScopeIDs = append(p.ScopeIDs, s)
			}
		}
	}
	return p
}

// SetScopePriority stores an integration's scope priority; the next sync
// applies it, moving conflicting devices to the scope that now comes first.
func (s *Syncer) SetScopePriority(ctx context.Context, db *store.TenantDB, provider string, p ScopePriority) (store.Integration, error) {
	in, err := db.Integration(ctx, provider)
	if errors.Is(err, store.ErrNotFound) {
		return in, badRequest("provider", "%s is not configured", provider)
	}
	if err != nil {
		return in, err
	}
	switch p.Mode {
	case PriorityLowestID, PriorityMostSpecific:
		if len(p.ScopeIDs) > 0 {
			return in, badRequest("scopeIds", "scopeIds go with the explicit mode only")
		}
	case PriorityExplicit:
		if len(p.ScopeIDs) == 0 {
			return in, badRequest("scopeIds", "the explicit mode needs scopeIds, first wins")
		}
		all, err := db.AllScopeMappings(ctx, in.ID)
		if err != nil {
			return in, err
		}
		known := map[string]bool{}
		for _, m := range all {
			known[m.ExternalOrganizationID] = true
		}
		seen := map[string]bool{}
		for i, id := range p.ScopeIDs {
			switch {
			case !known[id]:
				return in, badRequest(fmt.Sprintf("scopeIds.%d", i), "%s has no scope %q: discover scopes first", provider, id)
			case seen[id]:
				return in, badRequest(fmt.Sprintf("scopeIds.%d", i), "scope %q is listed twice", id)
			}
			seen[id] = true
		}
	default:
		return in, badRequest("mode", "unknown scope priority %q", p.Mode)
	}
	ids := make([]any, len(p.ScopeIDs))
	for i, id := range p.ScopeIDs {
		ids[i] = id
	}
	return db.MergeSettings(ctx, provider, map[string]any{"scopePriority": map[string]any{"mode": p.Mode, "scopeIds": ids}})
}

// orderScopes sorts the scopes a run lists by the integration's priority.
func orderScopes(pr *prepared) {
	p := ScopePriorityOf(pr.conn.integ.Settings)
	if p.Mode == PriorityLowestID || len(pr.list) < 2 {
		return // AllScopeMappings is ordered by id already
	}
	size := func(id string) int { // unknown before a first listing: last
		if n := pr.scopes[id].ListedCount; n != nil {
			return *n
		}
		return math.MaxInt32
	}
	depth := func(id string) int {
		d := 0
		for seen := map[string]bool{}; !seen[id]; d++ {
			seen[id] = true
			parent := pr.scopes[id].ParentExternalID
			if parent == nil || *parent == "" {
				break
			}
			id = *parent
		}
		return d
	}
	explicit := map[string]int{}
	for i, id := range p.ScopeIDs {
		explicit[id] = i + 1
	}
	slices.SortStableFunc(pr.list, func(a, b string) int {
		ea, eb := explicit[a], explicit[b]
		switch {
		case ea > 0 && eb > 0:
			return ea - eb
		case ea > 0:
			return -1
		case eb > 0:
			return 1
		}
		return cmp.Or(depth(b)-depth(a), cmp.Compare(size(a), size(b)), strings.Compare(a, b))
	})
}

// conflicts collects a run's scope conflicts.
type conflicts struct {
	byDevice map[string]*store.ScopeConflict
	order    []string // device ids in the order found
}

// maxConflictSamples bounds the devices a run's warning names.
const maxConflictSamples = 5

// noteConflict records that scope reported a device the run had given to
// owner, when their mappings name different clients.
func (x *execution) noteConflict(deviceID, name, owner, scope string) {
	if owner == scope {
		return
	}
	a, b := x.pr.scopes[owner].ClientID, x.pr.scopes[scope].ClientID
	if a == nil || b == nil || *a == *b {
		return // same client, or one scope is not mapped: no conflict
	}
	if x.conflicts.byDevice == nil {
		x.conflicts.byDevice = map[string]*store.ScopeConflict{}
	}
	c, ok := x.conflicts.byDevice[deviceID]
	if !ok {
		c = &store.ScopeConflict{ExternalID: deviceID, Name: name, ScopeIDs: []string{owner}, RunID: x.run.ID, DetectedAt: x.start}
		x.conflicts.byDevice[deviceID] = c
		x.conflicts.order = append(x.conflicts.order, deviceID)
		x.run.Conflicts++
	}
	if !slices.Contains(c.ScopeIDs, scope) {
		c.ScopeIDs = append(c.ScopeIDs, scope)
	}
}

// saveConflicts warns about the run's conflicts, with samples, and records
// them for the API.
func (x *execution) saveConflicts(ctx context.Context) error {
	if n := len(x.conflicts.order); n > 0 {
		var samples []string
		for _, id := range x.conflicts.order[:min(n, maxConflictSamples)] {
			c := x.conflicts.byDevice[id]
			samples = append(samples, fmt.Sprintf("%s (%s)", c.Name, strings.Join(c.ScopeIDs, " over ")))
		}
		x.warn(WarnScopeConflict, "%d devices are reported by scopes mapped to different clients; each went to the first scope by the integration's scope priority: %s",
			n, strings.Join(samples, ", "))
	}
	list := make([]store.ScopeConflict, 0, len(x.conflicts.order))
	for _, id := range x.conflicts.order {
		list = append(list, *x.conflicts.byDevice[id])
	}
	all := x.pr.req.Mode == ModeFull && len(x.pr.req.ScopeIDs) == 0 && len(x.failed) == 0
	return x.db.SaveScopeConflicts(ctx, x.pr.conn.integ.ID, list, all)
}
