package rest_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/mux"

	"odoo-gateway/rest"
)

// route is one method of one path template.
type route struct{ method, path string }

// muxRoutes lists the routes the REST server registers, by walking its
// router, so that a route added later cannot escape the tests below.
func muxRoutes(t *testing.T, h *harness) []route {
	t.Helper()
	srv := rest.NewServer(rest.Config{Odoo: h.env.Odoo, Stack: h.env.Access.Stack})
	router, ok := srv.(*mux.Router)
	if !ok {
		t.Fatalf("rest.NewServer returned %T, want *mux.Router", srv)
	}
	var out []route
	err := router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := r.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := r.GetMethods()
		if err != nil {
			t.Errorf("route %s has no method: every route must name its methods", tmpl)
			return nil
		}
		for _, m := range methods {
			out = append(out, route{m, tmpl})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d routes found", len(out))
	}
	return out
}

// docOperations lists the operations of the OpenAPI document.
func docOperations(t *testing.T) map[route]*openapi3.Operation {
	t.Helper()
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	out := map[route]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out[route{method, path}] = op
		}
	}
	return out
}

// scopeOf returns the scope an operation requires ("" for a public one),
// checking that every security alternative names the same single scope.
func scopeOf(t *testing.T, r route, op *openapi3.Operation) string {
	t.Helper()
	if op.Security == nil {
		t.Errorf("%s %s: no security requirement; say security: [] for a public operation", r.method, r.path)
		return ""
	}
	scope := ""
	for _, req := range *op.Security {
		for scheme, scopes := range req {
			if len(scopes) != 1 {
				t.Errorf("%s %s: scheme %s lists scopes %v, want exactly one", r.method, r.path, scheme, scopes)
				continue
			}
			if scope != "" && scopes[0] != scope {
				t.Errorf("%s %s: schemes disagree on the scope: %s and %s", r.method, r.path, scope, scopes[0])
			}
			scope = scopes[0]
		}
	}
	return scope
}

// sample fills a path template with values that exist (or, for a delete,
// that do not, so that the walk deletes nothing).
func sample(r route) string {
	id := "9"
	if r.method == http.MethodDelete {
		id = "999999"
	}
	for _, res := range []string{"products", "sale-orders", "invoices", "countries"} {
		if strings.Contains(r.path, "/"+res+"/") {
			id = "1"
		}
	}
	p := strings.ReplaceAll(r.path, "{id}", id)
	p = strings.ReplaceAll(p, "{file}", "init.js")
	return strings.ReplaceAll(p, "{code}", "validation")
}

func TestEveryRouteIsDocumented(t *testing.T) {
	h := newHarness(t)
	ops := docOperations(t)
	routed := map[route]bool{}
	for _, r := range muxRoutes(t, h) {
		routed[r] = true
		if ops[r] == nil {
			t.Errorf("%s %s is routed but not in the OpenAPI document", r.method, r.path)
		}
	}
	for r := range ops {
		if !routed[r] {
			t.Errorf("%s %s is documented but not routed", r.method, r.path)
		}
	}
}

// TestScopeWalk proves, for every route, that it needs exactly the scope
// the document says (or, for a public route, none).
func TestScopeWalk(t *testing.T) {
	h := newHarness(t)
	ops := docOperations(t)
	for _, r := range muxRoutes(t, h) {
		op := ops[r]
		if op == nil {
			continue // reported by TestEveryRouteIsDocumented
		}
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			scope := scopeOf(t, r, op)
			newReq := func() *http.Request {
				rq := req{method: r.method, target: sample(r)}
				if r.method == http.MethodPost || r.method == http.MethodPatch {
					rq.body = `{}`
				}
				return newRequest(t, rq)
			}
			if scope == "" {
				res := h.do(req{method: r.method, target: sample(r), key: "-"})
				if res.Code == http.StatusUnauthorized || res.Code == http.StatusForbidden || res.Code >= 500 {
					t.Errorf("public route answered %d without a key: %s", res.Code, res.Body)
				}
				return
			}
			h.env.Access.ExpectScope(h.h, newReq, scope)
			// Without a key: 401 with a challenge, as documented.
			rq := req{method: r.method, target: sample(r), key: "-"}
			res := h.do(rq).expect(t, http.StatusUnauthorized)
			if res.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

// TestMethodNotAllowed sends an unsupported method to every documented
// path: 405, with Allow listing exactly the documented methods.
func TestMethodNotAllowed(t *testing.T) {
	h := newHarness(t)
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		var want []string
		for m := range item.Operations() {
			want = append(want, m)
		}
		r := route{http.MethodPut, path}
		res := h.do(req{method: http.MethodPut, target: sample(r), body: `{}`}).expect(t, http.StatusMethodNotAllowed)
		got := strings.Split(res.Header().Get("Allow"), ", ")
		sort.Strings(got)
		sort.Strings(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PUT %s: Allow (-documented +answered):\n%s", path, diff)
		}
		if p := res.problem(t); p.Code != "method_not_allowed" {
			t.Errorf("PUT %s: %+v", path, p)
		}
	}
}

// TestDocumentedParametersAreAccepted compares, for every operation, the
// query parameters the document lists with those the handler accepts (the
// handler names them when refusing an unknown one).
func TestDocumentedParametersAreAccepted(t *testing.T) {
	h := newHarness(t)
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/v1/") || path == "/api/v1/health" {
			continue
		}
		for method, op := range item.Operations() {
			var want []string
			for _, p := range append(item.Parameters, op.Parameters...) {
				if p.Value.In == "query" {
					want = append(want, p.Value.Name)
				}
			}
			r := route{method, path}
			rq := req{method: method, target: sample(r) + "?zz_unknown=1"}
			if method == http.MethodPost || method == http.MethodPatch {
				rq.body = `{"name": "Param check"}`
			}
			res := h.do(rq).expect(t, http.StatusBadRequest)
			msg := strings.Join(res.problem(t).Details["zz_unknown"], "")
			var got []string
			if _, list, ok := strings.Cut(msg, "this endpoint accepts "); ok {
				got = strings.Split(list, ", ")
			} else if !strings.Contains(msg, "takes no query parameters") {
				t.Errorf("%s %s: %q", method, path, msg)
			}
			slices.Sort(got)
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s %s: query parameters (-documented +accepted):\n%s", method, path, diff)
			}
		}
	}
}

// TestUnknownPathIs404 checks paths no route serves.
func TestUnknownPathIs404(t *testing.T) {
	h := newHarness(t)
	for _, target := range []string{"/api/v1", "/api/v1/", "/api/v1/partners/9/orders", "/api/docs/ui/missing.js", "/api/docs/problems/nope", "/api/"} {
		res := h.get(target)
		if res.Code != http.StatusNotFound {
			t.Errorf("%s: %d", target, res.Code)
			continue
		}
		if p := res.problem(t); p.Code != "not_found" {
			t.Errorf("%s: %+v", target, p)
		}
	}
	// Even a HEAD or OPTIONS without CORS headers gets a problem, not a
	// bare text answer.
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, httptest.NewRequest(http.MethodOptions, "/api/v1/partners", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") == "" {
		t.Errorf("OPTIONS without Origin: %d %v", rec.Code, rec.Header())
	}
}
