package gateway

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// referencePath is the recorded Gateway schema in the project's shared
// reference folder, beside the repository.
const referencePath = "../../../../../shared/reference/tanium-gateway-schema-2023.graphql"

func loadSchema(t *testing.T, path string) *ast.Schema {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, gerr := gqlparser.LoadSchema(&ast.Source{Name: filepath.Base(path), Input: string(body)})
	if gerr != nil {
		t.Fatalf("%s: %v", path, gerr)
	}
	return s
}

// TestSchemaMatchesReference proves the subset is the recorded schema:
// every type, field, argument, default and enum value in schema.graphql
// exists identically in the reference.
func TestSchemaMatchesReference(t *testing.T) {
	if _, err := os.Stat(referencePath); err != nil {
		t.Skipf("reference schema not present at %s (it lives in the project's shared folder beside the repository)", referencePath)
	}
	sub, ref := loadSchema(t, "schema.graphql"), loadSchema(t, referencePath)
	checked := 0
	for name, def := range sub.Types {
		if def.BuiltIn {
			continue
		}
		want := ref.Types[name]
		if want == nil {
			t.Errorf("type %s is not in the reference schema", name)
			continue
		}
		checked++
		if def.Kind != want.Kind {
			t.Errorf("%s is a %s here but a %s in the reference", name, def.Kind, want.Kind)
		}
		for _, iface := range def.Interfaces {
			if !slices.Contains(want.Interfaces, iface) {
				t.Errorf("%s implements %s here but not in the reference", name, iface)
			}
		}
		for _, ev := range def.EnumValues {
			if want.EnumValues.ForName(ev.Name) == nil {
				t.Errorf("enum value %s.%s is not in the reference", name, ev.Name)
			}
		}
		for _, f := range def.Fields {
			if f.Name == "__typename" || f.Name == "__schema" || f.Name == "__type" {
				continue
			}
			wf := want.Fields.ForName(f.Name)
			if wf == nil {
				t.Errorf("field %s.%s is not in the reference", name, f.Name)
				continue
			}
			if f.Type.String() != wf.Type.String() {
				t.Errorf("%s.%s is %s here but %s in the reference", name, f.Name, f.Type, wf.Type)
			}
			if defaultOf(f.DefaultValue) != defaultOf(wf.DefaultValue) {
				t.Errorf("%s.%s defaults to %s here but %s in the reference", name, f.Name, defaultOf(f.DefaultValue), defaultOf(wf.DefaultValue))
			}
			if len(f.Arguments) != len(wf.Arguments) {
				t.Errorf("%s.%s has %d arguments here but %d in the reference", name, f.Name, len(f.Arguments), len(wf.Arguments))
			}
			for _, a := range f.Arguments {
				wa := wf.Arguments.ForName(a.Name)
				if wa == nil || a.Type.String() != wa.Type.String() || defaultOf(a.DefaultValue) != defaultOf(wa.DefaultValue) {
					t.Errorf("argument %s.%s(%s) differs from the reference", name, f.Name, a.Name)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d types checked", checked)
	}
}

func defaultOf(v *ast.Value) string {
	if v == nil {
		return ""
	}
	return v.String()
}
