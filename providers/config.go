package providers

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is a configuration value a provider cannot use.
type FieldError struct {
	Key     string
	Message string
}

// Field returns the config field with this key.
func (info Info) Field(key string) (ConfigField, bool) {
	for _, f := range info.ConfigFields {
		if f.Key == key {
			return f, true
		}
	}
	return ConfigField{}, false
}

// CheckValues validates values against the provider's config fields. An
// empty value means "remove". have reports whether a key already has a
// stored value, so that required fields are judged on the result.
func (info Info) CheckValues(values map[string]string, have func(key string) bool) []FieldError {
	var errs []FieldError
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := strings.TrimSpace(values[k])
		f, ok := info.Field(k)
		if !ok {
			errs = append(errs, FieldError{k, fmt.Sprintf("%s has no setting %q", info.DisplayName, k)})
			continue
		}
		if v == "" {
			continue
		}
		if strings.ContainsRune(v, 0) {
			errs = append(errs, FieldError{k, f.Label + ": must not contain NUL characters"})
			continue
		}
		if n, limit := utf8.RuneCountInString(v), maxLength(f.Kind); n > limit {
			errs = append(errs, FieldError{k, fmt.Sprintf("%s: at most %d characters, got %d", f.Label, limit, n)})
			continue
		}
		if msg := checkKind(f, v); msg != "" {
			errs = append(errs, FieldError{k, f.Label + ": " + msg})
		}
	}
	for _, f := range info.ConfigFields {
		if !f.Required {
			continue
		}
		v, given := values[f.Key]
		if (given && strings.TrimSpace(v) == "") || (!given && !have(f.Key)) {
			errs = append(errs, FieldError{f.Key, f.Label + " is required"})
		}
	}
	return errs
}

// maxLength is the longest value of a kind of field, in characters.
func maxLength(k FieldKind) int {
	switch k {
	case FieldURL:
		return 2048
	case FieldText, FieldSecret:
		return 64 << 10 // PEM bundles, long tokens
	}
	return 256
}

func checkKind(f ConfigField, v string) string {
	switch f.Kind {
	case FieldURL:
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			if u2, err2 := url.Parse("https://" + v); err2 == nil && u2.Host != "" && !strings.Contains(v, "://") {
				return "" // a bare host; the provider adds the scheme
			}
			return "must be a URL such as https://rmm.example.com"
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return "must be an http or https URL"
		}
	case FieldBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return "must be true or false"
		}
	case FieldInt:
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			return "must be a whole number"
		case f.Min != nil && f.Max != nil && (n < *f.Min || n > *f.Max):
			return fmt.Sprintf("must be between %d and %d, got %d", *f.Min, *f.Max, n)
		case f.Min != nil && n < *f.Min:
			return fmt.Sprintf("must be at least %d, got %d", *f.Min, n)
		case f.Max != nil && n > *f.Max:
			return fmt.Sprintf("must be at most %d, got %d", *f.Max, n)
		}
	case FieldEnum:
		if !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
			vals := make([]string, len(f.Options))
			for i, o := range f.Options {
				vals[i] = o.Value
			}
			return "must be one of " + strings.Join(vals, ", ")
		}
	}
	if f.Pattern != "" && !regexp.MustCompile(`^(?:`+f.Pattern+`)$`).MatchString(v) {
		if f.PatternHelp != "" {
			return f.PatternHelp
		}
		return "is not in the expected form"
	}
	return ""
}
