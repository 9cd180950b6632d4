package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"odoo-gateway/odoo"
)

// BenchmarkFiftyOrders compares the fifty-orders query (orders with their
// partner and country, lines and products) through the whole GraphQL
// stack (access stack, parsing, limits, resolvers, JSON) with the same read
// made directly on the data service, both against the simulator over
// XML-RPC. The difference is what GraphQL costs on top of Odoo.
//
//	go test ./graph -run '^$' -bench FiftyOrders -benchmem -count 5
func BenchmarkFiftyOrders(b *testing.B) {
	env := newTestEnv(b)
	body, _ := json.Marshal(request{Query: fiftyOrders})
	sel := odoo.Selection{
		"name": nil, "amount_total": nil, "currency": nil,
		"partner": {"name": nil, "country": {"name": nil, "code": nil}},
		"lines":   {"description": nil, "quantity": nil, "product": {"name": nil, "internal_reference": nil}},
	}
	b.Run("graphql", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-API-Key", env.key)
			rec := httptest.NewRecorder()
			env.handler.ServeHTTP(rec, r)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.Run("service", func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		for b.Loop() {
			page, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{}, odoo.ListOptions{Limit: 50, Select: sel})
			if err != nil || len(page.Items) != 50 {
				b.Fatalf("%v, %d orders", err, len(page.Items))
			}
		}
	})
}
