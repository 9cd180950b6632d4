package access

import (
	"sync"
	"time"
)

// breaker is a small circuit breaker in front of Redis: after threshold
// consecutive failures it opens, and for cooldown every call skips Redis
// (so an outage costs each request nothing, not a timeout); then one probe
// is let through, which closes it on success or reopens it on failure. So
// the shared limiter resumes by itself when Redis comes back.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu        sync.Mutex
	failures  int
	open      bool
	openUntil time.Time
	probing   bool
}

func newBreaker(threshold int, cooldown time.Duration, now func() time.Time) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown, now: now}
}

// admit reports whether a call may go to Redis now.
func (b *breaker) admit() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return true
	}
	if b.probing || b.now().Before(b.openUntil) {
		return false
	}
	b.probing = true // half-open: exactly one probe at a time
	return true
}

// success records a call that worked; it reports whether that closed an
// open breaker.
func (b *breaker) success() (recovered bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	recovered = b.open
	b.failures, b.open, b.probing = 0, false, false
	return recovered
}

// failure records a call that failed; it reports whether that opened a
// closed breaker.
func (b *breaker) failure() (opened bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures++
	wasOpen := b.open
	if b.open || b.failures >= b.threshold {
		b.open, b.probing = true, false
		b.openUntil = b.now().Add(b.cooldown)
	}
	return b.open && !wasOpen
}

// abandon records a call that ended for reasons of its own (the client
// hung up), which says nothing about Redis; it frees the probe slot.
func (b *breaker) abandon() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
}

// isOpen reports whether Redis is currently bypassed.
func (b *breaker) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open
}
