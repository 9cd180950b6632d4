package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"

	"odoo-gateway/access"
	"odoo-gateway/access/accesstest"
	"odoo-gateway/graph/generated"
)

// scopedField is a field carrying @hasScope.
type scopedField struct {
	typeName, field, scope string
}

func (f scopedField) String() string { return f.typeName + "." + f.field }

// scopedFields reads every @hasScope field from the schema itself, so that
// a new field cannot escape the walk.
func scopedFields(schema *ast.Schema) []scopedField {
	var out []scopedField
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, f := range def.Fields {
			if s := scopeOf(f); s != "" {
				out = append(out, scopedField{def.Name, f.Name, s})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// TestScopePolicy pins which fields need which scope: every root field and
// every field that crosses into another resource.
func TestScopePolicy(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	got := map[string]string{}
	for _, f := range scopedFields(schema) {
		got[f.String()] = f.scope
		if !access.IsScope(f.scope) || f.scope == access.ScopeAll {
			t.Errorf("%s asks for %q, which is not a scope", f, f.scope)
		}
	}
	want := map[string]string{
		"Query.partners": "partners:read", "Query.customers": "partners:read", "Query.partner": "partners:read",
		"Query.products": "products:read", "Query.product": "products:read",
		"Query.saleOrders": "orders:read", "Query.saleOrder": "orders:read",
		"Query.invoices": "invoices:read", "Query.invoice": "invoices:read",
		"Query.countries":        "countries:read",
		"Mutation.createPartner": "partners:write", "Mutation.updatePartner": "partners:write", "Mutation.deletePartner": "partners:write",
		"Partner.country": "countries:read", "Partner.parent": "partners:read", "Partner.children": "partners:read",
		"Partner.saleOrders": "orders:read", "Partner.invoices": "invoices:read",
		"SaleOrder.partner": "partners:read", "SaleOrder.lines": "orders:read",
		"SaleOrderLine.product": "products:read",
		"Invoice.partner":       "partners:read", "Invoice.lines": "invoices:read",
		"InvoiceLine.product": "products:read",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("@hasScope fields (-want +got):\n%s", diff)
	}
	// Every root field but viewer reads or writes data.
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range root.Fields {
			if scopeOf(f) == "" && f.Name != "viewer" && !strings.HasPrefix(f.Name, "__") {
				t.Errorf("%s.%s has no @hasScope", root.Name, f.Name)
			}
		}
	}
}

// hop is one field on the way from a root to a scoped field.
type hop struct {
	owner string
	def   *ast.FieldDefinition
}

// pathTo finds the shortest way from a root type to typeName that crosses
// no field needing scope or a scope that includes it (a principal without
// scope must reach the field for its own check to be the one that
// refuses).
func pathTo(schema *ast.Schema, typeName, scope string) (root string, path []hop, ok bool) {
	type node struct {
		typeName string
		root     string
		path     []hop
	}
	seen := map[string]bool{}
	var queue []node
	for _, r := range []*ast.Definition{schema.Query, schema.Mutation} {
		queue = append(queue, node{typeName: r.Name, root: r.Name})
		seen[r.Name] = true
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n.typeName == typeName {
			return n.root, n.path, true
		}
		for _, f := range schema.Types[n.typeName].Fields {
			next := schema.Types[f.Type.Name()]
			if next == nil || next.Kind != ast.Object || seen[next.Name] || access.Grants(scopeOf(f), scope) || strings.HasPrefix(f.Name, "__") {
				continue
			}
			seen[next.Name] = true
			p := append(append([]hop{}, n.path...), hop{n.typeName, f})
			queue = append(queue, node{typeName: next.Name, root: n.root, path: p})
		}
	}
	return "", nil, false
}

// rootIDs are records that exist in the demo data and have what the walk
// goes through (a partner with orders, an order and an invoice with lines).
var rootIDs = map[string]string{
	"partner": "10", "product": "5", "saleOrder": "4", "invoice": "1",
	"updatePartner": "12", "deletePartner": "999999",
}

// arguments renders the arguments a field needs: its required ones, and a
// page of one item for a connection.
func arguments(schema *ast.Schema, f *ast.FieldDefinition) string {
	var args []string
	for _, a := range f.Arguments {
		switch {
		case a.Name == "first":
			args = append(args, "first: 1")
		case a.Type.NonNull && a.DefaultValue == nil:
			args = append(args, a.Name+": "+value(schema, a.Type, rootIDs[f.Name]))
		}
	}
	if len(args) == 0 {
		return ""
	}
	return "(" + strings.Join(args, ", ") + ")"
}

// value renders a value of type t, filling required input fields.
func value(schema *ast.Schema, t *ast.Type, id string) string {
	def := schema.Types[t.Name()]
	switch {
	case def.Kind == ast.InputObject:
		var fields []string
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				fields = append(fields, f.Name+": "+value(schema, f.Type, ""))
			}
		}
		return "{" + strings.Join(fields, ", ") + "}"
	case t.Name() == "ID":
		if id == "" {
			id = "1"
		}
		return fmt.Sprintf("%q", id)
	case t.Name() == "Int":
		return "1"
	case t.Name() == "Boolean":
		return "true"
	}
	return `"Scope walk"`
}

// TestEveryScopedFieldRefusesWithoutItsScope walks every @hasScope field:
// a principal holding every scope but the field's reaches it and gets null
// with FORBIDDEN naming the scope, while a principal with every scope gets
// no error on the same query.
//
// Some fields can only be reached through another field needing the same
// scope (an order's lines: every way to an order needs orders:read). For
// those, the walk proves that, and then takes the scope away from the
// principal exactly at the field, so that the field's own check still has
// to refuse.
func TestEveryScopedFieldRefusesWithoutItsScope(t *testing.T) {
	env := newTestEnv(t)
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, sf := range scopedFields(schema) {
		t.Run(sf.String(), func(t *testing.T) {
			h, key := env.handler, env.Access.KeyWithout(sf.scope)
			root, path, ok := pathTo(schema, sf.typeName, sf.scope)
			if !ok {
				if root, path, ok = pathTo(schema, sf.typeName, "(any path)"); !ok {
					t.Fatalf("no way to %s at all", sf.typeName)
				}
				h, key = dropScopeAt(env, sf), env.key
			}
			def := schema.Types[sf.typeName].Fields.ForName(sf.field)
			path = append(path, hop{sf.typeName, def})
			query := "{ __typename }"
			var want []string
			for i := len(path) - 1; i >= 0; i-- {
				h := path[i]
				query = fmt.Sprintf("{ %s%s %s }", h.def.Name, arguments(schema, h.def), query)
				if i == len(path)-1 && schema.Types[h.def.Type.Name()].Kind != ast.Object {
					query = fmt.Sprintf("{ %s%s }", h.def.Name, arguments(schema, h.def))
				}
			}
			for _, h := range path {
				want = append(want, h.def.Name)
			}
			if root == "Mutation" {
				query = "mutation " + query
			}

			res := postTo(t, h, key, query)
			var refused []gqlError
			for _, e := range res.Errors {
				if withoutIndexes(e.Path) == strings.Join(want, ".") {
					refused = append(refused, e)
				}
			}
			if len(refused) == 0 {
				t.Fatalf("query %s: no error at %s; errors %+v, data %s", query, strings.Join(want, "."), res.Errors, res.Data)
			}
			for _, e := range refused {
				if e.code() != CodeForbidden || e.Extensions["scope"] != sf.scope {
					t.Errorf("error %+v, want FORBIDDEN naming %s", e, sf.scope)
				}
			}
			if all := postTo(t, env.handler, env.key, query); len(all.Errors) > 0 && sf.String() != "Mutation.deletePartner" {
				t.Errorf("with every scope: errors %+v", all.Errors)
			}
		})
	}
}

// withoutIndexes renders a path without list indexes: partners.nodes.country.
func withoutIndexes(path []any) string {
	var parts []string
	for _, p := range path {
		if s, ok := p.(string); ok {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ".")
}

// dropScopeAt serves the endpoint like NewHandler, except that the
// principal loses the field's scope when that field resolves (before its
// directive runs).
func dropScopeAt(env *testEnv, sf scopedField) http.Handler {
	cfg := Config{Odoo: env.Odoo, Stack: env.Access.Stack}
	cfg.applyDefaults()
	srv := newServer(cfg)
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc.Object == sf.typeName && fc.Field.Name == sf.field {
			p, _ := access.PrincipalFrom(ctx)
			less := *p
			less.Scopes = slices.DeleteFunc(slices.Clone(access.Scopes), func(s string) bool { return access.Grants(s, sf.scope) })
			ctx = access.WithPrincipal(ctx, &less)
		}
		return next(ctx)
	})
	return env.Access.Stack.Wrap(env.Access.Stack.Authenticate(withRequestState(cfg.Odoo, srv), access.WithErrorWriter(writeAccessError)))
}

// postTo sends a query to h with key.
func postTo(t *testing.T, h http.Handler, key, query string) result {
	t.Helper()
	body, _ := jsonBody(request{Query: query})
	r := httptest.NewRequest(http.MethodPost, "/graphql", body)
	r.Header.Set("Content-Type", "application/json")
	rec := accesstest.Do(h, r, key)
	res := result{Status: rec.Code, Header: rec.Header()}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("answer is not JSON: %s", rec.Body)
	}
	return res
}
