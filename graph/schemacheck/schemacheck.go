// Package schemacheck classifies the differences between two versions of
// the GraphQL schema as breaking, dangerous or safe for existing clients,
// and checks that every element is described.
package schemacheck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Level says what a change does to existing clients.
type Level int

const (
	// Safe changes cannot break a client: additions, descriptions,
	// deprecations, stricter output types.
	Safe Level = iota
	// Dangerous changes keep every query valid but can surprise a client
	// (an enum value it does not know, a changed default).
	Dangerous
	// Breaking changes make a query that was valid invalid, or change
	// what it returns in a way its types do not allow.
	Breaking
)

func (l Level) String() string {
	return [...]string{"safe", "dangerous", "breaking"}[l]
}

// Change is one difference. ID names it stably ("FIELD_REMOVED
// Integration.syncError"): an intended breaking change is marked by its ID.
type Change struct {
	Level  Level
	ID     string
	Detail string
}

func (c Change) String() string {
	if c.Detail == "" {
		return c.Level.String() + ": " + c.ID
	}
	return c.Level.String() + ": " + c.ID + " (" + c.Detail + ")"
}

// Load parses a schema document.
func Load(name, text string) (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: name, Input: text})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Diff lists the changes from old to new, breaking ones first, each group
// sorted by ID.
func Diff(old, new *ast.Schema) []Change {
	d := &differ{}
	for _, name := range sortedKeys(old.Types) {
		ot := old.Types[name]
		if ot.BuiltIn {
			continue
		}
		nt, ok := new.Types[name]
		if !ok {
			d.add(Breaking, "TYPE_REMOVED "+name, "")
			continue
		}
		if ot.Kind != nt.Kind {
			d.add(Breaking, "TYPE_KIND_CHANGED "+name, fmt.Sprintf("%s to %s", ot.Kind, nt.Kind))
			continue
		}
		switch ot.Kind {
		case ast.Object, ast.Interface:
			d.fields(ot, nt)
			d.interfaces(ot, nt)
		case ast.InputObject:
			d.inputFields(ot, nt)
		case ast.Enum:
			d.enum(ot, nt)
		case ast.Union:
			d.union(ot, nt)
		}
	}
	for _, name := range sortedKeys(new.Types) {
		if _, ok := old.Types[name]; !ok && !new.Types[name].BuiltIn {
			d.add(Safe, "TYPE_ADDED "+name, "")
		}
	}
	sort.SliceStable(d.out, func(i, j int) bool {
		if d.out[i].Level != d.out[j].Level {
			return d.out[i].Level > d.out[j].Level
		}
		return d.out[i].ID < d.out[j].ID
	})
	return d.out
}

type differ struct{ out []Change }

func (d *differ) add(l Level, id, detail string) {
	d.out = append(d.out, Change{Level: l, ID: id, Detail: detail})
}

func (d *differ) fields(ot, nt *ast.Definition) {
	for _, of := range ot.Fields {
		name := ot.Name + "." + of.Name
		nf := nt.Fields.ForName(of.Name)
		if nf == nil {
			detail := "deprecate it first, remove it later"
			if of.Directives.ForName("deprecated") != nil {
				detail = "was deprecated"
			}
			d.add(Breaking, "FIELD_REMOVED "+name, detail)
			continue
		}
		if !outputSafe(of.Type, nf.Type) {
			d.add(Breaking, "FIELD_TYPE_CHANGED "+name, of.Type.String()+" to "+nf.Type.String())
		} else if of.Type.String() != nf.Type.String() {
			d.add(Safe, "FIELD_TYPE_NARROWED "+name, of.Type.String()+" to "+nf.Type.String())
		}
		if of.Directives.ForName("deprecated") == nil && nf.Directives.ForName("deprecated") != nil {
			d.add(Safe, "FIELD_DEPRECATED "+name, "")
		}
		d.arguments(name, of.Arguments, nf.Arguments)
	}
	for _, nf := range nt.Fields {
		if ot.Fields.ForName(nf.Name) == nil {
			d.add(Safe, "FIELD_ADDED "+ot.Name+"."+nf.Name, "")
		}
	}
}

func (d *differ) arguments(field string, old, new ast.ArgumentDefinitionList) {
	for _, oa := range old {
		name := field + "(" + oa.Name + ")"
		na := new.ForName(oa.Name)
		if na == nil {
			d.add(Breaking, "ARG_REMOVED "+name, "")
			continue
		}
		if !inputSafe(oa.Type, na.Type) {
			d.add(Breaking, "ARG_TYPE_CHANGED "+name, oa.Type.String()+" to "+na.Type.String())
		}
		if valueString(oa.DefaultValue) != valueString(na.DefaultValue) {
			d.add(Dangerous, "ARG_DEFAULT_CHANGED "+name, valueString(oa.DefaultValue)+" to "+valueString(na.DefaultValue))
		}
	}
	for _, na := range new {
		if old.ForName(na.Name) != nil {
			continue
		}
		if na.Type.NonNull && na.DefaultValue == nil {
			d.add(Breaking, "REQUIRED_ARG_ADDED "+field+"("+na.Name+")", "")
		} else {
			d.add(Safe, "ARG_ADDED "+field+"("+na.Name+")", "")
		}
	}
}

func (d *differ) inputFields(ot, nt *ast.Definition) {
	for _, of := range ot.Fields {
		name := ot.Name + "." + of.Name
		nf := nt.Fields.ForName(of.Name)
		if nf == nil {
			d.add(Breaking, "INPUT_FIELD_REMOVED "+name, "")
			continue
		}
		if !inputSafe(of.Type, nf.Type) {
			d.add(Breaking, "INPUT_FIELD_TYPE_CHANGED "+name, of.Type.String()+" to "+nf.Type.String())
		}
		if valueString(of.DefaultValue) != valueString(nf.DefaultValue) {
			d.add(Dangerous, "INPUT_FIELD_DEFAULT_CHANGED "+name, valueString(of.DefaultValue)+" to "+valueString(nf.DefaultValue))
		}
	}
	for _, nf := range nt.Fields {
		if ot.Fields.ForName(nf.Name) != nil {
			continue
		}
		if nf.Type.NonNull && nf.DefaultValue == nil {
			d.add(Breaking, "REQUIRED_INPUT_FIELD_ADDED "+ot.Name+"."+nf.Name, "")
		} else {
			d.add(Safe, "INPUT_FIELD_ADDED "+ot.Name+"."+nf.Name, "")
		}
	}
}

func (d *differ) enum(ot, nt *ast.Definition) {
	for _, ov := range ot.EnumValues {
		if nt.EnumValues.ForName(ov.Name) == nil {
			d.add(Breaking, "ENUM_VALUE_REMOVED "+ot.Name+"."+ov.Name, "")
		}
	}
	for _, nv := range nt.EnumValues {
		if ot.EnumValues.ForName(nv.Name) == nil {
			d.add(Dangerous, "ENUM_VALUE_ADDED "+ot.Name+"."+nv.Name, "clients that switch on the enum must handle it")
		}
	}
}

func (d *differ) union(ot, nt *ast.Definition) {
	for _, m := range ot.Types {
		if !contains(nt.Types, m) {
			d.add(Breaking, "UNION_MEMBER_REMOVED "+ot.Name+"."+m, "")
		}
	}
	for _, m := range nt.Types {
		if !contains(ot.Types, m) {
			d.add(Dangerous, "UNION_MEMBER_ADDED "+ot.Name+"."+m, "")
		}
	}
}

func (d *differ) interfaces(ot, nt *ast.Definition) {
	for _, i := range ot.Interfaces {
		if !contains(nt.Interfaces, i) {
			d.add(Breaking, "INTERFACE_REMOVED "+ot.Name+"."+i, "")
		}
	}
}

// outputSafe: every value of type new is a valid value of type old (a
// field may become non-null, never nullable; its named type must stay).
func outputSafe(old, new *ast.Type) bool {
	if new.NonNull && !old.NonNull {
		return outputSafe(old, nullable(new))
	}
	if old.NonNull != new.NonNull || (old.Elem == nil) != (new.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return outputSafe(old.Elem, new.Elem)
	}
	return old.NamedType == new.NamedType
}

// inputSafe: every value a client could send as old is valid as new (an
// argument may become nullable, never required).
func inputSafe(old, new *ast.Type) bool {
	if old.NonNull && !new.NonNull {
		return inputSafe(nullable(old), new)
	}
	if old.NonNull != new.NonNull || (old.Elem == nil) != (new.Elem == nil) {
		return false
	}
	if old.Elem != nil {
		return inputSafe(old.Elem, new.Elem)
	}
	return old.NamedType == new.NamedType
}

func nullable(t *ast.Type) *ast.Type {
	c := *t
	c.NonNull = false
	return &c
}

func valueString(v *ast.Value) string {
	if v == nil {
		return "none"
	}
	return v.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]*ast.Definition) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Unmarked is the breaking changes whose IDs marks does not list. marks
// is the text of the intended-changes file: one change ID per line, text
// after '#' and blank lines ignored.
func Unmarked(changes []Change, marks string) []Change {
	marked := map[string]bool{}
	for _, line := range strings.Split(marks, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			marked[line] = true
		}
	}
	var out []Change
	for _, c := range changes {
		if c.Level == Breaking && !marked[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// Undescribed lists the types, fields, arguments and enum values of s
// that have no description.
func Undescribed(s *ast.Schema) []string {
	var out []string
	for _, name := range sortedKeys(s.Types) {
		t := s.Types[name]
		if t.BuiltIn {
			continue
		}
		if t.Description == "" {
			out = append(out, "type "+name)
		}
		for _, f := range t.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if f.Description == "" {
				out = append(out, "field "+name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					out = append(out, "argument "+name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		for _, v := range t.EnumValues {
			if v.Description == "" {
				out = append(out, "enum value "+name+"."+v.Name)
			}
		}
	}
	return out
}
