package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/store"
	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func runCLI(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpForEveryCommand(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"serve", "--help"}, {"migrate", "up", "--help"}, {"migrate", "down", "--help"}, {"migrate", "status", "--help"},
		{"tenant", "create", "--help"}, {"tenant", "list", "--help"}, {"apikey", "create", "--help"}, {"apikey", "list", "--help"},
		{"apikey", "revoke", "--help"}, {"version", "--help"}, {"sync", "--help"}, {"demo", "--help"}, {"fake", "--help"},
	} {
		code, out, _ := runCLI(t, context.Background(), args...)
		if code != 0 || !strings.Contains(out, "Usage: rmmgraph") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	if code, _, errOut := runCLI(t, context.Background(), "frobnicate"); code == 0 || !strings.Contains(errOut, "unexpected argument frobnicate") {
		t.Errorf("unknown command: %d %s", code, errOut)
	}
}

func TestUnknownDatabaseScheme(t *testing.T) {
	code, _, errOut := runCLI(t, context.Background(), "migrate", "status", "--database", "mysql://root@localhost/x")
	if code != 1 || !strings.Contains(errOut, `scheme "mysql" is not supported`) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestAdminCommands(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.NewDatabaseURL(t, d)
			want := "not migrated"
			if d == store.SQLite {
				want = "no database at" // an admin command creates no SQLite file
			}
			if code, _, errOut := runCLI(t, ctx, "tenant", "create", "X", "-d", db); code != 1 || !strings.Contains(errOut, want) {
				t.Fatalf("tenant create before migrating: %d %s", code, errOut)
			}
			if code, out, errOut := runCLI(t, ctx, "migrate", "up", "-d", db); code != 0 || !strings.Contains(out, "applied 0001_init") {
				t.Fatalf("migrate up: %d %s %s", code, out, errOut)
			}
			code, out, _ := runCLI(t, ctx, "migrate", "status", "-d", db)
			storetest.Expect(t, "migrate status\n"+out, storetest.Is("exit code", code, 0), storetest.Is("lists 0001_init", strings.Contains(out, "0001_init"), true),
				storetest.Is("shows pending", strings.Contains(out, "pending"), false))
			code, out, errOut := runCLI(t, ctx, "tenant", "create", "Acme MSP", "-d", db)
			if code != 0 {
				t.Fatalf("tenant create: %s", errOut)
			}
			tenant := strings.TrimSpace(out)
			code, out, errOut = runCLI(t, ctx, "apikey", "create", "--tenant", tenant, "--name", "frontend", "--role", "admin", "-d", db)
			if code != 0 || !strings.HasPrefix(out, "rmg_") {
				t.Fatalf("apikey create: %s %s", out, errOut)
			}
			token := strings.TrimSpace(out)
			code, out, _ = runCLI(t, ctx, "apikey", "list", "--tenant", tenant, "-d", db)
			storetest.Expect(t, "apikey list\n"+out, storetest.Is("exit code", code, 0), storetest.Is("lists the key's name", strings.Contains(out, "frontend"), true),
				storetest.Is("shows the key's secret", strings.Contains(out, token[20:]), false))
			keyID := regexp.MustCompile(`[0-9a-f-]{36}`).FindString(strings.SplitN(out, "\n", 2)[1])
			if code, _, errOut := runCLI(t, ctx, "apikey", "create", "--tenant", tenant, "--name", "x", "--role", "owner", "-d", db); code == 0 || !strings.Contains(errOut, "owner") {
				t.Fatalf("bad role accepted: %s", errOut)
			}
			if code, _, _ := runCLI(t, ctx, "apikey", "revoke", "--tenant", tenant, keyID, "-d", db); code != 0 {
				t.Fatal("revoke failed")
			}
			if code, _, errOut := runCLI(t, ctx, "apikey", "revoke", "--tenant", tenant, keyID, "-d", db); code != 1 || !strings.Contains(errOut, "no live key") {
				t.Fatalf("second revoke: %d %s", code, errOut)
			}
			if code, out, _ := runCLI(t, ctx, "migrate", "down", "--all", "-d", db); code != 0 || !strings.Contains(out, "reverted 0001_init") {
				t.Fatalf("migrate down: %s", out)
			}
		})
	}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServeOnFreshSQLite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "rmmgraph.db")
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncWriter
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "-d", db}, &out, &errb) }()

	var token string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	token = regexp.MustCompile(`rmg_[0-9a-f]{32}_[A-Za-z0-9_-]+`).FindString(out.String())
	if token == "" {
		t.Fatalf("no admin key printed:\n%s", out.String())
	}
	fi, err := os.Stat(filepath.Join(dir, "rmmgraph.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", err, fi)
	}
	req, _ := http.NewRequest("POST", "http://"+addr+"/graphql", strings.NewReader(`{"query":"{ viewer { role } }"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"role":"ADMIN"`) {
		t.Fatalf("viewer query: %s", body)
	}

	// A second server on the same port says so.
	code, _, errOut := runCLI(t, context.Background(), "serve", "--addr", addr, "-d", filepath.Join(dir, "other.db"))
	if code != 1 || !strings.Contains(errOut, "port is in use") {
		t.Fatalf("port in use: %d %s", code, errOut)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}

	// A restart reuses the key file and makes no second admin key.
	ctx2, cancel2 := context.WithCancel(context.Background())
	var out2 syncWriter
	go func() { done <- run(ctx2, []string{"serve", "--addr", addr, "-d", db}, &out2, io.Discard) }()
	time.Sleep(500 * time.Millisecond)
	cancel2()
	<-done
	if strings.Contains(out2.String(), "rmg_") {
		t.Fatalf("restart printed a new key: %s", out2.String())
	}
}

func TestSecretKeyErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	code, _, errOut := runCLI(t, context.Background(), "serve", "--addr", "127.0.0.1:0", "-d", db, "--secret-key-file", filepath.Join(dir, "missing.key"))
	if code != 1 || !strings.Contains(errOut, "read secret key file") {
		t.Fatalf("missing key file: %d %s", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "short.key"), []byte("abc"), 0o600)
	code, _, errOut = runCLI(t, context.Background(), "serve", "--addr", "127.0.0.1:0", "-d", db, "--secret-key-file", filepath.Join(dir, "short.key"))
	if code != 1 || !strings.Contains(errOut, "32 bytes") {
		t.Fatalf("short key file: %d %s", code, errOut)
	}
	code, _, errOut = runCLI(t, context.Background(), "serve", "--addr", "127.0.0.1:0", "-d", db, "--secret-key", "nope")
	if code != 1 || !strings.Contains(errOut, "RMMGRAPH_SECRET_KEY") {
		t.Fatalf("bad key: %d %s", code, errOut)
	}
}

func TestServeOnPostgresNeedsAKey(t *testing.T) {
	db := storetest.NewDatabaseURL(t, store.Postgres)
	code, _, errOut := runCLI(t, context.Background(), "serve", "--addr", "127.0.0.1:0", "-d", db)
	if code != 1 || !strings.Contains(errOut, "secret key is required") {
		t.Fatalf("postgres without key: %d %s", code, errOut)
	}
}

// A key that cannot open the stored credentials never goes unnoticed:
// serve refuses to start and says how to recover, and a lost SQLite key
// file is not silently replaced.
func TestWrongOrMissingKeyWithStoredCredentials(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	keyFile := filepath.Join(dir, "x.key")
	if code, _, errOut := runCLI(t, ctx, "migrate", "up", "-d", db); code != 0 {
		t.Fatal(errOut)
	}
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	key, err := store.CreateKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	sl, _ := store.NewSealer(key)
	s.SetSealer(sl)
	tn, _ := s.CreateTenant(ctx, "MSP")
	if _, err := s.Tenant(tn.ID).ConfigureIntegration(ctx, "testrmm", store.IntegrationConfig{Secrets: map[string]string{"apiKey": "k"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	other := strings.Repeat("ab", 32)
	code, _, errOut := runCLI(t, ctx, "serve", "--addr", "127.0.0.1:0", "-d", db, "--secret-key", other)
	storetest.Expect(t, "serve with another key\n"+errOut, storetest.Is("exit code", code, 1),
		storetest.Is("says the key does not open them", strings.Contains(errOut, "does not open the stored credentials"), true),
		storetest.Is("says how to recover", strings.Contains(errOut, "start with the key rmmgraph was first run with"), true))

	os.Rename(keyFile, keyFile+".bak")
	code, _, errOut = runCLI(t, ctx, "serve", "--addr", "127.0.0.1:0", "-d", db)
	storetest.Expect(t, "serve without its key file\n"+errOut, storetest.Is("exit code", code, 1),
		storetest.Is("asks to restore it", strings.Contains(errOut, "restore "+keyFile), true))
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Fatal("a new key file replaced the missing one")
	}
}

// A taken port does not lose the first admin key: nothing is created until
// the server listens. With --admin-key-file the key goes to a 0600 file,
// not to the terminal.
func TestFirstAdminKeyIsNeverLost(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	code, out, errOut := runCLI(t, ctx, "serve", "--addr", taken.Addr().String(), "-d", db)
	storetest.Expect(t, "serve on a taken port\n"+out+errOut, storetest.Is("exit code", code, 1), storetest.Is("says the port is in use", strings.Contains(errOut, "in use"), true))
	code, out, _ = runCLI(t, ctx, "tenant", "list", "-d", db)
	if code != 0 || strings.Contains(out, "Default") {
		t.Fatalf("the failed start created a tenant whose key nobody saw:\n%s", out)
	}

	keyFile := filepath.Join(dir, "admin.key")
	addr := freePort(t)
	sctx, cancel := context.WithCancel(ctx)
	var sout, serr syncWriter
	done := make(chan int)
	go func() {
		done <- run(sctx, []string{"serve", "--addr", addr, "-d", db, "--admin-key-file", keyFile}, &sout, &serr)
	}()
	for range 200 {
		if _, err := os.Stat(keyFile); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	b, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatalf("no key file: %v\n%s", err, serr.String())
	}
	key := strings.TrimSpace(string(b))
	st, _ := os.Stat(keyFile)
	storetest.Expect(t, "the admin key file", is("looks like a key", strings.HasPrefix(key, "rmg_"), true), is("mode", st.Mode().Perm(), os.FileMode(0o600)),
		is("key printed", strings.Contains(sout.String(), key), false), is("says where it is", strings.Contains(sout.String(), keyFile), true))
}

// At most n connections are served at once; the next waits until one
// closes.
func TestConnectionCap(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := limitListener(inner, 1)
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	a, _ := net.Dial("tcp", inner.Addr().String())
	defer a.Close()
	b, _ := net.Dial("tcp", inner.Addr().String())
	defer b.Close()
	first := <-accepted
	select {
	case <-accepted:
		t.Fatal("a second connection was accepted while the first was open")
	case <-time.After(200 * time.Millisecond):
	}
	first.Close()
	second := <-accepted // accepted once the first closed
	second.Close()
}

// is names a property for storetest.Expect.
var is = storetest.Is

// The small things a new user meets first.
func TestCLIConveniences(t *testing.T) {
	ctx := context.Background()
	code, out, _ := runCLI(t, ctx, "--version")
	storetest.Expect(t, "--version", is("exit code", code, 0), is("prints the version", strings.HasPrefix(out, "rmmgraph") || strings.TrimSpace(out) != "", true))
	code, out, _ = runCLI(t, ctx)
	storetest.Expect(t, "a bare rmmgraph", is("exit code", code, 0), is("prints help", strings.Contains(out, "Usage: rmmgraph"), true))

	db := filepath.Join(t.TempDir(), "x.db")
	runCLI(t, ctx, "migrate", "up", "-d", db)
	runCLI(t, ctx, "tenant", "create", "Acme MSP", "-d", db)
	code, out, errOut := runCLI(t, ctx, "apikey", "create", "--name", "ops", "--role", "admin", "-d", db)
	storetest.Expect(t, "apikey create without --tenant in a one-tenant database\n"+errOut, is("exit code", code, 0), is("prints a key", strings.HasPrefix(out, "rmg_"), true))
	code, _, errOut = runCLI(t, ctx, "apikey", "list", "--tenant", uuid.NewString(), "-d", db)
	storetest.Expect(t, "apikey list of an unknown tenant\n"+errOut, is("exit code", code, 1), is("says so", strings.Contains(errOut, "not found"), true))
}

// An admin command never creates a database at a mistyped path.
func TestMistypedDatabasePath(t *testing.T) {
	typo := filepath.Join(t.TempDir(), "rmmgrpah.db")
	code, _, errOut := runCLI(t, context.Background(), "tenant", "list", "-d", typo)
	if code != 1 || !strings.Contains(errOut, "no database at") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(typo); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the mistyped path was created: %v", err)
	}
}
