// Package accesstest builds access stacks for the tests of other packages:
// in-memory keys with any scopes, the in-memory limiter, and a check that
// a handler refuses a principal without a given scope. REST and GraphQL
// tests use it to walk every route and field.
package accesstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"odoo-gateway/access"
)

// Env is an access.Stack for tests, plus a way to mint keys.
type Env struct {
	// Stack is the stack under test; wrap handlers with it (or use Handler).
	Stack *access.Stack
	t     testing.TB
	n     atomic.Int64
}

// New builds a Stack from cfg (usually a zero Config: no keys file, no
// Redis) and closes it when the test ends.
func New(t testing.TB, cfg access.Config) *Env {
	t.Helper()
	s, err := access.New(cfg)
	if err != nil {
		t.Fatalf("access.New: %v", err)
	}
	t.Cleanup(s.Close)
	return &Env{Stack: s, t: t}
}

// KeyFor mints an in-memory key for spec; an empty name gets a unique one,
// a zero rate a high one (so that tests are not throttled unless they mean
// to be).
func (e *Env) KeyFor(spec access.KeySpec) string {
	e.t.Helper()
	if spec.Name == "" {
		spec.Name = fmt.Sprintf("test-%d", e.n.Add(1))
	}
	if spec.RatePerMin == 0 {
		spec.RatePerMin = 1_000_000
	}
	key, info, err := access.NewKey(spec, time.Now())
	if err != nil {
		e.t.Fatalf("accesstest: new key: %v", err)
	}
	if err := e.Stack.AddKeys(info); err != nil {
		e.t.Fatalf("accesstest: add key: %v", err)
	}
	return key
}

// Key mints a key holding exactly scopes (none at all if empty).
func (e *Env) Key(scopes ...string) string {
	e.t.Helper()
	return e.KeyFor(access.KeySpec{Scopes: scopes})
}

// KeyWithout mints a key holding every concrete scope except the given ones
// and those that include them (and not "*"), the principal that a scope
// walk must see refused.
func (e *Env) KeyWithout(scopes ...string) string {
	e.t.Helper()
	var keep []string
	for _, s := range access.Scopes {
		grants := slices.ContainsFunc(scopes, func(missing string) bool { return access.Grants(s, missing) })
		if !grants {
			keep = append(keep, s)
		}
	}
	return e.Key(keep...)
}

// Handler wraps h the way the server does: Wrap around, Authenticate
// inside.
func (e *Env) Handler(h http.Handler, opts ...access.AuthOption) http.Handler {
	return e.Stack.Wrap(e.Stack.Authenticate(h, opts...))
}

// Do sends req to h with key in X-API-Key and returns the recorded answer.
func Do(h http.Handler, req *http.Request, key string) *httptest.ResponseRecorder {
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// challengeScope returns the scope named by an insufficient_scope
// WWW-Authenticate challenge.
func challengeScope(h http.Header) string {
	c := h.Get("WWW-Authenticate")
	if !strings.Contains(c, `error="insufficient_scope"`) {
		return ""
	}
	_, rest, ok := strings.Cut(c, `scope="`)
	if !ok {
		return ""
	}
	scope, _, _ := strings.Cut(rest, `"`)
	return scope
}

// ExpectScope proves, for a REST route, that h (already wrapped, e.g. by Handler) needs scope
// for the request newReq builds: a key with every other scope gets 403
// naming the scope, and a key with only that scope gets past the scope
// check (any status but 401 and 403). newReq is called once per attempt.
func (e *Env) ExpectScope(h http.Handler, newReq func() *http.Request, scope string) {
	e.t.Helper()
	without := Do(h, newReq(), e.KeyWithout(scope))
	if without.Code != http.StatusForbidden {
		e.t.Errorf("without %s: status %d, want 403; body %s", scope, without.Code, without.Body)
	}
	if got := challengeScope(without.Header()); got != scope {
		e.t.Errorf("without %s: WWW-Authenticate names scope %q, want %q", scope, got, scope)
	}
	with := Do(h, newReq(), e.Key(scope))
	if with.Code == http.StatusForbidden || with.Code == http.StatusUnauthorized {
		e.t.Errorf("with only %s: status %d, want the scope check passed; body %s", scope, with.Code, with.Body)
	}
}
