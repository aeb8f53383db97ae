package ingest

import (
	"context"
	"maps"
	"time"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Change kinds a preview reports.
const (
	ChangeCreate  = "create"
	ChangeUpdate  = "update"
	ChangeMove    = "move"
	ChangeRetire  = "retire"
	ChangeOffline = "offline"
	ChangeMissing = "missing" // not listed; retires after enough listings
	ChangeSkip    = "skip"
	ChangeMatch   = "match"  // attaches to an asset another provider reports
	ChangeReview  = "review" // a new asset with doubtful matches queued
)

// PreviewChange is one thing a sync would do to one device.
type PreviewChange struct {
	ExternalID string
	Name       string
	ScopeID    string
	Kind       string
	Reason     string // for skips: why
	// Fields are, for an update, move or match, the columns that would
	// change ("column" of the asset, "table.column" of its extension row).
	Fields []string
}

// Preview is what a full sync would do, read from the RMM and compared
// with what is stored, with nothing written.
type Preview struct {
	Run     store.SyncRun // its counts; Retired counts the devices that would retire
	Changes []PreviewChange
	// More counts the changes past the limit.
	More int
}

// previewing collects a preview's changes.
type previewing struct {
	limit   int
	out     *Preview
	deleted int // devices the RMM reported deleted, which would retire
	// writes are the writes of the listed updates, by change index, for
	// their changed fields.
	writes map[int]store.DeviceWrite
}

func (p *previewing) add(c PreviewChange) {
	if len(p.out.Changes) < p.limit {
		p.out.Changes = append(p.out.Changes, c)
	} else {
		p.out.More++
	}
}

// record notes what a decision would do to a device.
func (p *previewing) record(dev *rmm.Device, d decision) {
	c := PreviewChange{ExternalID: dev.ExternalID, Name: dev.Name, ScopeID: dev.ScopeID}
	switch {
	case d.matched:
		c.Kind, c.Reason = ChangeMatch, d.w.Match.Rule
	case d.out == outCreated && len(d.w.Candidates) > 0:
		c.Kind, c.Reason = ChangeReview, d.w.Candidates[0].Reason
	case d.out == outCreated:
		c.Kind = ChangeCreate
	case d.out == outUpdated && d.moved:
		c.Kind = ChangeMove
	case d.out == outUpdated:
		c.Kind = ChangeUpdate
	case d.out == outSkipped:
		c.Kind, c.Reason = ChangeSkip, d.reason
	case d.out == outRetire:
		c.Kind = ChangeRetire
		p.deleted++
	default:
		return
	}
	if d.write && !d.w.Create && len(p.out.Changes) < p.limit {
		if p.writes == nil {
			p.writes = map[int]store.DeviceWrite{}
		}
		p.writes[len(p.out.Changes)] = d.w
	}
	p.add(c)
}

// fields fills the listed updates' changed fields.
func (p *previewing) fields(ctx context.Context, db *store.TenantDB) error {
	idx := make([]int, 0, len(p.writes))
	ws := make([]store.DeviceWrite, 0, len(p.writes))
	for i, w := range p.writes {
		idx = append(idx, i)
		ws = append(ws, w)
	}
	fields, err := db.ChangedFields(ctx, ws)
	if err != nil {
		return err
	}
	for j, i := range idx {
		p.out.Changes[i].Fields = fields[j]
	}
	return nil
}

// Preview runs a full listing of the request's scopes (all mapped ones by
// default) through the same correlation and decisions as a sync, and
// reports the counts and up to limit changes instead of writing them: no
// asset, mapping, run or scope bookkeeping is touched.
func (s *Syncer) Preview(ctx context.Context, db *store.TenantDB, req Request, limit int) (Preview, error) {
	req.Mode, req.Devices, req.DeviceIDs = ModeFull, nil, nil
	pr, err := s.prepare(ctx, db, req)
	if err != nil {
		return Preview{}, err
	}
	var out Preview
	run := &store.SyncRun{IntegrationID: pr.conn.integ.ID, Mode: string(ModeFull), Trigger: string(TriggerManual), ScopeIDs: pr.list,
		ScopesTotal: len(pr.list), SkippedReasons: map[string]int{}}
	x := &execution{s: s, db: db, pr: pr, run: run, start: time.Now().UTC(), cancelled: make(chan struct{}),
		index: map[string]int{}, seen: map[string]map[string]struct{}{}, owner: map[uint64]uint32{}, scopeIndex: map[string]uint32{},
		preview: &previewing{limit: limit, out: &out}}
	err = x.body(ctx)
	if err == nil {
		err = x.settle(ctx, true)
	}
	if err == nil {
		err = x.preview.fields(ctx, db)
	}
	if err != nil {
		return Preview{}, err
	}
	out.Run = *run
	out.Run.SkippedReasons = maps.Clone(run.SkippedReasons)
	out.Run.Retired += x.preview.deleted
	return out, nil
}
