package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"kefu/ent"
	"kefu/ent/privacy"
	"kefu/fault"
	"kefu/paging"
)

// problem is the ONE place that turns domain errors into RFC 9457
// responses. Anything it does not recognize is logged and becomes a 500
// that reveals nothing.
func problem(ctx context.Context, err error) error {
	var se huma.StatusError
	if errors.As(err, &se) {
		return se
	}
	var inv *fault.Invalid
	if errors.As(err, &inv) {
		details := make([]error, len(inv.Fields))
		for i, f := range inv.Fields {
			details[i] = &huma.ErrorDetail{Location: f.Location, Message: f.Message, Value: f.Value}
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		return huma.Error422UnprocessableEntity("validation failed",
			&huma.ErrorDetail{Location: "body." + ve.Name, Message: strings.TrimPrefix(ve.Unwrap().Error(), ve.Name+": ")})
	}
	switch {
	case errors.Is(err, paging.ErrBadCursor):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.cursor", Message: err.Error()})
	case errors.Is(err, fault.ErrNotFound), ent.IsNotFound(err), errors.Is(err, privacy.Deny):
		// A foreign tenant's object and a missing one look the same.
		return huma.Error404NotFound(detail(err, fault.ErrNotFound, "not found"))
	case errors.Is(err, fault.ErrConflict):
		return huma.Error409Conflict(detail(err, fault.ErrConflict, "conflict"))
	case ent.IsConstraintError(err):
		return huma.Error409Conflict("the change conflicts with existing data")
	case errors.Is(err, fault.ErrUnauthenticated):
		return huma.Error401Unauthorized(detail(err, fault.ErrUnauthenticated, "sign in first"))
	case errors.Is(err, fault.ErrForbidden):
		return huma.Error403Forbidden(detail(err, fault.ErrForbidden, "your role does not allow this"))
	case errors.Is(err, fault.ErrPaymentRequired):
		return paymentRequired(detail(err, fault.ErrPaymentRequired, "payment required"))
	case errors.Is(err, fault.ErrSuspended):
		return huma.Error403Forbidden(detail(err, fault.ErrSuspended, "this organization is suspended"))
	case errors.Is(err, context.Canceled):
		return huma.NewError(499, "request canceled")
	case fault.Unavailable(err):
		// The database is down or restarting: tell the client when to
		// retry instead of a 500 that reads like a bug.
		slog.WarnContext(ctx, "database unavailable", "err", err, "request_id", requestID(ctx))
		return unavailable()
	}
	slog.ErrorContext(ctx, "unhandled error", "err", err, "request_id", requestID(ctx))
	return huma.Error500InternalServerError("internal error; quote request id " + requestID(ctx) + " when reporting it")
}

// retryAfterSeconds is the Retry-After of a 503: about what a PostgreSQL
// restart or failover takes.
const retryAfterSeconds = "5"

// unavailable is the 503 problem, with Retry-After, for a backend that
// does not answer.
func unavailable() error {
	return huma.ErrorWithHeaders(
		huma.Error503ServiceUnavailable("the service is briefly unavailable; retry after "+retryAfterSeconds+" seconds"),
		http.Header{"Retry-After": {retryAfterSeconds}})
}

// detail keeps what the domain said after the sentinel ("conflict: the
// address is taken" → "the address is taken").
func detail(err, sentinel error, fallback string) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, sentinel.Error()+": "); i >= 0 {
		return msg[i+len(sentinel.Error())+2:]
	}
	if errors.Is(err, sentinel) {
		return fallback
	}
	return msg
}

// writeProblem answers from middleware, outside a handler.
func writeProblem(api huma.API, ctx huma.Context, err error) {
	p := problem(ctx.Context(), err)
	var se huma.StatusError
	if !errors.As(p, &se) {
		se = huma.Error500InternalServerError("internal error")
	}
	var he huma.HeadersError
	if errors.As(p, &he) {
		for k, vs := range he.GetHeaders() {
			for _, v := range vs {
				ctx.AppendHeader(k, v)
			}
		}
	}
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(se.GetStatus())
	if err := api.Marshal(ctx.BodyWriter(), "application/json", se); err != nil {
		slog.Error("write problem", "err", err)
	}
}
