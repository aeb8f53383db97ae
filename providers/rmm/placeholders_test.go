package rmm

import (
	"strings"
	"testing"
)

func TestCleanSerial(t *testing.T) {
	for in, want := range map[string]bool{ // serial -> kept
		"PF3ABCDE": true, " 5CG1234XYZ ": true, "C02XK1ZJJG5H": true, "1.A": true, "A.1": true, "2": true,
		"": false, "   ": false, "To Be Filled By O.E.M.": false, "0000000": false, "1111": false,
		"0101 1": true, "010110": false, "1.0": false, "ver 2.3.1": false, "BIOS1.2X": false,
	} {
		got := CleanSerial(in)
		if got.Set != want {
			t.Errorf("CleanSerial(%q) kept = %v, want %v", in, got.Set, want)
		}
		if want && got.V != strings.TrimSpace(in) {
			t.Errorf("CleanSerial(%q) = %q", in, got.V)
		}
	}
}
