package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"odoo-gateway/odoo"
)

// Codes that exist only in HTTP, beside the shared codes of package odoo.
// GraphQL never produces them.
const (
	EMethodNotAllowed     = "method_not_allowed"
	ETooLarge             = "payload_too_large"
	EUnsupportedMediaType = "unsupported_media_type"
	EUnprocessable        = "unprocessable_entity"
)

// statuses is THE table from error code to HTTP status; everything that
// answers an error over HTTP goes through it.
var statuses = map[string]int{
	odoo.EValidation:          http.StatusBadRequest,
	odoo.EUnauthorized:        http.StatusUnauthorized,
	odoo.EForbidden:           http.StatusForbidden,
	odoo.ENotFound:            http.StatusNotFound,
	odoo.EConflict:            http.StatusConflict,
	odoo.ERateLimited:         http.StatusTooManyRequests,
	odoo.EUpstreamUnavailable: http.StatusServiceUnavailable,
	odoo.EUpstreamTimeout:     http.StatusGatewayTimeout,
	odoo.EInternal:            http.StatusInternalServerError,
	EMethodNotAllowed:         http.StatusMethodNotAllowed,
	ETooLarge:                 http.StatusRequestEntityTooLarge,
	EUnsupportedMediaType:     http.StatusUnsupportedMediaType,
	EUnprocessable:            http.StatusUnprocessableEntity,
}

// titles are the short, fixed summaries of each code (the problem "title").
var titles = map[string]string{
	odoo.EValidation:          "Validation failed",
	odoo.EUnauthorized:        "Unauthorized",
	odoo.EForbidden:           "Forbidden",
	odoo.ENotFound:            "Not found",
	odoo.EConflict:            "Conflict",
	odoo.ERateLimited:         "Too many requests",
	odoo.EUpstreamUnavailable: "Odoo unavailable",
	odoo.EUpstreamTimeout:     "Odoo timeout",
	odoo.EInternal:            "Internal error",
	EMethodNotAllowed:         "Method not allowed",
	ETooLarge:                 "Payload too large",
	EUnsupportedMediaType:     "Unsupported media type",
	EUnprocessable:            "Unprocessable entity",
}

// StatusFor returns the HTTP status of an error code; an unknown code is an
// internal error.
func StatusFor(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// HTTPError is a failure that exists only in HTTP (a method the route does
// not serve, a body that is too large), with the status and headers it
// needs. Build one with MethodNotAllowed, TooLarge, UnsupportedMediaType or
// Unprocessable; WriteError renders it like any other error.
type HTTPError struct {
	// Code is one of the HTTP-only codes (EMethodNotAllowed...).
	Code string
	// Message is safe to show to the client.
	Message string
	// Header holds headers the answer must carry, e.g. Allow for a 405.
	Header http.Header
}

// Error returns the code and message.
func (e *HTTPError) Error() string { return e.Code + ": " + e.Message }

// MethodNotAllowed is the 405 error for a route that exists but does not
// serve the request's method; the answer lists allowed in Allow.
func MethodNotAllowed(allowed ...string) *HTTPError {
	allow := strings.Join(allowed, ", ")
	return &HTTPError{
		Code:    EMethodNotAllowed,
		Message: fmt.Sprintf("This resource supports only %s.", allow),
		Header:  http.Header{"Allow": {allow}},
	}
}

// TooLarge is the 413 error for a request body over limit bytes.
func TooLarge(limit int64) *HTTPError {
	return &HTTPError{Code: ETooLarge, Message: fmt.Sprintf("The request body exceeds the limit of %d bytes.", limit)}
}

// UnsupportedMediaType is the 415 error for a body in a format the route
// does not read; want lists the accepted media types.
func UnsupportedMediaType(want ...string) *HTTPError {
	return &HTTPError{
		Code:    EUnsupportedMediaType,
		Message: fmt.Sprintf("The request body must be %s.", strings.Join(want, " or ")),
	}
}

// Unprocessable is the 422 error for a body that parses but cannot be acted
// on as a whole (as opposed to field problems, which are validation, 400).
func Unprocessable(message string) *HTTPError {
	return &HTTPError{Code: EUnprocessable, Message: message}
}

// Code returns the error code of err: an HTTPError's, 413 for a body that
// hit http.MaxBytesReader, otherwise odoo.ErrorCode (anything unknown is
// internal).
func Code(err error) string {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Code
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return ETooLarge
	}
	return odoo.ErrorCode(err)
}

// Message returns the client-safe message of err; internal details never
// appear in it.
func Message(err error) string {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Message
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return TooLarge(mb.Limit).Message
	}
	return odoo.ErrorMessage(err)
}

// Status returns the HTTP status of err.
func Status(err error) int { return StatusFor(Code(err)) }

// Problem is an RFC 9457 problem document with the gateway's extension
// members.
type Problem struct {
	// Type is the stable URI of the code's problem type.
	Type string `json:"type"`
	// Title is the code's fixed short summary.
	Title string `json:"title"`
	// Status is the HTTP status.
	Status int `json:"status"`
	// Detail is the client-safe message of this occurrence.
	Detail string `json:"detail,omitempty"`
	// Code is the gateway's error code (one of odoo.Codes or the HTTP-only
	// codes above).
	Code string `json:"error"`
	// RequestID matches the X-Request-ID header and the log lines.
	RequestID string `json:"request_id,omitempty"`
	// Details lists the problems per field (validation only).
	Details map[string][]string `json:"details,omitempty"`
	// Scope names the missing scope of a forbidden answer.
	Scope string `json:"scope,omitempty"`
}

// statusClientClosed is what the log and metrics record when the client went
// away before the answer (the nginx convention), so that a hang-up never
// counts as a server error.
const statusClientClosed = 499

// NewProblem builds the problem document for err as seen by request r,
// without writing or logging it.
func NewProblem(r *http.Request, err error) Problem {
	code := Code(err)
	p := Problem{
		Type:      problemType(r.Context(), code),
		Title:     titles[code],
		Status:    StatusFor(code),
		Detail:    Message(err),
		Code:      code,
		RequestID: RequestIDFrom(r.Context()),
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if code == odoo.EValidation {
		p.Details = odoo.ErrorDetails(err)
	}
	if s, ok := MissingScope(err); ok {
		p.Scope = s
	}
	return p
}

// WriteError answers err as application/problem+json with the status of
// its code. Internal errors log their cause under the request id and show a
// generic message; unauthorized and forbidden answers carry the
// WWW-Authenticate challenge. REST handlers use it for every error.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(r, err) {
		// Nobody reads this answer; say so in the log and metrics instead
		// of recording a server error.
		w.WriteHeader(statusClientClosed)
		return
	}
	p := NewProblem(r, err)
	logError(r, p, err)
	SetErrorHeaders(w, err)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// SetErrorHeaders sets the headers that belong to the answer for err
// (WWW-Authenticate, Allow) without writing a body. WriteError calls it;
// a custom ErrorWriter gets them already set.
func SetErrorHeaders(w http.ResponseWriter, err error) {
	h := w.Header()
	var he *HTTPError
	if errors.As(err, &he) {
		for k, v := range he.Header {
			h[k] = v
		}
	}
	switch Code(err) {
	case odoo.EUnauthorized:
		if h.Get("WWW-Authenticate") == "" {
			h.Set("WWW-Authenticate", challenge(""))
		}
	case odoo.EForbidden:
		if s, ok := MissingScope(err); ok {
			h.Set("WWW-Authenticate", challenge(`error="insufficient_scope", scope="`+s+`"`))
		}
	}
}

// realm names the gateway in authentication challenges.
const realm = "odoo-gateway"

// challenge builds a Bearer challenge (RFC 6750) with optional parameters.
func challenge(params string) string {
	c := `Bearer realm="` + realm + `"`
	if params != "" {
		c += ", " + params
	}
	return c
}

// clientGone reports whether err is only the echo of the client hanging up.
func clientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && errors.Is(err, context.Canceled)
}

// logError logs what the client is not shown: the cause of internal and
// upstream errors. Client errors are visible in the access log already.
func logError(r *http.Request, p Problem, err error) {
	if p.Status < 500 {
		return
	}
	level := slog.LevelWarn
	if p.Code == odoo.EInternal {
		level = slog.LevelError
	}
	LoggerFrom(r.Context()).Log(r.Context(), level, "request failed",
		"error_code", p.Code, "error", err.Error())
}

// problemType is the stable URI of a code's problem type. By default it is
// the relative reference /api/docs/problems/<code> (RFC 9457 allows a
// relative type; it resolves against the gateway's own address).
func problemType(ctx context.Context, code string) string {
	base := defaultProblemBase
	if st := stateFrom(ctx); st != nil && st.stack != nil {
		base = st.stack.problemBase
	}
	return base + code
}

// defaultProblemBase is where problem types live unless configured.
const defaultProblemBase = "/api/docs/problems/"
