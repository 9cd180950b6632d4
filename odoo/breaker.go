package odoo

import (
	"errors"
	"sync"
	"time"
)

// errCircuitOpen is the internal cause when the breaker refuses a call.
var errCircuitOpen = errors.New("odoo: circuit open after repeated failures")

// breaker stops calling an Odoo that keeps failing (down, or too slow), so
// that requests fail fast instead of piling up on it while it recovers.
// After threshold consecutive failures it opens for cooldown; then one
// probe call is let through, and its outcome closes or reopens it.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu        sync.Mutex
	failures  int
	openUntil time.Time
	probing   bool
}

func newBreaker(threshold int, cooldown time.Duration) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown, now: time.Now}
}

// allow refuses a call while the breaker is open, and lets one probe
// through once the cooldown has passed.
func (b *breaker) allow() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() {
		return nil
	}
	if b.now().Before(b.openUntil) || b.probing {
		return &Error{Code: EUpstreamUnavailable, Err: errCircuitOpen}
	}
	b.probing = true
	return nil
}

// record counts a call's outcome; only an unreachable or slow Odoo counts
// as a failure, not Odoo refusing a request.
func (b *breaker) record(code string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if code != EUpstreamUnavailable && code != EUpstreamTimeout {
		b.failures = 0
		b.openUntil = time.Time{}
		b.probing = false
		return
	}
	b.failures++
	if b.probing || b.failures >= b.threshold {
		b.openUntil = b.now().Add(b.cooldown)
		b.probing = false
	}
}

// release ends a call that told nothing about Odoo's health (the client
// went away), so that the next call may probe instead.
func (b *breaker) release() {
	b.mu.Lock()
	b.probing = false
	b.mu.Unlock()
}
