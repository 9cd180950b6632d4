package odoo

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes shared by every API. REST maps them to HTTP statuses and
// problem types, GraphQL to extensions.code; nothing else is ever shown to a
// client, so a new failure mode must pick one of these.
const (
	EValidation          = "validation"
	EUnauthorized        = "unauthorized"
	EForbidden           = "forbidden"
	ENotFound            = "not_found"
	EConflict            = "conflict"
	ERateLimited         = "rate_limit_exceeded"
	EUpstreamUnavailable = "upstream_unavailable"
	EUpstreamTimeout     = "upstream_timeout"
	EInternal            = "internal"
)

// Codes lists every error code, in a stable order, for tables and tests.
var Codes = []string{
	EValidation, EUnauthorized, EForbidden, ENotFound, EConflict,
	ERateLimited, EUpstreamUnavailable, EUpstreamTimeout, EInternal,
}

// Error is the one error model of the gateway. Message is safe to show to a
// client; Err carries the internal cause (an Odoo traceback, a network
// error), which is logged under the request id and never shown.
type Error struct {
	Code    string
	Message string
	// Details names each invalid field with its problems (validation only).
	Details map[string][]string
	// Err is the internal cause, for logs only.
	Err error
}

// Error implements the error interface; it includes the internal cause so
// that logs see it, which is why clients only ever get ErrorMessage.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Details) > 0 {
		fields := make([]string, 0, len(e.Details))
		for f := range e.Details {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		b.WriteString(" (")
		for i, f := range fields {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(f + ": " + strings.Join(e.Details[f], ", "))
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap exposes the internal cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with a client-safe formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err; anything that is not an *Error is an
// internal error, so that unexpected failures never leak as something else.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the client-safe message of err. Unknown errors and
// internal errors get a generic text: their detail belongs in the log.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal && e.Message != "" {
		return e.Message
	}
	if e != nil && e.Code != "" && e.Code != EInternal {
		return defaultMessages[e.Code]
	}
	return defaultMessages[EInternal]
}

// ErrorDetails returns the per-field problems of a validation error, or nil.
func ErrorDetails(err error) map[string][]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Details
	}
	return nil
}

// defaultMessages are used when an Error carries no message of its own.
var defaultMessages = map[string]string{
	EValidation:          "The request is not valid.",
	EUnauthorized:        "Authentication is required.",
	EForbidden:           "You are not allowed to do this.",
	ENotFound:            "The resource was not found.",
	EConflict:            "The request conflicts with the current state of the resource.",
	ERateLimited:         "Too many requests.",
	EUpstreamUnavailable: "Odoo is unavailable; try again later.",
	EUpstreamTimeout:     "Odoo did not answer in time; try again later.",
	EInternal:            "An internal error occurred.",
}

// Problems collects validation problems per field so that a caller can
// report every bad field at once instead of stopping at the first.
type Problems map[string][]string

// Add records a problem with field.
func (p Problems) Add(field, problem string) { p[field] = append(p[field], problem) }

// Err returns a validation Error listing every problem, or nil if there are
// none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EValidation, Message: "Validation failed.", Details: map[string][]string(p)}
}
