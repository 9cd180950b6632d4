package odoosim

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var fixedNow = time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)

func newFixed(opts ...Option) *Server {
	return New(append([]Option{WithClock(func() time.Time { return fixedNow })}, opts...)...)
}

func readOne(t *testing.T, srv *Server, model string, id int, fields ...string) map[string]any {
	t.Helper()
	names := make([]any, len(fields))
	for i, f := range fields {
		names[i] = f
	}
	rows := mustCall(t, srv, model, "read", []any{[]any{id}}, map[string]any{"fields": names}).([]any)
	if len(rows) != 1 {
		t.Fatalf("%s(%d) not found", model, id)
	}
	return rows[0].(map[string]any)
}

func TestCreateWriteUnlink(t *testing.T) {
	srv := newFixed()
	id := mustCall(t, srv, "res.partner", "create", []any{map[string]any{
		"name": "Wire Fixture Ltd", "email": "wire@example.com", "is_company": true,
		"country_id": 233, "category_id": []any{[]any{6, 0, []any{7}}}, "website": "wire.example.net",
	}}, nil).(int)
	kids := mustCall(t, srv, "res.partner", "create", []any{[]any{
		map[string]any{"name": "Wire Child A", "parent_id": id},
		map[string]any{"name": "Wire Child B", "parent_id": id},
	}}, nil).([]any)
	if len(kids) != 2 {
		t.Fatalf("create list returned %v", kids)
	}
	if ok := mustCall(t, srv, "res.partner", "write", []any{[]any{id}, map[string]any{"phone": "+1 555 0199", "comment": "a & b", "category_id": []any{[]any{4, 5}}}}, nil); ok != true {
		t.Fatalf("write returned %v", ok)
	}
	got := readOne(t, srv, "res.partner", id, "name", "phone", "comment", "child_ids", "category_id", "website", "write_date", "create_date", "company_type")
	want := map[string]any{
		"id": id, "name": "Wire Fixture Ltd", "phone": "+1 555 0199", "comment": "<p>a &amp; b</p>",
		"child_ids": kids, "category_id": []any{5, 7}, "website": "http://wire.example.net",
		"write_date": "2026-12-01 10:30:00", "create_date": "2026-12-01 10:30:00", "company_type": "company",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	child := readOne(t, srv, "res.partner", kids[0].(int), "display_name", "country_id", "commercial_partner_id")
	if diff := cmp.Diff(map[string]any{"id": kids[0], "display_name": "Wire Fixture Ltd, Wire Child A", "country_id": []any{233, "United States"}, "commercial_partner_id": []any{id, "Wire Fixture Ltd"}}, child); diff != "" {
		t.Errorf("child (-want +got):\n%s", diff)
	}
	mustCall(t, srv, "res.partner", "write", []any{[]any{id}, map[string]any{"category_id": []any{[]any{3, 7}}}}, nil)
	if got := readOne(t, srv, "res.partner", id, "category_id")["category_id"]; !cmp.Equal(got, []any{5}) {
		t.Errorf("after (3, 7): %v", got)
	}
	mustCall(t, srv, "res.partner", "write", []any{[]any{id}, map[string]any{"category_id": []any{[]any{5}}}}, nil)
	if got := readOne(t, srv, "res.partner", id, "category_id")["category_id"]; !cmp.Equal(got, []any{}) {
		t.Errorf("after (5,): %v", got)
	}
	if ok := mustCall(t, srv, "res.partner", "unlink", []any{append(kids, id)}, nil); ok != true {
		t.Fatalf("unlink returned %v", ok)
	}
	if rows := mustCall(t, srv, "res.partner", "read", []any{[]any{id}}, map[string]any{"fields": []any{"name"}}); !cmp.Equal(rows, []any{}) {
		t.Errorf("read after unlink: %v", rows)
	}
	// Deleting what is already gone is not an error.
	if ok := mustCall(t, srv, "res.partner", "unlink", []any{[]any{id}}, nil); ok != true {
		t.Errorf("second unlink returned %v", ok)
	}
}

func TestCreateSaleOrderWithLines(t *testing.T) {
	srv := newFixed()
	id := mustCall(t, srv, "sale.order", "create", []any{map[string]any{
		"partner_id": 15,
		"order_line": []any{
			[]any{0, 0, map[string]any{"product_id": 5, "product_uom_qty": 3}},
			[]any{0, 0, map[string]any{"product_id": 6, "product_uom_qty": 2, "price_unit": 50, "discount": 10, "tax_ids": []any{[]any{6, 0, []any{1}}}}},
		},
	}}, nil).(int)
	got := readOne(t, srv, "sale.order", id, "name", "state", "amount_untaxed", "amount_tax", "amount_total", "user_id", "partner_invoice_id", "date_order")
	want := map[string]any{
		"id": id, "name": "S00069", "state": "draft", "amount_untaxed": 300.0, "amount_tax": 13.5, "amount_total": 313.5,
		"user_id": []any{2, "Mitchell Admin"}, "partner_invoice_id": []any{15, "Azure Interior"}, "date_order": "2026-12-01 10:30:00",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	lines := mustCall(t, srv, "sale.order.line", "search_read", []any{[]any{[]any{"order_id", "=", id}}}, map[string]any{"fields": []any{"name", "price_unit", "price_subtotal", "price_total", "product_uom_id"}})
	wantLines := []any{
		map[string]any{"id": lines.([]any)[0].(map[string]any)["id"], "name": "[FURN_7777] Office Chair\nComfortable yellow chair for daily work", "price_unit": 70.0, "price_subtotal": 210.0, "price_total": 210.0, "product_uom_id": []any{1, "Units"}},
		map[string]any{"id": lines.([]any)[1].(map[string]any)["id"], "name": "[FURN_8888] Office Lamp", "price_unit": 50.0, "price_subtotal": 90.0, "price_total": 103.5, "product_uom_id": []any{1, "Units"}},
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if r := mustCall(t, srv, "sale.order", "action_confirm", []any{[]any{id}}, nil); r != true {
		t.Errorf("action_confirm returned %v", r)
	}
	f := mustFault(t, srv, "sale.order", "unlink", []any{[]any{id}}, nil)
	if f.Code != 2 || f.String != "You can not delete a sent quotation or a confirmed sales order. You must first cancel it." {
		t.Errorf("unlink confirmed order: %v", f)
	}
}

func TestRefusals(t *testing.T) {
	srv := New()
	tests := []struct {
		name   string
		method string
		args   []any
		code   int
		text   string
	}{
		{"contact without name", "create", []any{map[string]any{"email": "noname@example.com"}}, 2, "The operation cannot be completed: Contacts require a name"},
		{"many2one to a missing record", "create", []any{map[string]any{"name": "X", "country_id": 999999}}, 2,
			"The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: 'Contact' (res.partner)\nThanks to the following constraint: 'Country' (country_id)\nHow about archiving the record instead?"},
		{"write on a missing record", "write", []any{[]any{999999}, map[string]any{"name": "Ghost"}}, 2, "Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)"},
		{"write on missing records", "write", []any{[]any{9, 999998, 999999}, map[string]any{"name": "Ghost"}}, 2, "Record does not exist or has been deleted.\n(Record: res.partner(999998, 999999), User: 2)"},
		{"unlink the partner of a user", "unlink", []any{[]any{3}}, 2,
			`('You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : Mitchell Admin', {'type': 'ir.actions.act_window', 'res_model': 'res.users', 'context': {'create': False}, 'view_mode': 'form', 'views': [[167, 'form']], 'res_id': 2}, 'Go to users', None)`},
		{"unlink a customer with orders and invoices", "unlink", []any{[]any{9}}, 2,
			"The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: 'Journal Entry' (account.move)\nThanks to the following constraint: 'Partner' (partner_id)\nHow about archiving the record instead?"},
		{"unlink a customer with invoices only", "unlink", []any{[]any{13}}, 2,
			"The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: 'Journal Entry' (account.move)\nThanks to the following constraint: 'Partner' (partner_id)\nHow about archiving the record instead?"},
		{"archive the partner of a user", "write", []any{[]any{3}, map[string]any{"active": false}}, 2, "You cannot archive contacts linked to an active user.\nAsk an administrator to archive their associated user first.\n\nLinked active users :\nMitchell Admin"},
		{"recursive hierarchy", "write", []any{[]any{9}, map[string]any{"parent_id": 19}}, 2, "You cannot create recursive Partner hierarchies."},
		{"unknown field", "create", []any{map[string]any{"name": "X", "nope": 1}}, 1, "ValueError: Invalid field 'nope' on model 'res.partner'"},
		{"bad selection", "write", []any{[]any{9}, map[string]any{"type": "bogus"}}, 1, "ValueError: Wrong value for res.partner.type: 'bogus'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Count("res.partner", []any{[]any{"active", "in", []any{true, false}}})
			f := mustFault(t, srv, "res.partner", tt.method, tt.args, nil)
			text := f.String
			if tt.code == 1 {
				text = last(f.String)
			}
			if f.Code != tt.code || text != tt.text {
				t.Errorf("fault %d %q\nwant %d %q", f.Code, text, tt.code, tt.text)
			}
			if after := srv.Count("res.partner", []any{[]any{"active", "in", []any{true, false}}}); after != before {
				t.Errorf("partners %d -> %d: a refused call changed data", before, after)
			}
		})
	}
}

func TestUnlinkCustomerWithOrders(t *testing.T) {
	srv := New()
	id := mustCall(t, srv, "res.partner", "create", []any{map[string]any{"name": "Fresh Customer"}}, nil).(int)
	mustCall(t, srv, "sale.order", "create", []any{map[string]any{"partner_id": id}}, nil)
	f := mustFault(t, srv, "res.partner", "unlink", []any{[]any{id}}, nil)
	want := "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: 'Sales Order' (sale.order)\nThanks to the following constraint: 'Customer' (partner_id)\nHow about archiving the record instead?"
	if f.Code != 2 || f.String != want {
		t.Errorf("fault %v", f)
	}
}

func TestWritesAreAtomic(t *testing.T) {
	srv := New()
	before := srv.Record("res.partner", 9)
	count := srv.Count("res.partner", nil)
	// The second record of a create list fails: the first is not kept.
	f := mustFault(t, srv, "res.partner", "create", []any{[]any{
		map[string]any{"name": "Kept?"}, map[string]any{"email": "no-name@example.net"},
	}}, nil)
	if f.Code != 2 {
		t.Errorf("fault %v", f)
	}
	if got := srv.Count("res.partner", nil); got != count {
		t.Errorf("partner count %d -> %d", count, got)
	}
	// A write that fails on its second record leaves the first untouched.
	mustFault(t, srv, "res.partner", "write", []any{[]any{9, 10}, map[string]any{"name": "Renamed", "parent_id": 9}}, nil)
	if diff := cmp.Diff(before, srv.Record("res.partner", 9)); diff != "" {
		t.Errorf("partner 9 changed (-before +after):\n%s", diff)
	}
	// A cascade that hits a restriction half-way changes nothing.
	order := srv.Record("sale.order", 3)
	mustFault(t, srv, "product.product", "unlink", []any{[]any{3}}, nil)
	if diff := cmp.Diff(order, srv.Record("sale.order", 3)); diff != "" {
		t.Errorf("order changed (-before +after):\n%s", diff)
	}
}

func TestArchiveReturnsNoneFault(t *testing.T) {
	srv := New()
	id := mustCall(t, srv, "res.partner", "create", []any{map[string]any{"name": "Wire Archive Test"}}, nil).(int)
	f := mustFault(t, srv, "res.partner", "action_archive", []any{[]any{id}}, nil)
	if f.Code != 1 || last(f.String) != "TypeError: cannot marshal None unless allow_none is enabled" {
		t.Errorf("fault %d %q", f.Code, last(f.String))
	}
	if srv.Record("res.partner", id)["active"] != false {
		t.Errorf("not archived")
	}
	mustFault(t, srv, "res.partner", "action_unarchive", []any{[]any{id}}, nil)
	if srv.Record("res.partner", id)["active"] != true {
		t.Errorf("not unarchived")
	}
	f = mustFault(t, srv, "res.partner", "action_archive", []any{[]any{999998}}, nil)
	if f.Code != 2 || f.String != "Record does not exist or has been deleted.\n(Record: res.partner(999998,), User: 2)" {
		t.Errorf("missing record: %v", f)
	}
}

func TestUnlinkCascadesAndSetsNull(t *testing.T) {
	srv := New()
	// A draft quotation takes its lines with it.
	lines := srv.Count("sale.order.line", []any{[]any{"order_id", "=", 2}})
	if lines != 2 {
		t.Fatalf("order 2 has %d lines", lines)
	}
	mustCall(t, srv, "sale.order", "unlink", []any{[]any{2}}, nil)
	if n := srv.Count("sale.order.line", []any{[]any{"order_id", "=", 2}}); n != 0 {
		t.Errorf("%d lines left", n)
	}
	// Contacts of a deleted company lose their parent.
	id := mustCall(t, srv, "res.partner", "create", []any{map[string]any{"name": "Short Lived", "is_company": true, "child_ids": []any{[]any{0, 0, map[string]any{"name": "Orphan"}}}}}, nil).(int)
	child := srv.Find("res.partner", []any{[]any{"name", "=", "Orphan"}})
	mustCall(t, srv, "res.partner", "unlink", []any{[]any{id}}, nil)
	if got := srv.Record("res.partner", child[0]["id"].(int))["parent_id"]; got != false {
		t.Errorf("parent_id %v", got)
	}
}

func TestMessagePostAndNameCreate(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "res.partner", "message_post", []any{[]any{9}}, map[string]any{"body": "note", "message_type": "comment", "subtype_xmlid": "mail.mt_note"})
	if !cmp.Equal(got, []any{403}) {
		t.Errorf("message_post returned %v", got)
	}
	pair := mustCall(t, srv, "res.partner.category", "name_create", []any{"Fresh Tag"}, nil).([]any)
	if pair[1] != "Fresh Tag" {
		t.Errorf("name_create returned %v", pair)
	}
}

func TestFieldsGet(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "res.partner", "fields_get", []any{[]any{"name", "country_id", "type"}}, map[string]any{"attributes": []any{"type", "relation", "selection"}})
	want := map[string]any{
		"name":       map[string]any{"type": "char"},
		"country_id": map[string]any{"relation": "res.country", "type": "many2one"},
		"type":       map[string]any{"selection": []any{[]any{"contact", "Contact"}, []any{"invoice", "Invoice"}, []any{"delivery", "Delivery"}, []any{"other", "Other"}}, "type": "selection"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNameSearch(t *testing.T) {
	srv := New()
	tests := []struct {
		name   string
		model  string
		args   []any
		kwargs map[string]any
		want   []any
	}{
		{"keywords", "res.partner", nil, map[string]any{"name": "Acme", "limit": 2}, []any{[]any{9, "Acme Corporation"}, []any{36, "Acme Corporation, Addison Olson"}}},
		{"positional with domain", "res.partner", []any{"Gemini", []any{[]any{"is_company", "=", false}}, "ilike", 3}, nil, []any{[]any{21, "Gemini Furniture, Edwin Hansen"}, []any{23, "Gemini Furniture, Jesse Brown"}, []any{32, "Gemini Furniture, Oscar Morgan"}}},
		{"by email", "res.partner", []any{"wow@example"}, nil, []any{[]any{12, "OpenWood"}}},
		{"product by code", "product.product", []any{"FURN_7777"}, nil, []any{[]any{5, "[FURN_7777] Office Chair"}}},
		{"exact operator", "res.country", []any{"Belgium", nil, "="}, nil, []any{[]any{20, "Belgium"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCall(t, srv, tt.model, "name_search", tt.args, tt.kwargs)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReset(t *testing.T) {
	srv := New()
	mustCall(t, srv, "res.partner", "write", []any{[]any{9}, map[string]any{"name": "Changed"}}, nil)
	srv.Reset()
	if got := srv.Record("res.partner", 9)["name"]; got != "Acme Corporation" {
		t.Errorf("after Reset: %v", got)
	}
	if !strings.HasPrefix(srv.Record("res.partner", 9)["write_date"].(string), "2026-11-21 08:55:55") {
		t.Errorf("write_date not restored")
	}
}

func TestPartnerSync(t *testing.T) {
	srv := New()
	mustCall(t, srv, "res.partner", "write", []any{[]any{9}, map[string]any{"street": "1 New Street", "vat": "US99999999"}}, nil)
	got := readOne(t, srv, "res.partner", 19, "street", "vat", "city")
	want := map[string]any{"id": 19, "street": "1 New Street", "vat": "US99999999", "city": "Pleasant Hill"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("contact after company change (-want +got):\n%s", diff)
	}
	// Moving a contact to another company takes that company's address.
	mustCall(t, srv, "res.partner", "write", []any{[]any{19}, map[string]any{"parent_id": 10}}, nil)
	got = readOne(t, srv, "res.partner", 19, "display_name", "country_id", "vat", "commercial_partner_id")
	want = map[string]any{"id": 19, "display_name": "Gemini Furniture, Douglas Fletcher", "country_id": []any{203, "San Marino"}, "vat": "SM12345", "commercial_partner_id": []any{10, "Gemini Furniture"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("moved contact (-want +got):\n%s", diff)
	}
}

func TestFormattedReadGroupMany2one(t *testing.T) {
	srv := New()
	got := mustCall(t, srv, "sale.order", "formatted_read_group", []any{[]any{[]any{"id", "<=", 5}}, []any{"partner_id"}, []any{"__count", "amount_untaxed:sum"}}, nil)
	want := []any{
		map[string]any{"partner_id": []any{9, "Acme Corporation"}, "__extra_domain": []any{[]any{"partner_id", "=", 9}}, "__count": 2, "amount_untaxed:sum": 2145.0},
		map[string]any{"partner_id": []any{10, "Gemini Furniture"}, "__extra_domain": []any{[]any{"partner_id", "=", 10}}, "__count": 1, "amount_untaxed:sum": 2240.0},
		map[string]any{"partner_id": []any{11, "Ready Mat"}, "__extra_domain": []any{[]any{"partner_id", "=", 11}}, "__count": 2, "amount_untaxed:sum": 3325.0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
