package access

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/sony/gobreaker/v2"
)

// RateLimit is the state of a principal's budget after a request, as
// reported in the RateLimit-* headers (and by GraphQL's viewer).
type RateLimit struct {
	// Limit is the budget in requests per minute.
	Limit int
	// Remaining is how many requests may be made right now.
	Remaining int
	// Reset is how long until the whole budget is available again.
	Reset time.Duration
	// RetryAfter is how long until the next request is allowed; zero when
	// this one was.
	RetryAfter time.Duration
	// Allowed says whether the request was admitted.
	Allowed bool
}

type rateKey struct{}

// RateLimitFrom returns the rate-limit state of the authenticated request
// of ctx.
func RateLimitFrom(ctx context.Context) (RateLimit, bool) {
	rl, ok := ctx.Value(rateKey{}).(RateLimit)
	return rl, ok
}

// limiter admits events against a budget of limit per period, burst limit.
// Both implementations run the same GCRA (generic cell rate algorithm), so
// that falling back from Redis to memory changes where the budget is kept,
// not what it means. n = 0 peeks without spending.
type limiter interface {
	allow(ctx context.Context, key string, limit int, period time.Duration, n int) (RateLimit, error)
}

// Redis failure policies: what to do when Redis cannot be asked.
const (
	// PolicyLocal falls back to the in-memory limiter of this instance
	// (each instance then enforces the full budget on its own).
	PolicyLocal = "local"
	// PolicyRefuse refuses requests with 503 until Redis is back.
	PolicyRefuse = "refuse"
)

// errLimiterUnavailable is what the refuse policy answers while Redis is
// down; Authenticate turns it into a 503 with Retry-After so that clients
// retry.
var errLimiterUnavailable = errors.New("rate limiter unavailable (Redis down, policy refuse)")

// sharedLimiter asks Redis, behind a circuit breaker and a short timeout,
// and applies the failure policy when Redis cannot answer.
type sharedLimiter struct {
	redis   limiter
	local   limiter
	breaker *gobreaker.CircuitBreaker[RateLimit]
	policy  string
	metrics *metrics
}

func (s *sharedLimiter) allow(ctx context.Context, key string, limit int, period time.Duration, n int) (RateLimit, error) {
	rl, err := s.breaker.Execute(func() (RateLimit, error) {
		return s.redis.allow(ctx, key, limit, period, n)
	})
	if err == nil {
		return rl, nil
	}
	if ctx.Err() != nil { // the caller's own cancellation says nothing about Redis
		return RateLimit{}, ctx.Err()
	}
	s.metrics.fallbacks.WithLabelValues(s.policy).Inc()
	if s.policy == PolicyRefuse {
		return RateLimit{}, errLimiterUnavailable
	}
	return s.local.allow(ctx, key, limit, period, n)
}

// setRateHeaders writes the rate-limit headers: the widely used
// RateLimit-Limit/-Remaining/-Reset trio and the structured fields of the
// IETF draft (RateLimit-Policy and RateLimit), plus Retry-After on refusal.
func setRateHeaders(h http.Header, rl RateLimit) {
	reset := ceilSeconds(rl.Reset)
	h.Set("RateLimit-Limit", strconv.Itoa(rl.Limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(rl.Remaining))
	h.Set("RateLimit-Reset", strconv.Itoa(reset))
	h.Set("RateLimit-Policy", fmt.Sprintf(`"%s";q=%d;w=60`, ratePolicyName, rl.Limit))
	h.Set("RateLimit", fmt.Sprintf(`"%s";r=%d;t=%d`, ratePolicyName, rl.Remaining, reset))
	if !rl.Allowed {
		h.Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(rl.RetryAfter))))
	}
}

// ratePolicyName names the one per-minute policy in the structured fields.
const ratePolicyName = "per-minute"

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}

// gcra is the arithmetic of the generic cell rate algorithm, shared by the
// memory limiter and mirrored by the Redis script of redis_rate: each
// admitted event pushes a theoretical arrival time (tat) forward by one
// emission interval; an event is refused when that would put tat more than
// one burst ahead of now.
func gcra(now, tat time.Time, limit int, period time.Duration, n int) (newTAT time.Time, rl RateLimit) {
	interval := period / time.Duration(limit)
	burstOffset := interval * time.Duration(limit)
	if tat.Before(now) {
		tat = now
	}
	newTAT = tat.Add(interval * time.Duration(n))
	allowAt := newTAT.Add(-burstOffset)
	diff := now.Sub(allowAt)
	rl.Limit = limit
	if diff < 0 {
		rl.RetryAfter = -diff
		rl.Reset = tat.Sub(now)
		return tat, rl
	}
	rl.Allowed = true
	rl.Remaining = int(diff / interval)
	rl.Reset = newTAT.Sub(now)
	return newTAT, rl
}
