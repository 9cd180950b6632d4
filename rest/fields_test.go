package rest_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

func TestSort(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		target    string
		wantOrder string // the order sent upstream
		less      func(a, b map[string]any) bool
	}{
		{"/api/v1/partners?sort=-name&fields=name&limit=100", "name desc, id desc",
			func(a, b map[string]any) bool { return a["name"].(string) >= b["name"].(string) }},
		{"/api/v1/products?sort=-list_price,name&fields=name,list_price&limit=100", "list_price desc, name asc, id desc",
			func(a, b map[string]any) bool { return a["list_price"].(float64) >= b["list_price"].(float64) }},
		{"/api/v1/sale-orders?sort=amount_total&fields=amount_total", "amount_total asc, id asc",
			func(a, b map[string]any) bool { return a["amount_total"].(float64) <= b["amount_total"].(float64) }},
		{"/api/v1/countries?sort=code&limit=200", "code asc, id asc",
			func(a, b map[string]any) bool { return a["code"].(string) <= b["code"].(string) }},
		{"/api/v1/invoices?sort=-id&fields=name", "id desc",
			func(a, b map[string]any) bool { return a["id"].(float64) > b["id"].(float64) }},
	} {
		t.Run(tc.target, func(t *testing.T) {
			h.env.Sim.ResetCalls()
			p := h.get(tc.target).page(t)
			for i := 1; i < len(p.Results); i++ {
				if !tc.less(p.Results[i-1], p.Results[i]) {
					t.Fatalf("results %d and %d out of order: %v, %v", i-1, i, p.Results[i-1], p.Results[i])
				}
			}
			calls := h.env.Calls("", "web_search_read")
			if len(calls) != 1 || calls[0].Kwargs["order"] != tc.wantOrder {
				t.Errorf("upstream order %v, want %q", calls, tc.wantOrder)
			}
		})
	}
	for _, bad := range []string{"nope", "name,name", "name,", "-", "phone"} {
		res := h.get("/api/v1/partners?sort="+url.QueryEscape(bad)).expect(t, http.StatusBadRequest)
		if p := res.problem(t); len(p.Details["sort"]) == 0 {
			t.Errorf("sort=%s: details %v, want sort named", bad, p.Details)
		}
	}
}

// specKeys returns the top-level Odoo fields of the specification of the
// only call of model.method since the last reset.
func specKeys(t testing.TB, h *harness, model, method string) []string {
	t.Helper()
	calls := h.env.Calls(model, method)
	if len(calls) != 1 {
		t.Fatalf("%d %s.%s calls, want 1: %+v", len(calls), model, method, h.env.Sim.Calls())
	}
	spec, ok := calls[0].Kwargs["specification"].(map[string]any)
	if !ok {
		t.Fatalf("%s.%s without a specification: %+v", model, method, calls[0].Kwargs)
	}
	keys := make([]string, 0, len(spec))
	for k := range spec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestSparseFieldsPushdown checks that fields= is what Odoo is asked for
// (plus the sort key), and exactly what the answer shows.
func TestSparseFieldsPushdown(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		target, model, method string
		wantSpec              []string // Odoo fields read
		wantKeys              []string // JSON keys of each result
	}{
		{"/api/v1/partners?fields=email&sort=id&limit=5", "res.partner", "web_search_read", []string{"email"}, []string{"email", "id"}},
		{"/api/v1/partners?fields=email,country_code,parent&sort=id&limit=5", "res.partner", "web_search_read", []string{"country_id", "email", "parent_id"}, []string{"country_code", "email", "id", "parent"}},
		{"/api/v1/partners?fields=email&limit=5", "res.partner", "web_search_read", []string{"email", "name"}, []string{"email", "id"}},
		{"/api/v1/partners?fields=id&sort=id&limit=5", "res.partner", "web_search_read", []string{}, []string{"id"}},
		{"/api/v1/customers?fields=name&limit=5", "res.partner", "web_search_read", []string{"name"}, []string{"id", "name"}},
		{"/api/v1/products?fields=name,list_price&sort=id&limit=5", "product.product", "web_search_read", []string{"list_price", "name"}, []string{"id", "list_price", "name"}},
		{"/api/v1/sale-orders?fields=name&sort=id&limit=5", "sale.order", "web_search_read", []string{"name"}, []string{"id", "name"}},
		{"/api/v1/sale-orders?fields=lines&sort=id&limit=5", "sale.order", "web_search_read", []string{"order_line"}, []string{"id", "lines"}},
		{"/api/v1/invoices?fields=amount_due,currency&sort=id&limit=5", "account.move", "web_search_read", []string{"amount_residual", "currency_id"}, []string{"amount_due", "currency", "id"}},
		{"/api/v1/countries?fields=code&sort=id&limit=5", "res.country", "web_search_read", []string{"code"}, []string{"code", "id"}},
		{"/api/v1/partners/9?fields=name,tags", "res.partner", "web_read", []string{"category_id", "name"}, []string{"id", "name", "tags"}},
		{"/api/v1/customers/9?fields=name", "res.partner", "web_read", []string{"customer_rank", "name"}, []string{"id", "name"}},
		{"/api/v1/products/36?fields=barcode", "product.product", "web_read", []string{"barcode"}, []string{"barcode", "id"}},
		{"/api/v1/sale-orders/1?fields=state", "sale.order", "web_read", []string{"state"}, []string{"id", "state"}},
		{"/api/v1/invoices/1?fields=state,lines", "account.move", "web_search_read", []string{"invoice_line_ids", "state"}, []string{"id", "lines", "state"}},
		{"/api/v1/countries/21?fields=name", "res.country", "web_read", []string{"name"}, []string{"id", "name"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			h.env.Sim.ResetCalls()
			res := h.get(tc.target).expect(t, http.StatusOK)
			if diff := cmp.Diff(tc.wantSpec, specKeys(t, h, tc.model, tc.method)); diff != "" {
				t.Errorf("fields read from Odoo (-want +got):\n%s", diff)
			}
			items := []map[string]any{res.json(t)}
			if _, isList := items[0]["results"]; isList {
				items = res.page(t).Results
			}
			if len(items) == 0 {
				t.Fatal("no results")
			}
			for _, it := range items {
				var keys []string
				for k := range it {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				if diff := cmp.Diff(tc.wantKeys, keys); diff != "" {
					t.Fatalf("answer keys (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestDefaultFields checks the defaults: every field, lines only on one
// order or invoice, and never more than the API's fields upstream.
func TestDefaultFields(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		target    string
		fields    []string
		wantLines bool
	}{
		{"/api/v1/partners?limit=3", odoo.PartnerFields(), false},
		{"/api/v1/products?limit=3", odoo.ProductFields(), false},
		{"/api/v1/sale-orders?limit=3", odoo.SaleOrderFields(), false},
		{"/api/v1/sale-orders/1", odoo.SaleOrderFields(), true},
		{"/api/v1/invoices?limit=3", odoo.InvoiceFields(), false},
		{"/api/v1/invoices/1", odoo.InvoiceFields(), true},
		{"/api/v1/countries?limit=3", odoo.CountryFields(), false},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res := h.get(tc.target).expect(t, http.StatusOK)
			items := []map[string]any{res.json(t)}
			if _, isList := items[0]["results"]; isList {
				items = res.page(t).Results
			}
			want := []string{"id"}
			for _, f := range tc.fields {
				if f != "lines" || tc.wantLines {
					want = append(want, f)
				}
			}
			sort.Strings(want)
			for _, it := range items {
				var keys []string
				for k := range it {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				if diff := cmp.Diff(want, keys); diff != "" {
					t.Fatalf("keys (-want +got):\n%s", diff)
				}
				if tc.wantLines {
					if lines, ok := it["lines"].([]any); !ok || len(lines) == 0 {
						t.Errorf("lines %v, want the record's lines", it["lines"])
					}
				}
			}
		})
	}
}

func TestUnknownFields(t *testing.T) {
	h := newHarness(t)
	for _, target := range []string{
		"/api/v1/partners?fields=name,nope",
		"/api/v1/partners?fields=",
		"/api/v1/partners?fields=name,,email",
		"/api/v1/partners/9?fields=password",
		"/api/v1/sale-orders?fields=lines.product",
		"/api/v1/countries?fields=country_code",
	} {
		res := h.get(target).expect(t, http.StatusBadRequest)
		if p := res.problem(t); len(p.Details["fields"]) == 0 {
			t.Errorf("%s: details %v, want fields named", target, p.Details)
		}
	}
}

// TestRepresentation checks the JSON conventions on a known record: null
// for empty values, {id, name} relations, RFC 3339 UTC times, dates, and
// amounts as numbers with their currency.
func TestRepresentation(t *testing.T) {
	h := newHarness(t)
	p := h.get("/api/v1/partners/9").expect(t, http.StatusOK).json(t)
	if p["mobile"] != nil || p["street2"] != nil {
		t.Errorf("empty values must be null: mobile %v street2 %v", p["mobile"], p["street2"])
	}
	if diff := cmp.Diff(map[string]any{"id": float64(233), "name": "United States"}, p["country"]); diff != "" {
		t.Errorf("country (-want +got):\n%s", diff)
	}
	if s, _ := p["created_at"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(s) {
		t.Errorf("created_at %q, want RFC 3339 UTC", s)
	}
	inv := h.get("/api/v1/invoices?state=posted&limit=1&fields=invoice_date,amount_total,currency").page(t).Results[0]
	if s, _ := inv["invoice_date"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(s) {
		t.Errorf("invoice_date %q, want YYYY-MM-DD", s)
	}
	if _, ok := inv["amount_total"].(float64); !ok {
		t.Errorf("amount_total %v, want a number", inv["amount_total"])
	}
	if c, _ := inv["currency"].(string); len(c) != 3 {
		t.Errorf("currency %v, want an ISO code", inv["currency"])
	}
}
