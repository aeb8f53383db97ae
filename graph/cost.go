package graph

import (
	"math"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// The cost model prices what costs the database: rows fetched, counts and
// nested lists. Scalar fields are free, so a page of 100 assets with their
// details fits the default limit, while a query that multiplies pages,
// counts or lists does not. Arithmetic saturates, so no query can wrap a
// cost around to a small number.
const (
	// countCost is a totalCount: a COUNT over the list's filter.
	countCost = 100
	// maxDepth is how deeply fields may nest.
	maxDepth = 12
	// introspectionDepth is how deeply an introspection (__schema, __type)
	// may nest: it reads the schema in memory, and the usual query of
	// GraphiQL and the code generators nests type references 15 levels.
	introspectionDepth = 30
	costCap            = math.MaxInt32
)

// operationCost returns an operation's cost and depth.
func operationCost(op *ast.OperationDefinition, vars map[string]any) (cost, depth int) {
	return selectionCost(op.SelectionSet, vars, 1)
}

func selectionCost(set ast.SelectionSet, vars map[string]any, level int) (cost, depth int) {
	for _, sel := range set {
		var c, d int
		switch s := sel.(type) {
		case *ast.Field:
			c, d = fieldCost(s, vars, level)
		case *ast.InlineFragment:
			c, d = selectionCost(s.SelectionSet, vars, level)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				c, d = selectionCost(s.Definition.SelectionSet, vars, level)
			}
		}
		cost, depth = add(cost, c), max(depth, d)
	}
	return cost, depth
}

func fieldCost(f *ast.Field, vars map[string]any, level int) (cost, depth int) {
	if len(f.SelectionSet) == 0 {
		return 0, level // a scalar
	}
	if f.Name == "__schema" || f.Name == "__type" {
		if _, d := selectionCost(f.SelectionSet, vars, level+1); d-level > introspectionDepth {
			return 0, d
		}
		return 0, level
	}
	if f.Definition == nil || f.Definition.Type == nil {
		return selectionCost(f.SelectionSet, vars, level+1)
	}
	t := f.Definition.Type
	switch {
	case strings.HasSuffix(t.Name(), "Connection"):
		// A page: one query, its rows, and a count when asked for.
		rows := defaultPageSize
		if n, ok := intArg(f.ArgumentMap(vars)["first"]); ok && n > 0 {
			rows = n
		}
		var row, count int
		for _, sel := range f.SelectionSet {
			sub, ok := sel.(*ast.Field)
			if !ok {
				c, d := selectionCost(ast.SelectionSet{sel}, vars, level+1)
				row, depth = add(row, c), max(depth, d)
				continue
			}
			switch sub.Name {
			case "totalCount":
				count = countCost
			case "nodes", "edges":
				c, d := selectionCost(sub.SelectionSet, vars, level+2)
				row, depth = add(row, c), max(depth, d)
			}
		}
		return add(add(1, mul(rows, add(1, row))), count), max(depth, level)
	case t.Elem != nil:
		// nodes(ids:) reads one row per id; a nested list (an asset's
		// mappings, its disks) is one batched read for the whole page.
		c, d := selectionCost(f.SelectionSet, vars, level+1)
		if ids, ok := f.ArgumentMap(vars)["ids"].([]any); ok {
			return add(1, mul(len(ids), add(1, c))), d
		}
		return add(1, c), d
	}
	return selectionCost(f.SelectionSet, vars, level+1)
}

// intArg reads an Int argument, literal or from a variable.
func intArg(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(min(max(n, 0), costCap)), true
	case int:
		return min(max(n, 0), costCap), true
	case float64:
		return int(min(max(n, 0), costCap)), true
	}
	return 0, false
}

func add(a, b int) int { return min(a+b, costCap) } // both are at most costCap

func mul(a, b int) int {
	if a != 0 && b > costCap/a {
		return costCap
	}
	return min(a*b, costCap)
}
