package odoosim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWebSearchReadLength(t *testing.T) {
	srv := New()
	companies := srv.Count("res.partner", []any{[]any{"is_company", "=", true}})
	if companies < 40 {
		t.Fatalf("only %d companies", companies)
	}
	domain := []any{[]any{"is_company", "=", true}}
	tests := []struct {
		name       string
		kwargs     map[string]any
		wantLength int
		wantCount  int
	}{
		{"limit reached counts all", map[string]any{"limit": 5}, companies, 5},
		{"count_limit reached keeps current length", map[string]any{"limit": 5, "count_limit": 3}, 5, 5},
		{"count_limit caps the count", map[string]any{"limit": 5, "count_limit": 20}, 20, 5},
		{"count_limit above the count", map[string]any{"limit": 5, "count_limit": 10001}, companies, 5},
		{"limit not reached", map[string]any{"limit": 1000}, companies, companies},
		{"no limit", map[string]any{}, companies, companies},
		{"offset without reaching limit", map[string]any{"offset": companies - 2, "limit": 5}, companies, 2},
		{"offset past the end", map[string]any{"offset": companies + 5, "limit": 5}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kw := map[string]any{"domain": domain, "specification": map[string]any{"name": map[string]any{}}}
			for k, v := range tt.kwargs {
				kw[k] = v
			}
			got := mustCall(t, srv, "res.partner", "web_search_read", nil, kw).(map[string]any)
			if got["length"] != tt.wantLength {
				t.Errorf("length %v, want %d", got["length"], tt.wantLength)
			}
			if n := len(got["records"].([]any)); n != tt.wantCount {
				t.Errorf("%d records, want %d", n, tt.wantCount)
			}
		})
	}
}

func TestWebReadNested(t *testing.T) {
	srv := New()
	spec := map[string]any{
		"name": map[string]any{},
		// Keys are sent sorted by EncodeCall: display_name must still come
		// last, as Odoo adds it after reading the other fields.
		"partner_id":  map[string]any{"fields": map[string]any{"display_name": map[string]any{}, "country_id": map[string]any{"fields": map[string]any{"code": map[string]any{}}}}},
		"user_id":     map[string]any{},
		"currency_id": map[string]any{"fields": map[string]any{}},
		"order_line":  map[string]any{"fields": map[string]any{"product_uom_qty": map[string]any{}}, "limit": 1, "order": "id desc"},
		"tag_ids":     map[string]any{},
	}
	got := mustCall(t, srv, "sale.order", "web_read", []any{[]any{1, 999999}}, map[string]any{"specification": spec})
	want := []any{map[string]any{
		"id":          1,
		"currency_id": map[string]any{"id": 1},
		"name":        "S00001",
		"order_line":  []any{map[string]any{"id": 3, "product_uom_qty": 2.0}, map[string]any{"id": 2}, map[string]any{"id": 1}},
		"partner_id":  map[string]any{"id": 9, "country_id": map[string]any{"id": 233, "code": "US"}, "display_name": "Acme Corporation"},
		"tag_ids":     []any{},
		"user_id":     7,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Member order: "id" first, display_name added last.
	resp := rpc(t, srv, "/xmlrpc/2/object", "execute_kw", DB, AdminUID, AdminPassword, "sale.order", "web_read", []any{[]any{1}}, map[string]any{"specification": spec})
	partner, _ := resp.Params[0].Array[0].Get("partner_id")
	if diff := cmp.Diff([]string{"id", "country_id", "display_name"}, memberNames(partner)); diff != "" {
		t.Errorf("member order (-want +got):\n%s", diff)
	}
}

func TestWebReadEmptyAndPlain(t *testing.T) {
	srv := New()
	spec := map[string]any{"parent_id": map[string]any{"fields": map[string]any{"name": map[string]any{}}}, "country_id": map[string]any{}, "child_ids": map[string]any{"fields": map[string]any{"name": map[string]any{}}}}
	got := mustCall(t, srv, "res.partner", "web_read", []any{[]any{13, 19}}, map[string]any{"specification": spec})
	want := []any{
		map[string]any{"id": 13, "child_ids": []any{}, "country_id": 139, "parent_id": false},
		map[string]any{"id": 19, "child_ids": []any{}, "country_id": 233, "parent_id": map[string]any{"id": 9, "name": "Acme Corporation"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got = mustCall(t, srv, "res.partner", "web_read", []any{[]any{9}}, map[string]any{"specification": map[string]any{}})
	if diff := cmp.Diff([]any{map[string]any{"id": 9}}, got); diff != "" {
		t.Errorf("empty specification (-want +got):\n%s", diff)
	}
}

func TestWebReadX2manyOrderWithoutFields(t *testing.T) {
	srv := New()
	spec := map[string]any{"child_ids": map[string]any{"order": "name desc"}}
	got := mustCall(t, srv, "res.partner", "web_read", []any{[]any{9}}, map[string]any{"specification": spec})
	// Floyd Steward, Douglas Fletcher, Addison Olson.
	want := []any{map[string]any{"id": 9, "child_ids": []any{20, 19, 36}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWebSearchReadEmpty(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "res.partner", "web_search_read", []any{[]any{[]any{"id", "=", -1}}, map[string]any{"name": map[string]any{}}}, map[string]any{"limit": 80, "count_limit": 10001})
	if diff := cmp.Diff(map[string]any{"length": 0, "records": []any{}}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWebSearchReadInvalidSpecField(t *testing.T) {
	srv := New()
	f := mustFault(t, srv, "res.partner", "web_search_read", []any{[]any{}, map[string]any{"nope": map[string]any{}}}, nil)
	if f.Code != 1 || last(f.String) != "ValueError: Invalid field 'nope' on 'res.partner'" {
		t.Errorf("fault %d %q", f.Code, last(f.String))
	}
}
