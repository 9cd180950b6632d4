package rest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"odoo-gateway/access"
	"odoo-gateway/idempotency"
	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/rest"
)

// harness is the REST API served through the real access stack, in front
// of the data service talking XML-RPC to the Odoo simulator. Every answer
// it gets is validated against the OpenAPI document.
type harness struct {
	t   testing.TB
	env *gatewaytest.Env
	// h is the whole gateway as server.go wires it: Wrap around the REST
	// server, which authenticates per route.
	h http.Handler
	// key holds every scope.
	key string
}

// options adjust newHarness.
type options struct {
	gw    gatewaytest.Options
	store *idempotency.Store
	// publicURL is rest.Config.PublicURL.
	publicURL string
}

func newHarness(t testing.TB, opts ...func(*options)) *harness {
	t.Helper()
	o := options{}
	for _, f := range opts {
		f(&o)
	}
	env := gatewaytest.New(t, o.gw)
	srv := rest.NewServer(rest.Config{
		Odoo: env.Odoo, Redis: env.Access.Stack, Stack: env.Access.Stack,
		Idempotency: o.store, PublicURL: o.publicURL,
	})
	return &harness{t: t, env: env, h: env.Access.Stack.Wrap(srv), key: env.Access.Key(access.ScopeAll)}
}

// response is a recorded answer.
type response struct {
	*httptest.ResponseRecorder
	req *http.Request
}

// json decodes the body into a generic value.
func (r *response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", r.req.Method, r.req.URL, err, r.Body)
	}
	return v
}

// problem decodes a problem+json answer.
func (r *response) problem(t testing.TB) access.Problem {
	t.Helper()
	if ct := r.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s %s: Content-Type %q, want application/problem+json; body %s", r.req.Method, r.req.URL, ct, r.Body)
	}
	var p access.Problem
	if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem: %v", err)
	}
	return p
}

// expect fails the test unless the status is want.
func (r *response) expect(t testing.TB, want int) *response {
	t.Helper()
	if r.Code != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.req.Method, r.req.URL, r.Code, want, r.Body)
	}
	return r
}

// req describes a request for harness.do.
type req struct {
	method, target string
	// body is sent as is when a string or []byte, else as JSON.
	body   any
	header map[string]string
	// key overrides the harness key; "-" sends none.
	key string
}

// do sends a request through the whole gateway and validates the answer
// against the OpenAPI document.
func (h *harness) do(rq req) *response {
	h.t.Helper()
	r := newRequest(h.t, rq)
	key := h.key
	switch rq.key {
	case "-":
		key = ""
	case "":
	default:
		key = rq.key
	}
	if key != "" {
		r.Header.Set("X-API-Key", key)
	}
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, r)
	res := &response{ResponseRecorder: rec, req: r}
	validateResponse(h.t, res)
	return res
}

// get is do for a GET with the harness key.
func (h *harness) get(target string) *response {
	h.t.Helper()
	return h.do(req{method: http.MethodGet, target: target})
}

func newRequest(t testing.TB, rq req) *http.Request {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	r := httptest.NewRequest(method, rq.target, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range rq.header {
		if v == "" {
			r.Header.Del(k)
			continue
		}
		r.Header.Set(k, v)
	}
	return r
}

// openAPI is the document, loaded and validated once for the whole run.
var openAPI = sync.OnceValues(func() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rest.OpenAPIYAML)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, err
	}
	return doc, nil
})

var openAPIRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openAPI()
	if err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// validateResponse checks an answer against the OpenAPI document: its
// status must be documented for the operation, its headers and body must
// match. Answers outside any operation (404 of an unknown path, 405) must
// be the documented problems.
func validateResponse(t testing.TB, res *response) {
	t.Helper()
	doc, err := openAPI()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	router, err := openAPIRouter()
	if err != nil {
		t.Fatalf("OpenAPI router: %v", err)
	}
	route, params, err := router.FindRoute(res.req)
	if err != nil {
		// Not an operation: a 404 or 405 problem, as documented.
		var name string
		switch res.Code {
		case http.StatusNotFound:
			name = "NotFound"
		case http.StatusMethodNotAllowed:
			name = "MethodNotAllowed"
		default:
			t.Errorf("%s %s is not in the OpenAPI document (%v) but answered %d", res.req.Method, res.req.URL.Path, err, res.Code)
			return
		}
		route = &routers.Route{Spec: doc, Path: res.req.URL.Path, Method: res.req.Method, Operation: &openapi3.Operation{
			Responses: openapi3.NewResponses(openapi3.WithStatus(res.Code, doc.Components.Responses[name])),
		}}
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	ct := res.Header().Get("Content-Type")
	if !strings.Contains(ct, "json") {
		// HTML pages and scripts of the docs: the status and content type
		// are checked, the body is not JSON to validate.
		opts.ExcludeResponseBody = true
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: res.req, PathParams: params, Route: route},
		Status:                 res.Code,
		Header:                 res.Header(),
		Options:                opts,
	}
	body := res.Body.Bytes()
	if res.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gzip: %v", err)
		}
	}
	in.SetBodyBytes(body)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		t.Errorf("%s %s: answer %d does not match the OpenAPI document: %v\nbody: %.2000s", res.req.Method, res.req.URL, res.Code, err, res.Body)
	}
}

// noTraceback fails if a body shows internal detail.
func noTraceback(t testing.TB, res *response) {
	t.Helper()
	for _, leak := range []string{"Traceback", "File \"", "odoo.exceptions", "goroutine ", ".go:", "faultString", "xmlrpc"} {
		if strings.Contains(res.Body.String(), leak) {
			t.Errorf("%s %s: body leaks %q: %s", res.req.Method, res.req.URL, leak, res.Body)
		}
	}
}

// cmpIgnoreKeys ignores the given keys of JSON objects in cmp.Diff.
func cmpIgnoreKeys(keys ...string) cmp.Option {
	return cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return slices.Contains(keys, k) })
}
