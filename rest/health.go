package rest

import (
	"context"
	"net/http"
	"sync"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
)

// OdooHealth reports whether Odoo answers; odoo.Service satisfies it.
type OdooHealth interface {
	Health(ctx context.Context) odoo.Health
}

// RedisHealth reports the state of the shared rate limiter's Redis;
// access.Stack satisfies it.
type RedisHealth interface {
	RedisHealth(ctx context.Context) access.Check
}

// healthBody is the answer of GET /api/v1/health.
type healthBody struct {
	// Status is ok, degraded (Redis down, fallback in force) or down
	// (Odoo unreachable: the API cannot serve data).
	Status string         `json:"status"`
	Checks map[string]any `json:"checks"`
}

// handleHealth reports Odoo and Redis; 503 when Odoo is down, so that load
// balancers take the instance out, 200 otherwise (a degraded Redis only
// means budgets are per instance for a while).
func handleHealth(odooHealth OdooHealth, redisHealth RedisHealth) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var (
			wg sync.WaitGroup
			oh odoo.Health
			rh = access.Check{Status: access.HealthDisabled}
		)
		wg.Go(func() { oh = odooHealth.Health(r.Context()) })
		if redisHealth != nil {
			wg.Go(func() { rh = redisHealth.RedisHealth(r.Context()) })
		}
		wg.Wait()
		body := healthBody{Status: "ok", Checks: map[string]any{"odoo": oh, "redis": rh}}
		status := http.StatusOK
		switch {
		case oh.Status != "ok":
			body.Status, status = "down", http.StatusServiceUnavailable
		case rh.Status == access.HealthDegraded:
			body.Status = "degraded"
		}
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, status, body)
	})
}
