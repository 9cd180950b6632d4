package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// metrics are the GraphQL endpoint's Prometheus metrics, served at
// /metrics with the access stack's (per request: route /graphql).
type metrics struct {
	operations *prometheus.CounterVec
	errors     *prometheus.CounterVec
	complexity prometheus.Histogram
	persisted  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		operations: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_graphql_operations_total",
			Help: "GraphQL operations executed, by type (query or mutation).",
		}, []string{"type"})),
		errors: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_graphql_errors_total",
			Help: "Errors in GraphQL responses, by extensions.code.",
		}, []string{"code"})),
		complexity: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "gateway_graphql_complexity",
			Help:    "Cost of the GraphQL operations admitted or refused (see docs/graphql.md).",
			Buckets: []float64{10, 50, 100, 250, 500, 1000, 2500, 5000, 10000},
		})),
		persisted: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_graphql_persisted_queries_total",
			Help: "Automatic persisted query lookups by result (hit or miss).",
		}, []string{"result"})),
	}
	return m
}

// register adds c to reg, or returns the collector already registered
// under its name (two handlers on one stack share the metrics).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
	}
	return c
}

// presenter counts every error it presents by code.
func (m *metrics) presenter(ctx context.Context, err error) *gqlerror.Error {
	e := presentError(ctx, err)
	if code, ok := e.Extensions["code"].(string); ok {
		m.errors.WithLabelValues(code).Inc()
	}
	return e
}

// countOperations counts the operations that start executing.
func (m *metrics) countOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx).Operation; op != nil {
		m.operations.WithLabelValues(string(op.Operation)).Inc()
	}
	return next(ctx)
}

// countedQueries counts the hits and misses of the APQ cache.
type countedQueries struct {
	graphql.Cache[string]
	m *metrics
}

// Get looks a persisted query up.
func (c countedQueries) Get(ctx context.Context, hash string) (string, bool) {
	q, ok := c.Cache.Get(ctx, hash)
	result := "miss"
	if ok {
		result = "hit"
	}
	c.m.persisted.WithLabelValues(result).Inc()
	return q, ok
}
