package odoo

import (
	"errors"
	"fmt"
	"strings"
)

// Fault is an XML-RPC fault as Odoo sent it. It travels as the internal
// cause of an *Error so that logs keep the full text (a traceback for code 1)
// while clients only see the mapped code and a safe message.
type Fault struct {
	// Code is Odoo's fault code on /xmlrpc/2: 1 unexpected server error,
	// 2 user/validation/missing record error, 3 access denied (bad
	// credentials), 4 access error (rights or record rules).
	Code int
	// String is Odoo's faultString: a traceback for code 1, a user-facing
	// message otherwise.
	String string
}

// Error implements error.
func (f *Fault) Error() string {
	return fmt.Sprintf("odoo fault %d: %s", f.Code, f.String)
}

// Odoo's fault codes on /xmlrpc/2.
const (
	faultServerError  = 1
	faultUserError    = 2
	faultAccessDenied = 3
	faultAccessError  = 4
)

// newFault builds a Fault from a decoded faultCode, which is an int on
// /xmlrpc/2 and a string on the legacy endpoints ("AccessDenied", or
// "warning -- AccessError\n\n<message>" with an empty faultString).
func newFault(code any, str string) *Fault {
	if n, ok := asInt(code); ok {
		return &Fault{Code: n, String: str}
	}
	s, _ := code.(string)
	switch {
	case s == "AccessDenied":
		return &Fault{Code: faultAccessDenied, String: str}
	case strings.HasPrefix(s, "warning -- "):
		kind, msg, _ := strings.Cut(strings.TrimPrefix(s, "warning -- "), "\n\n")
		if str == "" {
			str = msg
		}
		if strings.Contains(kind, "AccessError") {
			return &Fault{Code: faultAccessError, String: str}
		}
		return &Fault{Code: faultUserError, String: str}
	}
	if str == "" {
		str = s
	}
	return &Fault{Code: faultServerError, String: str}
}

// err maps the fault onto the shared error model. Fault 2 is refined by
// callers that know the operation (a refused delete is a conflict).
func (f *Fault) err() *Error {
	switch f.Code {
	case faultUserError:
		msg := userMessage(f.String)
		if isMissingRecord(msg) {
			return &Error{Code: ENotFound, Message: "The record does not exist or has been deleted.", Err: f}
		}
		if model, ok := missingModel(msg); ok {
			// A model the gateway needs is not installed: a deployment
			// problem, not something the client can fix or retry away.
			return &Error{Code: EUpstreamUnavailable, Err: f,
				Message: fmt.Sprintf("This Odoo has no %s model: the app it belongs to is not installed.", model)}
		}
		return &Error{Code: EValidation, Message: msg, Err: f}
	case faultAccessDenied:
		// The gateway's own credentials were refused: the client cannot
		// fix that, so it is reported as Odoo being unavailable.
		return &Error{Code: EUpstreamUnavailable, Message: "Odoo refused the gateway's credentials.", Err: f}
	case faultAccessError:
		return &Error{Code: EForbidden, Message: userMessage(f.String), Err: f}
	}
	return &Error{Code: EInternal, Err: f}
}

// missingModel recognises Odoo's answer for a model it does not have.
func missingModel(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "Object ")
	if !ok || !strings.HasSuffix(rest, " doesn't exist") {
		return "", false
	}
	return strings.TrimSuffix(rest, " doesn't exist"), true
}

// isMissingRecord recognises Odoo's MissingError text.
func isMissingRecord(msg string) bool {
	return strings.HasPrefix(msg, "Record does not exist or has been deleted.")
}

// faultOf returns the Odoo fault behind err, if any.
func faultOf(err error) *Fault {
	var f *Fault
	if errors.As(err, &f) {
		return f
	}
	return nil
}

// userMessage extracts the human message of a fault 2 or 4. Odoo renders
// some exceptions (RedirectWarning) as the repr of their argument tuple,
// ('message', {action}, 'Button', None): the first element is the message.
func userMessage(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "('") || strings.HasPrefix(s, `("`) {
		if msg, ok := pythonString(s[1:]); ok {
			s = msg
		}
	}
	return cleanMessage(s)
}

// pythonString decodes the Python string literal at the start of s.
func pythonString(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote:
			return b.String(), true
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}
