package odoosim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAuthentication(t *testing.T) {
	srv := New()
	tests := []struct {
		name   string
		method string
		params []any
		want   any
	}{
		{"admin password", "authenticate", []any{DB, AdminLogin, AdminPassword, map[string]any{}}, AdminUID},
		{"admin api key", "authenticate", []any{DB, AdminLogin, AdminAPIKey, map[string]any{}}, AdminUID},
		{"api user key", "authenticate", []any{DB, APIUserLogin, APIUserAPIKey, map[string]any{}}, APIUserUID},
		{"demo", "authenticate", []any{DB, DemoLogin, DemoPassword, map[string]any{}}, DemoUID},
		{"bad password", "authenticate", []any{DB, AdminLogin, "nope", map[string]any{}}, false},
		{"key of another user", "authenticate", []any{DB, AdminLogin, APIUserAPIKey, map[string]any{}}, false},
		{"unknown login", "authenticate", []any{DB, "nobody", "x", map[string]any{}}, false},
		{"archived user", "authenticate", []any{DB, "public", "", map[string]any{}}, false},
		{"legacy login", "login", []any{DB, AdminLogin, AdminPassword}, AdminUID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rpc(t, srv, "/xmlrpc/2/common", tt.method, tt.params...)
			if resp.Fault != nil {
				t.Fatalf("fault %v", faultOf(*resp.Fault))
			}
			if diff := cmp.Diff(tt.want, resp.Params[0].Native()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	resp := rpc(t, srv, "/xmlrpc/2/common", "authenticate", "no_such_db", AdminLogin, AdminPassword, map[string]any{})
	if resp.Fault == nil || faultOf(*resp.Fault).Code != 1 {
		t.Fatalf("unknown database: %v", resp)
	}
	if got := last(faultOf(*resp.Fault).String); got != `psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "no_such_db" does not exist` {
		t.Errorf("last line %q", got)
	}
}

func TestObjectCredentials(t *testing.T) {
	srv := New()
	tests := []struct {
		name     string
		uid      int
		password string
		code     int
		text     string
	}{
		{"wrong password", AdminUID, "wrong", 3, "Access Denied"},
		{"unknown uid", 9999, AdminPassword, 2, "Record does not exist or has been deleted.\n(Record: res.users(9999,), User: 9999)"},
		{"archived user", 1, "", 3, "Access Denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := callAs(t, srv, tt.uid, tt.password, "res.partner", "search_count", []any{[]any{}}, nil)
			if f == nil || f.Code != tt.code || f.String != tt.text {
				t.Errorf("fault %v, want %d %q", f, tt.code, tt.text)
			}
		})
	}
	if _, f := callAs(t, srv, AdminUID, AdminAPIKey, "res.partner", "search_count", []any{[]any{}}, nil); f != nil {
		t.Errorf("api key as password: %v", f)
	}
}

func TestRestrictedUser(t *testing.T) {
	srv := New()
	as := func(model, method string, args []any, kwargs map[string]any) (any, *Fault) {
		return callAs(t, srv, APIUserUID, APIUserPassword, model, method, args, kwargs)
	}
	t.Run("own orders only", func(t *testing.T) {
		got, f := as("sale.order", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"name"}})
		if f != nil {
			t.Fatal(f)
		}
		want := []any{map[string]any{"id": 2, "name": "S00002"}, map[string]any{"id": 1, "name": "S00001"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("counts follow the rules", func(t *testing.T) {
		got, _ := as("sale.order", "search_count", []any{[]any{}}, nil)
		if got != 2 {
			t.Errorf("count %v", got)
		}
	})
	t.Run("reading another salesman's order", func(t *testing.T) {
		_, f := as("sale.order", "read", []any{[]any{5}}, map[string]any{"fields": []any{"name"}})
		want := "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, API User (id=7) doesn't have 'read' access to:\n- Sales Order (sale.order)\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies."
		if f == nil || f.Code != 4 || f.String != want {
			t.Errorf("fault %v", f)
		}
	})
	t.Run("writing another salesman's order", func(t *testing.T) {
		_, f := as("sale.order", "write", []any{[]any{5}, map[string]any{"note": "x"}}, nil)
		if f == nil || f.Code != 4 {
			t.Errorf("fault %v", f)
		}
	})
	t.Run("own order can be written", func(t *testing.T) {
		if _, f := as("sale.order", "write", []any{[]any{1}, map[string]any{"client_order_ref": "PO-1"}}, nil); f != nil {
			t.Errorf("fault %v", f)
		}
	})
	t.Run("country is read-only", func(t *testing.T) {
		_, f := as("res.country", "write", []any{[]any{233}, map[string]any{"name": "Hacked"}}, nil)
		want := "You are not allowed to modify 'Country' (res.country) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."
		if f == nil || f.Code != 4 || f.String != want {
			t.Errorf("fault %v", f)
		}
		if srv.Record("res.country", 233)["name"] != "United States" {
			t.Errorf("country renamed")
		}
	})
	t.Run("no product creation", func(t *testing.T) {
		_, f := as("product.product", "create", []any{map[string]any{"name": "not allowed"}}, nil)
		want := "You are not allowed to create 'Product Variant' (product.product) records.\n\nThis operation is allowed for the following groups:\n\t- Products/Create\n\nContact your administrator to request access if necessary."
		if f == nil || f.Code != 4 || f.String != want {
			t.Errorf("fault %v", f)
		}
	})
	t.Run("partners are shared", func(t *testing.T) {
		if _, f := as("res.partner", "create", []any{map[string]any{"name": "Lead by API"}}, nil); f != nil {
			t.Errorf("fault %v", f)
		}
	})
	t.Run("own orders in web_search_read", func(t *testing.T) {
		got, f := as("sale.order", "web_search_read", []any{[]any{}, map[string]any{"name": map[string]any{}}}, map[string]any{"limit": 80})
		if f != nil {
			t.Fatal(f)
		}
		if got.(map[string]any)["length"] != 2 {
			t.Errorf("length %v", got.(map[string]any)["length"])
		}
	})
	t.Run("demo sees all orders", func(t *testing.T) {
		got, f := callAs(t, srv, DemoUID, DemoPassword, "sale.order", "search_count", []any{[]any{}}, nil)
		if f != nil || got != srv.Count("sale.order", nil) {
			t.Errorf("count %v fault %v", got, f)
		}
	})
	t.Run("legacy endpoint string codes", func(t *testing.T) {
		resp := rpc(t, srv, "/xmlrpc/object", "execute_kw", DB, APIUserUID, APIUserPassword, "res.country", "write", []any{[]any{233}, map[string]any{"name": "Hacked"}})
		code, _ := resp.Fault.Get("faultCode")
		str, _ := resp.Fault.Get("faultString")
		if code.Kind != KindString || code.Str[:25] != "warning -- AccessError\n\nY" || str.Str != "" {
			t.Errorf("legacy fault %q %q", code.Str, str.Str)
		}
	})
}

func TestMethodLookup(t *testing.T) {
	srv := New()
	tests := []struct {
		name, model, method string
		args                []any
		code                int
		text                string
	}{
		{"unknown model", "no.such.model", "search_read", []any{[]any{}}, 2, "Object no.such.model doesn't exist"},
		{"unknown method", "res.partner", "no_such_method", []any{[]any{}}, 1, "AttributeError: The method 'res.partner.no_such_method' does not exist"},
		{"private by name", "res.partner", "check_access", []any{[]any{1}, "read"}, 4, "Private methods (such as 'res.partner.check_access') cannot be called remotely."},
		{"underscore", "res.partner", "_read_group", []any{[]any{}}, 4, "Private methods (such as 'res.partner._read_group') cannot be called remotely."},
		{"not on this model", "res.country", "message_post", []any{[]any{1}}, 1, "AttributeError: The method 'res.country.message_post' does not exist"},
		{"too many arguments", "res.partner", "search", []any{[]any{}, 0, 1, "id", "x"}, 1, "TypeError: BaseModel.search() takes from 2 to 5 positional arguments but 6 were given"},
		{"missing argument", "res.partner", "search_count", []any{}, 1, "TypeError: BaseModel.search_count() missing 1 required positional argument: 'domain'"},
		{"record method without ids", "res.partner", "read", []any{}, 1, "IndexError: list index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFault(t, srv, tt.model, tt.method, tt.args, nil)
			text := f.String
			if tt.code == 1 {
				text = last(f.String)
			}
			if f.Code != tt.code || text != tt.text {
				t.Errorf("fault %d %q, want %d %q", f.Code, text, tt.code, tt.text)
			}
		})
	}
	f := mustFault(t, srv, "res.partner", "search", []any{[]any{}}, map[string]any{"domain": []any{}})
	if last(f.String) != "TypeError: BaseModel.search() got multiple values for argument 'domain'" {
		t.Errorf("duplicate argument: %q", last(f.String))
	}
	f = mustFault(t, srv, "res.partner", "search_read", []any{[]any{}}, map[string]any{"bogus_kwarg": 1})
	if last(f.String) != "TypeError: BaseModel._read_format() got an unexpected keyword argument 'bogus_kwarg'" {
		t.Errorf("bad kwarg: %q", last(f.String))
	}
}

func TestExecuteForms(t *testing.T) {
	srv := New()
	// execute: positional arguments only.
	resp := rpc(t, srv, "/xmlrpc/2/object", "execute", DB, AdminUID, AdminPassword, "res.partner", "search_read", []any{[]any{"id", "=", 9}}, []any{"name"})
	want := []any{map[string]any{"id": 9, "name": "Acme Corporation"}}
	if diff := cmp.Diff(want, resp.Params[0].Native()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// execute_kw: positional and keyword forms give the same answer.
	pos := mustCall(t, srv, "res.partner", "search_read", []any{[]any{[]any{"is_company", "=", true}}, []any{"name"}, 0, 3, "id desc"}, nil)
	kw := mustCall(t, srv, "res.partner", "search_read", nil, map[string]any{"domain": []any{[]any{"is_company", "=", true}}, "fields": []any{"name"}, "limit": 3, "order": "id desc"})
	if diff := cmp.Diff(pos, kw); diff != "" {
		t.Errorf("(-positional +keyword):\n%s", diff)
	}
	// load=None gives plain many2one ids.
	got := mustCall(t, srv, "res.partner", "read", []any{[]any{19}, []any{"parent_id"}}, map[string]any{"load": nil})
	if diff := cmp.Diff([]any{map[string]any{"id": 19, "parent_id": 9}}, got); diff != "" {
		t.Errorf("load=None (-want +got):\n%s", diff)
	}
}

func TestServices(t *testing.T) {
	srv := New()
	if got := rpc(t, srv, "/xmlrpc/2/db", "list").Params[0].Native(); !cmp.Equal(got, []any{"odoo"}) {
		t.Errorf("db.list %v", got)
	}
	if got := rpc(t, srv, "/xmlrpc/2/db", "server_version").Params[0].Native(); got != "19.0" {
		t.Errorf("server_version %v", got)
	}
	resp := rpc(t, srv, "/xmlrpc/2/nosuchservice", "version")
	if f := faultOf(*resp.Fault); f.Code != 1 || last(f.String) != "KeyError: 'nosuchservice'" {
		t.Errorf("unknown service %v", f)
	}
	resp = rpc(t, srv, "/xmlrpc/2/common", "nope")
	if f := faultOf(*resp.Fault); last(f.String) != "Exception: Method not found: nope" {
		t.Errorf("unknown common method %v", f)
	}
	resp = rpc(t, srv, "/xmlrpc/2/object", "execute_nope")
	if f := faultOf(*resp.Fault); last(f.String) != "NameError: Method not available execute_nope" {
		t.Errorf("unknown object method %v", f)
	}
}
