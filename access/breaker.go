package access

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/sony/gobreaker/v2"
)

// newRedisBreaker puts a circuit breaker (sony/gobreaker) in front of
// Redis: after threshold consecutive failures it opens, and for cooldown
// every call skips Redis (so an outage costs each request nothing, not a
// timeout); then one probe is let through, which closes it on success or
// reopens it on failure. So the shared limiter resumes by itself when
// Redis comes back. A call the client abandoned says nothing about Redis
// and is not counted.
func newRedisBreaker(threshold int, cooldown time.Duration, log *slog.Logger, policy string) *gobreaker.CircuitBreaker[RateLimit] {
	return gobreaker.NewCircuitBreaker[RateLimit](gobreaker.Settings{
		Name:        "redis",
		MaxRequests: 1,
		Timeout:     cooldown,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= uint32(threshold) },
		IsExcluded:  func(err error) bool { return errors.Is(err, context.Canceled) },
		OnStateChange: func(_ string, from, to gobreaker.State) {
			switch {
			case to == gobreaker.StateOpen && from == gobreaker.StateClosed:
				log.Warn("redis rate limiter unavailable; applying the failure policy", "policy", policy)
			case to == gobreaker.StateClosed:
				log.Info("redis rate limiter recovered; budgets are shared again")
			}
		},
	})
}

// breakerOpen reports whether the breaker is bypassing Redis (open, or
// half-open with its probe under way).
func breakerOpen(b *gobreaker.CircuitBreaker[RateLimit]) func() bool {
	return func() bool { return b.State() != gobreaker.StateClosed }
}
