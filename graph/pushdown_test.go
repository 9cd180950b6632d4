package graph

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

// specOf returns the specification kwarg of a simulator call.
func specOf(t *testing.T, kwargs map[string]any) map[string]any {
	t.Helper()
	spec, ok := kwargs["specification"].(map[string]any)
	if !ok {
		t.Fatalf("call without a specification: %v", kwargs)
	}
	return spec
}

// fieldsOf returns the nested fields of a relation in a specification.
func fieldsOf(t *testing.T, spec map[string]any, path ...string) map[string]any {
	t.Helper()
	for _, p := range path {
		sub, _ := spec[p].(map[string]any)
		fields, ok := sub["fields"].(map[string]any)
		if !ok {
			t.Fatalf("specification has no fields under %s: %v", p, spec)
		}
		spec = fields
	}
	return spec
}

func TestPushdownReadsOnlySelectedFields(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		model  string
		method string
		want   []string
		absent []string
	}{
		{
			name:   "list of names",
			query:  `{ partners(first: 3) { nodes { name } } }`,
			model:  "res.partner",
			method: "web_search_read",
			want:   []string{"name"},
			absent: []string{"email", "phone", "country_id"},
		},
		{
			name:   "edges and nodes merge",
			query:  `{ partners(first: 3) { edges { node { email } } nodes { name } } }`,
			model:  "res.partner",
			method: "web_search_read",
			want:   []string{"name", "email"},
			absent: []string{"phone"},
		},
		{
			name:   "get by id",
			query:  `{ partner(id: 9) { name } }`,
			model:  "res.partner",
			method: "web_read",
			want:   []string{"name"},
			absent: []string{"email"},
		},
		{
			name:   "money reads the currency only when selected",
			query:  `{ products(first: 2) { nodes { listPrice { amount } } } }`,
			model:  "product.product",
			method: "web_search_read",
			want:   []string{"list_price"},
			absent: []string{"currency_id", "barcode"},
		},
		{
			name:   "money with its currency",
			query:  `{ products(first: 2) { nodes { listPrice { amount currency } } } }`,
			model:  "product.product",
			method: "web_search_read",
			want:   []string{"list_price", "currency_id"},
		},
		{
			name:   "a sort key is read for the cursors",
			query:  `{ partners(first: 2, orderBy: [{field: CITY}]) { nodes { name } } }`,
			model:  "res.partner",
			method: "web_search_read",
			want:   []string{"name", "city"},
			absent: []string{"email"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			env.query(t, tt.query, nil)
			calls := env.Calls("", "")
			if len(calls) != 1 || calls[0].Model != tt.model || calls[0].ModelMethod != tt.method {
				t.Fatalf("upstream calls = %+v, want one %s.%s", calls, tt.model, tt.method)
			}
			spec := specOf(t, calls[0].Kwargs)
			for _, f := range tt.want {
				if _, ok := spec[f]; !ok {
					t.Errorf("specification %v lacks %s", spec, f)
				}
			}
			for _, f := range tt.absent {
				if _, ok := spec[f]; ok {
					t.Errorf("specification %v has %s, which was not selected", spec, f)
				}
			}
		})
	}
}

// fiftyOrders is the query of the upstream-call bound and the benchmark.
const fiftyOrders = `{
  saleOrders(first: 50) {
    nodes {
      name
      amountTotal { amount currency }
      partner { name country { name code } }
      lines { description quantity product { name internalReference } }
    }
  }
}`

type orderNodes struct {
	SaleOrders struct {
		Nodes []struct {
			Name        string
			AmountTotal struct {
				Amount   float64
				Currency *string
			}
			Partner *struct {
				Name    string
				Country *struct{ Name, Code string }
			}
			Lines []struct {
				Description string
				Quantity    float64
				Product     *struct {
					Name              string
					InternalReference *string
				}
			}
		}
	}
}

// TestFiftyOrdersCostOneUpstreamCall is the N+1 bound: 50 orders with their
// partner, the partner's country, the lines and each line's product cost
// exactly one upstream call, whose specification carries the whole tree.
func TestFiftyOrdersCostOneUpstreamCall(t *testing.T) {
	env := newTestEnv(t)
	var got orderNodes
	env.query(t, fiftyOrders, &got)

	if n := env.upstreamCalls(); n != 1 {
		t.Fatalf("upstream calls = %d (%+v), want 1", n, env.Calls("", ""))
	}
	call := env.Calls("sale.order", "web_search_read")
	if len(call) != 1 {
		t.Fatalf("sale.order web_search_read calls = %d, want 1", len(call))
	}
	spec := specOf(t, call[0].Kwargs)
	fieldsOf(t, spec, "partner_id", "country_id")
	if _, ok := fieldsOf(t, spec, "order_line", "product_id")["default_code"]; !ok {
		t.Errorf("the lines' products are not read with the orders: %v", spec)
	}

	// The answer matches what the data service reads directly.
	want, err := env.Odoo.SaleOrders(context.Background(), odoo.SaleOrderFilter{}, odoo.ListOptions{Limit: 50, Select: odoo.Selection{
		"name": nil, "partner": {"name": nil, "country": {"code": nil}}, "lines": {"product": {"name": nil}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SaleOrders.Nodes) != 50 {
		t.Fatalf("got %d orders, want 50", len(got.SaleOrders.Nodes))
	}
	lines := 0
	for i, o := range got.SaleOrders.Nodes {
		w := want.Items[i]
		if o.Name != w.Name || o.Partner == nil || o.Partner.Name != w.PartnerRecord.Name || len(o.Lines) != len(w.Lines) {
			t.Errorf("order %d = %+v, want %s of %s with %d lines", i, o, w.Name, w.PartnerRecord.Name, len(w.Lines))
		}
		if o.Partner != nil && w.PartnerRecord.CountryRecord != nil && (o.Partner.Country == nil || o.Partner.Country.Code != w.PartnerRecord.CountryRecord.Code) {
			t.Errorf("order %s: partner's country = %+v, want %s", o.Name, o.Partner.Country, w.PartnerRecord.CountryRecord.Code)
		}
		for j, l := range o.Lines {
			if w.Lines[j].ProductRecord != nil && (l.Product == nil || l.Product.Name != w.Lines[j].ProductRecord.Name) {
				t.Errorf("order %s line %d: product %+v, want %s", o.Name, j, l.Product, w.Lines[j].ProductRecord.Name)
			}
			lines++
		}
	}
	if lines == 0 {
		t.Error("no order has lines; the bound proves nothing")
	}
}

// TestInvoicesWithLinesCostOneUpstreamCall: the same bound for invoices,
// whose lines' amounts take the invoice's currency.
func TestInvoicesWithLinesCostOneUpstreamCall(t *testing.T) {
	env := newTestEnv(t)
	var got struct {
		Invoices struct {
			Nodes []struct {
				Name     string
				Currency *string
				Partner  *struct{ Name string }
				Lines    []struct {
					Subtotal struct {
						Amount   float64
						Currency *string
					}
					Product *struct{ Name string }
				}
			}
		}
	}
	env.query(t, `{ invoices(first: 20) { nodes { name currency partner { name }
		lines { subtotal { amount currency } product { name } } } } }`, &got)
	if n := env.upstreamCalls(); n != 1 {
		t.Fatalf("upstream calls = %d, want 1", n)
	}
	lines := 0
	for _, inv := range got.Invoices.Nodes {
		for _, l := range inv.Lines {
			lines++
			if diff := cmp.Diff(inv.Currency, l.Subtotal.Currency); diff != "" || l.Subtotal.Currency == nil {
				t.Errorf("invoice %s: line currency %v, want the invoice's %v", inv.Name, l.Subtotal.Currency, inv.Currency)
			}
		}
	}
	if lines == 0 {
		t.Error("no invoice has lines")
	}
}

// TestRefusedRelationsAreNotFetched: a field the principal may not see is
// left out of the upstream read, not just out of the answer.
func TestRefusedRelationsAreNotFetched(t *testing.T) {
	env := newTestEnv(t)
	key := env.Access.KeyWithout("countries:read")
	res := env.post(t, key, request{Query: `{ partners(first: 2) { nodes { name country { name } } } }`})
	if len(res.Errors) == 0 {
		t.Fatal("no FORBIDDEN error for country")
	}
	calls := env.Calls("res.partner", "web_search_read")
	if len(calls) != 1 {
		t.Fatalf("calls = %d, want 1", len(calls))
	}
	if spec := specOf(t, calls[0].Kwargs); spec["country_id"] != nil {
		t.Errorf("country_id was fetched for a principal without countries:read: %v", spec)
	}
}

// TestNestedConnectionsCostOneCallPerParent documents the price of nested
// connections: one call for the parents, one per parent.
func TestNestedConnectionsCostOneCallPerParent(t *testing.T) {
	env := newTestEnv(t)
	var got struct {
		Customers struct {
			Nodes []struct {
				SaleOrders struct{ Nodes []struct{ Name string } }
			}
		}
	}
	const parents = 4
	env.query(t, fmt.Sprintf(`{ customers(first: %d) { nodes { saleOrders(first: 2) { nodes { name } } } } }`, parents), &got)
	if n := env.upstreamCalls(); n != 1+parents {
		t.Errorf("upstream calls = %d, want %d", n, 1+parents)
	}
}
