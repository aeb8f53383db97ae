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
	URL  string // the client's website, if known
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
	var best Suggestion
	tied := false
	for _, c := range clients {
		s, ok := nameMatch(scope, c)
		switch {
		case !ok:
		case s.Score > best.Score:
			best, tied = s, false
		case s.Score == best.Score:
			tied = true
		}
	}
	return best, best.Score > 0 && !tied
}

// nameMatch scores how well a scope's name points to a client.
func nameMatch(scope string, c Candidate) (Suggestion, bool) {
	sw, cw := nameWords(scope), nameWords(c.Name)
	if len(sw) == 0 || len(cw) == 0 {
		return Suggestion{}, false
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
	return s, s.Score > 0
}

// ScopeEvidence is what is known about a scope besides its name.
type ScopeEvidence struct {
	Name string
	// Domains are the Windows or DNS domains its devices report, most
	// common first.
	Domains []string
	// Elsewhere are scopes of other providers with the same name and the
	// client each is mapped to.
	Elsewhere []MappedElsewhere
}

// MappedElsewhere is a scope of another provider mapped to a client.
type MappedElsewhere struct {
	Provider, Scope string
	ClientID        uuid.UUID
}

// Ranked is a client suggested for a scope, with every reason.
type Ranked struct {
	ClientID   uuid.UUID
	Confidence float64 // 0 to 1
	Reasons    []string
}

// SuggestClients ranks the clients a scope may be mapped to by its name,
// the domains of its devices, and how the same organization is mapped in
// other providers; each reason is a probability the client is right, and
// they combine as independent evidence. The best limit come first; none
// is ever applied without an admin.
func SuggestClients(ev ScopeEvidence, clients []Candidate, limit int) []Ranked {
	byID := map[uuid.UUID]*Ranked{}
	var order []uuid.UUID
	add := func(id uuid.UUID, p float64, reason string) {
		r, ok := byID[id]
		if !ok {
			r = &Ranked{ClientID: id}
			byID[id] = r
			order = append(order, id)
		}
		r.Confidence = 1 - (1-r.Confidence)*(1-p)
		r.Reasons = append(r.Reasons, reason)
	}
	for _, c := range clients {
		if s, ok := nameMatch(ev.Name, c); ok {
			add(c.ID, 0.9*s.Score, s.Reason)
		}
		if d, why := domainMatch(ev.Domains, c); d != "" {
			add(c.ID, 0.8, why)
		}
	}
	known := map[uuid.UUID]bool{}
	for _, c := range clients {
		known[c.ID] = true
	}
	for _, e := range ev.Elsewhere {
		if known[e.ClientID] {
			add(e.ClientID, 0.95, "the same organization ("+e.Scope+") is mapped to it in "+e.Provider)
		}
	}
	out := make([]Ranked, 0, len(order))
	for _, id := range order {
		r := *byID[id]
		r.Confidence = float64(int(r.Confidence*100+0.5)) / 100
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Ranked) int {
		switch {
		case a.Confidence > b.Confidence:
			return -1
		case a.Confidence < b.Confidence:
			return 1
		}
		return 0
	})
	return out[:min(limit, len(out))]
}

// domainWords are domain labels that name no organization.
var domainWords = map[string]bool{"local": true, "lan": true, "corp": true, "ad": true, "int": true, "internal": true, "home": true, "intra": true,
	"com": true, "net": true, "org": true, "co": true, "uk": true, "de": true, "io": true, "www": true, "workgroup": true}

// domainMatch finds a device domain that names the client: its website's
// domain or a subdomain of it, or a label that is the client's name
// without spaces ("Blue Sky Ltd" and bluesky.local; "blueskycorp" is not).
func domainMatch(domains []string, c Candidate) (string, string) {
	site := ""
	if c.URL != "" {
		site = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(c.URL), "https://"), "http://")
		site, _, _ = strings.Cut(site, "/")
		site = strings.TrimPrefix(site, "www.")
	}
	joined := strings.Join(nameWords(c.Name), "")
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if site != "" && (d == site || strings.HasSuffix(d, "."+site)) {
			return d, "its devices are in " + d + ", the client's website's domain"
		}
		for _, label := range strings.Split(d, ".") {
			if !domainWords[label] && len(joined) >= 3 && label == joined {
				return d, "its devices are in domain " + d
			}
		}
	}
	return "", ""
}

// SameName reports whether two scope names name the same organization once
// legal forms and RMM words are dropped.
func SameName(a, b string) bool {
	wa := nameWords(a)
	return len(wa) > 0 && slices.Equal(wa, nameWords(b))
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
