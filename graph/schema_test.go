package graph_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/graph/generated"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The full schema is snapshotted in schema.graphql; a change to the API
// must show up there in review. Run `make generate` to refresh it.
func TestSchemaSnapshot(t *testing.T) {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}})
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(es.Schema())
	const path = "schema.graphql"
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `make generate`)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Fatalf("the GraphQL schema changed but graph/%s was not updated: run `make generate` and review the diff", path)
	}
}
