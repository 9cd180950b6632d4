package odoo

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// decodeCapture decodes a captured successful response.
func decodeCapture(t *testing.T, name string) any {
	t.Helper()
	v, err := decodeResponse([]byte(loadCapture(t, name).Response))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func captureRecords(t *testing.T, name string) []record {
	t.Helper()
	v := decodeCapture(t, name)
	if m, ok := v.(map[string]any); ok {
		v = m["records"]
	}
	rows, err := toRecords(v)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func ptr[T any](v T) *T { return &v }

func utc(s string) *time.Time {
	t, err := time.Parse(datetimeLayout, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// fixedFields stands for a server's fields_get; nil has every field.
type fixedFields map[string]bool

func (f fixedFields) pick(_ string, candidates []string) (string, bool) {
	for _, c := range candidates {
		if f == nil || f[c] {
			return c, true
		}
	}
	return "", false
}

func TestNormaliseSearchReadPartners(t *testing.T) {
	rows := captureRecords(t, "12-res.partner-search_read-limit5")
	sel := SelectionOf("name", "email", "phone", "is_company", "country", "parent", "children", "tags", "updated_at", "created_at", "active", "customer_rank", "street")
	got := partnerSchema.decode(rows[0], sel)
	want := &Partner{
		ID: 1, Name: "YourCompany", Email: ptr("info@yourcompany.com"), Phone: ptr("+1 555-555-5556"),
		IsCompany: true, Country: &Ref{ID: 233, Name: "United States"}, Parent: nil,
		Children: []Ref{{ID: 40}, {ID: 41}}, Tags: []Ref{},
		UpdatedAt: utc("2026-11-21 08:54:00"), CreatedAt: utc("2026-11-21 08:53:35"), Active: true,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("partner (-want +got):\n%s", diff)
	}
}

func TestNormaliseWebSearchReadTree(t *testing.T) {
	rows := captureRecords(t, "64-sale.order-web_search_read-nested-spec")
	sel := Selection{
		"name": nil, "state": nil, "amount_total": nil, "order_date": nil, "currency": nil,
		"partner": {"email": nil, "country": {"code": nil, "name": nil}},
		"lines":   {"description": nil, "quantity": nil, "unit_price": nil, "subtotal": nil, "product": {"internal_reference": nil}},
	}
	got := saleOrderSchema.decode(rows[0], sel)
	if got.ID != 1 || got.Name != "S00001" || got.State != "draft" || got.AmountTotal != 1740 || got.Currency == nil || *got.Currency != "USD" {
		t.Errorf("order = %+v", got)
	}
	if diff := cmp.Diff(utc("2026-10-21 08:54:00"), got.OrderDate); diff != "" {
		t.Errorf("order date: %s", diff)
	}
	wantPartner := &Partner{ID: 9, Email: ptr("acme_corp@yourcompany.example.com"), Country: &Ref{ID: 233}, CountryRecord: &Country{ID: 233, Code: "US", Name: "United States"}}
	if diff := cmp.Diff(&Ref{ID: 9, Name: "Acme Corporation"}, got.Partner); diff != "" {
		t.Errorf("partner ref: %s", diff)
	}
	if diff := cmp.Diff(wantPartner, got.PartnerRecord); diff != "" {
		t.Errorf("partner record (-want +got):\n%s", diff)
	}
	if len(got.Lines) == 0 {
		t.Fatal("no lines")
	}
	line := got.Lines[0]
	wantLine := &SaleOrderLine{
		ID: 1, Description: "[FURN_6667] Acoustic Bloc Screens (Black)\nNoise-reducing panels for open spaces",
		Quantity: 3, UnitPrice: 295, Subtotal: 885,
		Product:       &Ref{ID: 38, Name: "[FURN_6667] Acoustic Bloc Screens (Black)"},
		ProductRecord: &Product{ID: 38, InternalReference: ptr("FURN_6667")},
	}
	if diff := cmp.Diff(wantLine, line); diff != "" {
		t.Errorf("line (-want +got):\n%s", diff)
	}
}

func TestNormaliseDatesAndFalse(t *testing.T) {
	rows := captureRecords(t, "40-account.move-search_read-out_invoice")
	got := invoiceSchema.decode(rows[0], SelectionOf("name", "partner", "invoice_date", "due_date", "amount_total", "amount_due", "payment_state", "state", "reference"))
	want := &Invoice{
		ID: 1, Name: "INV/2026/00001", Partner: &Ref{ID: 15, Name: "Azure Interior"},
		InvoiceDate: &Date{2026, time.November, 1}, DueDate: &Date{2026, time.December, 31},
		AmountTotal: 31750, AmountDue: 31750, PaymentState: ptr("not_paid"), State: "posted",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("invoice (-want +got):\n%s", diff)
	}

	products := captureRecords(t, "37-product.product-search_read")
	p := productSchema.decode(products[0], SelectionOf("name", "internal_reference", "list_price", "category", "unit", "barcode", "type"))
	wantP := &Product{ID: 1, Name: "Restaurant Expenses", ListPrice: 14, Category: &Ref{ID: 2, Name: "Expenses"}, Unit: &Ref{ID: 1, Name: "Units"}, Type: ptr("service")}
	if diff := cmp.Diff(wantP, p); diff != "" {
		t.Errorf("product (-want +got):\n%s", diff)
	}
}

func TestParseVersionCapture(t *testing.T) {
	v, err := parseVersion(decodeCapture(t, "01-common-version"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Version{Server: "19.0", Major: 19}, v); diff != "" {
		t.Error(diff)
	}
}

func TestUserMessage(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The operation cannot be completed: Contacts require a name", "The operation cannot be completed: Contacts require a name"},
		{`('You cannot delete contacts linked to an active user.\nYou should rather archive them.', {'type': 'ir.actions.act_window'}, 'Go to users', None)`,
			"You cannot delete contacts linked to an active user.\nYou should rather archive them."},
		{`("It's done", None)`, "It's done"},
		{`('unterminated`, `('unterminated`},
	} {
		if got := userMessage(tc.in); got != tc.want {
			t.Errorf("userMessage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSpecPushdownAndVersions(t *testing.T) {
	odoo19 := fixedFields{"product_uom_id": true, "tax_ids": true, "name": true, "display_name": true}
	odoo17 := fixedFields{"product_uom": true, "tax_id": true, "name": true, "display_name": true}
	sel := SelectionOf("unit", "taxes", "description")
	for _, tc := range []struct {
		name string
		av   fixedFields
		want map[string]any
	}{
		{"odoo19", odoo19, map[string]any{
			"product_uom_id": map[string]any{"fields": map[string]any{"display_name": map[string]any{}}},
			"tax_ids":        map[string]any{"fields": map[string]any{"display_name": map[string]any{}}},
			"name":           map[string]any{},
		}},
		{"odoo17", odoo17, map[string]any{
			"product_uom": map[string]any{"fields": map[string]any{"display_name": map[string]any{}}},
			"tax_id":      map[string]any{"fields": map[string]any{"display_name": map[string]any{}}},
			"name":        map[string]any{},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, saleOrderLineSchema.spec(tc.av, sel)); diff != "" {
				t.Errorf("spec (-want +got):\n%s", diff)
			}
		})
	}
	// A field this Odoo lacks is left out of the read and reads as null.
	spec := partnerSchema.spec(fixedFields{"name": true, "email": true}, SelectionOf("name", "mobile"))
	if diff := cmp.Diff(map[string]any{"name": map[string]any{}}, spec); diff != "" {
		t.Errorf("mobile on Odoo 19 (-want +got):\n%s", diff)
	}
	// Two API fields reading one Odoo field share one nested read.
	spec = partnerSchema.spec(fixedFields(nil), SelectionOf("country", "country_code"))
	want := map[string]any{"country_id": map[string]any{"fields": map[string]any{"display_name": map[string]any{}, "code": map[string]any{}}}}
	if diff := cmp.Diff(want, spec, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("merged spec (-want +got):\n%s", diff)
	}
}

func TestCheckWireValue(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		code string
	}{
		{"small int", 2147483647, ""},
		{"too big", 2147483648, EValidation},
		{"too small", -2147483649, EValidation},
		{"nested", []any{map[string]any{"x": []int{1, 1 << 40}}}, EValidation},
		{"nil", []any{nil}, EInternal},
		{"fine", map[string]any{"a": []any{"x", 1.5, true}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code := ErrorCode(wrapInternal(checkWireValue(tc.v))); code != tc.code {
				t.Errorf("code = %q, want %q", code, tc.code)
			}
		})
	}
}
