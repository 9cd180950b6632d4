package graph

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"odoo-gateway/access"
	"odoo-gateway/graph/generated"
	"odoo-gateway/odoo"
)

// TestSelectionCoversSchema: every field of every record type maps onto a
// field the data service knows (or is read by its own resolver), so that a
// new schema field cannot silently read nothing.
func TestSelectionCoversSchema(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	apiFields := map[string][]string{
		"Partner":       odoo.PartnerFields(),
		"Country":       odoo.CountryFields(),
		"Product":       odoo.ProductFields(),
		"SaleOrder":     odoo.SaleOrderFields(),
		"SaleOrderLine": odoo.SaleOrderLineFields(),
		"Invoice":       odoo.InvoiceFields(),
		"InvoiceLine":   odoo.InvoiceLineFields(),
	}
	if len(apiFields) != len(reads) {
		t.Errorf("reads covers %d types, the data service has %d", len(reads), len(apiFields))
	}
	for typeName, known := range apiFields {
		def := schema.Types[typeName]
		if def == nil {
			t.Errorf("no type %s in the schema", typeName)
			continue
		}
		for _, f := range def.Fields {
			if f.Name == "id" || strings.HasPrefix(f.Name, "__") {
				continue
			}
			r := readOf(typeName, f.Name)
			switch {
			case r.skip:
				if !strings.HasSuffix(f.Type.Name(), "Connection") {
					t.Errorf("%s.%s is skipped but is not a connection", typeName, f.Name)
				}
			case !slices.Contains(known, r.api):
				t.Errorf("%s.%s reads %q, which the data service does not know (%v)", typeName, f.Name, r.api, known)
			case r.target != "" && schema.Types[r.target] == nil:
				t.Errorf("%s.%s targets unknown type %s", typeName, f.Name, r.target)
			case r.money != (f.Type.Name() == "Money"):
				t.Errorf("%s.%s: money = %v but its type is %s", typeName, f.Name, r.money, f.Type.Name())
			}
		}
	}
}

// operationFor parses and validates q and returns a context carrying its
// operation, as gqlgen gives resolvers.
func operationFor(t *testing.T, ctx context.Context, q string) (context.Context, *ast.OperationDefinition) {
	t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(generated.NewExecutableSchema(generated.Config{}).Schema(), q, rules.NewDefaultRules())
	if errs != nil {
		t.Fatal(errs)
	}
	op := doc.Operations[0]
	return graphql.WithOperationContext(ctx, &graphql.OperationContext{Doc: doc, Operation: op}), op
}

func TestSelectionOfATree(t *testing.T) {
	ctx, op := operationFor(t, access.WithPrincipal(context.Background(), &access.Principal{Scopes: []string{access.ScopeAll}}), `{
		saleOrders { edges { node { amountTotal { currency } } } nodes {
			name a: partner { name } b: partner { email country { code } }
			lines { product { name } unitPrice { amount } }
			...more
		} totalCount }
	}
	fragment more on SaleOrder { validityDate lines { product { barcode } } }`)
	conn := op.SelectionSet[0].(*ast.Field)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: conn, Selections: conn.SelectionSet}})
	got, count := connectionSelection(ctx, "SaleOrder")
	want := odoo.Selection{
		"amount_total":  nil,
		"currency":      nil,
		"name":          nil,
		"validity_date": nil,
		"partner":       {"name": nil, "email": nil, "country": {"code": nil}},
		"lines":         {"product": {"name": nil, "barcode": nil}, "unit_price": nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("selection (-want +got):\n%s", diff)
	}
	if !count {
		t.Error("totalCount is selected but not counted")
	}
}

// TestLoadersBatchOneLevel: relation resolvers whose parents came without
// the related record load it through the request's loader, one upstream
// call for the whole level.
func TestLoadersBatchOneLevel(t *testing.T) {
	env := newTestEnv(t)
	r := &Resolver{odoo: env.Odoo}
	ctx := context.WithValue(context.Background(), requestStateKey{}, newRequestState(env.Odoo))
	ctx = access.WithPrincipal(ctx, &access.Principal{Scopes: []string{access.ScopeAll}})
	ctx, op := operationFor(t, ctx, `{ partners { nodes { country { name code } } } }`)
	countryField := op.SelectionSet[0].(*ast.Field).SelectionSet[0].(*ast.Field).SelectionSet[0].(*ast.Field)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: countryField, Selections: countryField.SelectionSet}})

	page, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{CountryCode: ptr("BE")}, odoo.ListOptions{Limit: 20, Select: odoo.SelectionOf("country")})
	if err != nil {
		t.Fatal(err)
	}
	extra, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{CountryCode: ptr("FR")}, odoo.ListOptions{Limit: 20, Select: odoo.SelectionOf("country")})
	if err != nil {
		t.Fatal(err)
	}
	partners := append(page.Items, extra.Items...)
	if len(partners) < 4 {
		t.Fatalf("only %d partners", len(partners))
	}
	env.Sim.ResetCalls()
	got := make([]*odoo.Country, len(partners))
	var wg sync.WaitGroup
	for i, p := range partners {
		wg.Go(func() {
			c, err := r.Partner().Country(ctx, p)
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		})
	}
	wg.Wait()
	if n := env.upstreamCalls(); n != 1 {
		t.Errorf("upstream calls = %d for %d partners, want 1", n, len(partners))
	}
	for i, c := range got {
		if c == nil || c.ID != partners[i].Country.ID || c.Code == "" || c.Name == "" {
			t.Errorf("partner %d: country %+v, want %d with name and code", partners[i].ID, c, partners[i].Country.ID)
		}
	}
	// Loaded once per request: asking again costs nothing.
	if _, err := r.Partner().Country(ctx, partners[0]); err != nil {
		t.Fatal(err)
	}
	if n := env.upstreamCalls(); n != 1 {
		t.Errorf("upstream calls = %d after a repeat, want 1", n)
	}
	if got[0].Code != "BE" {
		t.Errorf("first country = %s, want BE", got[0].Code)
	}
}

func ptr[T any](v T) *T { return &v }
