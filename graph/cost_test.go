package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestCostArithmeticSaturates(t *testing.T) {
	if got := mul(3, 0x5555555555555556); got != costCap {
		t.Errorf("3 × 0x5555555555555556 = %d, want the cap %d", got, costCap)
	}
	if got := add(costCap, costCap); got != costCap {
		t.Errorf("cap + cap = %d", got)
	}
	if got, _ := intArg(int64(math.MaxInt64)); got != costCap {
		t.Errorf("a huge first: %d", got)
	}
}

func TestDepthIsMeasured(t *testing.T) {
	q := "{ " + strings.Repeat("a { ", 13) + "b" + strings.Repeat(" }", 13) + " }"
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	if _, depth := operationCost(doc.Operations[0], nil); depth != 14 {
		t.Fatalf("depth %d, want 14", depth)
	}
}
