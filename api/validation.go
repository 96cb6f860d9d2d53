package api

import (
	"regexp"

	"github.com/danielgtaylor/huma/v2"
)

var missingProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// init points huma's "required property missing" errors at the missing
// field itself (body.organization rather than body), so every problem
// locates each bad field.
func init() {
	base := huma.NewError
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		for _, e := range errs {
			if d, ok := e.(*huma.ErrorDetail); ok {
				if m := missingProperty.FindStringSubmatch(d.Message); m != nil {
					d.Location += "." + m[1]
					d.Value = nil
				}
			}
		}
		return base(status, msg, errs...)
	}
}
