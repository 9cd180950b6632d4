package access

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"odoo-gateway/odoo"
)

func TestRequestID(t *testing.T) {
	var logs logBuffer
	s := newStack(t, Config{Logger: newLogger(&logs)})
	var inside string
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inside = RequestIDFrom(r.Context())
		LoggerFrom(r.Context()).Info("handler line")
		WriteError(w, r, odoo.Errorf(odoo.ENotFound, "nope"))
	}))
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{"sane incoming id is kept", "3f2a-77b1_c.9:x", true},
		{"missing id is generated", "", false},
		{"spaces are refused", "a b", false},
		{"log injection is refused", "a\"}\n{\"level\":\"ERROR", false},
		{"too long is refused", strings.Repeat("a", 129), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request("GET", "/x", nil)
			if tt.incoming != "" {
				r.Header.Set(HeaderRequestID, tt.incoming)
			}
			rec := serve(h, r)
			id := rec.Header().Get(HeaderRequestID)
			if tt.keep && id != tt.incoming {
				t.Errorf("id %q, want the incoming %q", id, tt.incoming)
			}
			if !tt.keep && (id == tt.incoming || !saneRequestID(id) || len(id) < 16) {
				t.Errorf("generated id %q", id)
			}
			if inside != id {
				t.Errorf("RequestIDFrom in the handler = %q, header %q", inside, id)
			}
			if p := problem(t, rec); p.RequestID != id {
				t.Errorf("error body request_id %q, header %q", p.RequestID, id)
			}
			// Every line logged for the request carries its id.
			n := 0
			for _, l := range logs.lines(t, "") {
				if l["request_id"] == id {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%d log lines carry the id, want 2 (handler line and access log)", n)
			}
		})
	}
}

// newRouter is a small REST-like router: a mux with MuxRoute, one public
// route and one authenticated route.
func newRouter(s *Stack, inner http.Handler) http.Handler {
	r := mux.NewRouter()
	r.Use(MuxRoute)
	r.Handle("/api/v1/health", inner).Methods("GET")
	api := r.PathPrefix("/api/v1").Subrouter()
	api.Handle("/partners/{id}", s.Authenticate(Require(ScopePartnersRead)(inner))).Methods("GET")
	r.Handle("/metrics", s.MetricsHandler())
	return s.Wrap(r)
}

func TestAccessLog(t *testing.T) {
	var logs logBuffer
	s := newStack(t, Config{Logger: newLogger(&logs)})
	key := addKey(t, s, KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead}})
	sawStats := false
	h := newRouter(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawStats = odoo.CallStatsFrom(r.Context()) != nil
		_, _ = io.WriteString(w, "{}")
	}))
	secret := "Bearer " + key
	serve(h, request("GET", "/api/v1/partners/42", nil, "Authorization", secret, "X-Password", "hunter2", "X-Request-ID", "log-1"))
	serve(h, request("GET", "/nowhere/17", nil, "X-Request-ID", "log-2"))
	serve(h, request("GET", "/api/v1/partners/42", nil, "X-API-Key", KeyPrefix+"wrong", "X-Request-ID", "log-3"))

	if !sawStats {
		t.Error("Wrap did not install odoo call stats in the context")
	}
	lines := logs.lines(t, "request")
	if len(lines) != 3 {
		t.Fatalf("%d access log lines, want 3:\n%s", len(lines), logs.String())
	}
	want := []map[string]any{
		{"request_id": "log-1", "method": "GET", "route": "/api/v1/partners/{id}", "path": "/api/v1/partners/42",
			"status": 200.0, "principal": "shop", "principal_kind": "key", "upstream_calls": 0.0},
		{"request_id": "log-2", "route": RouteUnmatched, "status": 404.0},
		{"request_id": "log-3", "route": "/api/v1/partners/{id}", "status": 401.0},
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("line %d: %s = %v, want %v", i+1, k, lines[i][k], v)
			}
		}
		for _, k := range []string{"duration_ms", "upstream_ms", "client_ip", "bytes"} {
			if _, ok := lines[i][k]; !ok {
				t.Errorf("line %d lacks %s", i+1, k)
			}
		}
	}
	if _, ok := lines[2]["principal"]; ok {
		t.Error("a failed authentication logged a principal")
	}
	out := logs.String()
	for _, secret := range []string{key, key[len(KeyPrefix):], "hunter2", "Authorization", KeyPrefix + "wrong"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains a secret (%q):\n%s", secret, out)
		}
	}
}

func TestPanicRecovery(t *testing.T) {
	var logs logBuffer
	s := newStack(t, Config{Logger: newLogger(&logs)})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		panic("database password is swordfish")
	}))
	rec := serve(h, request("GET", "/", nil, "X-Request-ID", "boom-1"))
	if rec.Code != 500 {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	p := problem(t, rec)
	if p.Code != "internal" || p.RequestID != "boom-1" {
		t.Errorf("problem %+v", p)
	}
	if strings.Contains(rec.Body.String(), "swordfish") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("the panic leaked into the answer: %s", rec.Body)
	}
	var found bool
	for _, l := range logs.lines(t, "panic") {
		if l["request_id"] == "boom-1" && strings.Contains(l["stack"].(string), "goroutine") {
			found = true
		}
	}
	if !found {
		t.Errorf("no panic line with stack and request id:\n%s", logs.String())
	}
	if lines := logs.lines(t, "request"); len(lines) != 1 || lines[0]["status"] != 500.0 {
		t.Errorf("access log: %v", lines)
	}
}

func TestPanicAfterWrite(t *testing.T) {
	s := newStack(t, Config{})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "partial")
		panic("late")
	}))
	rec := serve(h, request("GET", "/", nil))
	if rec.Code != 200 || rec.Body.String() != "partial" {
		t.Errorf("a late panic rewrote the answer: %d %q", rec.Code, rec.Body)
	}
}

func TestAbortHandlerPassesThrough(t *testing.T) {
	s := newStack(t, Config{})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) }))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler re-panicked for net/http", v)
		}
	}()
	serve(h, request("GET", "/", nil))
}

func TestBodyLimit(t *testing.T) {
	s := newStack(t, Config{BodyLimit: 16})
	read := 0
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read++
		if err != nil {
			WriteError(w, r, err)
			return
		}
		_, _ = w.Write(b)
	}))
	tests := []struct {
		name       string
		body       string
		chunked    bool
		wantStatus int
	}{
		{"small", "hello", false, 200},
		{"declared too large", strings.Repeat("x", 17), false, 413},
		{"streamed too large", strings.Repeat("x", 100), true, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request("POST", "/", strings.NewReader(tt.body))
			if tt.chunked {
				r.ContentLength = -1
			}
			rec := serve(h, r)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantStatus == 413 {
				if p := problem(t, rec); p.Code != ETooLarge {
					t.Errorf("problem %+v", p)
				}
			}
		})
	}
	if read != 2 {
		t.Errorf("the handler read %d bodies, want 2 (a declared oversize body is refused before)", read)
	}
}

func TestDefaultBodyLimitIsOneMiB(t *testing.T) {
	s := newStack(t, Config{})
	h := s.Wrap(&okHandler{})
	r := request("POST", "/", strings.NewReader(""))
	r.ContentLength = 1<<20 + 1
	if rec := serve(h, r); rec.Code != 413 {
		t.Errorf("1 MiB + 1: status %d, want 413", rec.Code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newStack(t, Config{})
	key := addKey(t, s, KeySpec{Name: "k", Scopes: []string{ScopeAll}})
	h := newRouter(s, &okHandler{})
	for _, r := range []*http.Request{
		request("GET", "/api/v1/health", nil),
		request("GET", "/api/v1/partners/1", nil, "X-API-Key", key),
		request("GET", "/api/v1/partners/1", nil),
		request("GET", "/nowhere", nil),
	} {
		rec := serve(h, r)
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s (auth %v): X-Content-Type-Options %q", r.URL.Path, r.Header.Get("X-API-Key") != "", got)
		}
		if rec.Header().Get(HeaderRequestID) == "" {
			t.Errorf("%s: no X-Request-ID", r.URL.Path)
		}
		if r.Header.Get("X-API-Key") != "" && rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("an authenticated answer may be cached: Cache-Control %q", rec.Header().Get("Cache-Control"))
		}
	}
}

func TestFlushPassesThrough(t *testing.T) {
	s := newStack(t, Config{})
	var flushErr error
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "event: a\n\n")
		flushErr = http.NewResponseController(w).Flush()
	}))
	rec := serve(h, request("GET", "/", nil))
	if flushErr != nil || !rec.Flushed {
		t.Errorf("flush through Wrap: err %v, flushed %v", flushErr, rec.Flushed)
	}
}
