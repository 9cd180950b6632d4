package odoo

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/sony/gobreaker/v2"
)

// errCircuitOpen is the internal cause when the breaker refuses a call.
var errCircuitOpen = errors.New("odoo: circuit open after repeated failures")

// newOdooBreaker stops calling an Odoo that keeps failing (down, or too
// slow), so that requests fail fast instead of piling up on it while it
// recovers: after failures consecutive failures it opens for cooldown, then
// one probe call is let through, whose outcome closes or reopens it. Only an
// unreachable or slow Odoo counts as a failure, not Odoo refusing a
// request; a call the client abandoned is not counted at all.
func newOdooBreaker(failures int, cooldown time.Duration, log func() *slog.Logger) *gobreaker.CircuitBreaker[any] {
	return gobreaker.NewCircuitBreaker[any](gobreaker.Settings{
		Name:        "odoo",
		MaxRequests: 1,
		Timeout:     cooldown,
		ReadyToTrip: func(c gobreaker.Counts) bool { return c.ConsecutiveFailures >= uint32(failures) },
		IsSuccessful: func(err error) bool {
			code := ErrorCode(err)
			return code != EUpstreamUnavailable && code != EUpstreamTimeout
		},
		IsExcluded: func(err error) bool { return errors.Is(err, context.Canceled) },
		OnStateChange: func(_ string, from, to gobreaker.State) {
			switch to {
			case gobreaker.StateOpen:
				log().Warn("odoo keeps failing; failing requests fast", "cooldown", cooldown.String())
			case gobreaker.StateClosed:
				log().Info("odoo answers again")
			}
		},
	})
}

// WithCircuitBreaker sets how many consecutive failures open the breaker
// and how long it stays open (default 5 failures, 5 seconds).
func WithCircuitBreaker(failures int, cooldown time.Duration) Option {
	return func(s *Service) { s.breakerFailures, s.breakerCooldown = failures, cooldown }
}
