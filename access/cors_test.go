package access

import (
	"net/http"
	"strings"
	"testing"
)

func TestCORSPreflight(t *testing.T) {
	s := newStack(t, Config{CORS: CORSConfig{Origins: []string{"https://app.example.com"}}})
	inner := &okHandler{}
	h := newRouter(s, inner)
	preflight := func(origin, path, method, headers string) *http.Response {
		r := request("OPTIONS", path, nil, "Origin", origin, "Access-Control-Request-Method", method)
		if headers != "" {
			r.Header.Set("Access-Control-Request-Headers", headers)
		}
		return serve(h, r).Result()
	}
	tests := []struct {
		name, origin, path, method, headers string
		allowed                             bool
	}{
		{"allowed origin, known route", "https://app.example.com", "/api/v1/partners/1", "GET", "x-api-key", true},
		// The router serves only GET here: a mux middleware would never see
		// this preflight, and the router would answer 405.
		{"allowed origin, method the route lacks", "https://app.example.com", "/api/v1/partners/1", "PATCH", "content-type,idempotency-key,x-api-key", true},
		{"allowed origin, unknown path", "https://app.example.com", "/graphql", "POST", "authorization,content-type,x-request-id", true},
		{"other origin", "https://evil.example.com", "/api/v1/partners/1", "GET", "x-api-key", false},
		{"origin differs by scheme", "http://app.example.com", "/api/v1/partners/1", "GET", "x-api-key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := preflight(tt.origin, tt.path, tt.method, tt.headers)
			if res.StatusCode >= 400 {
				t.Fatalf("preflight status %d", res.StatusCode)
			}
			acao := res.Header.Get("Access-Control-Allow-Origin")
			if tt.allowed {
				if acao != tt.origin {
					t.Errorf("Access-Control-Allow-Origin = %q, want %q", acao, tt.origin)
				}
				if !strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), tt.method) {
					t.Errorf("Access-Control-Allow-Methods = %q", res.Header.Get("Access-Control-Allow-Methods"))
				}
				if got := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")); got != tt.headers {
					t.Errorf("Access-Control-Allow-Headers = %q, want %q", got, tt.headers)
				}
			} else if acao != "" {
				t.Errorf("a disallowed origin got Access-Control-Allow-Origin %q", acao)
			}
			if res.Header.Get(HeaderRequestID) == "" {
				t.Error("the preflight answer has no X-Request-ID")
			}
		})
	}
	if inner.Calls() != 0 {
		t.Error("a preflight reached the handler")
	}
}

func TestCORSActualRequest(t *testing.T) {
	s := newStack(t, Config{CORS: CORSConfig{Origins: []string{"https://app.example.com"}}})
	key := addKey(t, s, KeySpec{Name: "k", Scopes: []string{ScopeAll}})
	h := newRouter(s, &okHandler{})
	for _, tt := range []struct {
		name    string
		headers []string
		status  int
	}{
		{"success", []string{"X-API-Key", key}, 200},
		{"error answers are readable too", nil, 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(h, request("GET", "/api/v1/partners/1", nil, append(tt.headers, "Origin", "https://app.example.com")...))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://app.example.com" {
				t.Errorf("Access-Control-Allow-Origin = %q", got)
			}
			exposed := rec.Header().Get("Access-Control-Expose-Headers")
			for _, h := range []string{"X-Request-Id", "Ratelimit-Limit", "Ratelimit-Remaining", "Ratelimit-Reset", "Ratelimit-Policy", "Ratelimit", "Retry-After"} {
				if !strings.Contains(exposed, h) {
					t.Errorf("%s is not exposed: %q", h, exposed)
				}
			}
			if !strings.Contains(rec.Header().Get("Vary"), "Origin") {
				t.Errorf("Vary = %q, want Origin in it", rec.Header().Get("Vary"))
			}
		})
	}
}

func TestCORSNoOriginsAllowsNone(t *testing.T) {
	s := newStack(t, Config{})
	h := newRouter(s, &okHandler{})
	rec := serve(h, request("OPTIONS", "/api/v1/partners/1", nil, "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"))
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("with no origins configured, Access-Control-Allow-Origin = %q", got)
	}
}

func TestCORSStar(t *testing.T) {
	s := newStack(t, Config{CORS: CORSConfig{Origins: []string{"*"}}})
	rec := serve(newRouter(s, &okHandler{}), request("GET", "/api/v1/health", nil, "Origin", "https://anyone.example"))
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
	}
}

func TestCORSConfigRejected(t *testing.T) {
	for name, c := range map[string]CORSConfig{
		"star with credentials": {Origins: []string{"*"}, AllowCredentials: true},
		"path":                  {Origins: []string{"https://app.example.com/"}},
		"no scheme":             {Origins: []string{"app.example.com"}},
		"wildcard":              {Origins: []string{"https://*.example.com"}},
	} {
		if _, err := New(Config{CORS: c}); err == nil {
			t.Errorf("%s: New accepted %+v", name, c)
		}
	}
}
