package odoosim

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSchemaMatchesCaptures checks that the embedded field definitions are
// the captured fields_get answers, and res.partner's field order that of
// capture 18 (read with all fields follows it).
func TestSchemaMatchesCaptures(t *testing.T) {
	for _, model := range []string{"res.partner", "res.country", "product.product", "sale.order", "sale.order.line", "account.move"} {
		t.Run(model, func(t *testing.T) {
			raw, err := os.ReadFile("../testdata/odoo-wire/fields/" + model + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]map[string]any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			srv := New()
			got := mustCall(t, srv, model, "fields_get", nil, map[string]any{"attributes": []any{"type", "string", "required", "readonly", "relation", "selection"}}).(map[string]any)
			gotJSON, _ := json.Marshal(got)
			var gotMap map[string]map[string]any
			if err := json.Unmarshal(gotJSON, &gotMap); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, gotMap); diff != "" {
				t.Errorf("(-captured +simulated):\n%s", diff)
			}
		})
	}
	var c capture
	raw, err := os.ReadFile("../testdata/odoo-wire/xmlrpc/18-res.partner-fields_get.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	resp, err := ParseResponse([]byte(c.Response))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range resp.Params[0].Members {
		order = append(order, m.Name)
	}
	var ours []string
	for _, f := range New().reg.model("res.partner").fields {
		ours = append(ours, f.name)
	}
	if diff := cmp.Diff(order, ours); diff != "" {
		t.Errorf("res.partner field order (-captured +simulated):\n%s", diff)
	}
}

// TestDemoDataVolume checks the sizes the gateway's tests rely on.
func TestDemoDataVolume(t *testing.T) {
	srv := New()
	all := []any{[]any{"active", "in", []any{true, false}}}
	tests := []struct {
		model  string
		domain []any
		min    int
	}{
		{"res.partner", all, 220},
		{"res.partner", []any{[]any{"is_company", "=", true}}, 50},
		{"res.partner", []any{[]any{"email", "=", false}}, 5},
		{"res.partner", []any{[]any{"phone", "=", false}}, 5},
		{"res.partner", []any{[]any{"country_id", "=", false}}, 3},
		{"res.country", nil, 250},
		{"product.product", all, 50},
		{"product.product", []any{[]any{"active", "=", false}}, 3},
		{"sale.order", nil, 40},
		{"account.move", []any{[]any{"move_type", "in", []any{"out_invoice", "out_refund"}}}, 40},
		{"account.move", []any{[]any{"move_type", "=", "out_refund"}, []any{"state", "=", "posted"}}, 3},
		{"account.move", []any{[]any{"payment_state", "=", "paid"}}, 3},
		{"account.move", []any{[]any{"payment_state", "=", "partial"}}, 2},
	}
	for _, tt := range tests {
		if n := srv.Count(tt.model, tt.domain); n < tt.min {
			t.Errorf("%s %v: %d records, want at least %d", tt.model, tt.domain, n, tt.min)
		}
	}
	countries := map[any]bool{}
	for _, p := range srv.Find("res.partner", []any{[]any{"is_company", "=", true}}) {
		if c, ok := p["country_id"].([]any); ok {
			countries[c[0]] = true
		}
	}
	if len(countries) < 10 {
		t.Errorf("companies in %d countries", len(countries))
	}
	// Deterministic: a second server holds the same data.
	if diff := cmp.Diff(New().Find("sale.order", nil), srv.Find("sale.order", nil)); diff != "" {
		t.Errorf("demo data differ between servers:\n%s", diff)
	}
	// Without demo data only the base records remain.
	bare := New(WithoutDemoData())
	if n := bare.Count("sale.order", nil); n != 0 {
		t.Errorf("%d orders without demo data", n)
	}
	if n := bare.Count("res.users", nil); n != 4 {
		t.Errorf("%d active users without demo data", n)
	}
}

// TestCapturedAmounts checks the reconstructed orders against the
// per-state totals of capture 56.
func TestCapturedAmounts(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "sale.order", "formatted_read_group", []any{[]any{[]any{"id", "<=", 20}}}, map[string]any{"groupby": []any{"state"}, "aggregates": []any{"amount_total:sum", "__count"}})
	want := []any{
		map[string]any{"state": "draft", "__extra_domain": []any{[]any{"state", "=", "draft"}}, "amount_total:sum": 5470.0, "__count": 4},
		map[string]any{"state": "sale", "__extra_domain": []any{[]any{"state", "=", "sale"}}, "amount_total:sum": 17670.5, "__count": 15},
		map[string]any{"state": "sent", "__extra_domain": []any{[]any{"state", "=", "sent"}}, "amount_total:sum": 1740.0, "__count": 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
