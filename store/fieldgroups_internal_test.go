package store

import "testing"

// Every column the pipeline writes belongs to a field group, except the
// bookkeeping stamps and status, which every source writes.
func TestEveryWrittenColumnHasAFieldGroup(t *testing.T) {
	ungrouped := map[string]bool{"asset_tag": true, "status": true, "last_rmm_sync_at": true, "created_at": true, "updated_at": true}
	for _, tbl := range writtenTables {
		for _, c := range tbl.cols {
			if _, ok := columnGroups[c.name]; !ok && !ungrouped[c.name] {
				t.Errorf("%s.%s has no field group: add it to columnGroups", tbl.name, c.name)
			}
		}
	}
}

func TestPrecedence(t *testing.T) {
	p := Precedence{GroupOS: {"b", "a"}}.With(Precedence{GroupOS: {"a"}, GroupHardware: {"lead"}}) // the tenant's OS order wins over the default
	hw := Groups(1 << GroupHardware)
	os := Groups(1 << GroupOS)
	cases := []struct {
		name     string
		provider string
		others   []Source
		want     Groups
	}{
		{"alone", "a", nil, AllGroups},
		{"unlisted, ranked by id, except where listed", "a", []Source{{Provider: "b", Groups: AllGroups, Active: true}}, AllGroups &^ os},
		{"ranked second", "b", []Source{{Provider: "a", Groups: AllGroups, Active: true}}, os},
		{"the higher source does not supply the group", "b", []Source{{Provider: "a", Groups: hw, Active: true}}, AllGroups &^ hw},
		{"the higher source is retired", "b", []Source{{Provider: "a", Groups: AllGroups, Active: false}}, AllGroups},
		{"a listed provider ranks above an unlisted one", "zz", []Source{{Provider: "lead", Groups: hw, Active: true}}, AllGroups &^ hw},
	}
	for _, c := range cases {
		if got := p.Owned(c.provider, c.others); got != c.want {
			t.Errorf("%s: owned %07b, want %07b", c.name, got, c.want)
		}
	}
	srcs := []Source{{Provider: "a", Groups: AllGroups, Active: true}, {Provider: "b", Groups: os, Active: true}}
	if got := p.Origin(GroupOS, srcs); got != "b" {
		t.Errorf("os origin %q", got)
	}
	if got := p.Origin(GroupHardware, srcs); got != "a" {
		t.Errorf("hardware origin %q", got)
	}
	srcs[1].Active = false
	if got := p.Origin(GroupOS, srcs); got != "a" {
		t.Errorf("os origin with b retired %q", got)
	}
}

// Restrict drops the columns of groups not owned and keeps the rest.
func TestRestrictKeepsOnlyOwnedGroups(t *testing.T) {
	r := row{vals: make([]any, len(workstationTable.cols))}
	for i := range workstationTable.cols {
		r.put(i, "x")
	}
	d := DeviceRows{extTable: workstationTable, ext: r, asset: row{vals: make([]any, len(assetsTable.cols)), mask: 1<<len(assetsTable.cols) - 1}}
	got := d.Restrict(Groups(1 << GroupUser))
	for i, c := range workstationTable.cols {
		kept := got.ext.mask&(1<<uint(i)) != 0
		if kept != (c.name == "current_user") {
			t.Errorf("workstation %s kept=%v", c.name, kept)
		}
	}
	for i, c := range assetsTable.cols {
		kept := got.asset.mask&(1<<uint(i)) != 0
		_, grouped := columnGroups[c.name]
		if kept == grouped {
			t.Errorf("assets %s kept=%v", c.name, kept)
		}
	}
}
