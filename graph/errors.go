package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
)

// Error codes in extensions.code. The shared codes of package odoo map one
// to one; gqlgen's own (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// PERSISTED_QUERY_NOT_FOUND) and the limits' codes pass through.
const (
	CodeBadUserInput        = "BAD_USER_INPUT"
	CodeUnauthenticated     = "UNAUTHENTICATED"
	CodeForbidden           = "FORBIDDEN"
	CodeNotFound            = "NOT_FOUND"
	CodeConflict            = "CONFLICT"
	CodeRateLimited         = "RATE_LIMITED"
	CodeUpstreamUnavailable = "UPSTREAM_UNAVAILABLE"
	CodeUpstreamTimeout     = "UPSTREAM_TIMEOUT"
	CodeInternal            = "INTERNAL"
	// CodeBadRequest is a request that is not GraphQL over HTTP at all (a
	// body that is not JSON, an APQ hash that is not its query's).
	CodeBadRequest = "BAD_REQUEST"
)

// errUnauthenticated answers a resolver run without a principal, which
// the access stack never lets happen; it is here so that a wiring mistake
// fails closed.
var errUnauthenticated = odoo.Errorf(odoo.EUnauthorized, "Authentication is required.")

// codes maps the gateway's error codes (odoo.Codes and the access stack's
// HTTP-only codes) onto extensions.code.
var codes = map[string]string{
	odoo.EValidation:             CodeBadUserInput,
	odoo.EUnauthorized:           CodeUnauthenticated,
	odoo.EForbidden:              CodeForbidden,
	odoo.ENotFound:               CodeNotFound,
	odoo.EConflict:               CodeConflict,
	odoo.ERateLimited:            CodeRateLimited,
	odoo.EUpstreamUnavailable:    CodeUpstreamUnavailable,
	odoo.EUpstreamTimeout:        CodeUpstreamTimeout,
	odoo.EInternal:               CodeInternal,
	access.EMethodNotAllowed:     "METHOD_NOT_ALLOWED",
	access.ETooLarge:             "PAYLOAD_TOO_LARGE",
	access.EUnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
	access.EUnprocessable:        CodeBadRequest,
}

// codeOf returns extensions.code for a gateway error code.
func codeOf(code string) string {
	if c, ok := codes[code]; ok {
		return c
	}
	return CodeInternal
}

// presentError is the one error presenter: every error of a response goes
// through it. Errors of the data service and the access stack get their
// code and client-safe message; gqlgen's own errors keep theirs; anything
// else is internal, shown as a generic message and logged with its cause.
// Every error carries the request id.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	// The cause, before the message it is wrapped in is replaced.
	cause := err
	var wrapped *gqlerror.Error
	if errors.As(err, &wrapped) && wrapped.Err != nil {
		cause = wrapped.Err
	}
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	var oe *odoo.Error
	var he *access.HTTPError
	switch {
	case errors.As(err, &oe), errors.As(err, &he):
		code := access.Code(err)
		gqlErr.Extensions["code"] = codeOf(code)
		gqlErr.Message = access.Message(err)
		if details := odoo.ErrorDetails(err); code == odoo.EValidation && len(details) > 0 {
			args := argumentProblems(details)
			gqlErr.Extensions["details"] = args
			gqlErr.Message = describeProblems(args)
		}
		if scope, ok := access.MissingScope(err); ok {
			gqlErr.Extensions["scope"] = scope
		}
		logServerError(ctx, gqlErr, code, cause)
	case gqlErr.Extensions["code"] != nil:
		// gqlgen's parse and validation errors, APQ, the limits.
	default:
		logServerError(ctx, gqlErr, odoo.EInternal, cause)
		gqlErr.Message = odoo.ErrorMessage(err)
		gqlErr.Extensions["code"] = CodeInternal
	}
	if id := access.RequestIDFrom(ctx); id != "" {
		gqlErr.Extensions["request_id"] = id
	}
	return gqlErr
}

// logServerError logs what the client is not shown: the cause of internal
// and upstream errors, under the request id. A client that hung up is not
// a server error.
func logServerError(ctx context.Context, e *gqlerror.Error, code string, err error) {
	if access.StatusFor(code) < 500 || (ctx.Err() != nil && errors.Is(err, context.Canceled)) {
		return
	}
	level := slog.LevelWarn
	if code == odoo.EInternal {
		level = slog.LevelError
	}
	access.LoggerFrom(ctx).Log(ctx, level, "graphql error",
		"error_code", code, "path", e.Path.String(), "error", err.Error())
}

// recoverPanic turns a panic in a resolver into an internal error; the
// panic and its stack go to the log, the client sees a generic message.
func recoverPanic(ctx context.Context, v any) error {
	access.LoggerFrom(ctx).Error("panic in a GraphQL resolver",
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	return &odoo.Error{Code: odoo.EInternal, Err: fmt.Errorf("panic: %v", v)}
}

// argumentNames maps the data service's parameter names (shared with
// REST's query parameters) onto the GraphQL arguments that carry them.
var argumentNames = map[string]string{
	"limit":         "first",
	"sort":          "orderBy",
	"q":             "filter.query",
	"country":       "filter.countryCode",
	"email":         "filter.email",
	"ids":           "filter.ids",
	"parent_id":     "filter.parentId",
	"category":      "filter.categoryId",
	"partner_id":    "filter.partnerId",
	"state":         "filter.state",
	"payment_state": "filter.paymentState",
	"type":          "filter.type",
	"date_from":     "filter.dateFrom",
	"date_to":       "filter.dateTo",
	"code":          "filter.codes",
}

// argumentProblems renames a validation error's details to argument paths.
func argumentProblems(details map[string][]string) map[string][]string {
	out := make(map[string][]string, len(details))
	for param, problems := range details {
		name := param
		if n, ok := argumentNames[param]; ok {
			name = n
		}
		out[name] = append(out[name], problems...)
	}
	return out
}

// describeProblems makes the message of a validation error from its
// details, e.g. "first: must be between 0 and 200".
func describeProblems(details map[string][]string) string {
	names := make([]string, 0, len(details))
	for name := range details {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + ": " + strings.Join(details[name], "; ")
	}
	return strings.Join(parts, "; ")
}

// response is a GraphQL response with errors only.
type response struct {
	Errors gqlerror.List `json:"errors"`
}

// writeAccessError answers the access stack's refusals (401, 429, 403 for
// a key used from a foreign origin, 503) and HTTP-level failures in
// GraphQL's shape, with the status and headers the stack already set.
func writeAccessError(w http.ResponseWriter, r *http.Request, err error) {
	code := access.Code(err)
	e := &gqlerror.Error{
		Message:    access.Message(err),
		Extensions: map[string]any{"code": codeOf(code)},
	}
	if id := access.RequestIDFrom(r.Context()); id != "" {
		e.Extensions["request_id"] = id
	}
	logServerError(r.Context(), e, code, err)
	writeJSON(w, access.Status(err), response{Errors: gqlerror.List{e}})
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
