package store

import (
	"context"

	"github.com/uptrace/bun"
)

type (
	slotsKey struct{}
	heldKey  struct{}
)

// WithQuerySlots limits the statements that run at once under ctx to n,
// so that one API request (whose sibling fields resolve concurrently)
// cannot take the whole connection pool.
func WithQuerySlots(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, slotsKey{}, make(chan struct{}, n))
}

// slotsHook takes a slot before a statement and gives it back after.
type slotsHook struct{}

var _ bun.QueryHook = slotsHook{}

func (slotsHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	sem, _ := ctx.Value(slotsKey{}).(chan struct{})
	if sem == nil {
		return ctx
	}
	select {
	case sem <- struct{}{}:
		return context.WithValue(ctx, heldKey{}, sem)
	case <-ctx.Done():
		return ctx // the statement fails on the ended context
	}
}

func (slotsHook) AfterQuery(ctx context.Context, _ *bun.QueryEvent) {
	if sem, ok := ctx.Value(heldKey{}).(chan struct{}); ok {
		<-sem
	}
}
