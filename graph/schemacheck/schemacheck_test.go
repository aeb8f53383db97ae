package schemacheck

import (
	"strings"
	"testing"
)

const base = `
"A" type Query { "a" a(x: Int, y: String!): String "b" b: [Int!] "c" c: Kind "d" d(in: In): U "old" old: Int @deprecated(reason: "gone") }
"K" enum Kind { "1" ONE "2" TWO }
"I" input In { "f" f: Int "g" g: String! "h" h: Int = 1 }
"X" type X { "x" x: Int } "Y" type Y { "y" y: Int }
"U" union U = X | Y
`

func diff(t *testing.T, old, new string) map[string]Level {
	t.Helper()
	o, err := Load("old", old)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Load("new", new)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Level{}
	for _, c := range Diff(o, n) {
		out[c.ID] = c.Level
	}
	return out
}

func TestClassification(t *testing.T) {
	cases := []struct {
		name, from, to, id string
		want               Level
	}{
		{"field removed", `"a" a(x: Int, y: String!): String`, "", "FIELD_REMOVED Query.a", Breaking},
		{"deprecated field removed", `"old" old: Int @deprecated(reason: "gone")`, "", "FIELD_REMOVED Query.old", Breaking},
		{"output made nullable", `b: [Int!]`, `b: [Int]`, "FIELD_TYPE_CHANGED Query.b", Breaking},
		{"output made non-null", `b: [Int!]`, `b: [Int!]!`, "FIELD_TYPE_NARROWED Query.b", Safe},
		{"output type renamed", `c: Kind`, `c: String`, "FIELD_TYPE_CHANGED Query.c", Breaking},
		{"argument removed", `a(x: Int, y: String!)`, `a(y: String!)`, "ARG_REMOVED Query.a(x)", Breaking},
		{"argument made required", `a(x: Int, y: String!)`, `a(x: Int!, y: String!)`, "ARG_TYPE_CHANGED Query.a(x)", Breaking},
		{"argument made optional", `a(x: Int, y: String!)`, `a(x: Int, y: String)`, "", Safe},
		{"required argument added", `a(x: Int, y: String!)`, `a(x: Int, y: String!, z: Int!)`, "REQUIRED_ARG_ADDED Query.a(z)", Breaking},
		{"optional argument added", `a(x: Int, y: String!)`, `a(x: Int, y: String!, z: Int)`, "ARG_ADDED Query.a(z)", Safe},
		{"argument with default added", `a(x: Int, y: String!)`, `a(x: Int, y: String!, z: Int! = 3)`, "ARG_ADDED Query.a(z)", Safe},
		{"enum value removed", `"2" TWO`, "", "ENUM_VALUE_REMOVED Kind.TWO", Breaking},
		{"enum value added", `"2" TWO`, `"2" TWO "3" THREE`, "ENUM_VALUE_ADDED Kind.THREE", Dangerous},
		{"input field removed", `"f" f: Int`, "", "INPUT_FIELD_REMOVED In.f", Breaking},
		{"required input field added", `"h" h: Int = 1`, `"h" h: Int = 1 "k" k: Int!`, "REQUIRED_INPUT_FIELD_ADDED In.k", Breaking},
		{"input default changed", `h: Int = 1`, `h: Int = 2`, "INPUT_FIELD_DEFAULT_CHANGED In.h", Dangerous},
		{"union member removed", `U = X | Y`, `U = X`, "UNION_MEMBER_REMOVED U.Y", Breaking},
		{"type added", `"Y" type Y`, `"Z" type Z { "z" z: Int } "Y" type Y`, "TYPE_ADDED Z", Safe},
		{"field deprecated", `"b" b: [Int!]`, `"b" b: [Int!] @deprecated(reason: "use c")`, "FIELD_DEPRECATED Query.b", Safe},
	}
	for _, c := range cases {
		if !strings.Contains(base, c.from) {
			t.Fatalf("%s: %q is not in the base schema", c.name, c.from)
		}
		got := diff(t, base, strings.Replace(base, c.from, c.to, 1))
		if c.id == "" {
			for id, l := range got {
				if l != Safe {
					t.Errorf("%s: %s is %v, want only safe changes", c.name, id, l)
				}
			}
			continue
		}
		if l, ok := got[c.id]; !ok || l != c.want {
			t.Errorf("%s: got %v, want %s as %v", c.name, got, c.id, c.want)
		}
	}
	if got := diff(t, base, base); len(got) != 0 {
		t.Errorf("an unchanged schema has changes: %v", got)
	}
}

func TestMarksAcceptOnlyTheNamedBreakingChange(t *testing.T) {
	o, _ := Load("old", base)
	n, _ := Load("new", strings.Replace(strings.Replace(base, `"2" TWO`, "", 1), `"f" f: Int`, "", 1))
	changes := Diff(o, n)
	if got := Unmarked(changes, ""); len(got) != 2 {
		t.Fatalf("unmarked: %v, want both removals", got)
	}
	marks := "# intended\nENUM_VALUE_REMOVED   Kind.TWO  # TWO was never sent\n\n"
	got := Unmarked(changes, marks)
	if len(got) != 1 || got[0].ID != "INPUT_FIELD_REMOVED In.f" {
		t.Fatalf("unmarked with one mark: %v", got)
	}
}

func TestUndescribed(t *testing.T) {
	s, _ := Load("s", `"Q" type Query { "a" a(x: Int): Int b: Int } enum E { "v" V W }`)
	got := strings.Join(Undescribed(s), ", ")
	want := "type E, enum value E.W, argument Query.a(x), field Query.b"
	if got != want {
		t.Fatalf("undescribed: %s, want %s", got, want)
	}
}
