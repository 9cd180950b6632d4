package rest_test

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// filterCase is one filter of one list: every result must satisfy check,
// and the total must be the simulator's count of the equivalent domain.
type filterCase struct {
	name   string
	target string
	model  string
	domain []any
	check  func(t *testing.T, r map[string]any)
	// atLeast is the fewest matches the demo data must give, so that a
	// filter matching nothing cannot pass unnoticed.
	atLeast int
}

func runFilterCases(t *testing.T, h *harness, cases []filterCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := h.get(tc.target).page(t)
			if want := h.env.Sim.Count(tc.model, tc.domain); p.Total != want {
				t.Errorf("total %d, want %d (simulator count of %v)", p.Total, want, tc.domain)
			}
			if p.Total < max(tc.atLeast, 1) {
				t.Errorf("total %d: the filter must match at least %d demo records to prove anything", p.Total, max(tc.atLeast, 1))
			}
			for _, r := range p.Results {
				tc.check(t, r)
			}
		})
	}
}

func str(v any) string { s, _ := v.(string); return s }

func refID(v any) int {
	m, _ := v.(map[string]any)
	id, _ := m["id"].(float64)
	return int(id)
}

func TestPartnerFilters(t *testing.T) {
	h := newHarness(t)
	acme := h.get("/api/v1/partners/9?fields=email,children").expect(t, http.StatusOK).json(t)
	var acmeContacts []any
	for _, c := range acme["children"].([]any) {
		acmeContacts = append(acmeContacts, refID(c))
	}
	latest := h.get("/api/v1/partners?sort=-updated_at&limit=1&fields=updated_at").page(t).Results[0]["updated_at"].(string)
	since, _ := time.Parse(time.RFC3339, latest)
	since = since.Add(-time.Hour)
	sinceOdoo := since.UTC().Format("2006-01-02 15:04:05")
	runFilterCases(t, h, []filterCase{
		{"q", "/api/v1/partners?q=SON&limit=200&fields=name,email,reference", "res.partner",
			[]any{"|", "|", []any{"name", "ilike", "SON"}, []any{"email", "ilike", "SON"}, []any{"ref", "ilike", "SON"}},
			func(t *testing.T, r map[string]any) {
				if !strings.Contains(strings.ToLower(str(r["name"])+str(r["email"])+str(r["reference"])), "son") {
					t.Errorf("%v does not match q=SON", r)
				}
			}, 2},
		{"is_company=true", "/api/v1/partners?is_company=true&limit=200&fields=is_company", "res.partner",
			[]any{[]any{"is_company", "=", true}},
			func(t *testing.T, r map[string]any) {
				if r["is_company"] != true {
					t.Errorf("%v is not a company", r)
				}
			}, 10},
		{"is_company=false", "/api/v1/partners?is_company=false&limit=200&fields=is_company", "res.partner",
			[]any{[]any{"is_company", "=", false}},
			func(t *testing.T, r map[string]any) {
				if r["is_company"] != false {
					t.Errorf("%v is a company", r)
				}
			}, 10},
		{"customer=true", "/api/v1/partners?customer=true&limit=200&fields=customer_rank", "res.partner",
			[]any{[]any{"customer_rank", ">", 0}},
			func(t *testing.T, r map[string]any) {
				if r["customer_rank"].(float64) <= 0 {
					t.Errorf("%v is not a customer", r)
				}
			}, 5},
		{"customer=false", "/api/v1/partners?customer=false&limit=200&fields=customer_rank", "res.partner",
			[]any{"|", []any{"customer_rank", "=", 0}, []any{"customer_rank", "=", false}},
			func(t *testing.T, r map[string]any) {
				if r["customer_rank"].(float64) != 0 {
					t.Errorf("%v is a customer", r)
				}
			}, 5},
		{"supplier=true", "/api/v1/partners?supplier=true&limit=200&fields=supplier_rank", "res.partner",
			[]any{[]any{"supplier_rank", ">", 0}},
			func(t *testing.T, r map[string]any) {
				if r["supplier_rank"].(float64) <= 0 {
					t.Errorf("%v is not a supplier", r)
				}
			}, 1},
		{"supplier=false", "/api/v1/partners?supplier=false&limit=200&fields=supplier_rank", "res.partner",
			[]any{"|", []any{"supplier_rank", "=", 0}, []any{"supplier_rank", "=", false}},
			func(t *testing.T, r map[string]any) {
				if r["supplier_rank"].(float64) != 0 {
					t.Errorf("%v is a supplier", r)
				}
			}, 5},
		{"country (lower case)", "/api/v1/partners?country=be&limit=200&fields=country_code", "res.partner",
			[]any{[]any{"country_id.code", "=", "BE"}},
			func(t *testing.T, r map[string]any) {
				if r["country_code"] != "BE" {
					t.Errorf("%v is not in BE", r)
				}
			}, 5},
		{"email (any case)", "/api/v1/partners?email=" + url.QueryEscape(strings.ToUpper(acme["email"].(string))) + "&fields=email", "res.partner",
			[]any{[]any{"email", "=ilike", acme["email"]}},
			func(t *testing.T, r map[string]any) {
				if !strings.EqualFold(str(r["email"]), acme["email"].(string)) {
					t.Errorf("%v has another email", r)
				}
			}, 1},
		{"updated_since", "/api/v1/partners?updated_since=" + url.QueryEscape(since.Format(time.RFC3339)) + "&limit=200&fields=updated_at", "res.partner",
			[]any{[]any{"write_date", ">=", sinceOdoo}},
			func(t *testing.T, r map[string]any) {
				if u, _ := time.Parse(time.RFC3339, str(r["updated_at"])); u.Before(since) {
					t.Errorf("%v was updated before %s", r, since)
				}
			}, 1},
		{"ids", "/api/v1/partners?ids=9,10,11&fields=name", "res.partner",
			[]any{[]any{"id", "in", []any{9, 10, 11}}},
			func(t *testing.T, r map[string]any) {
				if id := int(r["id"].(float64)); id < 9 || id > 11 {
					t.Errorf("%v is not one of the ids", r)
				}
			}, 3},
		{"parent_id", "/api/v1/partners?parent_id=9&fields=parent", "res.partner",
			[]any{[]any{"id", "in", acmeContacts}},
			func(t *testing.T, r map[string]any) {
				if refID(r["parent"]) != 9 {
					t.Errorf("%v is not a contact of 9", r)
				}
			}, 2},
		{"combined", "/api/v1/partners?is_company=false&country=US&q=a&limit=200&fields=is_company,country_code", "res.partner",
			[]any{[]any{"is_company", "=", false}, []any{"country_id.code", "=", "US"}, "|", "|", []any{"name", "ilike", "a"}, []any{"email", "ilike", "a"}, []any{"ref", "ilike", "a"}},
			func(t *testing.T, r map[string]any) {
				if r["is_company"] != false || r["country_code"] != "US" {
					t.Errorf("%v does not match", r)
				}
			}, 2},
	})
}

func TestCustomers(t *testing.T) {
	h := newHarness(t)
	customers := h.get("/api/v1/customers?limit=200&fields=customer_rank").page(t)
	partners := h.get("/api/v1/partners?customer=true&limit=200&fields=customer_rank").page(t)
	if diff := cmp.Diff(partners.ids(), customers.ids()); diff != "" || customers.Total != partners.Total {
		t.Errorf("customers differ from partners?customer=true (totals %d, %d):\n%s", customers.Total, partners.Total, diff)
	}
	if customers.Total == 0 {
		t.Fatal("no customers in the demo data")
	}
	// Filters of /partners apply, except customer, which is implied.
	runFilterCases(t, h, []filterCase{
		{"country", "/api/v1/customers?country=US&limit=200&fields=country_code,customer_rank", "res.partner",
			[]any{[]any{"customer_rank", ">", 0}, []any{"country_id.code", "=", "US"}},
			func(t *testing.T, r map[string]any) {
				if r["country_code"] != "US" || r["customer_rank"].(float64) <= 0 {
					t.Errorf("%v is not a US customer", r)
				}
			}, 1},
	})
	h.get("/api/v1/customers?customer=false").expect(t, http.StatusBadRequest)

	id := customers.ids()[0]
	h.get("/api/v1/customers/"+itoa(id)).expect(t, http.StatusOK)
	nonCustomer := h.get("/api/v1/partners?customer=false&limit=1&fields=name").page(t).ids()[0]
	res := h.get("/api/v1/customers/"+itoa(nonCustomer)).expect(t, http.StatusNotFound)
	if p := res.problem(t); p.Code != "not_found" {
		t.Errorf("non-customer: %+v", p)
	}
	h.get("/api/v1/partners/"+itoa(nonCustomer)).expect(t, http.StatusOK)
	// customer_rank is read to decide, but shown only when asked for.
	if got := h.get("/api/v1/customers/" + itoa(id) + "?fields=name").json(t); len(got) != 2 {
		t.Errorf("customer with fields=name: %v, want id and name only", got)
	}
}

func TestProductFilters(t *testing.T) {
	h := newHarness(t)
	runFilterCases(t, h, []filterCase{
		{"q", "/api/v1/products?q=desk&limit=200&fields=name,internal_reference,barcode", "product.product",
			[]any{"|", "|", []any{"name", "ilike", "desk"}, []any{"default_code", "ilike", "desk"}, []any{"barcode", "ilike", "desk"}},
			func(t *testing.T, r map[string]any) {
				if !strings.Contains(strings.ToLower(str(r["name"])+str(r["internal_reference"])+str(r["barcode"])), "desk") {
					t.Errorf("%v does not match q=desk", r)
				}
			}, 2},
		{"category with subcategories", "/api/v1/products?category=4&limit=200&fields=category", "product.product",
			[]any{[]any{"categ_id", "child_of", 4}},
			func(t *testing.T, r map[string]any) {
				if id := refID(r["category"]); id != 4 && id != 5 {
					t.Errorf("%v is not in Furniture or its subcategory", r)
				}
			}, 2},
		{"active=false", "/api/v1/products?active=false&limit=200&fields=active", "product.product",
			[]any{[]any{"active", "=", false}},
			func(t *testing.T, r map[string]any) {
				if r["active"] != false {
					t.Errorf("%v is active", r)
				}
			}, 1},
		{"active=true", "/api/v1/products?active=true&limit=200&fields=active", "product.product",
			[]any{[]any{"active", "=", true}},
			func(t *testing.T, r map[string]any) {
				if r["active"] != true {
					t.Errorf("%v is archived", r)
				}
			}, 10},
		{"ids", "/api/v1/products?ids=36,37&fields=name", "product.product",
			[]any{[]any{"id", "in", []any{36, 37}}},
			func(t *testing.T, r map[string]any) {
				if id := int(r["id"].(float64)); id != 36 && id != 37 {
					t.Errorf("%v is not one of the ids", r)
				}
			}, 2},
	})
}

func TestSaleOrderFilters(t *testing.T) {
	h := newHarness(t)
	acme := h.get("/api/v1/partners/9?fields=children").expect(t, http.StatusOK).json(t)
	family := []any{9}
	for _, c := range acme["children"].([]any) {
		family = append(family, refID(c))
	}
	runFilterCases(t, h, []filterCase{
		{"partner_id (and its contacts)", "/api/v1/sale-orders?partner_id=9&limit=200&fields=partner", "sale.order",
			[]any{[]any{"partner_id", "child_of", 9}},
			func(t *testing.T, r map[string]any) {
				if !slices.Contains(family, any(refID(r["partner"]))) {
					t.Errorf("%v is not an order of 9 or its contacts", r)
				}
			}, 1},
		{"state", "/api/v1/sale-orders?state=sale&limit=200&fields=state", "sale.order",
			[]any{[]any{"state", "=", "sale"}},
			func(t *testing.T, r map[string]any) {
				if r["state"] != "sale" {
					t.Errorf("%v is not confirmed", r)
				}
			}, 2},
		{"date range", "/api/v1/sale-orders?date_from=2026-03-01&date_to=2026-06-30&limit=200&fields=order_date", "sale.order",
			[]any{[]any{"date_order", ">=", "2026-03-01 00:00:00"}, []any{"date_order", "<", "2026-07-01 00:00:00"}},
			func(t *testing.T, r map[string]any) {
				if d := str(r["order_date"]); d < "2026-03-01" || d >= "2026-07-01" {
					t.Errorf("%v is outside the range", r)
				}
			}, 2},
		{"ids", "/api/v1/sale-orders?ids=1,2&fields=name", "sale.order",
			[]any{[]any{"id", "in", []any{1, 2}}},
			func(t *testing.T, r map[string]any) {
				if id := int(r["id"].(float64)); id != 1 && id != 2 {
					t.Errorf("%v is not one of the ids", r)
				}
			}, 2},
	})
}

func TestInvoiceFilters(t *testing.T) {
	h := newHarness(t)
	base := []any{"move_type", "in", []any{"out_invoice", "out_refund"}}
	some := h.get("/api/v1/invoices?state=posted&limit=1&fields=partner").page(t).Results[0]
	pid := refID(some["partner"])
	runFilterCases(t, h, []filterCase{
		{"partner_id", "/api/v1/invoices?partner_id=" + itoa(pid) + "&limit=200&fields=partner", "account.move",
			[]any{base, []any{"partner_id", "child_of", pid}},
			func(t *testing.T, r map[string]any) {
				if refID(r["partner"]) == 0 {
					t.Errorf("%v has no partner", r)
				}
			}, 1},
		{"state", "/api/v1/invoices?state=posted&limit=200&fields=state", "account.move",
			[]any{base, []any{"state", "=", "posted"}},
			func(t *testing.T, r map[string]any) {
				if r["state"] != "posted" {
					t.Errorf("%v is not posted", r)
				}
			}, 2},
		{"payment_state", "/api/v1/invoices?payment_state=paid&limit=200&fields=payment_state", "account.move",
			[]any{base, []any{"payment_state", "=", "paid"}},
			func(t *testing.T, r map[string]any) {
				if r["payment_state"] != "paid" {
					t.Errorf("%v is not paid", r)
				}
			}, 1},
		{"type", "/api/v1/invoices?type=out_invoice&limit=200&fields=type", "account.move",
			[]any{[]any{"move_type", "=", "out_invoice"}},
			func(t *testing.T, r map[string]any) {
				if r["type"] != "out_invoice" {
					t.Errorf("%v is not an invoice", r)
				}
			}, 2},
		{"date range", "/api/v1/invoices?date_from=2026-01-01&date_to=2026-06-30&limit=200&fields=invoice_date", "account.move",
			[]any{base, []any{"invoice_date", ">=", "2026-01-01"}, []any{"invoice_date", "<=", "2026-06-30"}},
			func(t *testing.T, r map[string]any) {
				if d := str(r["invoice_date"]); d < "2026-01-01" || d > "2026-06-30" {
					t.Errorf("%v is outside the range", r)
				}
			}, 1},
	})
	// ids: only customer invoices among them come back.
	p := h.get("/api/v1/invoices?ids=1,2,3&fields=name").page(t)
	if want := h.env.Sim.Count("account.move", []any{base, []any{"id", "in", []any{1, 2, 3}}}); p.Total != want || want == 0 {
		t.Errorf("ids: total %d, want %d", p.Total, want)
	}
}

func TestCountryFilters(t *testing.T) {
	h := newHarness(t)
	runFilterCases(t, h, []filterCase{
		{"q", "/api/v1/countries?q=bel&limit=200", "res.country",
			[]any{"|", []any{"name", "ilike", "bel"}, []any{"code", "=ilike", "bel"}},
			func(t *testing.T, r map[string]any) {
				if !strings.Contains(strings.ToLower(str(r["name"])), "bel") {
					t.Errorf("%v does not match q=bel", r)
				}
			}, 2},
		{"code", "/api/v1/countries?code=be,FR", "res.country",
			[]any{[]any{"code", "in", []any{"BE", "FR"}}},
			func(t *testing.T, r map[string]any) {
				if c := r["code"]; c != "BE" && c != "FR" {
					t.Errorf("%v is not BE or FR", r)
				}
			}, 2},
		{"ids", "/api/v1/countries?ids=21,75", "res.country",
			[]any{[]any{"id", "in", []any{21, 75}}},
			func(t *testing.T, r map[string]any) {
				if id := int(r["id"].(float64)); id != 21 && id != 75 {
					t.Errorf("%v is not one of the ids", r)
				}
			}, 2},
	})
}

// TestFilterValueErrors sends malformed values of every typed filter;
// each must be a 400 naming the parameter, without calling Odoo.
func TestFilterValueErrors(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		target string
		want   []string
	}{
		{"/api/v1/partners?is_company=yes", []string{"is_company"}},
		{"/api/v1/partners?is_company=", []string{"is_company"}},
		{"/api/v1/partners?customer=1", []string{"customer"}},
		{"/api/v1/partners?supplier=TRUE", []string{"supplier"}},
		{"/api/v1/partners?country=BEL", []string{"country"}},
		{"/api/v1/partners?email=", []string{"email"}},
		{"/api/v1/partners?updated_since=2026-01-01", []string{"updated_since"}},
		{"/api/v1/partners?updated_since=2026-01-01T00:00:00+02:00", []string{"updated_since"}},
		{"/api/v1/partners?ids=1,x", []string{"ids"}},
		{"/api/v1/partners?ids=0", []string{"ids"}},
		{"/api/v1/partners?ids=", []string{"ids"}},
		{"/api/v1/partners?ids=" + strings.Repeat("1,", 200) + "1", []string{"ids"}},
		{"/api/v1/partners?parent_id=-3", []string{"parent_id"}},
		{"/api/v1/partners?q=" + strings.Repeat("x", 201), []string{"q"}},
		{"/api/v1/products?category=furniture", []string{"category"}},
		{"/api/v1/products?active=no", []string{"active"}},
		{"/api/v1/sale-orders?partner_id=abc", []string{"partner_id"}},
		{"/api/v1/sale-orders?date_from=01/02/2026", []string{"date_from"}},
		{"/api/v1/sale-orders?date_to=2026-02-30", []string{"date_to"}},
		{"/api/v1/invoices?date_from=2026-13-01&date_to=x&partner_id=0", []string{"date_from", "date_to", "partner_id"}},
		{"/api/v1/countries?code=BE,BEL", []string{"code"}},
		{"/api/v1/products?country=BE", []string{"country"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			res := h.get(tc.target).expect(t, http.StatusBadRequest)
			p := res.problem(t)
			var got []string
			for k := range p.Details {
				got = append(got, k)
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parameters named (-want +got):\n%s\n%v", diff, p.Details)
			}
		})
	}
	if calls := h.env.Calls("", ""); len(calls) != 0 {
		t.Errorf("malformed filters reached Odoo: %d calls", len(calls))
	}
	// Values that are well formed but that Odoo does not know are refused
	// by the data service, naming the parameter too.
	for _, tc := range []struct{ target, param string }{
		{"/api/v1/sale-orders?state=shipped", "state"},
		{"/api/v1/invoices?payment_state=maybe", "payment_state"},
		{"/api/v1/invoices?type=in_invoice", "type"},
		{"/api/v1/sale-orders?date_from=2026-05-01&date_to=2026-04-01", "date_to"},
	} {
		res := h.get(tc.target).expect(t, http.StatusBadRequest)
		if p := res.problem(t); len(p.Details[tc.param]) == 0 {
			t.Errorf("%s: details %v, want %s named", tc.target, p.Details, tc.param)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
