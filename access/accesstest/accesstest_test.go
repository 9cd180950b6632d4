package accesstest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"

	"odoo-gateway/access"
	"odoo-gateway/access/accesstest"
)

// routes is a miniature route table in the shape REST will have: each
// route with the scope it needs.
var routes = []struct {
	method, path, scope string
}{
	{"GET", "/api/v1/partners", access.ScopePartnersRead},
	{"POST", "/api/v1/partners", access.ScopePartnersWrite},
	{"GET", "/api/v1/countries", access.ScopeCountriesRead},
}

func router(env *accesstest.Env, skipScopeOn string) http.Handler {
	r := mux.NewRouter()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	for _, rt := range routes {
		var h http.Handler = ok
		if rt.path+rt.method != skipScopeOn {
			h = access.Require(rt.scope)(ok)
		}
		r.Handle(rt.path, env.Stack.Authenticate(h)).Methods(rt.method)
	}
	return env.Stack.Wrap(r)
}

func TestExpectScopeWalk(t *testing.T) {
	env := accesstest.New(t, access.Config{})
	h := router(env, "")
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			env.ExpectScope(h, func() *http.Request { return httptest.NewRequest(rt.method, rt.path, nil) }, rt.scope)
		})
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func TestExpectScopeCatchesAnUnscopedRoute(t *testing.T) {
	rec := &recorder{TB: t}
	env := accesstest.New(rec, access.Config{})
	h := router(env, "/api/v1/countriesGET")
	env.ExpectScope(h, func() *http.Request { return httptest.NewRequest("GET", "/api/v1/countries", nil) }, access.ScopeCountriesRead)
	if len(rec.failed) == 0 {
		t.Error("ExpectScope passed a route that does not check its scope")
	}
}

func TestKeys(t *testing.T) {
	env := accesstest.New(t, access.Config{})
	h := env.Handler(access.Require(access.ScopeOrdersRead)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	req := func() *http.Request { return httptest.NewRequest("GET", "/", nil) }
	for _, tt := range []struct {
		name string
		key  string
		want int
	}{
		{"with the scope", env.Key(access.ScopeOrdersRead), 200},
		{"with star", env.Key(access.ScopeAll), 200},
		{"without it", env.KeyWithout(access.ScopeOrdersRead), 403},
		{"no scopes", env.Key(), 403},
		{"no key", "", 401},
	} {
		if got := accesstest.Do(h, req(), tt.key).Code; got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
