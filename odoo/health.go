package odoo

import (
	"context"
	"sync"
	"time"
)

// Health is the state of a dependency, as the health endpoint reports it.
type Health struct {
	// Status is "ok" or "down" (other dependencies may be "degraded" or
	// "disabled").
	Status    string  `json:"status"`
	Version   string  `json:"version,omitempty"`
	LatencyMS float64 `json:"latency_ms"`
	// Error says why the dependency is down; it never carries secrets.
	Error string `json:"error,omitempty"`
}

// healthCache keeps the last check briefly: the health endpoint is public,
// and must not turn into a way to hammer Odoo.
type healthCache struct {
	mu      sync.Mutex
	last    Health
	checked time.Time
}

const (
	healthTTL     = time.Second
	healthTimeout = 3 * time.Second
)

// Health asks Odoo for its version (no login needed) and reports how fast
// it answered.
func (s *Service) Health(ctx context.Context) Health {
	c := &s.health
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.checked.IsZero() && time.Since(c.checked) < healthTTL {
		return c.last
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	start := time.Now()
	v, err := s.t.Version(ctx)
	h := Health{Status: "ok", LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
	if err != nil {
		h.Status = "down"
		h.Error = ErrorMessage(err)
	} else {
		h.Version = v.Server
	}
	c.last, c.checked = h, time.Now()
	return h
}
