package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

// checkError asserts the response has one error with code at path, and
// that the error carries the request id of the answer.
func checkError(t *testing.T, res result, path, code string) gqlError {
	t.Helper()
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %+v, want one %s", res.Errors, code)
	}
	e := res.Errors[0]
	if e.code() != code || e.pathString() != path {
		t.Errorf("error = %+v, want %s at %q", e, code, path)
	}
	if id := res.Header.Get(access.HeaderRequestID); id == "" || e.Extensions["request_id"] != id {
		t.Errorf("request_id = %v, want the X-Request-ID %q", e.Extensions["request_id"], id)
	}
	return e
}

// TestErrorCodes produces every code of the shared error model through the
// whole stack.
func TestErrorCodes(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(t *testing.T, env *testEnv)
		key        func(env *testEnv) string
		query      string
		status     int
		path, code string
		// hidden must not appear in the answer (internal detail).
		hidden string
	}{
		{
			name:   "no credential",
			key:    func(*testEnv) string { return "" },
			query:  `{ viewer { name } }`,
			status: http.StatusUnauthorized, code: CodeUnauthenticated,
		},
		{
			name:   "wrong key",
			key:    func(*testEnv) string { return "ogw_not-a-key-at-all-not-a-key-at-all-nope" },
			query:  `{ viewer { name } }`,
			status: http.StatusUnauthorized, code: CodeUnauthenticated,
		},
		{
			name:   "missing scope",
			key:    func(env *testEnv) string { return env.Access.KeyWithout(access.ScopeProductsRead) },
			query:  `{ products(first: 1) { nodes { name } } }`,
			status: http.StatusOK, path: "products", code: CodeForbidden,
		},
		{
			name:   "missing record",
			query:  `{ partner(id: "999999") { name } }`,
			status: http.StatusOK, path: "partner", code: CodeNotFound,
		},
		{
			name:   "bad argument",
			query:  `{ partners(first: 1000) { nodes { name } } }`,
			status: http.StatusOK, path: "partners", code: CodeBadUserInput,
		},
		{
			name:   "malformed id",
			query:  `{ partner(id: "abc") { name } }`,
			status: http.StatusOK, path: "partner.id", code: CodeBadUserInput,
		},
		{
			name:   "partner in use",
			query:  `mutation { deletePartner(id: "10") { deletedId } }`,
			status: http.StatusOK, path: "deletePartner", code: CodeConflict,
		},
		{
			name: "odoo down",
			setup: func(t *testing.T, env *testEnv) {
				env.Sim.FailCalls(odoosim.Match{Model: "res.partner"}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
			},
			query:  `{ partners(first: 1) { nodes { name } } }`,
			status: http.StatusOK, path: "partners", code: CodeUpstreamUnavailable,
			hidden: "Bad Gateway",
		},
		{
			name: "odoo too slow",
			setup: func(t *testing.T, env *testEnv) {
				env.Sim.FailCalls(odoosim.Match{Model: "res.partner"}, odoosim.Failure{Hang: true})
			},
			query:  `{ partners(first: 1) { nodes { name } } }`,
			status: http.StatusOK, path: "partners", code: CodeUpstreamTimeout,
		},
		{
			name: "odoo crashes",
			setup: func(t *testing.T, env *testEnv) {
				env.Sim.FailCalls(odoosim.Match{Model: "res.partner"}, odoosim.Failure{FaultCode: 1,
					FaultString: "Traceback (most recent call last):\n  File \"/secret/odoo/models.py\"\nKeyError: 'secret_column'"})
			},
			query:  `{ partners(first: 1) { nodes { name } } }`,
			status: http.StatusOK, path: "partners", code: CodeInternal,
			hidden: "secret",
		},
		{
			name:   "parse error",
			query:  `{ partners(first: 1) { nodes { name }`,
			status: http.StatusBadRequest, code: "GRAPHQL_PARSE_FAILED",
		},
		{
			name:   "validation error",
			query:  `{ partners(first: 1) { nodes { nickname } } }`,
			status: http.StatusBadRequest, code: "GRAPHQL_VALIDATION_FAILED",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, func(o *envOptions) { o.gateway.Timeout = 300 * time.Millisecond })
			if tt.setup != nil {
				tt.setup(t, env)
			}
			key := env.key
			if tt.key != nil {
				key = tt.key(env)
			}
			body, _ := jsonBody(request{Query: tt.query})
			r := httptest.NewRequest(http.MethodPost, "/graphql", body)
			r.Header.Set("Content-Type", "application/json")
			res := env.do(t, r, key)
			if res.Status != tt.status {
				t.Errorf("status = %d, want %d", res.Status, tt.status)
			}
			e := checkError(t, res, tt.path, tt.code)
			if e.Message == "" {
				t.Error("empty message")
			}
			if tt.hidden != "" {
				raw, _ := json.Marshal(res)
				if strings.Contains(string(raw), tt.hidden) {
					t.Errorf("the answer shows internal detail %q: %s", tt.hidden, raw)
				}
			}
			if tt.code == CodeInternal && !strings.Contains(env.log.String(), "secret_column") {
				t.Errorf("the internal cause is not in the log:\n%s", env.log.String())
			}
		})
	}
}

// TestRateLimitedLikeREST: over its budget, a key gets 429 with the same
// headers as REST, in GraphQL's shape, before anything runs.
func TestRateLimitedLikeREST(t *testing.T) {
	env := newTestEnv(t)
	key := env.Access.KeyFor(access.KeySpec{Scopes: []string{access.ScopeAll}, RatePerMin: 1})
	first := env.post(t, key, request{Query: `{ viewer { name } }`})
	if first.Status != http.StatusOK || first.Header.Get("RateLimit-Remaining") != "0" {
		t.Fatalf("first request: status %d, RateLimit-Remaining %q", first.Status, first.Header.Get("RateLimit-Remaining"))
	}
	env.Sim.ResetCalls()
	res := env.post(t, key, request{Query: `{ partners(first: 1) { nodes { name } } }`})
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q; want 429 with Retry-After", res.Status, res.Header.Get("Retry-After"))
	}
	checkError(t, res, "", CodeRateLimited)
	if n := env.upstreamCalls(); n != 0 {
		t.Errorf("%d upstream calls for a refused request", n)
	}
}

// TestUnauthenticatedLikeREST: the 401 carries the same challenge as REST.
func TestUnauthenticatedLikeREST(t *testing.T) {
	env := newTestEnv(t)
	res := env.post(t, "", request{Query: `{ viewer { name } }`})
	if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
	}
	if string(res.Data) != "" && string(res.Data) != "null" {
		t.Errorf("data = %s, want none", res.Data)
	}
}

// panicking is a data service whose partner list panics: the subject is
// the recovery, not the service.
type panicking struct{ Odoo }

func (panicking) Partners(context.Context, odoo.PartnerFilter, odoo.ListOptions) (*odoo.Page[odoo.Partner], error) {
	panic("resolver bug with secret detail")
}

func TestPanicsAreInternalErrors(t *testing.T) {
	env := newTestEnv(t, withConfig(func(c *Config) { c.Odoo = panicking{c.Odoo} }))
	res := env.post(t, env.key, request{Query: `{ partners(first: 1) { nodes { name } } viewer { name } }`})
	e := checkErrorAt(t, res, "partners", CodeInternal)
	if strings.Contains(e.Message, "secret") {
		t.Errorf("message shows the panic: %q", e.Message)
	}
	if !strings.Contains(string(res.Data), `"viewer":{"name"`) {
		t.Errorf("the rest of the query did not answer: %s", res.Data)
	}
	log := env.log.String()
	if !strings.Contains(log, "resolver bug with secret detail") || !strings.Contains(log, "goroutine") {
		t.Errorf("the panic and its stack are not in the log:\n%s", log)
	}
}

// checkErrorAt asserts one error with code at path among the errors.
func checkErrorAt(t *testing.T, res result, path, code string) gqlError {
	t.Helper()
	errs := res.errorsAt(path)
	if len(errs) != 1 || errs[0].code() != code {
		t.Fatalf("errors = %+v, want one %s at %s", res.Errors, code, path)
	}
	if errs[0].Extensions["request_id"] == nil {
		t.Error("no request_id")
	}
	return errs[0]
}

// TestBadScalarsAreTheClientsFault: no malformed input value ever shows as
// an internal error.
func TestBadScalarsAreTheClientsFault(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		query string
		vars  map[string]any
	}{
		{`query($n: Int) { partners(first: $n) { nodes { id } } }`, map[string]any{"n": "5"}},
		{`query($n: Int) { partners(first: $n) { nodes { id } } }`, map[string]any{"n": 1e20}},
		{`{ partners(first: 99999999999) { nodes { id } } }`, nil},
		{`query($id: ID!) { partner(id: $id) { id } }`, map[string]any{"id": "12abc"}},
		{`query($id: ID!) { partner(id: $id) { id } }`, map[string]any{"id": true}},
		{`{ partner(id: "-3") { id } }`, nil},
		{`query($t: DateTime) { partners(filter: {updatedSince: $t}) { nodes { id } } }`, map[string]any{"t": "2026-13-45T99:00:00Z"}},
		{`query($d: Date) { invoices(filter: {dateTo: $d}) { nodes { id } } }`, map[string]any{"d": 20260101}},
		{`{ partners(filter: {ids: ["1", "0"]}) { nodes { id } } }`, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.query, tt.vars), func(t *testing.T) {
			res := env.post(t, env.key, request{Query: tt.query, Variables: tt.vars})
			if len(res.Errors) == 0 {
				t.Fatalf("no error; data %s", res.Data)
			}
			for _, e := range res.Errors {
				if c := e.code(); c != CodeBadUserInput && c != "GRAPHQL_VALIDATION_FAILED" {
					t.Errorf("error %+v, want BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED", e)
				}
			}
		})
	}
}
