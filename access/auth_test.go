package access

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

func TestAuthenticateCredentials(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 1000})
	key := addKey(t, s, KeySpec{Name: "shop", Scopes: []string{ScopePartnersRead}, RatePerMin: 100})

	var seen *Principal
	var seenRate RateLimit
	h := s.Wrap(s.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, _ = PrincipalFrom(r.Context())
		seenRate, _ = RateLimitFrom(r.Context())
	})))

	for _, tt := range []struct {
		name    string
		headers []string
	}{
		{"X-API-Key", []string{"X-API-Key", key}},
		{"Authorization Bearer", []string{"Authorization", "Bearer " + key}},
		{"lower-case bearer", []string{"Authorization", "bearer " + key}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen = nil
			rec := serve(h, request("GET", "/api/v1/partners", nil, tt.headers...))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d; body %s", rec.Code, rec.Body)
			}
			if seen == nil || seen.Name != "shop" || seen.Kind != KindKey || !seen.Can(ScopePartnersRead) || seen.RatePerMin != 100 {
				t.Errorf("principal in context: %+v", seen)
			}
			if seenRate.Limit != 100 || !seenRate.Allowed {
				t.Errorf("rate limit in context: %+v", seenRate)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			for _, hdr := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", "RateLimit"} {
				if rec.Header().Get(hdr) == "" {
					t.Errorf("missing %s", hdr)
				}
			}
		})
	}
}

// TestBadCredentialsLookAlike proves that the answer never tells whether a
// key exists: unknown, revoked, expired and malformed credentials all get
// the same 401.
func TestBadCredentialsLookAlike(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 1000})
	expired := addKey(t, s, KeySpec{Name: "old", Scopes: []string{ScopeAll}, ExpiresAt: clock.Now().Add(time.Minute)})
	_, revokedInfo, _ := NewKey(KeySpec{Name: "revoked", Scopes: []string{ScopeAll}}, clock.Now())
	revoked, info, _ := NewKey(KeySpec{Name: "revoked2", Scopes: []string{ScopeAll}}, clock.Now())
	info.Disabled = true
	if err := s.AddKeys(revokedInfo, info); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	inner := &okHandler{}
	h := s.Wrap(s.Authenticate(inner))

	creds := map[string]string{
		"unknown key":  KeyPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"expired key":  expired,
		"revoked key":  revoked,
		"garbage":      "hunter2",
		"a JWT (off)":  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
		"empty bearer": "",
	}
	var first *Problem
	for name, cred := range creds {
		headers := []string{"X-API-Key", cred}
		if name == "empty bearer" {
			headers = []string{"Authorization", "Bearer "}
		}
		rec := serve(h, request("GET", "/", nil, headers...))
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, rec.Code)
			continue
		}
		if rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate", name)
		}
		p := problem(t, rec)
		p.RequestID = ""
		if name == "empty bearer" {
			continue // no credential at all: the "missing" wording
		}
		if first == nil {
			first = &p
		} else if diff := cmp.Diff(*first, p); diff != "" {
			t.Errorf("%s answers differently from the others (-first +this):\n%s", name, diff)
		}
	}
	if inner.Calls() != 0 {
		t.Error("the handler ran without a valid credential")
	}
}

func TestMissingCredential(t *testing.T) {
	s := newStack(t, Config{})
	rec := serve(s.Wrap(s.Authenticate(&okHandler{})), request("GET", "/", nil))
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="odoo-gateway"` {
		t.Errorf("status %d, WWW-Authenticate %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	if p := problem(t, rec); p.Code != "unauthorized" || p.RequestID == "" {
		t.Errorf("problem %+v", p)
	}
}

// TestFailedAttemptsThrottledPerIP proves that guessing is slow: after the
// allowed failures, the IP gets 429 even with a valid key (so a right guess
// is not recognisable), while other IPs are unaffected.
func TestFailedAttemptsThrottledPerIP(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now, AuthFailuresPerMin: 3})
	good := addKey(t, s, KeySpec{Name: "good", Scopes: []string{ScopeAll}})
	inner := &okHandler{}
	h := s.Wrap(s.Authenticate(inner))
	from := func(ip, key string) *http.Request {
		r := request("GET", "/", nil, "X-API-Key", key)
		r.RemoteAddr = ip + ":40000"
		return r
	}
	for i := range 3 {
		if rec := serve(h, from("192.0.2.1", fmt.Sprintf("%sguess%d", KeyPrefix, i))); rec.Code != 401 {
			t.Fatalf("failure %d: status %d, want 401", i+1, rec.Code)
		}
	}
	rec := serve(h, from("192.0.2.1", good))
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("after 3 failures, a valid key from the same IP: status %d, want 429", rec.Code)
	}
	if p := problem(t, rec); p.Code != odoo.ERateLimited {
		t.Errorf("problem %+v", p)
	}
	if got := rec.Header().Get("Retry-After"); got != "20" {
		t.Errorf("Retry-After = %q, want 20 (one failure refills every 20s at 3/min)", got)
	}
	if inner.Calls() != 0 {
		t.Error("the handler ran for a throttled IP")
	}
	if rec := serve(h, from("198.51.100.7", good)); rec.Code != 200 {
		t.Errorf("another IP: status %d, want 200", rec.Code)
	}
	clock.Advance(20 * time.Second)
	if rec := serve(h, from("192.0.2.1", good)); rec.Code != 200 {
		t.Errorf("after the refill: status %d, want 200", rec.Code)
	}
	// Successes do not spend the failure budget.
	for range 10 {
		if rec := serve(h, from("192.0.2.1", good)); rec.Code != 200 {
			t.Fatalf("repeated successes: status %d", rec.Code)
		}
	}
}

func TestClientIP(t *testing.T) {
	tests := []struct {
		name    string
		proxies int
		remote  string
		xff     []string
		want    string
	}{
		{"remote addr", 0, "192.0.2.1:1234", nil, "192.0.2.1"},
		{"xff ignored by default", 0, "192.0.2.1:1234", []string{"203.0.113.9"}, "192.0.2.1"},
		{"one proxy: last hop", 1, "10.0.0.1:1234", []string{"198.51.100.1, 203.0.113.9"}, "203.0.113.9"},
		{"two proxies", 2, "10.0.0.1:1234", []string{"198.51.100.1, 203.0.113.9"}, "198.51.100.1"},
		{"several headers", 1, "10.0.0.1:1234", []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9"},
		{"too few hops", 3, "10.0.0.1:1234", []string{"203.0.113.9"}, "10.0.0.1"},
		{"garbage hop", 1, "10.0.0.1:1234", []string{"not-an-ip"}, "10.0.0.1"},
		{"ipv6", 0, "[2001:db8:1:2:aaaa::1]:1234", nil, "2001:db8:1:2:aaaa::1"},
		{"mapped ipv4", 0, "[::ffff:192.0.2.1]:1234", nil, "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Stack{cfg: Config{TrustedProxies: tt.proxies}}
			r := request("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := s.clientIP(r); got != tt.want {
				t.Errorf("clientIP = %q, want %q", got, tt.want)
			}
			wantKey := tt.want
			if strings.Contains(tt.want, "2001:") {
				wantKey = "2001:db8:1:2::/64" // failures count per /64
			}
			if got := s.throttleKey(r); got != wantKey {
				t.Errorf("throttleKey = %q, want %q", got, wantKey)
			}
		})
	}
}

func TestKeyOrigins(t *testing.T) {
	s := newStack(t, Config{CORS: CORSConfig{Origins: []string{"https://shop.example", "https://other.example"}}})
	narrowed := addKey(t, s, KeySpec{Name: "spa", Scopes: []string{ScopeAll}, Origins: []string{"https://shop.example"}})
	open := addKey(t, s, KeySpec{Name: "server", Scopes: []string{ScopeAll}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	tests := []struct {
		key, origin string
		want        int
	}{
		{narrowed, "https://shop.example", 200},
		{narrowed, "https://other.example", 403},
		{narrowed, "", 200}, // not a browser: origin narrowing does not apply
		{open, "https://other.example", 200},
	}
	for _, tt := range tests {
		r := request("GET", "/", nil, "X-API-Key", tt.key)
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		if got := serve(h, r).Code; got != tt.want {
			t.Errorf("origin %q: status %d, want %d", tt.origin, got, tt.want)
		}
	}
}

// TestCustomErrorWriter proves that GraphQL's own error format gets the
// same status and headers as problem+json.
func TestCustomErrorWriter(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now})
	key := addKey(t, s, KeySpec{Name: "one", Scopes: []string{ScopeAll}, RatePerMin: 1})
	gql := func(w http.ResponseWriter, r *http.Request, err error) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(Status(err))
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
			"message":    Message(err),
			"extensions": map[string]any{"code": Code(err), "request_id": RequestIDFrom(r.Context())},
		}}})
	}
	h := s.Wrap(s.Authenticate(&okHandler{}, WithErrorWriter(gql)))

	rec := serve(h, request("POST", "/graphql", nil))
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("401: status %d, headers %v", rec.Code, rec.Header())
	}
	var body struct {
		Errors []struct {
			Extensions map[string]string `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 ||
		body.Errors[0].Extensions["code"] != "unauthorized" || body.Errors[0].Extensions["request_id"] != rec.Header().Get(HeaderRequestID) {
		t.Errorf("GraphQL error body %s", rec.Body)
	}

	serve(h, request("POST", "/graphql", nil, "X-API-Key", key))
	rec = serve(h, request("POST", "/graphql", nil, "X-API-Key", key))
	if rec.Code != 429 || rec.Header().Get("Retry-After") == "" || rec.Header().Get("RateLimit-Remaining") != "0" {
		t.Errorf("429: status %d, headers %v", rec.Code, rec.Header())
	}
}
