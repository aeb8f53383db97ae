package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

type syncCmd struct {
	keyFlags
	Provider string   `required:"" help:"Provider id, e.g. tanium (see the providers query)."`
	Mode     string   `default:"full" enum:"full,incremental,device" help:"full, incremental or device."`
	Scope    []string `name:"scope" help:"External scope id to sync (repeatable); default: every mapped scope."`
	Device   string   `help:"The device's RMM id, with --mode device."`
	tenantFlag
}

func (c syncCmd) Run(ctx context.Context, g *globals) error {
	s, err := g.openMigrated(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := c.install(g, s); err != nil {
		return err
	}
	if err := s.CheckSecretKey(ctx); err != nil {
		return err
	}
	tenant, err := c.resolve(ctx, s)
	if err != nil {
		return err
	}
	registry, err := newRegistry()
	if err != nil {
		return err
	}
	db := s.Tenant(tenant)
	engine, err := ingest.NewEngine(ctx, s, registry, ingest.EngineOptions{Log: g.logger()})
	if err != nil {
		return err
	}
	run, err := engine.Syncer.Start(ctx, db, ingest.Request{Provider: c.Provider, Mode: ingest.Mode(c.Mode), Trigger: ingest.TriggerCLI, ScopeIDs: c.Scope, DeviceIDs: ingest.DeviceList(c.Device)})
	var busy *store.ErrRunInProgress
	if errors.As(err, &busy) {
		return fmt.Errorf("a sync of %s is already running (run %s)", c.Provider, busy.RunID)
	}
	if err != nil {
		return err
	}
	bar := newProgressBar(g.stderr)
	// Interrupted, the run stops after the batch it is writing and is
	// recorded interrupted; the bar follows it to the end.
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-ctx.Done():
			engine.Stop(10 * time.Second)
		case <-stopped:
		}
	}()
	err = ingest.Follow(context.WithoutCancel(ctx), db, run, 200*time.Millisecond, func(r store.SyncRun) bool {
		run = r
		bar.draw(run)
		return true
	})
	if err != nil {
		return err
	}
	engine.Syncer.Wait()
	bar.finish()
	printRun(g.stdout, run)
	if run.Status != store.RunCompleted {
		return fmt.Errorf("sync %s: %s", run.Status, deref(run.Error))
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// progressBar redraws one line on a terminal and stays quiet elsewhere.
type progressBar struct {
	w    io.Writer
	tty  bool
	last string
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, tty: tty}
}

func (b *progressBar) draw(r store.SyncRun) {
	if !b.tty {
		return
	}
	const width = 30
	filled := 0
	if r.ScopesTotal > 0 {
		filled = width * r.ScopesDone / r.ScopesTotal
	}
	line := fmt.Sprintf("\r[%s%s] %d/%d scopes  %d devices  %d created  %d updated  %d unchanged",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), r.ScopesDone, r.ScopesTotal, r.DevicesSeen, r.Created, r.Updated, r.Unchanged)
	if line != b.last {
		fmt.Fprint(b.w, line)
		b.last = line
	}
}

func (b *progressBar) finish() {
	if b.tty && b.last != "" {
		fmt.Fprintln(b.w)
	}
}

func printRun(w io.Writer, r store.SyncRun) {
	dur := ""
	if r.FinishedAt != nil {
		dur = r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
	}
	fmt.Fprintf(w, "run %s %s in %s: %d/%d scopes, %d devices seen\n", graph.SyncRunID(r.ID), r.Status, dur, r.ScopesDone, r.ScopesTotal, r.DevicesSeen)
	fmt.Fprintf(w, "  created %d  updated %d  unchanged %d  skipped %d  failed %d  retired %d  moved %d\n",
		r.Created, r.Updated, r.Unchanged, r.Skipped, r.Failed, r.Retired, r.Moved)
	for reason, n := range r.SkippedReasons {
		fmt.Fprintf(w, "  skipped %s: %d\n", reason, n)
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warning)
	}
	if r.Error != nil {
		fmt.Fprintf(w, "  error: %s\n", *r.Error)
	}
}
