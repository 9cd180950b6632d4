package odoo

import (
	"context"
	"sync/atomic"
	"time"
)

// CallStats counts the upstream calls made on behalf of one request, so that
// the access log can say how many calls a request cost and how long they took.
type CallStats struct {
	calls atomic.Int64
	nanos atomic.Int64
}

type statsKey struct{}

// WithCallStats returns a context that counts upstream calls into a new
// CallStats.
func WithCallStats(ctx context.Context) (context.Context, *CallStats) {
	s := &CallStats{}
	return context.WithValue(ctx, statsKey{}, s), s
}

// CallStatsFrom returns the CallStats of ctx, or nil.
func CallStatsFrom(ctx context.Context) *CallStats {
	s, _ := ctx.Value(statsKey{}).(*CallStats)
	return s
}

func (s *CallStats) add(d time.Duration) {
	if s == nil {
		return
	}
	s.calls.Add(1)
	s.nanos.Add(int64(d))
}

// Calls is the number of upstream calls made so far.
func (s *CallStats) Calls() int64 {
	if s == nil {
		return 0
	}
	return s.calls.Load()
}

// Duration is the total time spent in upstream calls (they may overlap).
func (s *CallStats) Duration() time.Duration {
	if s == nil {
		return 0
	}
	return time.Duration(s.nanos.Load())
}
