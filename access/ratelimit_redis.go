package access

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// redisLimiter keeps GCRA budgets in Redis (github.com/go-redis/redis_rate),
// so that every gateway instance sharing the Redis shares one budget per
// principal. Each budget is a single key, which works on Redis Cluster too.
type redisLimiter struct {
	rl      *redis_rate.Limiter
	prefix  string
	timeout time.Duration
}

func newRedisLimiter(rdb redis.UniversalClient, prefix string, timeout time.Duration) *redisLimiter {
	return &redisLimiter{rl: redis_rate.NewLimiter(rdb), prefix: prefix, timeout: timeout}
}

func (l *redisLimiter) allow(ctx context.Context, key string, limit int, period time.Duration, n int) (RateLimit, error) {
	lim := redis_rate.Limit{Rate: limit, Burst: limit, Period: period}
	var res *redis_rate.Result
	err := withTimeout(ctx, l.timeout, func(ctx context.Context) error {
		var err error
		res, err = l.rl.AllowN(ctx, l.prefix+key, lim, n)
		return err
	})
	if err != nil {
		return RateLimit{}, fmt.Errorf("redis rate limiter: %w", err)
	}
	rl := RateLimit{
		Limit:     limit,
		Remaining: res.Remaining,
		Reset:     max(res.ResetAfter, 0),
		Allowed:   n == 0 || res.Allowed > 0,
	}
	if !rl.Allowed {
		rl.RetryAfter = res.RetryAfter
	}
	return rl, nil
}

// withTimeout runs call with a deadline and returns when the deadline
// passes even if call does not: a Redis client built without
// ContextTimeoutEnabled would otherwise wait for its own (seconds long)
// socket timeouts. The abandoned call finishes in the background; the
// circuit breaker keeps such calls from piling up.
func withTimeout(ctx context.Context, d time.Duration, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- call(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewRedisClient connects to the Redis at url (redis://[user:pass@]host:port/db
// or rediss:// for TLS) with settings fit for rate limiting: short dial,
// read and write timeouts, deadlines taken from the context, and no
// retries (the circuit breaker and the failure policy handle an outage), so
// that no request ever waits seconds on Redis.
func NewRedisClient(url string) (*redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis url: %w", err)
	}
	opt.DialTimeout = 250 * time.Millisecond
	opt.ReadTimeout = 250 * time.Millisecond
	opt.WriteTimeout = 250 * time.Millisecond
	opt.PoolTimeout = 250 * time.Millisecond
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = -1
	opt.DialerRetries = 1
	return redis.NewClient(opt), nil
}
