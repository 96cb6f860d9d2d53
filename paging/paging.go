// Package paging implements the API's cursor lists: opaque cursors over
// time-ordered ids, "limit" defaulting to 50 and capped at 200.
package paging

import (
	"encoding/base64"
	"errors"
	"strings"
)

const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Page asks for up to Limit items after (or before, for newest-first
// lists) the id in After.
type Page struct {
	Limit int
	After string
}

// ErrBadCursor is returned for a cursor this server did not issue.
var ErrBadCursor = errors.New("cursor is not valid")

// Parse builds a Page from the query parameters.
func Parse(limit int, cursor string) (Page, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if limit > MaxLimit {
		limit = MaxLimit
	}
	p := Page{Limit: limit}
	if cursor == "" {
		return p, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(b), "c1:") {
		return p, ErrBadCursor
	}
	p.After = strings.TrimPrefix(string(b), "c1:")
	if p.After == "" {
		return p, ErrBadCursor
	}
	return p, nil
}

// Cursor encodes the id the next page starts after.
func Cursor(id string) string {
	if id == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte("c1:" + id))
}

// Trim cuts a result fetched with limit+1 rows to limit and returns the
// next cursor when there was more.
func Trim[T any](rows []T, limit int, id func(T) string) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, Cursor(id(rows[len(rows)-1]))
}
