package rmm

import (
	"net/netip"
	"strings"
)

// Placeholder identifier values treated as absent: they do not identify a
// device and are never stored over a real value.

var placeholderSerials = setOf(
	"n/a", "(null string)", "invalid", "sys-1234567890", "sys-9876543210", "sn-12345", "sn-1234567890",
	"0123456789", "12345", "123456", "1234567", "12345678", "123456789", "1234567890", "123456789000",
	"12345678901234567", "nnnnnnn", "xxxxxxxxxxx", "eval", "iatpass", "none", "to be filled by o.e.m.",
	"tulip computers", "serial number xxxxxx", "sn-123456fvgv3i0b8o5n6n7k", "unknow", "unknown", "system serial number",
	"mb-1234567890", "empty", "not specified", "oem_serial", "systemserialnumb", "default string",
	"not applicable", "0", "chassis serial number", "base board serial number", "null", "-",
)

var placeholderUUIDs = setOf(
	"ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000000",
	"03000200-0400-0500-0006-000700080009", "6ab5b300-538d-1014-9fb5-b0684d007b53",
	"01010101-0101-0101-0101-010101010101", "2",
)

var placeholderModels = setOf("unknow", "to be filled by o.e.m.", "*", "system product name", "product name", "system name", "all series", "default string")

var placeholderManufacturers = setOf("system manufacturer", "to be filled by o.e.m.", "default string")

var placeholderMACs = setOf(
	"", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "fe:ff:ff:ff:ff:ff", "20:41:53:59:4e:ff", "02:00:4e:43:50:49",
	"e2:e6:16:20:0a:35", "d2:0a:2d:a0:04:be", "d2:6b:25:2f:2c:e7", "00:a0:c6:00:00:00", "33:50:6f:45:30:30",
	"0a:00:27:00:00:00", "02:80:37:ec:02:00", "50:50:54:50:30:30", "24:b6:20:52:41:53", "00:0b:ca:fe:00:00",
)

func setOf(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// CleanSerial returns the serial number, or not-supplied for a placeholder.
func CleanSerial(s string) Opt[string] {
	s = strings.TrimSpace(s)
	l := strings.ToLower(s)
	if l == "" || placeholderSerials[l] {
		return Opt[string]{}
	}
	if strings.Trim(l, "01") == "" || hasVersion(l) { // only zeros and ones, or a version such as "1.0"
		return Opt[string]{}
	}
	return Some(s)
}

// hasVersion reports a digit, a dot and a digit anywhere in s.
func hasVersion(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '.' && isDigit(s[i-1]) && isDigit(s[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsPlaceholderUUID reports whether a system UUID is a known dummy value.
func IsPlaceholderUUID(s string) bool {
	return placeholderUUIDs[strings.ToLower(strings.TrimSpace(s))]
}

// CleanModel returns the model, or not-supplied for a placeholder.
func CleanModel(s string) Opt[string] { return cleanFrom(s, placeholderModels) }

// CleanManufacturer returns the manufacturer, or not-supplied for a placeholder.
func CleanManufacturer(s string) Opt[string] { return cleanFrom(s, placeholderManufacturers) }

func cleanFrom(s string, set map[string]bool) Opt[string] {
	s = strings.TrimSpace(s)
	if s == "" || set[strings.ToLower(s)] {
		return Opt[string]{}
	}
	return Some(s)
}

// CleanMAC normalizes a MAC to lower case with colons; placeholders and
// VMware host-only adapters are not-supplied.
func CleanMAC(s string) Opt[string] {
	m := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "-", ":"))
	if placeholderMACs[m] || strings.HasPrefix(m, "00:50:56:c0:") || len(m) != 17 {
		return Opt[string]{}
	}
	return Some(m)
}

// CleanIP returns an address that can identify a host on a network:
// unspecified, loopback and link-local addresses are not-supplied.
func CleanIP(s string) Opt[string] {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.IsUnspecified() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return Opt[string]{}
	}
	return Some(a.String())
}
