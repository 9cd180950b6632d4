package odoosim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersion17Profile(t *testing.T) {
	srv := New(WithVersion17())
	got := rpc(t, srv, "/xmlrpc/2/common", "version").Params[0].Native()
	want := map[string]any{"server_version": "17.0", "server_version_info": []any{17, 0, 0, "final", 0, ""}, "server_serie": "17.0", "protocol_version": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("version (-want +got):\n%s", diff)
	}
	if got := rpc(t, srv, "/xmlrpc/2/db", "server_version").Params[0].Native(); got != "17.0" {
		t.Errorf("server_version %v", got)
	}
	fields := mustCall(t, srv, "sale.order.line", "fields_get", nil, map[string]any{"attributes": []any{"type"}}).(map[string]any)
	for name, present := range map[string]bool{"product_uom": true, "tax_id": true, "product_uom_id": false, "tax_ids": false} {
		if _, ok := fields[name]; ok != present {
			t.Errorf("sale.order.line.%s present=%v, want %v", name, ok, present)
		}
	}
	partnerFields := mustCall(t, srv, "res.partner", "fields_get", []any{[]any{"mobile"}}, nil).(map[string]any)
	if _, ok := partnerFields["mobile"]; !ok {
		t.Errorf("res.partner.mobile missing")
	}
	lines := mustCall(t, srv, "sale.order.line", "read", []any{[]any{1}, []any{"product_uom", "tax_id"}}, nil)
	if diff := cmp.Diff([]any{map[string]any{"id": 1, "product_uom": []any{1, "Units"}, "tax_id": []any{}}}, lines); diff != "" {
		t.Errorf("read (-want +got):\n%s", diff)
	}
	f := mustFault(t, srv, "sale.order.line", "read", []any{[]any{1}, []any{"product_uom_id"}}, nil)
	if last(f.String) != "ValueError: Invalid field 'product_uom_id' on 'sale.order.line'" {
		t.Errorf("v19 name accepted: %q", last(f.String))
	}
	id := mustCall(t, srv, "sale.order.line", "create", []any{map[string]any{"order_id": 1, "product_id": 6, "tax_id": []any{[]any{6, 0, []any{1}}}, "product_uom": 2}}, nil).(int)
	got = mustCall(t, srv, "sale.order.line", "read", []any{[]any{id}, []any{"product_uom", "tax_id", "price_tax"}}, nil)
	if diff := cmp.Diff([]any{map[string]any{"id": id, "product_uom": []any{2, "Dozens"}, "tax_id": []any{1}, "price_tax": 6.0}}, got); diff != "" {
		t.Errorf("create (-want +got):\n%s", diff)
	}
	if n := srv.Count("res.partner", []any{[]any{"mobile", "!=", false}}); n < 20 {
		t.Errorf("%d partners with a mobile", n)
	}
	mustCall(t, srv, "res.partner", "write", []any{[]any{9}, map[string]any{"mobile": "+1 555 0123"}}, nil)
	if got := srv.Record("res.partner", 9)["mobile"]; got != "+1 555 0123" {
		t.Errorf("mobile %v", got)
	}
	// The Odoo 19 profile has no mobile.
	f = mustFault(t, New(), "res.partner", "read", []any{[]any{9}, []any{"mobile"}}, nil)
	if last(f.String) != "ValueError: Invalid field 'mobile' on 'res.partner'" {
		t.Errorf("mobile in Odoo 19: %q", last(f.String))
	}
}
