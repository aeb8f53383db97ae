package store_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// fill sets every field below v to a value of its kind: strings "a",
// numbers 1, times a fixed instant, one element per slice, one key per map,
// every Opt supplied.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("a")
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Bool:
		v.SetBool(false)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Name == "Set" {
				v.Field(i).SetBool(true)
				continue
			}
			fill(v.Field(i))
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(any("a")))
		v.Set(m)
	}
}

// leaves calls f with the path of every leaf below v: a field, an Opt's
// Set flag, a slice (by growing it), a map (by changing its value).
func leaves(v reflect.Value, path string, f func(path string, leaf reflect.Value)) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			f(path, v)
			return
		}
		for i := range v.NumField() {
			leaves(v.Field(i), path+"."+v.Type().Field(i).Name, f)
		}
	case reflect.Slice:
		f(path+"[+]", v)
		leaves(v.Index(0), path+"[0]", f)
	default:
		f(path, v)
	}
}

func perturb(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("b")
	case reflect.Int, reflect.Int64:
		v.SetInt(2)
	case reflect.Float64:
		v.SetFloat(2.5)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Struct: // time
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second)))
	case reflect.Slice:
		v.Set(reflect.Append(v, v.Index(0)))
	case reflect.Map:
		v.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(any("b")))
	}
}

// Every field of a device, at every depth, changes its digest, except the
// heartbeat, which is compared directly; so an equal digest can stand for
// equal rows.
func TestDeviceDigestCoversEveryField(t *testing.T) {
	client := uuid.New()
	base := func() *rmm.Device {
		d := &rmm.Device{}
		fill(reflect.ValueOf(d).Elem())
		return d
	}
	want := store.DeviceDigest("p", base(), client)
	var paths []string
	leaves(reflect.ValueOf(base()).Elem(), "Device", func(path string, _ reflect.Value) { paths = append(paths, path) })
	if len(paths) < 60 {
		t.Fatalf("walked only %d leaves", len(paths))
	}
	for _, path := range paths {
		d := base()
		leaves(reflect.ValueOf(d).Elem(), "Device", func(p string, leaf reflect.Value) {
			if p == path {
				perturb(leaf)
			}
		})
		got := store.DeviceDigest("p", d, client)
		heartbeat := strings.HasPrefix(path, "Device.LastSeenAt") || path == "Device.AgentStatus"
		if heartbeat && got != want {
			t.Errorf("%s is the heartbeat but changes the digest", path)
		}
		if !heartbeat && got == want {
			t.Errorf("%s does not change the digest: add it to DeviceDigest", path)
		}
	}
	if store.DeviceDigest("p", base(), uuid.New()) == want || store.DeviceDigest("q", base(), client) == want {
		t.Error("the client and provider must change the digest")
	}
}
