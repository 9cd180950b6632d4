package odoosim

import (
	"fmt"
	"strings"
)

// errKind is the Odoo exception class family, which decides the fault code.
type errKind int

const (
	// errInternal is any Python exception that is not an Odoo one: fault 1
	// with the formatted traceback as faultString.
	errInternal errKind = iota
	errUser
	errValidation
	errMissing
	errRedirect
	errAccessDenied
	errAccessError
)

// odooError is an exception raised while serving a call.
type odooError struct {
	kind errKind
	// msg is str(exception).
	msg string
	// exc is the Python class of an internal error ("ValueError"...).
	exc string
	// frames are the traceback frames below the service dispatch, already
	// formatted; outer frames are added when rendering.
	frames []string
	// cause is a complete earlier traceback Python chains before this one,
	// with chain the sentence joining them.
	cause, chain string
	// code overrides the fault code (injected failures).
	code int
	// svc overrides the endpoint's service when choosing outer frames
	// ("object-method" for method lookups...).
	svc string
	// raw, when set, replaces the whole traceback (faults whose frames do
	// not go through the usual dispatch).
	raw string
	// args are the exception's arguments when there are several
	// (RedirectWarning), whose str() msg is then the repr of the tuple.
	args []any
}

func (e *odooError) Error() string { return e.msg }

func userError(format string, args ...any) *odooError {
	return &odooError{kind: errUser, msg: fmt.Sprintf(format, args...)}
}

func validationError(msg string) *odooError {
	return &odooError{kind: errValidation, msg: msg}
}

func accessError(msg string) *odooError {
	return &odooError{kind: errAccessError, msg: msg}
}

func missingError(model string, ids []int, uid int) *odooError {
	t := make(pyTuple, len(ids))
	for i, id := range ids {
		t[i] = id
	}
	return &odooError{kind: errMissing, msg: fmt.Sprintf("Record does not exist or has been deleted.\n(Record: %s%s, User: %d)", model, pyRepr(t), uid)}
}

// pyError is an internal Python exception with the given frames.
func pyError(exc, msg string, frames ...string) *odooError {
	return &odooError{kind: errInternal, exc: exc, msg: msg, frames: frames}
}

// valueError is the most common internal error: a ValueError raised by
// the ORM with frames under call_kw.
func valueError(msg string, frames ...string) *odooError {
	return pyError("ValueError", msg, frames...)
}

func typeError(msg string, frames ...string) *odooError {
	return pyError("TypeError", msg, frames...)
}

// endpoint is how a request reached the server; it decides the fault
// encoding and the outermost traceback frames.
type endpoint struct {
	legacy  bool
	service string
}

// faultCode is what the /xmlrpc/2 endpoints send.
func (e *odooError) faultCode() int {
	switch e.kind {
	case errUser, errValidation, errMissing, errRedirect:
		return 2
	case errAccessDenied:
		return 3
	case errAccessError:
		return 4
	}
	return 1
}

// render returns the fault document for the endpoint, reproducing both
// of Odoo's encodings: int codes on /xmlrpc/2, and on the legacy endpoints
// string codes carrying the message ("warning -- AccessError\n\n...").
func (e *odooError) render(ep endpoint) []byte {
	if !ep.legacy {
		if e.code != 0 {
			return encodeFault(e.code, e.msg)
		}
		if e.kind == errInternal {
			return encodeFault(1, e.traceback(ep))
		}
		return encodeFault(e.faultCode(), e.msg)
	}
	switch e.kind {
	case errRedirect:
		return encodeFault("warning -- Warning\n\n"+e.msg, "")
	case errMissing:
		return encodeFault("warning -- MissingError\n\n"+e.msg, "")
	case errAccessError:
		return encodeFault("warning -- AccessError\n\n"+e.msg, "")
	case errAccessDenied:
		return encodeFault("AccessDenied", e.msg)
	case errUser, errValidation:
		return encodeFault("warning -- UserError\n\n"+e.msg, "")
	}
	return encodeFault(e.msg, e.traceback(ep))
}

func (e *odooError) lastLine() string {
	if e.exc == "KeyError" {
		return "KeyError: " + pyStr(e.msg)
	}
	if e.msg == "" {
		return e.exc
	}
	return e.exc + ": " + e.msg
}

func (e *odooError) traceback(ep endpoint) string {
	if e.raw != "" {
		return e.raw
	}
	var b strings.Builder
	if e.cause != "" {
		b.WriteString(e.cause)
		b.WriteString("\n")
		b.WriteString(e.chain)
		b.WriteString("\n\n")
	}
	b.WriteString("Traceback (most recent call last):\n")
	for _, f := range outerFrames(ep) {
		b.WriteString(f)
	}
	for _, f := range e.frames {
		b.WriteString(f)
	}
	b.WriteString(e.lastLine())
	b.WriteString("\n")
	return b.String()
}

// asOdooError turns anything a method returned into an odooError.
func asOdooError(err error) *odooError {
	if oe, ok := err.(*odooError); ok {
		return oe
	}
	return pyError("Exception", err.Error())
}
