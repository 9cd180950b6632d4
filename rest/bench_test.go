package rest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"odoo-gateway/access"
	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/odoo"
	"odoo-gateway/rest"
)

// BenchmarkListPartners compares a REST list request through the whole
// gateway (access stack, routing, parameter checks, JSON encoding) with
// the data service call it makes, against the same simulated Odoo over
// XML-RPC, so that the ratio is the REST layer's own cost. Results are in
// docs/PERFORMANCE.md.
func BenchmarkListPartners(b *testing.B) {
	env := gatewaytest.New(b, gatewaytest.Options{})
	srv := env.Access.Stack.Wrap(rest.NewServer(rest.Config{Odoo: env.Odoo, Redis: env.Access.Stack, Stack: env.Access.Stack}))
	key := env.Access.Key(access.ScopeAll)
	all := odoo.SelectionOf(odoo.PartnerFields()...)
	ctx := context.Background()

	b.Run("service", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Select: all, Limit: 50, Count: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, bc := range []struct{ name, target string }{
		{"rest", "/api/v1/partners?limit=50"},
		{"rest_filtered_sorted", "/api/v1/partners?limit=50&is_company=false&sort=-updated_at"},
		{"rest_fields_name", "/api/v1/partners?limit=50&fields=name"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodGet, bc.target, nil)
				r.Header.Set("X-API-Key", key)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
