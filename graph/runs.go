package graph

import (
	"slices"
	"strings"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

func syncRunModel(r store.SyncRun) *model.SyncRun {
	out := &model.SyncRun{
		ID: globalID(typeSyncRun, r.ID), Mode: model.SyncMode(strings.ToUpper(r.Mode)), Trigger: model.SyncTrigger(strings.ToUpper(r.Trigger)),
		Status: model.SyncRunStatus(strings.ToUpper(r.Status)), StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt,
		ScopeIds: r.ScopeIDs, Warnings: []string{}, WarningDetails: []*model.SyncWarning{}, Error: r.Error, ErrorCode: r.ErrorCode, IntegrationKey: r.IntegrationID,
		Counts: &model.SyncCounts{Seen: r.DevicesSeen, Duplicates: r.Duplicates, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged,
			Skipped: r.Skipped, Failed: r.Failed, Retired: r.Retired, Moved: r.Moved, Matched: r.Matched, Queued: r.Queued, Conflicts: r.Conflicts},
		Progress: &model.SyncProgress{ScopesDone: r.ScopesDone, ScopesTotal: r.ScopesTotal, DevicesSeen: r.DevicesSeen},
		Skipped:  []*model.SkipReasonCount{},
	}
	if out.ScopeIds == nil {
		out.ScopeIds = []string{}
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, w.Message)
		out.WarningDetails = append(out.WarningDetails, &model.SyncWarning{Code: w.Code, Message: w.Message})
	}
	if r.FinishedAt != nil {
		ms := int(r.FinishedAt.Sub(r.StartedAt).Milliseconds())
		out.DurationMs = &ms
	}
	for reason, n := range r.SkippedReasons {
		out.Skipped = append(out.Skipped, &model.SkipReasonCount{Reason: reason, Count: n})
	}
	slices.SortFunc(out.Skipped, func(a, b *model.SkipReasonCount) int { return strings.Compare(a.Reason, b.Reason) })
	return out
}

// previewModel is a sync preview as the API shows it.
func previewModel(p ingest.Preview) *model.SyncPreview {
	run := syncRunModel(p.Run)
	out := &model.SyncPreview{Counts: run.Counts, Skipped: run.Skipped, Warnings: run.WarningDetails, MoreChanges: p.More,
		Changes: make([]*model.SyncPreviewChange, len(p.Changes))}
	for i, c := range p.Changes {
		out.Changes[i] = &model.SyncPreviewChange{ExternalID: c.ExternalID, Name: nonEmpty(c.Name), ScopeID: nonEmpty(c.ScopeID),
			Kind: model.SyncPreviewChangeKind(strings.ToUpper(c.Kind)), Reason: nonEmpty(c.Reason), Fields: orEmpty(c.Fields)}
	}
	return out
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
