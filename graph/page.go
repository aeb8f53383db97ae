package graph

import (
	"github.com/rmmgraph/rmmgraph/graph/generated"
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

// connectionCost is the cost of a page: its items' cost times the page size.
func connectionCost(child int, first *int) int {
	n := defaultPageSize
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + child*n
}

// setComplexity makes lists cost in proportion to the page they ask for.
func setComplexity(c *generated.ComplexityRoot) {
	c.Query.Clients = func(child int, first *int, _ *string, _ *string) int { return connectionCost(child, first) }
	c.Query.Nodes = func(child int, ids []string) int { return 1 + child*len(ids) }
	c.Query.Assets = func(child int, first *int, _ *string, _ *model.AssetFilter, _ *model.AssetOrder) int {
		return connectionCost(child, first)
	}
	c.Integration.ScopeMappings = func(child int, first *int, _ *string, _ *bool, _ *string) int { return connectionCost(child, first) }
	c.Integration.SyncRuns = func(child int, first *int, _ *string) int { return connectionCost(child, first) }
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
