package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDemoServesAVerifiedTaniumIntegration(t *testing.T) {
	dir := t.TempDir()
	addr, fakeAddr := freePort(t), freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncWriter
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--fresh", "-d", filepath.Join(dir, "demo.db"), "--addr", addr, "--fake-addr", fakeAddr, "--fake-devices", "50", "--fake-scopes", "2"}, &out, io.Discard)
	}()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && !strings.Contains(out.String(), "Open GraphiQL") {
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
