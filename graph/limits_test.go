package graph

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"odoo-gateway/graph/generated"
)

// TestLimitsRefuseBeforeAnyUpstreamCall: a query over a limit gets a clear
// 400 naming the limit, and Odoo never hears of it.
func TestLimitsRefuseBeforeAnyUpstreamCall(t *testing.T) {
	deep := `{ saleOrders(first: 1) { nodes { partner { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } }`
	wide := `{ partners(first: 200) { nodes { saleOrders(first: 200) { nodes { name lines { description } } } } } }`
	many := strings.Repeat("a: __typename ", 8000)
	tests := []struct {
		name, query, code string
		ext               map[string]float64
	}{
		{"too deep", deep, CodeDepthLimit, map[string]float64{"depth": 11, "limit": 10}},
		{"too complex", wide, CodeComplexityLimit, map[string]float64{"limit": 5000}},
		{"many root lists", "{ " + aliases(100, "partners(first: 1) { nodes { id } }") + " }", CodeComplexityLimit, map[string]float64{"complexity": 100 * 53}},
		{"too many tokens", "{ " + many + "}", "GRAPHQL_PARSE_FAILED", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			res := env.post(t, env.key, request{Query: tt.query})
			if res.Status != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", res.Status)
			}
			e := checkError(t, res, "", tt.code)
			for k, v := range tt.ext {
				if e.Extensions[k] != v {
					t.Errorf("extensions.%s = %v, want %v", k, e.Extensions[k], v)
				}
			}
			if n := env.upstreamCalls(); n != 0 {
				t.Errorf("%d upstream calls for a refused query", n)
			}
		})
	}
}

// TestLimitsAreConfigurable: the same query passes or not with the limits
// set.
func TestLimitsAreConfigurable(t *testing.T) {
	q := `{ customers(first: 10) { nodes { name country { name } } } }`
	tests := []struct {
		name string
		cfg  func(*Config)
		code string
	}{
		{"defaults", func(*Config) {}, ""},
		{"depth 3", func(c *Config) { c.MaxDepth = 3 }, CodeDepthLimit},
		{"depth 4", func(c *Config) { c.MaxDepth = 4 }, ""},
		{"complexity 80", func(c *Config) { c.MaxComplexity = 80 }, CodeComplexityLimit},
		{"tokens 10", func(c *Config) { c.MaxTokens = 10 }, "GRAPHQL_PARSE_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, withConfig(tt.cfg))
			res := env.post(t, env.key, request{Query: q})
			if tt.code == "" {
				if len(res.Errors) > 0 || res.Status != http.StatusOK {
					t.Errorf("status %d, errors %+v", res.Status, res.Errors)
				}
				return
			}
			checkError(t, res, "", tt.code)
		})
	}
}

// validatedQuery parses and validates q against the schema, like the
// server, so that field definitions are set.
func validatedQuery(q string) (ast.SelectionSet, error) {
	doc, errs := gqlparser.LoadQueryWithRules(generated.NewExecutableSchema(generated.Config{}).Schema(), q, rules.NewDefaultRules())
	if errs != nil {
		return nil, errs
	}
	return doc.Operations[0].SelectionSet, nil
}

// TestCostModel pins the cost of typical queries (see limits.go).
func TestCostModel(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  int
	}{
		// 1+50 for the list, nodes 1 + 50 * (name).
		{"a page of names", `{ partners { nodes { name } } }`, 51 + 1 + 50},
		// pageInfo and totalCount are not multiplied by the page size.
		{"page info is counted once", `{ partners(first: 200) { totalCount pageInfo { hasNextPage } nodes { name } } }`, 51 + 1 + 2 + 1 + 200},
		// An order's lines count as 10 records.
		{"lines", `{ saleOrder(id: 1) { lines { quantity } } }`, 51 + 1 + 10},
		// A nested connection is a call per parent.
		{"nested connection", `{ customers(first: 10) { nodes { saleOrders(first: 5) { nodes { name } } } } }`, 51 + 1 + 10*(51+1+5)},
		{"viewer makes no call", `{ viewer { name } }`, 2},
		// A list of Refs is part of its record.
		{"tags", `{ partner(id: 1) { tags { name } } }`, 51 + 1 + 1},
		// Fan-out: 101 calls are refused at the default limit.
		{"a hundred nested connections", `{ customers(first: 100) { nodes { name saleOrders(first: 5) { nodes { name } } } } }`, 51 + 1 + 100*(1+51+1+5)},
		{"the fifty orders", fiftyOrders, 51 + 1 + 50*(1+(1+2)+(1+1+(1+2))+(1+10*(1+1+(1+2))))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Parse and validate like the server, so field definitions are set.
			doc, errs := validatedQuery(tt.query)
			if errs != nil {
				t.Fatal(errs)
			}
			if got := cost(doc, nil); got != tt.want {
				t.Errorf("cost = %d, want %d", got, tt.want)
			}
		})
	}
	doc, err := validatedQuery(fiftyOrders)
	if err != nil {
		t.Fatal(err)
	}
	if c := cost(doc, nil); c > DefaultMaxComplexity {
		t.Errorf("the fifty orders query costs %d, over the default limit", c)
	}
}

// aliases repeats a field n times under distinct aliases.
func aliases(n int, field string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field)
	}
	return b.String()
}

// TestBodyLimit: a body over the access stack's limit is refused with 413,
// whether its length is declared or not, and reaches nothing.
func TestBodyLimit(t *testing.T) {
	env := newTestEnv(t)
	huge := `{"query": "{ viewer { name } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("length declared %v", declared), func(t *testing.T) {
			var body io.Reader = strings.NewReader(huge)
			if !declared {
				body = io.MultiReader(bytes.NewReader([]byte(huge))) // hides the length
			}
			r := httptest.NewRequest(http.MethodPost, "/graphql", body)
			if !declared {
				r.ContentLength = -1
			}
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-API-Key", env.key)
			rec := httptest.NewRecorder()
			env.handler.ServeHTTP(rec, r)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("status = %d, want 413: %s", rec.Code, rec.Body)
			}
			// Without a declared length the endpoint itself hits the limit
			// and answers in GraphQL's shape (a declared length is refused
			// by the stack's Wrap first, as problem+json).
			if !declared && !strings.Contains(rec.Body.String(), `"code":"PAYLOAD_TOO_LARGE"`) {
				t.Errorf("body = %s, want a PAYLOAD_TOO_LARGE error", rec.Body)
			}
			if n := env.upstreamCalls(); n != 0 {
				t.Errorf("%d upstream calls", n)
			}
		})
	}
}

// TestIntrospectionAndSuggestions: both are off unless configured (the
// server turns them on in -demo).
func TestIntrospectionAndSuggestions(t *testing.T) {
	introspect := `{ __schema { queryType { name } } }`
	typo := `{ partnerz { nodes { id } } }`
	tests := []struct {
		name            string
		cfg             func(*Config)
		introspection   bool
		suggestionsText bool
	}{
		{"production defaults", func(c *Config) { c.Introspection, c.Suggestions = false, false }, false, false},
		{"demo", func(c *Config) { c.Introspection, c.Suggestions = true, true }, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, withConfig(tt.cfg))
			res := env.post(t, env.key, request{Query: introspect})
			if got := len(res.Errors) == 0 && strings.Contains(string(res.Data), "Query"); got != tt.introspection {
				t.Errorf("introspection answered = %v, want %v (%+v)", got, tt.introspection, res.Errors)
			}
			res = env.post(t, env.key, request{Query: typo})
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %+v", res.Errors)
			}
			if got := strings.Contains(res.Errors[0].Message, "Did you mean"); got != tt.suggestionsText {
				t.Errorf("message %q: suggestion = %v, want %v", res.Errors[0].Message, got, tt.suggestionsText)
			}
		})
	}
}
