package graph

import (
	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/store"
)

const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// pageSize validates a connection's `first` argument.
func pageSize(first *int) (int, error) {
	if first == nil {
		return defaultPageSize, nil
	}
	if *first < 1 || *first > maxPageSize {
		return 0, errorf(CodeBadUserInput, "`first` must be between 1 and %d, got %d", maxPageSize, *first)
	}
	return *first, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// connection builds a Relay connection's edges, nodes and page info from a
// store page: node converts a row, edge wraps a node with its cursor.
func connection[S, N, E any](rows []store.Edge[S], more bool, node func(S) N, edge func(cursor string, n N) E) ([]E, []N, *model.PageInfo) {
	edges, nodes := make([]E, 0, len(rows)), make([]N, 0, len(rows))
	info := &model.PageInfo{HasNextPage: more}
	for _, r := range rows {
		n := node(r.Node)
		edges = append(edges, edge(r.Cursor, n))
		nodes = append(nodes, n)
		info.EndCursor = &r.Cursor
	}
	return edges, nodes, info
}
