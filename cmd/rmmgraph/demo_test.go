package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rmmgraph/rmmgraph/store/storetest"
)

func TestDemoServesAVerifiedTaniumIntegration(t *testing.T) {
	dir := t.TempDir()
	addr, fakeAddr := freePort(t), "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncWriter
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--fresh", "-d", filepath.Join(dir, "demo.db"), "--addr", addr, "--fake-addr", fakeAddr, "--fake-devices", "50", "--fake-scopes", "2"}, &out, &out)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(out.String(), "Open the console") {
		time.Sleep(50 * time.Millisecond)
	}
	token := regexp.MustCompile(`rmg_[0-9a-f]{32}_[A-Za-z0-9_-]+`).FindString(out.String())
	if token == "" {
		t.Fatalf("no key printed:\n%s", out.String())
	}
	q := func(body string) string {
		req, _ := http.NewRequest("POST", "http://"+addr+"/graphql", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		for range 50 {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				return string(b)
			}
			time.Sleep(100 * time.Millisecond)
			req, _ = http.NewRequest("POST", "http://"+addr+"/graphql", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
		}
		t.Fatal("server did not answer")
		return ""
	}
	if got := q(`{"query":"{ integration(provider: \"tanium\") { isActive config { key isSet } } }"}`); !strings.Contains(got, `"isActive":true`) {
		t.Fatalf("demo integration: %s", got)
	}
	if got := q(`{"query":"mutation { discoverScopes(input: {provider: \"tanium\"}) { added } }"}`); !strings.Contains(got, `"added":2`) {
		t.Fatalf("discover against the fake: %s", got)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("demo exited %d", code)
	}
}

// Without -d the demo uses its own database: --fresh never deletes the one
// make run uses.
func TestDemoKeepsToItsOwnDatabase(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile(defaultDatabase, []byte("the server's database"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out syncWriter
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--fresh", "--addr", freePort(t), "--fake-addr", "127.0.0.1:0", "--fake-devices", "5", "--fake-scopes", "1"}, &out, io.Discard)
	}()
	for range 300 {
		if strings.Contains(out.String(), "Open the console") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	kept, _ := os.ReadFile(defaultDatabase)
	_, demoErr := os.Stat(demoDatabase)
	storetest.Expect(t, "the demo without -d\n"+out.String(), is("the server's database", string(kept), "the server's database"), is("the demo's database exists", demoErr == nil, true))
}
