// Package fault holds the errors Kefu's domain returns. The HTTP layer maps
// them to problem responses in exactly one place (api/problem.go), so domain
// code never thinks in status codes.
package fault

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotFound: the object does not exist or belongs to another tenant.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the request clashes with the current state (taken slug, over quota…).
	ErrConflict = errors.New("conflict")
	// ErrUnauthenticated: no valid credentials.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden: authenticated, but the role does not allow it.
	ErrForbidden = errors.New("forbidden")
	// ErrSuspended: the tenant may not act right now.
	ErrSuspended = errors.New("tenant suspended")
	// ErrPaymentRequired: the plan does not cover this (seats, allowance) or
	// the subscription lapsed; paying or upgrading lifts it.
	ErrPaymentRequired = errors.New("payment required")
)

// FieldError locates one bad input, e.g. {"body.slug", "is taken"}.
type FieldError struct {
	Location string
	Message  string
	Value    any
}

// Invalid is a validation failure with the fields at fault.
type Invalid struct {
	Fields []FieldError
}

func (e *Invalid) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Location + ": " + f.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Field builds an Invalid for a single field.
func Field(location, message string, value any) *Invalid {
	return &Invalid{Fields: []FieldError{{Location: location, Message: message, Value: value}}}
}

// Conflictf returns an error that matches ErrConflict and explains why.
func Conflictf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConflict, fmt.Sprintf(format, args...))
}

// NotFoundf returns an error that matches ErrNotFound and names what was missing.
func NotFoundf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// Forbiddenf returns an error that matches ErrForbidden and explains why.
func Forbiddenf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrForbidden, fmt.Sprintf(format, args...))
}

// PaymentRequiredf returns an error that matches ErrPaymentRequired and
// explains what the plan lacks.
func PaymentRequiredf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPaymentRequired, fmt.Sprintf(format, args...))
}
