package access

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

func TestStatusForEveryCode(t *testing.T) {
	want := map[string]int{
		odoo.EValidation:          400,
		odoo.EUnauthorized:        401,
		odoo.EForbidden:           403,
		odoo.ENotFound:            404,
		odoo.EConflict:            409,
		odoo.ERateLimited:         429,
		odoo.EUpstreamUnavailable: 503,
		odoo.EUpstreamTimeout:     504,
		odoo.EInternal:            500,
		EMethodNotAllowed:         405,
		ETooLarge:                 413,
		EUnsupportedMediaType:     415,
		EUnprocessable:            422,
		"no_such_code":            500,
	}
	for _, code := range odoo.Codes {
		if _, ok := want[code]; !ok {
			t.Errorf("odoo code %q has no expected status in this test", code)
		}
		if titles[code] == "" {
			t.Errorf("code %q has no title", code)
		}
	}
	for code, status := range want {
		if got := StatusFor(code); got != status {
			t.Errorf("StatusFor(%q) = %d, want %d", code, got, status)
		}
	}
}

func TestWriteError(t *testing.T) {
	var logs logBuffer
	s := newStack(t, Config{Logger: newLogger(&logs)})
	tests := []struct {
		name       string
		err        error
		wantStatus int
		want       Problem // RequestID is checked separately
		wantHeader map[string]string
	}{
		{
			name:       "validation lists fields",
			err:        odoo.Problems{"name": {"required field"}}.Err(),
			wantStatus: 400,
			want: Problem{Type: "/api/docs/problems/validation", Title: "Validation failed", Status: 400,
				Detail: "Validation failed.", Code: "validation", Details: map[string][]string{"name": {"required field"}}},
		},
		{
			name:       "internal hides the cause",
			err:        &odoo.Error{Code: odoo.EInternal, Message: "secret detail", Err: errors.New("Traceback: psycopg2 boom")},
			wantStatus: 500,
			want: Problem{Type: "/api/docs/problems/internal", Title: "Internal error", Status: 500,
				Detail: "An internal error occurred.", Code: "internal"},
		},
		{
			name:       "unknown errors are internal",
			err:        fmt.Errorf("dial tcp 10.1.2.3:8069: refused"),
			wantStatus: 500,
			want: Problem{Type: "/api/docs/problems/internal", Title: "Internal error", Status: 500,
				Detail: "An internal error occurred.", Code: "internal"},
		},
		{
			name:       "not found",
			err:        odoo.Errorf(odoo.ENotFound, "Partner 7 was not found."),
			wantStatus: 404,
			want: Problem{Type: "/api/docs/problems/not_found", Title: "Not found", Status: 404,
				Detail: "Partner 7 was not found.", Code: "not_found"},
		},
		{
			name:       "unauthorized challenges",
			err:        &odoo.Error{Code: odoo.EUnauthorized},
			wantStatus: 401,
			want: Problem{Type: "/api/docs/problems/unauthorized", Title: "Unauthorized", Status: 401,
				Detail: "Authentication is required.", Code: "unauthorized"},
			wantHeader: map[string]string{"WWW-Authenticate": `Bearer realm="odoo-gateway"`},
		},
		{
			name:       "missing scope names it",
			err:        Allow(WithPrincipal(context.Background(), &Principal{Name: "x"}), ScopeOrdersRead),
			wantStatus: 403,
			want: Problem{Type: "/api/docs/problems/forbidden", Title: "Forbidden", Status: 403,
				Detail: `This request needs the "orders:read" scope, which the credential does not have.`,
				Code:   "forbidden", Scope: "orders:read"},
			wantHeader: map[string]string{"WWW-Authenticate": `Bearer realm="odoo-gateway", error="insufficient_scope", scope="orders:read"`},
		},
		{
			name:       "method not allowed carries Allow",
			err:        MethodNotAllowed("GET", "POST"),
			wantStatus: 405,
			want: Problem{Type: "/api/docs/problems/method_not_allowed", Title: "Method not allowed", Status: 405,
				Detail: "This resource supports only GET, POST.", Code: "method_not_allowed"},
			wantHeader: map[string]string{"Allow": "GET, POST"},
		},
		{
			name:       "MaxBytesReader error is 413",
			err:        fmt.Errorf("decode body: %w", &http.MaxBytesError{Limit: 10}),
			wantStatus: 413,
			want: Problem{Type: "/api/docs/problems/payload_too_large", Title: "Payload too large", Status: 413,
				Detail: "The request body exceeds the limit of 10 bytes.", Code: "payload_too_large"},
		},
		{
			name:       "unprocessable",
			err:        Unprocessable("The patch is empty."),
			wantStatus: 422,
			want: Problem{Type: "/api/docs/problems/unprocessable_entity", Title: "Unprocessable entity", Status: 422,
				Detail: "The patch is empty.", Code: "unprocessable_entity"},
		},
		{
			name:       "unsupported media type",
			err:        UnsupportedMediaType("application/json"),
			wantStatus: 415,
			want: Problem{Type: "/api/docs/problems/unsupported_media_type", Title: "Unsupported media type", Status: 415,
				Detail: "The request body must be application/json.", Code: "unsupported_media_type"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { WriteError(w, r, tt.err) }))
			rec := serve(h, request("GET", "/x", nil, "X-Request-ID", "req-"+strings.ReplaceAll(tt.name, " ", "-")))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			got := problem(t, rec)
			if got.RequestID != rec.Header().Get(HeaderRequestID) || got.RequestID == "" {
				t.Errorf("request_id %q, header %q", got.RequestID, rec.Header().Get(HeaderRequestID))
			}
			got.RequestID = ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problem (-want +got):\n%s", diff)
			}
			for k, v := range tt.wantHeader {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", rec.Header().Get("Cache-Control"))
			}
		})
	}
	// The internal cause is in the log, under the request id, and never in
	// an answer.
	out := logs.String()
	if !strings.Contains(out, "psycopg2 boom") || !strings.Contains(out, "req-internal-hides-the-cause") {
		t.Errorf("internal cause or request id missing from the log:\n%s", out)
	}
}

func TestWriteErrorWithoutStack(t *testing.T) {
	// REST unit tests may call WriteError outside Wrap.
	rec := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, odoo.Errorf(odoo.EConflict, "Already exists."))
	}), request("GET", "/", nil))
	p := problem(t, rec)
	if rec.Code != 409 || p.Code != "conflict" || p.Type != "/api/docs/problems/conflict" {
		t.Errorf("got %d %+v", rec.Code, p)
	}
}

func TestProblemTypeBase(t *testing.T) {
	s := newStack(t, Config{ProblemTypeBase: "https://api.example.com/problems/"})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, odoo.Errorf(odoo.ENotFound, "nope"))
	}))
	if got := problem(t, serve(h, request("GET", "/", nil))).Type; got != "https://api.example.com/problems/not_found" {
		t.Errorf("type = %q", got)
	}
}

func TestWriteErrorClientGone(t *testing.T) {
	var logs logBuffer
	s := newStack(t, Config{Logger: newLogger(&logs)})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, fmt.Errorf("odoo call: %w", context.Canceled))
	}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := serve(h, request("GET", "/", nil).WithContext(ctx))
	if rec.Code != statusClientClosed {
		t.Errorf("status %d, want %d", rec.Code, statusClientClosed)
	}
	for _, l := range logs.lines(t, "") {
		if l["level"] == "ERROR" {
			t.Errorf("a client hang-up was logged as an error: %v", l)
		}
	}
}
