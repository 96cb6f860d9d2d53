package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"kefu/tenants/idempotency"
)

// keptHeaders are the response headers a replay repeats; the rest
// (request id, rate limits) describe the retry itself.
var keptHeaders = map[string]bool{
	"Content-Type": true, "Location": true, "Content-Location": true,
	"Etag": true, "Last-Modified": true, "Link": true,
}

// idempotent makes writes sent with an Idempotency-Key safe to retry: the
// first request claims the key and its answer is stored, a retry gets that
// answer again (Idempotent-Replayed: true), and a duplicate that arrives
// while the first still runs waits for it. It runs after guard, inside the
// caller's tenant; requests without the header cost nothing.
func (s *server) idempotent(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		key := ctx.Header("Idempotency-Key")
		if key == "" || s.d.Idempotency == nil || !isWrite(ctx.Method()) {
			next(ctx)
			return
		}
		p := principalFrom(ctx.Context())
		if p == nil || p.TenantID == "" {
			next(ctx) // public and operator calls have no tenant to keep keys in
			return
		}
		if !idempotency.ValidKey(key) {
			writeProblem(api, ctx, huma.Error400BadRequest("invalid Idempotency-Key",
				&huma.ErrorDetail{Location: "header.Idempotency-Key", Message: "must be 1 to 255 printable ASCII characters"}))
			return
		}
		limit := ctx.Operation().MaxBodyBytes
		if limit <= 0 {
			limit = 1 << 20
		}
		body, err := io.ReadAll(io.LimitReader(ctx.BodyReader(), limit+1))
		if err != nil {
			writeProblem(api, ctx, huma.Error400BadRequest("cannot read request body"))
			return
		}
		if int64(len(body)) > limit {
			// Too large to run at all: let huma answer 413, nothing claimed.
			next(&recorder{wrapped: ctx, reqBody: body})
			return
		}
		u := ctx.URL()
		req := idempotency.Request{
			Principal: p.ActorID(), Key: key, Method: ctx.Method(), Path: u.Path,
			Hash: idempotency.Hash(ctx.Method(), u.RequestURI(), body),
		}
		res, err := s.d.Idempotency.Await(ctx.Context(), req)
		switch {
		case errors.Is(err, idempotency.ErrKeyReused):
			writeProblem(api, ctx, huma.Error422UnprocessableEntity("this Idempotency-Key was already used with a different request",
				&huma.ErrorDetail{Location: "header.Idempotency-Key", Message: "reuse a key only to retry the same method, path and body"}))
		case err != nil:
			writeProblem(api, ctx, err)
		case res.Stored != nil:
			replay(ctx, res.Stored)
		case res.Busy:
			writeProblem(api, ctx, huma.Error409Conflict("a request with this Idempotency-Key is in progress"))
		default:
			s.runClaimed(ctx, next, res.Claim, body)
		}
	}
}

func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPatch || method == http.MethodDelete
}

// runClaimed runs the request holding the key and stores its answer. A
// server error (or a panic, or a client that went away) releases the key
// instead, so a retry runs the request again.
func (s *server) runClaimed(ctx huma.Context, next func(huma.Context), claim string, body []byte) {
	bg := context.WithoutCancel(ctx.Context()) // record the outcome even if the client left
	rec := &recorder{wrapped: ctx, reqBody: body, headers: map[string]string{}}
	stored := false
	defer func() {
		if stored {
			return
		}
		if err := s.d.Idempotency.Release(bg, claim); err != nil {
			s.d.Log.Error("release idempotency key", "err", err, "request_id", requestID(bg))
		}
	}()
	next(rec)
	status := rec.Status()
	if status == 0 || status >= 499 {
		return
	}
	err := s.d.Idempotency.Complete(bg, claim, idempotency.Response{Status: status, Headers: rec.headers, Body: rec.out.Bytes()})
	if err != nil {
		// The answer is already sent; a retry will find the key free.
		s.d.Log.Error("store idempotent response", "err", err, "request_id", requestID(bg))
		return
	}
	stored = true
}

// replay answers with a stored response.
func replay(ctx huma.Context, r *idempotency.Response) {
	for k, v := range r.Headers {
		ctx.SetHeader(k, v)
	}
	ctx.SetHeader("Idempotent-Replayed", "true")
	ctx.SetStatus(r.Status)
	if len(r.Body) > 0 && r.Status != http.StatusNoContent {
		_, _ = ctx.BodyWriter().Write(r.Body)
	}
}

// wrapped lets recorder embed huma.Context under a name that does not hide
// its Context method.
type wrapped = huma.Context

// recorder hands the handler the body already read and copies what it
// answers: status, the kept headers and the body.
type recorder struct {
	wrapped
	reqBody []byte
	status  int
	headers map[string]string
	out     bytes.Buffer
}

func (r *recorder) BodyReader() io.Reader { return bytes.NewReader(r.reqBody) }

func (r *recorder) SetStatus(code int) {
	r.status = code
	r.wrapped.SetStatus(code)
}

func (r *recorder) Status() int {
	if r.status == 0 && r.out.Len() > 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *recorder) SetHeader(name, value string) {
	if k := http.CanonicalHeaderKey(name); r.headers != nil && keptHeaders[k] {
		r.headers[k] = value
	}
	r.wrapped.SetHeader(name, value)
}

func (r *recorder) AppendHeader(name, value string) {
	if k := http.CanonicalHeaderKey(name); r.headers != nil && keptHeaders[k] {
		if old, ok := r.headers[k]; ok {
			value = old + ", " + value
		}
		r.headers[k] = value
	}
	r.wrapped.AppendHeader(name, value)
}

func (r *recorder) BodyWriter() io.Writer {
	if r.headers == nil {
		return r.wrapped.BodyWriter()
	}
	return io.MultiWriter(r.wrapped.BodyWriter(), &r.out)
}

// documentIdempotency adds the optional Idempotency-Key header to every
// authenticated write in the OpenAPI document.
func documentIdempotency(oapi *huma.OpenAPI) {
	for _, item := range oapi.Paths {
		for _, op := range []*huma.Operation{item.Post, item.Patch, item.Delete} {
			if op == nil || isPublic(op) {
				continue
			}
			op.Parameters = append(op.Parameters, &huma.Param{
				Name: "Idempotency-Key", In: "header", Required: false,
				Description: "Makes the write safe to retry: a retry with the same key, method, path and body within 24 h " +
					"gets the first answer again (with `Idempotent-Replayed: true`) and changes nothing; " +
					"the same key with another request answers 422; while the first is still running, 409.",
				Schema:  &huma.Schema{Type: "string", MinLength: ptr(1), MaxLength: ptr(idempotency.MaxKeyLen)},
				Example: "5f0c6a1e-2b7d-4c1a-9d55-0c1f2a3b4c5d",
			})
			addErrorResponse(op, http.StatusBadRequest, "Bad Request")
			addErrorResponse(op, http.StatusConflict, "Conflict")
			addErrorResponse(op, http.StatusUnprocessableEntity, "Unprocessable Entity")
		}
	}
}

func ptr[T any](v T) *T { return &v }

// isPublic reports whether op needs no credentials (handle() sets an
// empty security requirement on those).
func isPublic(op *huma.Operation) bool {
	return len(op.Security) == 1 && len(op.Security[0]) == 0
}

// addErrorResponse documents a problem response op may give, as handle()
// does for the statuses it knows.
func addErrorResponse(op *huma.Operation, status int, desc string) {
	key := strconv.Itoa(status)
	if op.Responses == nil {
		op.Responses = map[string]*huma.Response{}
	}
	if _, ok := op.Responses[key]; ok {
		return
	}
	op.Responses[key] = &huma.Response{
		Description: desc,
		Content: map[string]*huma.MediaType{
			"application/problem+json": {Schema: &huma.Schema{Ref: "#/components/schemas/ErrorModel"}},
		},
	}
}

// documentRetriesAndLimits adds what the middlewares do (Idempotency-Key,
// 429) to the OpenAPI document built from the routes.
func documentRetriesAndLimits(oapi *huma.OpenAPI) {
	documentIdempotency(oapi)
	documentRateLimits(oapi)
}
