package odoosim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func searchIDs(t *testing.T, srv *Server, model string, domain []any, kwargs map[string]any) []any {
	t.Helper()
	return mustCall(t, srv, model, "search", []any{domain}, kwargs).([]any)
}

func TestOrdering(t *testing.T) {
	srv := New()
	tests := []struct {
		name   string
		model  string
		domain []any
		order  string
		limit  int
		want   []any
	}{
		{"partner default order", "res.partner", []any{}, "", 5, []any{43, 9, 36, 19, 20}},
		{"desc with id tiebreak", "res.partner", []any{}, "write_date desc, id desc", 5, []any{43, 11, 9, 6, 32}},
		{"asc puts nulls last", "res.partner", []any{[]any{"id", "in", []any{9, 42, 13}}}, "email asc", 0, []any{9, 13, 42}},
		{"desc puts nulls first", "res.partner", []any{[]any{"id", "in", []any{9, 42, 13}}}, "email desc", 0, []any{42, 13, 9}},
		{"nulls first", "res.partner", []any{[]any{"id", "in", []any{9, 42, 13}}}, "email asc nulls first", 0, []any{42, 9, 13}},
		{"nulls last on desc", "res.partner", []any{[]any{"id", "in", []any{9, 42, 13}}}, "email DESC NULLS LAST", 0, []any{13, 9, 42}},
		{"multiple keys", "res.partner", []any{[]any{"id", "in", []any{8, 9, 17, 19}}}, "is_company desc, name desc", 0, []any{8, 9, 17, 19}},
		{"text compares bytes", "res.partner", []any{[]any{"id", "in", []any{43, 9}}}, "name", 0, []any{43, 9}},
		{"boolean order", "res.partner", []any{[]any{"id", "in", []any{8, 17}}}, "is_company", 0, []any{17, 8}},
		{"many2one orders by comodel order", "sale.order", []any{[]any{"id", "in", []any{1, 2, 4}}}, "partner_id, id", 0, []any{1, 4, 2}},
		{"many2one desc", "sale.order", []any{[]any{"id", "in", []any{1, 2, 4}}}, "partner_id desc, id", 0, []any{2, 4, 1}},
		{"sale order default", "sale.order", []any{[]any{"id", "<=", 5}}, "", 0, []any{4, 3, 5, 2, 1}},
		{"sale line default", "sale.order.line", []any{[]any{"order_id", "in", []any{1, 3}}}, "", 0, []any{6, 7, 1, 2, 3}},
		{"country default", "res.country", []any{}, "", 3, []any{3, 6, 62}},
		{"invoice default", "account.move", []any{[]any{"id", "in", []any{1, 10, 27, 38}}}, "", 0, []any{38, 10, 27, 1}},
		{"offset", "res.partner", []any{}, "id", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == nil {
				got := searchIDs(t, srv, "res.partner", []any{}, map[string]any{"order": "id asc", "offset": 10, "limit": 5})
				if diff := cmp.Diff([]any{14, 15, 16, 17, 18}, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			kw := map[string]any{"order": tt.order}
			if tt.limit > 0 {
				kw["limit"] = tt.limit
			}
			got := searchIDs(t, srv, tt.model, tt.domain, kw)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestProductDefaultOrder(t *testing.T) {
	srv := New()
	rows := mustCall(t, srv, "product.product", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"is_favorite", "default_code"}}).([]any)
	// Favourites first, then by code with products without a code last.
	seenPlain, seenNoCode := false, false
	prevCode := ""
	for _, r := range rows {
		m := r.(map[string]any)
		fav := m["is_favorite"].(bool)
		if fav && seenPlain {
			t.Fatalf("favourite %v after non-favourites", m["id"])
		}
		if !fav {
			seenPlain = true
			code, ok := m["default_code"].(string)
			if !ok {
				seenNoCode = true
				continue
			}
			if seenNoCode {
				t.Fatalf("product %v with a code after products without", m["id"])
			}
			if code < prevCode {
				t.Fatalf("codes out of order: %s after %s", code, prevCode)
			}
			prevCode = code
		}
	}
}

func TestOrderErrors(t *testing.T) {
	srv := New()
	tests := []struct {
		order, lastLine string
	}{
		{"nope", "ValueError: Invalid field 'nope' on model 'res.partner'"},
		{"name asc desc", `ValueError: Invalid "order" specified (name asc desc). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`},
		{"name,", `ValueError: Invalid "order" specified (name,). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`},
		{"name; drop table", `ValueError: Invalid "order" specified (name; drop table). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`},
	}
	for _, tt := range tests {
		t.Run(tt.order, func(t *testing.T) {
			f := mustFault(t, srv, "res.partner", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"name"}, "order": tt.order})
			if f.Code != 1 || last(f.String) != tt.lastLine {
				t.Errorf("fault %d %q, want 1 %q", f.Code, last(f.String), tt.lastLine)
			}
			if !strings.HasPrefix(f.String, "Traceback") {
				t.Errorf("not a traceback")
			}
		})
	}
}
