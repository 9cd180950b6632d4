package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"

	"odoo-gateway/graph/generated"
	"odoo-gateway/odoo"
)

// TestFilters checks every filter of every list against the simulator's
// own count of an independently written Odoo domain: the filter matches
// exactly those records, and some but not all of them.
func TestFilters(t *testing.T) {
	env := newTestEnv(t)
	invoiceBase := []any{"move_type", "in", []any{"out_invoice", "out_refund"}}
	tests := []struct {
		field, filter string
		model         string
		domain        []any
	}{
		{"partners", `{query: "wood"}`, "res.partner", []any{"|", "|", []any{"name", "ilike", "wood"}, []any{"email", "ilike", "wood"}, []any{"ref", "ilike", "wood"}}},
		{"partners", `{isCompany: true}`, "res.partner", []any{[]any{"is_company", "=", true}}},
		{"partners", `{isCompany: false}`, "res.partner", []any{[]any{"is_company", "=", false}}},
		{"partners", `{customer: true}`, "res.partner", []any{[]any{"customer_rank", ">", 0}}},
		{"partners", `{customer: false}`, "res.partner", []any{[]any{"customer_rank", "=", 0}}},
		{"partners", `{supplier: true}`, "res.partner", []any{[]any{"supplier_rank", ">", 0}}},
		{"partners", `{countryCode: "be"}`, "res.partner", []any{[]any{"country_id.code", "=", "BE"}}},
		{"partners", `{email: "WOOD.CORNER26@example.com"}`, "res.partner", []any{[]any{"email", "=ilike", "wood.corner26@example.com"}}},
		{"partners", `{updatedSince: "2026-11-21T09:54:30+01:00"}`, "res.partner", []any{[]any{"write_date", ">=", "2026-11-21 08:54:30"}}},
		{"partners", `{ids: ["9", "10", "999999"]}`, "res.partner", []any{[]any{"id", "in", []any{9, 10}}}},
		{"partners", `{parentId: "9"}`, "res.partner", []any{[]any{"parent_id", "=", 9}}},
		{"customers", ``, "res.partner", []any{[]any{"customer_rank", ">", 0}}},
		{"customers", `{isCompany: true, countryCode: "US"}`, "res.partner", []any{[]any{"customer_rank", ">", 0}, []any{"is_company", "=", true}, []any{"country_id.code", "=", "US"}}},
		{"products", `{query: "desk"}`, "product.product", []any{"|", "|", []any{"name", "ilike", "desk"}, []any{"default_code", "ilike", "desk"}, []any{"barcode", "ilike", "desk"}}},
		{"products", `{categoryId: "4"}`, "product.product", []any{[]any{"categ_id", "in", []any{4, 5}}}},
		{"products", `{active: false}`, "product.product", []any{[]any{"active", "=", false}}},
		{"products", `{ids: ["5", "6"]}`, "product.product", []any{[]any{"id", "in", []any{5, 6}}}},
		{"saleOrders", `{partnerId: "10"}`, "sale.order", []any{[]any{"partner_id", "child_of", 10}}},
		{"saleOrders", `{state: "sale"}`, "sale.order", []any{[]any{"state", "=", "sale"}}},
		{"saleOrders", `{dateFrom: "2026-03-01", dateTo: "2026-05-31"}`, "sale.order", []any{[]any{"date_order", ">=", "2026-03-01 00:00:00"}, []any{"date_order", "<", "2026-06-01 00:00:00"}}},
		{"saleOrders", `{ids: ["1", "2", "3"]}`, "sale.order", []any{[]any{"id", "in", []any{1, 2, 3}}}},
		{"invoices", `{partnerId: "10"}`, "account.move", []any{invoiceBase, []any{"partner_id", "child_of", 10}}},
		{"invoices", `{state: "posted"}`, "account.move", []any{invoiceBase, []any{"state", "=", "posted"}}},
		{"invoices", `{paymentState: "paid"}`, "account.move", []any{invoiceBase, []any{"payment_state", "=", "paid"}}},
		{"invoices", `{type: "out_refund"}`, "account.move", []any{[]any{"move_type", "=", "out_refund"}}},
		{"invoices", `{dateFrom: "2026-02-01", dateTo: "2026-04-30"}`, "account.move", []any{invoiceBase, []any{"invoice_date", ">=", "2026-02-01"}, []any{"invoice_date", "<=", "2026-04-30"}}},
		{"invoices", `{ids: ["1", "2"]}`, "account.move", []any{invoiceBase, []any{"id", "in", []any{1, 2}}}},
		{"countries", `{query: "united"}`, "res.country", []any{"|", []any{"name", "ilike", "united"}, []any{"code", "=ilike", "united"}}},
		{"countries", `{query: "be"}`, "res.country", []any{"|", []any{"name", "ilike", "be"}, []any{"code", "=ilike", "be"}}},
		{"countries", `{codes: ["be", "FR", "NL"]}`, "res.country", []any{[]any{"code", "in", []any{"BE", "FR", "NL"}}}},
		{"countries", `{ids: ["1", "2"]}`, "res.country", []any{[]any{"id", "in", []any{1, 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.filter, func(t *testing.T) {
			args := "first: 200"
			if tt.filter != "" {
				args += ", filter: " + tt.filter
			}
			got := fetchPage(t, env, tt.field, args)
			want := env.Sim.Count(tt.model, tt.domain)
			unfiltered := fetchPage(t, env, tt.field, "first: 0").TotalCount
			if tt.field == "customers" && tt.filter == "" {
				unfiltered = fetchPage(t, env, "partners", "first: 0").TotalCount
			}
			if got.TotalCount != want || len(got.Nodes) != min(want, 200) {
				t.Errorf("totalCount %d with %d nodes, want %d", got.TotalCount, len(got.Nodes), want)
			}
			if want == 0 || want == unfiltered {
				t.Errorf("the filter matches %d of %d records: the case proves nothing", want, unfiltered)
			}
		})
	}
}

// TestFilterErrors: invalid filter values are BAD_USER_INPUT naming the
// filter field, like REST's 400s, before any upstream call.
func TestFilterErrors(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct{ field, filter, arg string }{
		{"partners", `{countryCode: "Belgium"}`, "filter.countryCode"},
		{"partners", `{parentId: "0"}`, "parentId"},
		{"partners", `{ids: ["12", "x"]}`, "ids"},
		{"partners", `{updatedSince: "yesterday"}`, "updatedSince"},
		{"saleOrders", `{state: "shipped"}`, "filter.state"},
		{"saleOrders", `{dateFrom: "2026-05-01", dateTo: "2026-04-01"}`, "filter.dateTo"},
		{"saleOrders", `{dateFrom: "01/05/2026"}`, "dateFrom"},
		{"invoices", `{type: "in_invoice"}`, "filter.type"},
		{"invoices", `{paymentState: "maybe"}`, "filter.paymentState"},
		{"countries", `{codes: ["BEL"]}`, "filter.codes"},
		{"products", `{query: "` + strings.Repeat("x", 201) + `"}`, "filter.query"},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.filter[:min(len(tt.filter), 40)], func(t *testing.T) {
			env.Sim.ResetCalls()
			res := env.post(t, env.key, request{Query: fmt.Sprintf(`{ %s(filter: %s) { nodes { id } } }`, tt.field, tt.filter)})
			if len(res.Errors) != 1 || res.Errors[0].code() != CodeBadUserInput || res.Errors[0].Path[0] != tt.field {
				t.Fatalf("errors = %+v, want BAD_USER_INPUT at %s", res.Errors, tt.field)
			}
			if e := res.Errors[0]; !strings.Contains(e.Message, tt.arg) && !strings.Contains(e.pathString(), tt.arg) {
				t.Errorf("error %+v does not name %s", e, tt.arg)
			}
			for _, call := range env.Calls("", "") {
				if call.ModelMethod != "fields_get" {
					t.Errorf("upstream call %s.%s for a refused filter", call.Model, call.ModelMethod)
				}
			}
		})
	}
}

// sortFields lists the values of a sort field enum of the schema.
func sortFields(t *testing.T, enum string) []string {
	t.Helper()
	def := generated.NewExecutableSchema(generated.Config{}).Schema().Types[enum]
	if def == nil || def.Kind != ast.Enum {
		t.Fatalf("no enum %s", enum)
	}
	var out []string
	for _, v := range def.EnumValues {
		out = append(out, v.Name)
	}
	return out
}

// TestSortEnumsMatchTheService: orderBy offers exactly the sort keys the
// data service allows (which REST's sort parameter offers too).
func TestSortEnumsMatchTheService(t *testing.T) {
	tests := []struct {
		enum string
		keys []string
	}{
		{"PartnerSortField", odoo.PartnerSorts()},
		{"ProductSortField", odoo.ProductSorts()},
		{"SaleOrderSortField", odoo.SaleOrderSorts()},
		{"InvoiceSortField", odoo.InvoiceSorts()},
		{"CountrySortField", odoo.CountrySorts()},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range sortFields(t, tt.enum) {
			got = append(got, strings.ToLower(v))
		}
		slices.Sort(got)
		want := slices.Clone(tt.keys)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-service +schema):\n%s", tt.enum, diff)
		}
	}
}

// TestEveryOrderPagesConsistently walks each list in every order and both
// directions with small pages, and compares with one read of the whole list
// in that order by the data service: keyset cursors hold for text, number,
// date and datetime keys (whose equal-second groups need extra care).
func TestEveryOrderPagesConsistently(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	yes := true
	lists := []struct {
		field, enum string
		size        int
		read        func(sort string) ([]string, error)
	}{
		{"customers", "PartnerSortField", 4, func(sort string) ([]string, error) {
			p, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{Customer: &yes}, odoo.ListOptions{Sort: sort, Limit: 200})
			if err != nil {
				return nil, err
			}
			return idStrings(p.Items, func(x *odoo.Partner) int { return x.ID }), nil
		}},
		{"products", "ProductSortField", 13, func(sort string) ([]string, error) {
			p, err := env.Odoo.Products(ctx, odoo.ProductFilter{}, odoo.ListOptions{Sort: sort, Limit: 200})
			if err != nil {
				return nil, err
			}
			return idStrings(p.Items, func(x *odoo.Product) int { return x.ID }), nil
		}},
		{"saleOrders", "SaleOrderSortField", 15, func(sort string) ([]string, error) {
			p, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{}, odoo.ListOptions{Sort: sort, Limit: 200})
			if err != nil {
				return nil, err
			}
			return idStrings(p.Items, func(x *odoo.SaleOrder) int { return x.ID }), nil
		}},
		{"invoices", "InvoiceSortField", 12, func(sort string) ([]string, error) {
			p, err := env.Odoo.Invoices(ctx, odoo.InvoiceFilter{}, odoo.ListOptions{Sort: sort, Limit: 200})
			if err != nil {
				return nil, err
			}
			return idStrings(p.Items, func(x *odoo.Invoice) int { return x.ID }), nil
		}},
		{"countries", "CountrySortField", 60, func(sort string) ([]string, error) {
			p, err := env.Odoo.Countries(ctx, odoo.CountryFilter{}, odoo.ListOptions{Sort: sort, Limit: 200})
			if err != nil {
				return nil, err
			}
			return idStrings(p.Items, func(x *odoo.Country) int { return x.ID }), nil
		}},
	}
	for _, l := range lists {
		for _, field := range sortFields(t, l.enum) {
			for _, dir := range []string{"ASC", "DESC"} {
				t.Run(fmt.Sprintf("%s %s %s", l.field, field, dir), func(t *testing.T) {
					sort := strings.ToLower(field)
					if dir == "DESC" {
						sort = "-" + sort
					}
					want, err := l.read(sort)
					if err != nil {
						t.Fatal(err)
					}
					if l.field == "countries" {
						want = want[:min(len(want), 200)]
					}
					orderBy := fmt.Sprintf("orderBy: [{field: %s, direction: %s}]", field, dir)
					fwd := walk(t, env, l.field, orderBy, l.size, false)
					if l.field == "countries" {
						fwd = fwd[:min(len(fwd), 200)]
					}
					if diff := cmp.Diff(want, fwd); diff != "" {
						t.Errorf("forward (-want +got):\n%s", diff)
					}
					if l.field != "countries" {
						if diff := cmp.Diff(want, walk(t, env, l.field, orderBy, l.size, true)); diff != "" {
							t.Errorf("backward (-want +got):\n%s", diff)
						}
					}
				})
			}
		}
	}
}

// TestOrderByIsApplied checks the order itself on values a client sees,
// including a secondary key.
func TestOrderByIsApplied(t *testing.T) {
	env := newTestEnv(t)
	var got struct {
		SaleOrders struct {
			Nodes []struct {
				Name        string
				AmountTotal struct{ Amount float64 }
			}
		}
		Countries struct{ Nodes []struct{ Code string } }
	}
	env.query(t, `{
		saleOrders(first: 200, orderBy: [{field: AMOUNT_TOTAL, direction: DESC}, {field: NAME}]) { nodes { name amountTotal { amount } } }
		countries(first: 200, orderBy: [{field: CODE, direction: DESC}]) { nodes { code } } }`, &got)
	orders := got.SaleOrders.Nodes
	if !slices.IsSortedFunc(orders, func(a, b struct {
		Name        string
		AmountTotal struct{ Amount float64 }
	}) int {
		if a.AmountTotal.Amount != b.AmountTotal.Amount {
			if a.AmountTotal.Amount > b.AmountTotal.Amount {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	}) {
		t.Errorf("orders are not by amount descending, then name: %+v", orders)
	}
	codes := make([]string, len(got.Countries.Nodes))
	for i, c := range got.Countries.Nodes {
		codes[i] = c.Code
	}
	if !slices.IsSortedFunc(codes, func(a, b string) int { return strings.Compare(b, a) }) || len(codes) != 200 {
		t.Errorf("countries are not by code descending: %v", codes)
	}
}
