package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"

	"github.com/uptrace/bun"
)

// Page asks for up to First rows after the keyset position After (a cursor
// returned with an earlier page; empty for the first page).
type Page struct {
	First int
	After string
}

// ErrBadCursor means a cursor was not made by this server for this list.
var ErrBadCursor = errors.New("cursor is not valid for this list")

// cursor is a keyset position: the sort key values of the last row seen.
// The kind guards against a cursor of one list used on another.
type cursor struct {
	Kind string   `json:"k"`
	Keys []string `json:"v"`
}

func encodeCursor(kind string, keys ...string) string {
	b, _ := json.Marshal(cursor{Kind: kind, Keys: keys})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, kind string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	var c cursor
	if json.Unmarshal(b, &c) != nil || c.Kind != kind || len(c.Keys) != n {
		return nil, ErrBadCursor
	}
	return c.Keys, nil
}

// trimPage cuts the extra row a query fetched to learn whether another page
// follows.
func trimPage[T any](rows []T, first int) ([]T, bool) {
	if len(rows) > first {
		return rows[:first], true
	}
	return rows, false
}

// Edge is one row of a page with the cursor just after it.
type Edge[T any] struct {
	Node   T
	Cursor string
}

// keyset is a list ordered by a tuple of columns, paged by position.
type keyset[T any] struct {
	kind  string // guards against a cursor of another list
	order string // ORDER BY
	// after narrows the query to the rows after the position keys.
	after func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error)
	// keys is a row's position.
	keys func(T) []string
}

func (k keyset[T]) cursor(row T) string { return encodeCursor(k.kind, k.keys(row)...) }

// page reads up to p.First rows of q after p.After, and whether more follow.
func page[T any](ctx context.Context, q *bun.SelectQuery, p Page, k keyset[T]) ([]Edge[T], bool, error) {
	if p.After != "" {
		var zero T
		keys, err := decodeCursor(p.After, k.kind, len(k.keys(zero)))
		if err != nil {
			return nil, false, err
		}
		if q, err = k.after(q, keys); err != nil {
			return nil, false, err
		}
	}
	var rows []T
	if err := q.OrderExpr(k.order).Limit(int64(p.First+1)).Scan(ctx, &rows); err != nil {
		return nil, false, err
	}
	rows, more := trimPage(rows, p.First)
	out := make([]Edge[T], len(rows))
	for i, r := range rows {
		out[i] = Edge[T]{Node: r, Cursor: k.cursor(r)}
	}
	return out, more, nil
}
