package access

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"odoo-gateway/internal/redistest"
)

// burst sends n+1 requests spread over handlers (round robin) and returns
// the statuses and the last answer. GCRA refills one request per second
// at 60/min, so the "61st in a minute" check is only meaningful while the
// burst takes under a second; on a machine too slow for that, the caller
// tries again with a fresh budget rather than asserting on time.
func burst(t *testing.T, hs []http.Handler, key string, n int) (codes []int, last *http.Response, quick bool) {
	t.Helper()
	start := time.Now()
	for i := 0; i <= n; i++ {
		rec := serve(hs[i%len(hs)], request("GET", "/", nil, "X-API-Key", key))
		codes = append(codes, rec.Code)
		last = rec.Result()
	}
	return codes, last, time.Since(start) < 900*time.Millisecond
}

func checkSixtyFirst(t *testing.T, newHandlers func(prefix string) ([]http.Handler, string)) {
	t.Helper()
	for attempt := 1; ; attempt++ {
		hs, key := newHandlers(redistest.Prefix(t))
		codes, last, quick := burst(t, hs, key, 60)
		if !quick && attempt < 3 {
			t.Logf("attempt %d took over a second; the budget refilled meanwhile, trying again", attempt)
			continue
		}
		for i, c := range codes[:60] {
			if c != 200 {
				t.Fatalf("request %d: status %d, want 200", i+1, c)
			}
		}
		if last.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("61st request: status %d, want 429", last.StatusCode)
		}
		want := map[string]string{
			"RateLimit-Limit":     "60",
			"RateLimit-Remaining": "0",
			"RateLimit-Policy":    `"per-minute";q=60;w=60`,
			"Retry-After":         "1",
		}
		for k, v := range want {
			if got := last.Header.Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if r := last.Header.Get("RateLimit-Reset"); r != "60" && r != "59" {
			t.Errorf("RateLimit-Reset = %q, want about 60", r)
		}
		return
	}
}

func TestRedisSixtyFirstRequest(t *testing.T) {
	rdb := redistest.Shared(t)
	checkSixtyFirst(t, func(prefix string) ([]http.Handler, string) {
		s := newStack(t, Config{Redis: rdb, RedisPrefix: prefix})
		key := addKey(t, s, KeySpec{Name: "sixty", Scopes: []string{ScopeAll}, RatePerMin: 60})
		return []http.Handler{s.Wrap(s.Authenticate(&okHandler{}))}, key
	})
}

// TestRedisTwoInstancesShareOneBudget runs two stacks (two gateway
// instances) on one Redis: requests alternate between them, and the
// combined budget is 60, not 120.
func TestRedisTwoInstancesShareOneBudget(t *testing.T) {
	rdb := redistest.Shared(t)
	checkSixtyFirst(t, func(prefix string) ([]http.Handler, string) {
		key, info, err := NewKey(KeySpec{Name: "shared", Scopes: []string{ScopeAll}, RatePerMin: 60}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		// Separate clients, as separate processes would have.
		other := redis.NewClient(&redis.Options{Addr: redistest.SharedAddr()})
		t.Cleanup(func() { other.Close() })
		a := newStack(t, Config{Redis: rdb, RedisPrefix: prefix, ExtraKeys: []KeyInfo{info}})
		b := newStack(t, Config{Redis: other, RedisPrefix: prefix, ExtraKeys: []KeyInfo{info}})
		return []http.Handler{a.Wrap(a.Authenticate(&okHandler{})), b.Wrap(b.Authenticate(&okHandler{}))}, key
	})
}

// TestRedisStoppedMidRun stops a private Redis under a running stack:
// requests keep being served (local fallback, rate headers, no 5xx),
// health says degraded, and once Redis is back the shared limiter resumes
// by itself.
func TestRedisStoppedMidRun(t *testing.T) {
	srv := redistest.Start(t)
	rdb, err := NewRedisClient("redis://" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	prefix := redistest.Prefix(t)
	var logs logBuffer
	s := newStack(t, Config{Redis: rdb, RedisPrefix: prefix, RedisCooldown: 20 * time.Millisecond, Logger: newLogger(&logs)})
	key := addKey(t, s, KeySpec{Name: "busy", Scopes: []string{ScopeAll}, RatePerMin: 1000})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	ctx := context.Background()
	budgetKey := "rate:" + prefix + "rl:p:busy"

	send := func(phase string, n int) {
		t.Helper()
		for i := range n {
			rec := serve(h, request("GET", "/", nil, "X-API-Key", key))
			if rec.Code != 200 || rec.Header().Get("RateLimit-Limit") != "1000" {
				t.Fatalf("%s, request %d: status %d, RateLimit-Limit %q", phase, i+1, rec.Code, rec.Header().Get("RateLimit-Limit"))
			}
		}
	}

	send("Redis up", 5)
	if n, err := rdb.Exists(ctx, budgetKey).Result(); err != nil || n != 1 {
		t.Fatalf("the budget is not in Redis (%d, %v)", n, err)
	}
	if c := s.RedisHealth(ctx); c.Status != HealthOK {
		t.Errorf("health with Redis up: %+v", c)
	}

	srv.Stop()
	send("Redis down", 30)
	s.health = healthCache{} // skip the one-second health cache
	if c := s.RedisHealth(ctx); c.Status != HealthDegraded || c.Policy != PolicyLocal {
		t.Errorf("health with Redis down: %+v, want degraded (local)", c)
	}

	srv.Restart() // empty: nothing was persisted
	eventually(t, "the shared limiter to resume", func() bool {
		send("Redis back", 1)
		n, _ := rdb.Exists(ctx, budgetKey).Result()
		return n == 1
	})
	s.health = healthCache{}
	if c := s.RedisHealth(ctx); c.Status != HealthOK {
		t.Errorf("health with Redis back: %+v", c)
	}
	if out := logs.String(); !strings.Contains(out, "redis rate limiter unavailable") || !strings.Contains(out, "redis rate limiter recovered") {
		t.Errorf("the outage and the recovery were not logged:\n%s", out)
	}
}

func TestRedisRefusePolicy(t *testing.T) {
	srv := redistest.Start(t)
	rdb, err := NewRedisClient("redis://" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	s := newStack(t, Config{Redis: rdb, RedisPrefix: redistest.Prefix(t), RedisFailurePolicy: PolicyRefuse})
	key := addKey(t, s, KeySpec{Name: "k", Scopes: []string{ScopeAll}})
	inner := &okHandler{}
	h := s.Wrap(s.Authenticate(inner))
	if rec := serve(h, request("GET", "/", nil, "X-API-Key", key)); rec.Code != 200 {
		t.Fatalf("Redis up: %d", rec.Code)
	}
	srv.Stop()
	rec := serve(h, request("GET", "/", nil, "X-API-Key", key))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("Redis down under refuse: status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	if p := problem(t, rec); p.Code != "upstream_unavailable" {
		t.Errorf("problem %+v", p)
	}
	if inner.Calls() != 1 {
		t.Errorf("handler ran %d times, want 1", inner.Calls())
	}
	if c := s.RedisHealth(context.Background()); c.Status != HealthDegraded || c.Policy != PolicyRefuse {
		t.Errorf("health: %+v", c)
	}
}

// TestRedisUnresponsive points the stack at a server that accepts
// connections and never answers, through a client with no timeouts of its
// own: the stack's own deadline must still serve the request (fallback).
func TestRedisUnresponsive(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	rdb := redis.NewClient(&redis.Options{Addr: l.Addr().String(), ReadTimeout: -1, WriteTimeout: -1, MaxRetries: -1})
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		rdb.Close()
	})
	s := newStack(t, Config{Redis: rdb, RedisPrefix: redistest.Prefix(t), RedisTimeout: 50 * time.Millisecond})
	key := addKey(t, s, KeySpec{Name: "k", Scopes: []string{ScopeAll}})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	done := make(chan int, 1)
	go func() {
		for range 5 {
			rec := serve(h, request("GET", "/", nil, "X-API-Key", key))
			if rec.Code != 200 {
				done <- rec.Code
				return
			}
		}
		done <- 200
	}()
	select {
	case code := <-done:
		if code != 200 {
			t.Errorf("status %d with an unresponsive Redis, want 200 from the fallback", code)
		}
	case <-time.After(time.Minute): // a liveness bound, not a speed check
		t.Fatal("requests hung on an unresponsive Redis")
	}
	if c := s.RedisHealth(context.Background()); c.Status != HealthDegraded {
		t.Errorf("health: %+v", c)
	}
}

func TestRedisHealthDisabled(t *testing.T) {
	s := newStack(t, Config{})
	if c := s.RedisHealth(context.Background()); c.Status != HealthDisabled {
		t.Errorf("health without Redis: %+v", c)
	}
}
