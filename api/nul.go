package api

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"kefu/fault"
)

// errNUL refuses U+0000 in a request body: PostgreSQL stores it in neither
// text nor jsonb, so it would otherwise fail in the database as a 500
// (FuzzWriteBodies found it).
var errNUL = errors.New("strings may not contain the NUL character (U+0000)")

// refuseNUL wraps the JSON formats' decoding with the NUL check.
func refuseNUL(formats map[string]huma.Format) map[string]huma.Format {
	out := maps.Clone(formats)
	for name, f := range out {
		if !strings.Contains(name, "json") || f.Unmarshal == nil {
			continue
		}
		unmarshal := f.Unmarshal
		f.Unmarshal = func(data []byte, v any) error {
			if err := unmarshal(data, v); err != nil {
				return err
			}
			// Cheap test first; the walk tells \u0000 from an escaped
			// backslash followed by "u0000".
			if !bytes.Contains(data, []byte(`\u0000`)) {
				return nil
			}
			var probe any
			if err := unmarshal(data, &probe); err != nil || hasNUL(probe) {
				return errNUL
			}
			return nil
		}
		out[name] = f
	}
	return out
}

// hasNUL walks a decoded JSON value.
func hasNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) || hasNUL(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasNUL(e) {
				return true
			}
		}
	}
	return false
}

// refuseBadURL answers 422 before any handler runs when a path segment or
// query parameter is not UTF-8 text without NUL: PostgreSQL stores neither,
// so such an id or filter would otherwise fail in the database.
func refuseBadURL(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		u := ctx.URL()
		if !storable(u.Path) {
			writeProblem(api, ctx, fault.Field("path", "must be UTF-8 text without the NUL character", nil))
			return
		}
		for name, values := range u.Query() {
			if !storable(name) || slices.ContainsFunc(values, func(v string) bool { return !storable(v) }) {
				writeProblem(api, ctx, fault.Field("query."+strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), ""),
					"must be UTF-8 text without the NUL character", nil))
				return
			}
		}
		next(ctx)
	}
}

func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
