package access

import (
	"context"
	"sync"
	"time"
)

// memoryLimiter keeps GCRA budgets in this process: the limiter when no
// Redis is configured, and the fallback while Redis is down.
type memoryLimiter struct {
	now func() time.Time

	mu        sync.Mutex
	tat       map[string]time.Time
	lastSweep time.Time
}

func newMemoryLimiter(now func() time.Time) *memoryLimiter {
	return &memoryLimiter{now: now, tat: map[string]time.Time{}}
}

// sweepEvery bounds how often stale budgets are dropped; a budget whose tat
// has passed is indistinguishable from a fresh one, so dropping it is free.
const sweepEvery = time.Minute

func (m *memoryLimiter) allow(_ context.Context, key string, limit int, period time.Duration, n int) (RateLimit, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.lastSweep) >= sweepEvery {
		for k, t := range m.tat {
			if !t.After(now) {
				delete(m.tat, k)
			}
		}
		m.lastSweep = now
	}
	tat, rl := gcra(now, m.tat[key], limit, period, n)
	if rl.Allowed && n > 0 {
		m.tat[key] = tat
	}
	return rl, nil
}
