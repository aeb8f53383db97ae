package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// A request its caller abandoned is not logged as a failure; a real
// internal error is, and neither shows its text to the caller.
func TestCancelledRequestsAreNotLoggedAsFailures(t *testing.T) {
	var buf bytes.Buffer
	present := errorPresenter(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := present(ctx, fmt.Errorf("count scopes: %w", context.Canceled))
	if buf.Len() != 0 || out.Message != "internal error" {
		t.Fatalf("a cancelled request: logged %q, answered %q", buf.String(), out.Message)
	}
	out = present(context.Background(), errors.New("disk on fire"))
	if !strings.Contains(buf.String(), "request failed") || out.Message != "internal error" {
		t.Fatalf("an internal error: logged %q, answered %q", buf.String(), out.Message)
	}
}
