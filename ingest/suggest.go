package ingest

import (
	"slices"
	"strings"
	"unicode"

	"github.com/google/uuid"
)

// Candidate is a client a scope may be mapped to.
type Candidate struct {
	ID   uuid.UUID
	Name string
}

// Suggestion is the client a scope's name points to, with how sure.
type Suggestion struct {
	ClientID uuid.UUID
	Score    float64 // 0.6 to 1
	Reason   string
}

// noiseWords carry no identity in scope or client names: legal forms and
// the words RMMs add to group names.
var noiseWords = map[string]bool{"inc": true, "llc": true, "ltd": true, "limited": true, "gmbh": true, "corp": true, "corporation": true,
	"co": true, "company": true, "plc": true, "ag": true, "bv": true, "sa": true, "the": true, "and": true, "of": true,
	"computers": true, "computer": true, "workstations": true, "servers": true, "devices": true, "endpoints": true, "all": true}

func nameWords(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if !noiseWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// SuggestClient picks the client a scope's name points to: the same name
// once legal forms and RMM words are dropped ("Contoso Computers" and
// "Contoso, Inc."), a name the scope's contains, or names sharing most of
// their words. Two equally good clients suggest neither: a wrong
// suggestion is worse than none.
func SuggestClient(scope string, clients []Candidate) (Suggestion, bool) {
	sw := nameWords(scope)
	if len(sw) == 0 {
		return Suggestion{}, false
	}
	var best Suggestion
	tied := false
	for _, c := range clients {
		cw := nameWords(c.Name)
		if len(cw) == 0 {
			continue
		}
		s := Suggestion{ClientID: c.ID}
		switch shared := sharedWords(sw, cw); {
		case slices.Equal(sw, cw):
			s.Score, s.Reason = 1, "same name"
		case shared == len(cw) && hasWord(cw):
			s.Score, s.Reason = 0.9, "the scope's name contains the client's name"
		default:
			if j := float64(shared) / float64(len(sw)+len(cw)-shared); j >= 0.6 {
				s.Score, s.Reason = j, "the names share most of their words"
			}
		}
		switch {
		case s.Score == 0:
		case s.Score > best.Score:
			best, tied = s, false
		case s.Score == best.Score:
			tied = true
		}
	}
	return best, best.Score > 0 && !tied
}

func sharedWords(a, b []string) int {
	n := 0
	for _, w := range b {
		if slices.Contains(a, w) {
			n++
		}
	}
	return n
}

// hasWord reports whether a name has a real word, not only numbers or
// initials, for containment to mean something.
func hasWord(words []string) bool {
	for _, w := range words {
		if len(w) >= 3 && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}
