package providertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/egress"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

// The helpers below are what the providers' sync benchmarks share: a fake
// RMM in a child process (so the memory figures are the sync's alone), the
// process's peak RSS, a replay of fetched devices (store only), and one
// timed full sync on a fresh Postgres database.

// StartChild runs this test binary again with env=spec set, expecting it to
// serve a fake and print its address on the first line; it returns the
// fake's base URL.
func StartChild(b *testing.B, env, spec string) string {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), env+"="+spec)
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	return "http://" + strings.TrimSpace(addr)
}

// PeakRSS reads this process's peak resident set size, in KiB, and resets
// it to the memory in use, once freed memory went back to the OS: the next
// reading starts from the same place whatever ran before.
func PeakRSS() (kb int) {
	f, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(f), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ = strconv.Atoi(strings.Fields(v)[0])
			}
		}
	}
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return kb
}

// Replay is a provider that lists devices already fetched, under another
// provider's id: the pipeline's store-only time.
type Replay struct {
	Of      providers.Info
	Devices map[string][]rmm.Device
}

// Info implements providers.Opener.
func (r *Replay) Info() providers.Info { return r.Of }

// Open implements providers.Opener.
func (r *Replay) Open(context.Context, rmm.Connection) (*Replay, error) { return r, nil }

// Close implements rmm.Session.
func (r *Replay) Close() {}

// Verify implements rmm.Connector.
func (r *Replay) Verify(context.Context) error { return nil }

// ListDevices implements rmm.FullSyncer.
func (r *Replay) ListDevices(ctx context.Context, scope string, emit rmm.Emit) error {
	ds := r.Devices[scope]
	for i := 0; i < len(ds); i += 100 {
		if err := emit(ctx, ds[i:min(i+100, len(ds))]); err != nil {
			return err
		}
	}
	return nil
}

// Fetch lists every scope of a session, keeping the devices for a Replay.
func Fetch(b *testing.B, sess rmm.FullSyncer, scopes []rmm.Scope) map[string][]rmm.Device {
	out := map[string][]rmm.Device{}
	for _, sc := range scopes {
		err := sess.ListDevices(context.Background(), sc.ExternalID, func(_ context.Context, page []rmm.Device) error {
			out[sc.ExternalID] = append(out[sc.ExternalID], page...)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchSync configures provider p on a fresh Postgres database, maps every
// scope to a client and times one full sync.
func BenchSync(b *testing.B, p providers.Provider, scopes []rmm.Scope, values, secrets map[string]string) (time.Duration, store.SyncRun) {
	ctx := context.Background()
	s := storetest.Open(b, store.Postgres)
	defer s.Close() // its connections would count in the next sync's memory
	tn, _ := s.CreateTenant(ctx, "Bench")
	db := s.Tenant(tn.ID)
	id := p.Info().ID
	reg, err := providers.NewRegistry(p)
	if err != nil {
		b.Fatal(err)
	}
	syncer := ingest.NewSyncer(ctx, reg, slog.New(slog.NewTextHandler(io.Discard, nil)), ingest.Options{Egress: egress.Open})
	if _, err := db.ConfigureIntegration(ctx, id, store.IntegrationConfig{Values: values, Secrets: secrets}); err != nil {
		b.Fatal(err)
	}
	if err := syncer.Verify(ctx, db, id); err != nil {
		b.Fatal(err)
	}
	integ, _ := db.Integration(ctx, id)
	if _, _, _, err := db.UpsertScopes(ctx, integ.ID, scopes); err != nil {
		b.Fatal(err)
	}
	maps, _ := db.AllScopeMappings(ctx, integ.ID)
	for _, m := range maps {
		name := "C " + m.ExternalOrganizationID
		c, _ := db.CreateClient(ctx, store.ClientFields{Name: &name})
		db.MapScope(ctx, m.ID, &c.ID, nil)
	}
	start := time.Now()
	run, err := syncer.Run(ctx, db, ingest.Request{Provider: id, Mode: ingest.ModeFull})
	if err != nil || run.Status != store.RunCompleted {
		b.Fatalf("sync: %v %+v", err, run)
	}
	return time.Since(start), run
}

// Bound checks a first sync against 1.3 × (fetch only + store only) and
// reports the figures.
func Bound(b *testing.B, w io.Writer, e2e, fetch, storeOnly time.Duration) {
	bound := fetch + storeOnly
	verdict := "ok"
	if e2e.Seconds() > 1.3*bound.Seconds() {
		verdict = "OVER BOUND"
		b.Errorf("end to end %.2f s > 1.3 x (fetch + store) %.2f s", e2e.Seconds(), bound.Seconds())
	}
	fmt.Fprintf(w, "  fetch only       %8.2f s\n  store only       %8.2f s\n", fetch.Seconds(), storeOnly.Seconds())
	fmt.Fprintf(w, "  end to end / (fetch + store) = %.2f (bound 1.3)  %s\n", e2e.Seconds()/bound.Seconds(), verdict)
}
