package graph

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"odoo-gateway/access"
)

func TestGETRunsQueriesOnly(t *testing.T) {
	env := newTestEnv(t)
	r := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`query($n: Int) { customers(first: $n) { nodes { id } } }`)+
		"&variables="+url.QueryEscape(`{"n": 2}`), nil)
	res := env.do(t, r, env.key)
	var got struct {
		Customers struct{ Nodes []struct{ ID string } }
	}
	res.decode(t, &got)
	if res.Status != http.StatusOK || len(got.Customers.Nodes) != 2 {
		t.Errorf("GET query: status %d, data %s, errors %+v", res.Status, res.Data, res.Errors)
	}

	r = httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { createPartner(input: {name: "Via GET"}) { partner { id } } }`), nil)
	res = env.do(t, r, env.key)
	if res.Status != http.StatusMethodNotAllowed || res.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET mutation: status %d, Allow %q", res.Status, res.Header.Get("Allow"))
	}
	checkError(t, res, "", "METHOD_NOT_ALLOWED")
	if len(env.Calls("res.partner", "create")) != 0 {
		t.Error("a mutation sent with GET ran")
	}
}

func TestMalformedRequests(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name, method, ctype, body string
		status                    int
		code                      string
	}{
		{"not JSON", http.MethodPost, "application/json", `{"query": "{ viewer { name } }" SECRET-ECHO`, http.StatusBadRequest, CodeBadRequest},
		{"JSON but not an object", http.MethodPost, "application/json", `["query"]`, http.StatusBadRequest, CodeBadRequest},
		{"form body", http.MethodPost, "application/x-www-form-urlencoded", `query=%7B%7D`, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
		{"no query", http.MethodPost, "application/json", `{}`, http.StatusBadRequest, "GRAPHQL_VALIDATION_FAILED"},
		{"PUT", http.MethodPut, "application/json", `{}`, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/graphql", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.ctype)
			res := env.do(t, r, env.key)
			if res.Status != tt.status {
				t.Errorf("status = %d, want %d", res.Status, tt.status)
			}
			e := checkError(t, res, "", tt.code)
			if strings.Contains(e.Message, "SECRET-ECHO") {
				t.Errorf("the message echoes the body: %q", e.Message)
			}
		})
	}
}

func TestViewer(t *testing.T) {
	env := newTestEnv(t)
	key := env.Access.KeyFor(access.KeySpec{Name: "shop", Scopes: []string{access.ScopeProductsRead}, RatePerMin: 100})
	res := env.post(t, key, request{Query: `{ viewer { name kind scopes rateLimit { limit remaining resetAt } } }`})
	var got struct {
		Viewer struct {
			Name, Kind string
			Scopes     []string
			RateLimit  struct {
				Limit, Remaining int
				ResetAt          time.Time
			}
		}
	}
	res.decode(t, &got)
	v := got.Viewer
	if v.Name != "shop" || v.Kind != "key" || len(v.Scopes) != 1 || v.Scopes[0] != access.ScopeProductsRead {
		t.Errorf("viewer = %+v", v)
	}
	if v.RateLimit.Limit != 100 || v.RateLimit.Remaining != 99 || v.RateLimit.ResetAt.IsZero() {
		t.Errorf("rateLimit = %+v", v.RateLimit)
	}
	if res.Header.Get("RateLimit-Remaining") != "99" {
		t.Errorf("RateLimit-Remaining header = %q", res.Header.Get("RateLimit-Remaining"))
	}
}

func TestGraphiQLIsServedToBrowsers(t *testing.T) {
	env := newTestEnv(t)
	r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
	rec := httptest.NewRecorder()
	env.handler.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Body.String(), "graphql/graphiql/graphiql.min.js") {
		t.Error("the page does not load GraphiQL")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}

	for _, asset := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "init.js"} {
		r := httptest.NewRequest(http.MethodGet, "/graphql/graphiql/"+asset, nil)
		r.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		env.handler.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: status %d, encoding %q", asset, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		if len(body) < 100 {
			t.Errorf("%s: %d bytes", asset, len(body))
		}
		again := httptest.NewRequest(http.MethodGet, "/graphql/graphiql/"+asset, nil)
		again.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec2 := httptest.NewRecorder()
		env.handler.ServeHTTP(rec2, again)
		if rec2.Code != http.StatusNotModified {
			t.Errorf("%s revalidation: status %d", asset, rec2.Code)
		}
	}

	r = httptest.NewRequest(http.MethodGet, "/graphql/graphiql/secrets.txt", nil)
	if res := env.do(t, r, ""); res.Status != http.StatusNotFound {
		t.Errorf("unknown asset: status %d", res.Status)
	}
	if env.upstreamCalls() != 0 {
		t.Error("the page reached Odoo")
	}
}

func TestMetrics(t *testing.T) {
	env := newTestEnv(t)
	env.post(t, env.Access.KeyWithout(access.ScopeProductsRead), request{Query: `{ products(first: 1) { nodes { id } } viewer { name } }`})
	env.post(t, env.key, request{Query: `{ nope }`})
	families, err := env.Access.Stack.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			name := f.GetName()
			for _, l := range m.GetLabel() {
				name += "," + l.GetName() + "=" + l.GetValue()
			}
			if c := m.GetCounter(); c != nil {
				got[name] = c.GetValue()
			}
			if h := m.GetHistogram(); h != nil {
				got[name] = float64(h.GetSampleCount())
			}
		}
	}
	for name, want := range map[string]float64{
		"gateway_graphql_errors_total,code=FORBIDDEN":                 1,
		"gateway_graphql_errors_total,code=GRAPHQL_VALIDATION_FAILED": 1,
		"gateway_graphql_operations_total,type=query":                 1,
		"gateway_graphql_complexity":                                  1,
	} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
}
