package odoosim

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Match selects the calls a Failure applies to. Empty fields match
// anything.
type Match struct {
	// Service is "common", "db" or "object" for XML-RPC, "json2" for
	// JSON-2 calls and "json" for GET /json/version.
	Service string
	Model   string
	// Method is the model method of object and JSON-2 calls
	// ("search_read") or the RPC method ("authenticate", "execute_kw").
	Method string
	// Count is how many matching calls fail; 0 means until ClearFailures.
	Count int
}

// Failure is what a matched call gets instead of its answer. The first
// set field wins, in this order: Hang, Drop, HTTPStatus, fault.
type Failure struct {
	// FaultCode and FaultString make an XML-RPC fault (on the legacy
	// endpoints the code is rendered the way Odoo renders that class).
	// Over JSON-2 the fault becomes the error Odoo sends for an exception
	// of that class: 1 a 500 builtins.Exception (or the class named by a
	// traceback's last line), 2 a 422 odoo.exceptions.UserError, 3 a 401
	// Unauthorized, 4 a 403 odoo.exceptions.AccessError.
	FaultCode   int
	FaultString string
	// HTTPStatus answers with this status and an HTML body, like a proxy
	// or a crashed worker would.
	HTTPStatus int
	// Hang blocks until the request's context ends (the client gives up
	// or the server shuts down), then answers nothing.
	Hang bool
	// Drop closes the connection without answering. Outside a real HTTP
	// server (no http.Hijacker) it panics with http.ErrAbortHandler,
	// which net/http turns into a dropped connection.
	Drop bool
}

// Call is one call the server received, over XML-RPC or JSON-2.
type Call struct {
	// Service is "common", "db", "object" or whatever the URL said for
	// XML-RPC; "json2" for POST /json/2/<model>/<method> and "json" for
	// GET /json/version.
	Service string
	// Legacy is set for /xmlrpc/<service> (no /2/).
	Legacy bool
	// Method is the RPC method: "execute_kw", "authenticate"... For
	// JSON-2 it is the model method, as in ModelMethod.
	Method string
	// Model and ModelMethod are set for object and JSON-2 calls.
	Model       string
	ModelMethod string
	// UID is the uid an object call claims, or the owner of a JSON-2
	// call's API key (0 when the key is unknown).
	UID int
	// Args are the model method's positional arguments and Kwargs its
	// keyword arguments, decoded to plain Go values (string, int, bool,
	// float64, nil, []any, map[string]any). A JSON-2 call has the body's
	// ids as its only positional argument (Args is [ids], as the first
	// argument of execute_kw, or nil without ids) and the rest of the body
	// as Kwargs (nil when the body is not a JSON object).
	Args   []any
	Kwargs map[string]any
}

type rule struct {
	match   Match
	failure Failure
	left    int
}

type knobs struct {
	mu      sync.Mutex
	latency time.Duration
	rules   []*rule
	calls   []Call
}

// SetLatency sets the delay added before every call is answered.
func (s *Server) SetLatency(d time.Duration) {
	s.knobs.mu.Lock()
	s.knobs.latency = d
	s.knobs.mu.Unlock()
}

// FailCalls makes calls matching m fail with f. Rules are tried in the
// order they were added.
func (s *Server) FailCalls(m Match, f Failure) {
	s.knobs.mu.Lock()
	s.knobs.rules = append(s.knobs.rules, &rule{match: m, failure: f, left: m.Count})
	s.knobs.mu.Unlock()
}

// FailNext makes the next n calls, whatever they are, fail with f.
func (s *Server) FailNext(n int, f Failure) {
	if n <= 0 {
		return
	}
	s.FailCalls(Match{Count: n}, f)
}

// ClearFailures removes every failure rule.
func (s *Server) ClearFailures() {
	s.knobs.mu.Lock()
	s.knobs.rules = nil
	s.knobs.mu.Unlock()
}

// Calls returns a copy of the call log, oldest first.
func (s *Server) Calls() []Call {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	return append([]Call(nil), s.knobs.calls...)
}

// ResetCalls empties the call log.
func (s *Server) ResetCalls() {
	s.knobs.mu.Lock()
	s.knobs.calls = nil
	s.knobs.mu.Unlock()
}

// wait applies the latency; it reports false if the request ended first.
func (k *knobs) wait(ctx context.Context) bool {
	k.mu.Lock()
	d := k.latency
	k.mu.Unlock()
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// record logs a call and returns it.
func (k *knobs) record(ep endpoint, method string, params []Value, parsed bool) Call {
	c := Call{Service: ep.service, Legacy: ep.legacy, Method: method}
	if parsed && ep.service == "object" && len(params) >= 5 {
		c.UID = int(params[1].Int)
		c.Model = params[3].Str
		c.ModelMethod = params[4].Str
		switch method {
		case "execute_kw":
			if len(params) > 5 {
				if list, ok := params[5].Native().([]any); ok {
					c.Args = list
				}
			}
			if len(params) > 6 {
				if kw, ok := params[6].Native().(map[string]any); ok {
					c.Kwargs = kw
				}
			}
		case "execute":
			for _, p := range params[5:] {
				c.Args = append(c.Args, p.Native())
			}
		}
	} else if parsed {
		for _, p := range params {
			c.Args = append(c.Args, p.Native())
		}
	}
	return k.log(c)
}

// log appends a call to the log and returns it.
func (k *knobs) log(c Call) Call {
	k.mu.Lock()
	k.calls = append(k.calls, c)
	k.mu.Unlock()
	return c
}

// match finds the failure for a call, consuming one use of its rule.
func (k *knobs) match(c Call) (Failure, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for i, r := range k.rules {
		m := r.match
		if m.Service != "" && m.Service != c.Service {
			continue
		}
		if m.Model != "" && m.Model != c.Model {
			continue
		}
		if m.Method != "" && m.Method != c.ModelMethod && m.Method != c.Method {
			continue
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				k.rules = append(k.rules[:i:i], k.rules[i+1:]...)
			}
		}
		return r.failure, true
	}
	return Failure{}, false
}

// fail applies a failure to an XML-RPC call; it reports whether the
// request was answered.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, ep endpoint, f Failure) bool {
	if failHTTP(w, r, f) {
		return true
	}
	if f.FaultCode != 0 || f.FaultString != "" {
		writeXML(w, injectedFault(f).render(ep))
		return true
	}
	return false
}

// failJSON applies a failure to a JSON call.
func (s *Server) failJSON(w http.ResponseWriter, r *http.Request, f Failure) bool {
	if failHTTP(w, r, f) {
		return true
	}
	if f.FaultCode != 0 || f.FaultString != "" {
		injectedJSON2(f).write(w)
		return true
	}
	return false
}

// failHTTP applies the transport failures: hang, drop, HTTP status.
func failHTTP(w http.ResponseWriter, r *http.Request, f Failure) bool {
	switch {
	case f.Hang:
		<-r.Context().Done()
		return true
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler)
	case f.HTTPStatus != 0:
		text := http.StatusText(f.HTTPStatus)
		writeHTML(w, f.HTTPStatus, itoa(f.HTTPStatus)+" "+text, text, "The server could not complete the request.")
		return true
	}
	return false
}

func injectedFault(f Failure) *odooError {
	kinds := map[int]errKind{2: errUser, 3: errAccessDenied, 4: errAccessError}
	kind, ok := kinds[f.FaultCode]
	if !ok {
		// Code 1 and unknown codes: the string is the whole traceback.
		e := &odooError{kind: errInternal, msg: f.FaultString, raw: f.FaultString}
		if f.FaultCode != 1 {
			e.code = f.FaultCode
		}
		return e
	}
	return &odooError{kind: kind, msg: f.FaultString}
}
