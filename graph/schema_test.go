package graph_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/rmmgraph/rmmgraph/graph"
	"github.com/rmmgraph/rmmgraph/graph/generated"
	"github.com/rmmgraph/rmmgraph/graph/schemacheck"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	snapshotPath = "schema.graphql"
	// marksPath lists the breaking changes made on purpose (README, "API
	// changes").
	marksPath = "schema-breaking.txt"
)

func printedSchema() string {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}})
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(es.Schema())
	return buf.String()
}

// classify lists the changes from old to new and the breaking ones not
// marked intended.
func classify(t *testing.T, old, new string) (all, unmarked []schemacheck.Change) {
	t.Helper()
	oldSchema, err := schemacheck.Load("old", old)
	if err != nil {
		t.Fatalf("the earlier schema does not parse: %v", err)
	}
	newSchema, err := schemacheck.Load("new", new)
	if err != nil {
		t.Fatalf("the schema does not parse: %v", err)
	}
	marks, err := os.ReadFile(marksPath)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	all = schemacheck.Diff(oldSchema, newSchema)
	return all, schemacheck.Unmarked(all, string(marks))
}

func list(changes []schemacheck.Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "\n  %s", c)
	}
	return b.String()
}

// The full schema is snapshotted in schema.graphql; a change to the API
// must show up there in review. `make generate` refreshes it, and refuses
// a breaking change that schema-breaking.txt does not mark intended.
func TestSchemaSnapshot(t *testing.T) {
	got := printedSchema()
	want, err := os.ReadFile(snapshotPath)
	if err != nil {
		t.Fatalf("%v (run `make generate`)", err)
	}
	if string(want) == got {
		return
	}
	all, unmarked := classify(t, string(want), got)
	if len(unmarked) > 0 {
		t.Fatalf("the schema change breaks existing clients; deprecate first and remove later, or add the change's ID to graph/%s with the reason:%s", marksPath, list(unmarked))
	}
	if *update {
		if err := os.WriteFile(snapshotPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("schema changes:%s", list(all))
		return
	}
	t.Fatalf("the GraphQL schema changed but graph/%s was not updated: run `make generate` and review the diff; the changes:%s", snapshotPath, list(all))
}

// Every committed change of the snapshot since the policy began, and any
// uncommitted one, is classified; a breaking change must be marked.
func TestSchemaHistoryHasNoUnmarkedBreakingChange(t *testing.T) {
	git := func(args ...string) (string, error) {
		out, err := exec.Command("git", args...).Output()
		return string(out), err
	}
	if _, err := git("rev-parse", "HEAD"); err != nil {
		t.Skip("not a git checkout: the snapshot's history cannot be read (TestSchemaSnapshot still guards the working tree)")
	}
	check := func(what, old, new string) {
		if _, unmarked := classify(t, old, new); len(unmarked) > 0 {
			t.Errorf("%s breaks existing clients without a mark in graph/%s:%s", what, marksPath, list(unmarked))
		}
	}
	if head, err := git("show", "HEAD:./"+snapshotPath); err == nil {
		if now, err := os.ReadFile(snapshotPath); err == nil {
			check("the uncommitted snapshot", head, string(now))
		}
	}
	since, _ := git("log", "--diff-filter=A", "--format=%H", "--", marksPath)
	since = strings.TrimSpace(since)
	if since == "" {
		return
	}
	commits, err := git("log", "--format=%H", since+"..HEAD", "--", snapshotPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range strings.Fields(commits) {
		old, err1 := git("show", c+"^:./"+snapshotPath)
		new, err2 := git("show", c+":./"+snapshotPath)
		if err1 != nil || err2 != nil {
			continue // the file was added or removed, or the history is shallow
		}
		check("commit "+c[:12], old, new)
	}
}

// Every type, field, argument and enum value says what it is.
func TestSchemaIsDescribed(t *testing.T) {
	s, err := schemacheck.Load("schema", printedSchema())
	if err != nil {
		t.Fatal(err)
	}
	if missing := schemacheck.Undescribed(s); len(missing) > 0 {
		t.Fatalf("%d schema elements lack a description:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
}
