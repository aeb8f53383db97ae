package store

import (
	"encoding/base64"
	"encoding/json"
	"errors"
)

// Page asks for up to First rows after the keyset position After (a cursor
// returned with an earlier page; empty for the first page).
type Page struct {
	First int
	After string
}

// ErrBadCursor means a cursor was not made by this server for this list.
var ErrBadCursor = errors.New("cursor is not valid for this list")

// cursor is a keyset position: the sort key values of the last row seen.
// The kind guards against a cursor of one list used on another.
type cursor struct {
	Kind string   `json:"k"`
	Keys []string `json:"v"`
}

func encodeCursor(kind string, keys ...string) string {
	b, _ := json.Marshal(cursor{Kind: kind, Keys: keys})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, kind string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	var c cursor
	if json.Unmarshal(b, &c) != nil || c.Kind != kind || len(c.Keys) != n {
		return nil, ErrBadCursor
	}
	return c.Keys, nil
}

// trimPage cuts the extra row a query fetched to learn whether another page
// follows.
func trimPage[T any](rows []T, first int) ([]T, bool) {
	if len(rows) > first {
		return rows[:first], true
	}
	return rows, false
}
