package access

import (
	"context"
	"sync"
	"time"
)

// Health states of a dependency, as reported by RedisHealth.
const (
	HealthOK       = "ok"
	HealthDegraded = "degraded"
	HealthDisabled = "disabled"
)

// Check is the health of one dependency, ready to be put in the health
// answer as JSON. Error is a short public text; details go to the log.
type Check struct {
	// Status is HealthOK, HealthDegraded or HealthDisabled.
	Status string `json:"status"`
	// LatencyMS is the round trip of the check, in milliseconds.
	LatencyMS float64 `json:"latency_ms,omitempty"`
	// Policy is the Redis failure policy in force while degraded.
	Policy string `json:"policy,omitempty"`
	// Error says briefly what is wrong.
	Error string `json:"error,omitempty"`
}

// healthCache keeps the last Redis check for a second, so that a public
// health endpoint cannot be used to flood Redis with pings.
type healthCache struct {
	mu    sync.Mutex
	at    time.Time
	check Check
}

const healthTTL = time.Second

// RedisHealth reports the shared rate limiter: "disabled" without Redis
// (the in-memory limiter is in use), "ok" when Redis answers, "degraded"
// when it does not or the circuit breaker is bypassing it (the failure
// policy is then in force).
func (s *Stack) RedisHealth(ctx context.Context) Check {
	if s.cfg.Redis == nil {
		return Check{Status: HealthDisabled}
	}
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	now := s.now()
	if !s.health.at.IsZero() && now.Sub(s.health.at) < healthTTL {
		return s.health.check
	}
	start := time.Now()
	err := withTimeout(ctx, s.cfg.RedisTimeout*2, func(ctx context.Context) error {
		return s.cfg.Redis.Ping(ctx).Err()
	})
	c := Check{Status: HealthOK, LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
	switch {
	case err != nil:
		s.log.Warn("redis health check failed", "error", err.Error())
		c = Check{Status: HealthDegraded, Policy: s.cfg.RedisFailurePolicy, Error: "redis does not answer"}
	case breakerOpen(s.breaker)():
		c.Status, c.Policy, c.Error = HealthDegraded, s.cfg.RedisFailurePolicy, "rate limiter is bypassing redis after failures"
	}
	s.health.at, s.health.check = now, c
	return c
}
