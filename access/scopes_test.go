package access

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{in: "partners:read,orders:read", want: []string{"partners:read", "orders:read"}},
		{in: " partners:read , partners:read ", want: []string{"partners:read"}},
		{in: "partners:read products:read", want: []string{"partners:read", "products:read"}},
		{in: "*", want: []string{"*"}},
		{in: "", want: []string{}},
		{in: "partners:reed", wantErr: true},
		{in: "partners:read,admin", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseScopes(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseScopes(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if !tt.wantErr {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseScopes(%q) (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

func TestAllow(t *testing.T) {
	tests := []struct {
		name      string
		principal *Principal
		scope     string
		wantCode  string
	}{
		{"no principal", nil, ScopePartnersRead, odoo.EUnauthorized},
		{"holds the scope", &Principal{Scopes: []string{ScopePartnersRead}}, ScopePartnersRead, ""},
		{"star grants all", &Principal{Scopes: []string{ScopeAll}}, ScopeInvoicesRead, ""},
		{"read is not write", &Principal{Scopes: []string{ScopePartnersRead}}, ScopePartnersWrite, odoo.EForbidden},
		{"no scopes", &Principal{}, ScopeCountriesRead, odoo.EForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.principal != nil {
				ctx = WithPrincipal(ctx, tt.principal)
			}
			err := Allow(ctx, tt.scope)
			if got := odoo.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("Allow = %v (code %q), want code %q", err, got, tt.wantCode)
			}
			if tt.wantCode == odoo.EForbidden {
				if s, ok := MissingScope(err); !ok || s != tt.scope {
					t.Errorf("MissingScope = %q, %v; want %q", s, ok, tt.scope)
				}
			}
		})
	}
}

// TestEveryScopeRefusedWithoutIt walks every scope: a principal holding
// every other scope is refused by Require with 403 naming it, and one
// holding only that scope gets through.
func TestEveryScopeRefusedWithoutIt(t *testing.T) {
	s := newStack(t, Config{})
	for _, scope := range Scopes {
		t.Run(scope, func(t *testing.T) {
			var others []string // every scope that does not grant this one
			for _, o := range Scopes {
				if !Grants(o, scope) {
					others = append(others, o)
				}
			}
			inner := &okHandler{}
			h := s.Wrap(s.Authenticate(Require(scope)(inner)))
			without := addKey(t, s, KeySpec{Name: "without-" + scopeName(scope), Scopes: others})
			rec := serve(h, request("GET", "/api/v1/x", nil, "X-API-Key", without))
			if rec.Code != http.StatusForbidden {
				t.Fatalf("without %s: status %d, want 403", scope, rec.Code)
			}
			if p := problem(t, rec); p.Code != "forbidden" || p.Scope != scope {
				t.Errorf("problem %+v, want forbidden naming %s", p, scope)
			}
			wantChallenge := `Bearer realm="odoo-gateway", error="insufficient_scope", scope="` + scope + `"`
			if got := rec.Header().Get("WWW-Authenticate"); got != wantChallenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, wantChallenge)
			}
			if inner.Calls() != 0 {
				t.Errorf("the handler ran for a principal without %s", scope)
			}
			with := addKey(t, s, KeySpec{Name: "with-" + scopeName(scope), Scopes: []string{scope}})
			if rec := serve(h, request("GET", "/api/v1/x", nil, "X-API-Key", with)); rec.Code != http.StatusOK {
				t.Errorf("with %s: status %d, want 200", scope, rec.Code)
			}
		})
	}
}

func scopeName(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c == ':' {
			out[i] = '-'
		}
	}
	return string(out)
}

func TestRequireWithoutPrincipalIsUnauthorized(t *testing.T) {
	rec := serve(Require(ScopePartnersRead)(&okHandler{}), request("GET", "/", nil))
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("status %d, WWW-Authenticate %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestRequireUnknownScopePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Require with an unknown scope did not panic")
		}
	}()
	Require("partner:read")
}

func TestWriteScopeIncludesRead(t *testing.T) {
	for _, tc := range []struct {
		held   []string
		wanted string
		ok     bool
	}{
		{[]string{ScopePartnersWrite}, ScopePartnersRead, true},
		{[]string{ScopePartnersWrite}, ScopePartnersWrite, true},
		{[]string{ScopePartnersRead}, ScopePartnersWrite, false},
		{[]string{ScopePartnersWrite}, ScopeOrdersRead, false},
		{[]string{ScopeAll}, ScopeInvoicesRead, true},
		{nil, ScopeCountriesRead, false},
	} {
		p := &Principal{Name: "t", Scopes: tc.held}
		if got := p.Can(tc.wanted); got != tc.ok {
			t.Errorf("%v can %s = %v, want %v", tc.held, tc.wanted, got, tc.ok)
		}
	}
}
