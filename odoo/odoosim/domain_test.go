package odoosim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ids extracts the ids of Find results, in order.
func ids(rows []map[string]any) []int {
	out := []int{}
	for _, r := range rows {
		out = append(out, r["id"].(int))
	}
	return out
}

// captured restricts a domain to the captured partners (ids 1-43), whose
// values are known.
func captured(domain ...any) []any {
	return append([]any{[]any{"id", "<=", 43}}, domain...)
}

func TestDomainOperators(t *testing.T) {
	srv := New()
	tests := []struct {
		name   string
		model  string
		domain []any
		want   []int
	}{
		{"equal", "res.partner", []any{[]any{"name", "=", "Acme Corporation"}}, []int{9}},
		{"implicit and", "res.partner", []any{[]any{"is_company", "=", true}, []any{"country_id.code", "=", "SM"}}, []int{10}},
		{"in ids keeps default order", "res.partner", []any{[]any{"id", "in", []any{8, 9}}}, []int{9, 8}},
		{"not equal includes null", "res.partner", []any{[]any{"id", "in", []any{9, 42}}, []any{"email", "!=", "acme_corp@yourcompany.example.com"}}, []int{42}},
		{"equal false is null", "res.partner", captured([]any{"email", "=", false}), []int{42}},
		{"not equal false", "res.partner", []any{[]any{"id", "in", []any{9, 42}}, []any{"email", "!=", false}}, []int{9}},
		{"like is case sensitive", "res.partner", captured([]any{"name", "like", "acme"}), []int{}},
		{"ilike", "res.partner", captured([]any{"name", "ilike", "ACME"}), []int{9}},
		{"not like", "res.partner", []any{[]any{"id", "in", []any{8, 9}}, []any{"name", "not like", "Wood"}}, []int{9}},
		{"not ilike includes null", "res.partner", []any{[]any{"id", "in", []any{9, 42}}, []any{"email", "not ilike", "ACME"}}, []int{42}},
		{"=like pattern", "res.partner", captured([]any{"name", "=like", "Acme%"}), []int{9}},
		{"=ilike pattern", "res.partner", captured([]any{"name", "=ilike", "_cme corporation"}), []int{9}},
		{"in with false", "res.partner", captured([]any{"email", "in", []any{"wow@example.com", false}}), []int{42, 12}},
		{"not in includes null", "res.partner", []any{[]any{"id", "in", []any{12, 42}}, []any{"email", "not in", []any{"wow@example.com"}}}, []int{42}},
		{"greater", "res.partner", captured([]any{"customer_rank", ">", 5}), []int{9, 15, 12}},
		{"greater or equal", "res.partner", captured([]any{"customer_rank", ">=", 8}), []int{9, 12}},
		{"less", "res.partner", []any{[]any{"id", "<", 3}}, []int{1}},
		{"less or equal", "res.partner", []any{[]any{"id", "<=", 3}, []any{"active", "in", []any{true, false}}}, []int{3, 2, 1}},
		{"or", "res.partner", captured("|", []any{"name", "=", "OpenWood"}, []any{"name", "=", "LightsUp"}), []int{13, 12}},
		{"not", "res.partner", []any{[]any{"id", "in", []any{8, 9, 10}}, "!", []any{"name", "=", "Wood Corner"}}, []int{9, 10}},
		{"nested prefix", "res.partner", captured("&", "|", []any{"name", "=", "OpenWood"}, []any{"name", "=", "LightsUp"}, "!", []any{"country_id.code", "=", "ME"}), []int{12}},
		{"dotted many2one", "res.partner", []any{[]any{"country_id.code", "=", "SM"}}, []int{10, 21, 23, 32, 24}},
		{"dotted negative excludes null", "res.partner", captured([]any{"country_id.code", "!=", "US"}, []any{"is_company", "=", true}), []int{10, 13, 12}},
		{"many2one by name", "res.partner", []any{[]any{"country_id", "=", "San Marino"}, []any{"is_company", "=", true}}, []int{10}},
		{"many2one ilike", "res.partner", []any{[]any{"parent_id", "ilike", "gemini"}}, []int{21, 23, 32, 24}},
		{"many2one false", "res.partner", captured([]any{"parent_id", "=", false}, []any{"is_company", "=", false}), []int{43, 7, 6, 3}},
		{"many2one in ids", "res.partner", []any{[]any{"parent_id", "in", []any{14, 16}}}, []int{35, 30, 29}},
		{"many2many in", "res.partner", []any{[]any{"category_id", "in", []any{7}}}, []int{9, 10, 11, 8}},
		{"many2many equal", "res.partner", []any{[]any{"category_id", "=", 6}}, []int{11, 8}},
		{"many2many by name", "res.partner", []any{[]any{"category_id", "ilike", "desk"}}, []int{9, 10, 11, 8}},
		{"many2many not in", "res.partner", captured([]any{"is_company", "=", true}, []any{"category_id", "not in", []any{7}}), []int{15, 13, 16, 42, 12, 14, 1}},
		{"one2many empty", "res.partner", captured([]any{"is_company", "=", true}, []any{"child_ids", "=", false}), []int{13, 42, 12}},
		{"one2many set", "res.partner", captured([]any{"is_company", "=", true}, []any{"child_ids", "!=", false}), []int{9, 15, 10, 16, 11, 14, 8, 1}},
		{"any", "res.partner", []any{[]any{"child_ids", "any", []any{[]any{"name", "=", "Tom Ruiz"}}}}, []int{8}},
		{"not any", "res.partner", captured([]any{"is_company", "=", true}, []any{"child_ids", "not any", []any{[]any{"email", "ilike", "example.com"}}}), []int{13, 42, 12}},
		{"child_of", "res.partner", []any{[]any{"id", "child_of", []any{9}}}, []int{9, 36, 19, 20}},
		{"child_of single id", "res.partner", []any{[]any{"id", "child_of", 16}}, []int{16, 35}},
		{"parent_of", "res.partner", []any{[]any{"id", "parent_of", []any{19}}}, []int{9, 19}},
		{"many2one child_of", "res.partner", []any{[]any{"parent_id", "child_of", 14}}, []int{30, 29}},
		{"not in and child_of", "res.partner", []any{"&", []any{"id", "not in", []any{1, 2, 3}}, []any{"id", "child_of", []any{1}}}, []int{40, 41}},
		{"boolean false matches unset", "res.partner", []any{[]any{"id", "=", 43}, []any{"is_company", "=", false}}, []int{43}},
		{"active test hides archived", "res.partner", []any{[]any{"id", "in", []any{2, 3}}}, []int{3}},
		{"active in domain disables active test", "res.partner", []any{[]any{"id", "in", []any{2, 3}}, []any{"active", "in", []any{true, false}}}, []int{3, 2}},
		{"archived only", "res.partner", captured([]any{"active", "=", false}), []int{2, 5, 4}},
		{"=? with false is true", "res.partner", captured([]any{"is_company", "=", true}, []any{"vat", "=?", false}), []int{9, 15, 10, 13, 16, 42, 12, 11, 14, 8, 1}},
		{"=? with value", "res.partner", []any{[]any{"vat", "=?", "SM12345"}, []any{"is_company", "=", true}}, []int{10}},
		{"true and false leaves", "res.partner", []any{"|", []any{0, "=", 1}, []any{1, "=", 1}, []any{"id", "=", 9}}, []int{9}},
		{"datetime compare", "sale.order", []any{[]any{"date_order", ">=", "2026-11-21 00:00:00"}}, []int{4, 3}},
		{"date given for datetime", "sale.order", []any{[]any{"date_order", ">=", "2026-11-21"}}, []int{4, 3}},
		{"date field", "account.move", []any{[]any{"invoice_date", "=", "2026-11-21"}}, []int{38, 10}},
		{"selection", "account.move", []any{[]any{"state", "=", "draft"}, []any{"id", "<=", 55}}, []int{55, 27}},
		{"float compare", "sale.order.line", []any{[]any{"price_unit", "=", 38.25}, []any{"order_id", "<=", 20}}, []int{5}},
		{"monetary computed", "sale.order", []any{[]any{"amount_total", "=", 1740.0}, []any{"id", "<=", 20}}, []int{19, 1}},
		{"path through two models", "sale.order.line", []any{[]any{"order_id.partner_id.name", "=", "Ready Mat"}, []any{"order_id", "<=", 3}}, []int{6, 7, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := srv.FindErr(tt.model, tt.domain)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(rows)); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tt.domain, diff)
			}
		})
	}
}

func TestDomainErrors(t *testing.T) {
	srv := New()
	tests := []struct {
		name     string
		domain   []any
		lastLine string
	}{
		{"unknown field", []any{[]any{"no_such_field", "=", 1}}, "ValueError: Invalid field res.partner.no_such_field in condition ('no_such_field', '=', 1)"},
		{"unknown operator", []any{[]any{"name", "like_bogus", "x"}}, "ValueError: Invalid operator in condition ('name', 'like_bogus', 'x')"},
		{"two element leaf", []any{[]any{"name", "="}}, "ValueError: Domain() invalid item in domain: ['name', '=']"},
		{"unknown term", []any{"^", []any{"name", "=", "x"}}, "ValueError: Domain() invalid item in domain: '^'"},
		{"unknown field in path", []any{[]any{"country_id.nope", "=", 1}}, "ValueError: Invalid field res.country.nope in condition ('nope', '=', 1)"},
		{"dangling operator", []any{"|", []any{"name", "=", "x"}}, "IndexError: pop from empty list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFault(t, srv, "res.partner", "search_read", []any{tt.domain}, map[string]any{"fields": []any{"name"}})
			if f.Code != 1 {
				t.Errorf("fault code %d, want 1", f.Code)
			}
			if !strings.HasPrefix(f.String, "Traceback (most recent call last):\n") {
				t.Errorf("not a traceback: %q", first(f.String))
			}
			if got := last(f.String); got != tt.lastLine {
				t.Errorf("last line %q, want %q", got, tt.lastLine)
			}
		})
	}
}

func TestActiveTestContext(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "res.partner", "search", []any{[]any{[]any{"id", "<=", 5}}}, map[string]any{"context": map[string]any{"active_test": false}, "order": "id"})
	if diff := cmp.Diff([]any{1, 2, 3, 4, 5}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got = mustCall(t, srv, "res.partner", "search", []any{[]any{[]any{"id", "<=", 5}}}, map[string]any{"order": "id"})
	if diff := cmp.Diff([]any{1, 3}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSQLLike(t *testing.T) {
	tests := []struct {
		s, pattern string
		fold, want bool
	}{
		{"Acme Corporation", "%corp%", true, true},
		{"Acme Corporation", "%corp%", false, false},
		{"abc", "a_c", false, true},
		{"abbc", "a_c", false, false},
		{"50%", `50\%`, false, true},
		{"500", `50\%`, false, false},
		{"", "%", false, true},
		{"Élan", "élan", true, true},
	}
	for _, tt := range tests {
		if got := sqlLike(tt.s, tt.pattern, tt.fold); got != tt.want {
			t.Errorf("sqlLike(%q, %q, %v) = %v", tt.s, tt.pattern, tt.fold, got)
		}
	}
}
