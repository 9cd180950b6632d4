package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/client"

	"odoo-gateway/access"
	"odoo-gateway/access/accesstest"
	"odoo-gateway/internal/gatewaytest"
)

// testEnv is the GraphQL endpoint as the server mounts it: inside the
// access stack's Wrap, over the data service, against the Odoo simulator
// over XML-RPC.
type testEnv struct {
	*gatewaytest.Env
	// handler is Wrap(NewHandler(cfg)).
	handler http.Handler
	// key holds every scope.
	key string
	// client posts in process with key.
	client *client.Client
	// log collects what the stack and the handler log.
	log *syncBuffer
}

// envOptions adjust newTestEnv.
type envOptions struct {
	gateway gatewaytest.Options
	config  func(*Config)
}

func newTestEnv(t testing.TB, opts ...func(*envOptions)) *testEnv {
	t.Helper()
	o := envOptions{}
	for _, f := range opts {
		f(&o)
	}
	logs := &syncBuffer{}
	o.gateway.Access.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := gatewaytest.New(t, o.gateway)
	cfg := Config{Odoo: env.Odoo, Stack: env.Access.Stack, Introspection: true, Suggestions: true}
	if o.config != nil {
		o.config(&cfg)
	}
	h := env.Access.Stack.Wrap(NewHandler(cfg))
	key := env.Access.Key(access.ScopeAll)
	return &testEnv{
		Env:     env,
		handler: h,
		key:     key,
		client:  client.New(h, client.Path("/graphql"), client.AddHeader("X-API-Key", key)),
		log:     logs,
	}
}

// withConfig adjusts the handler's Config.
func withConfig(f func(*Config)) func(*envOptions) {
	return func(o *envOptions) { o.config = f }
}

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// pathString renders a path as "partners.nodes.0.country".
func (e gqlError) pathString() string {
	parts := make([]string, len(e.Path))
	for i, p := range e.Path {
		b, _ := json.Marshal(p)
		parts[i] = strings.Trim(string(b), `"`)
	}
	return strings.Join(parts, ".")
}

// result is a decoded GraphQL response with its HTTP status and headers.
type result struct {
	Status     int
	Header     http.Header
	Data       json.RawMessage `json:"data"`
	Errors     []gqlError      `json:"errors"`
	Extensions map[string]any  `json:"extensions"`
}

// decode unmarshals the data into out.
func (r result) decode(t testing.TB, out any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decode data %s: %v", r.Data, err)
	}
}

// query runs q in process with the all-scopes key and decodes its data
// into out (unless nil), failing the test on any error.
func (e *testEnv) query(t testing.TB, q string, out any, opts ...client.Option) {
	t.Helper()
	resp, err := e.client.RawPost(q, opts...)
	if err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	if len(resp.Errors) > 0 && string(resp.Errors) != "null" {
		t.Fatalf("query %s: errors %s", q, resp.Errors)
	}
	if out != nil {
		b, _ := json.Marshal(resp.Data)
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
}

// request is one GraphQL request over HTTP.
type request struct {
	Query         string         `json:"query,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
	Extensions    map[string]any `json:"extensions,omitempty"`
}

// post sends req through the whole HTTP stack with key ("" for none).
func (e *testEnv) post(t testing.TB, key string, req request) result {
	t.Helper()
	body, _ := json.Marshal(req)
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return e.do(t, r, key)
}

// do sends r through the whole HTTP stack with key and decodes the answer.
func (e *testEnv) do(t testing.TB, r *http.Request, key string) result {
	t.Helper()
	rec := accesstest.Do(e.handler, r, key)
	res := result{Status: rec.Code, Header: rec.Header()}
	body, _ := io.ReadAll(rec.Body)
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("%s %s: answer is not JSON (status %d): %s", r.Method, r.URL, rec.Code, body)
	}
	return res
}

// errorsAt returns the errors whose path is path.
func (r result) errorsAt(path string) []gqlError {
	var out []gqlError
	for _, e := range r.Errors {
		if e.pathString() == path {
			out = append(out, e)
		}
	}
	return out
}

// upstreamCalls counts the object calls the simulator saw.
func (e *testEnv) upstreamCalls() int {
	n := 0
	for _, c := range e.Sim.Calls() {
		if c.Service == "object" {
			n++
		}
	}
	return n
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// jsonBody encodes v as a request body.
func jsonBody(v any) (*bytes.Reader, error) {
	b, err := json.Marshal(v)
	return bytes.NewReader(b), err
}
