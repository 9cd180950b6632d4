package access

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sony/gobreaker/v2"
)

// TestSixtyFirstRequestRefused runs the in-memory limiter on a fake clock:
// a 60/min key gets 60 requests, the 61st in the same minute is 429 with
// the documented headers and never reaches the handler, and the budget
// refills at one request per second.
func TestSixtyFirstRequestRefused(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now})
	key := addKey(t, s, KeySpec{Name: "sixty", Scopes: []string{ScopeAll}, RatePerMin: 60})
	inner := &okHandler{}
	h := s.Wrap(s.Authenticate(inner))
	send := func() *http.Response {
		return serve(h, request("GET", "/", nil, "X-API-Key", key)).Result()
	}

	first := send()
	wantFirst := map[string]string{
		"RateLimit-Limit":     "60",
		"RateLimit-Remaining": "59",
		"RateLimit-Reset":     "1",
		"RateLimit-Policy":    `"per-minute";q=60;w=60`,
		"RateLimit":           `"per-minute";r=59;t=1`,
		"Retry-After":         "",
	}
	if diff := cmp.Diff(wantFirst, pick(first.Header, wantFirst)); diff != "" {
		t.Errorf("headers of the 1st request (-want +got):\n%s", diff)
	}
	for i := 2; i <= 60; i++ {
		if res := send(); res.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, res.StatusCode)
		}
	}
	res := send()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("61st request: status %d, want 429", res.StatusCode)
	}
	want61 := map[string]string{
		"RateLimit-Limit":     "60",
		"RateLimit-Remaining": "0",
		"RateLimit-Reset":     "60",
		"RateLimit-Policy":    `"per-minute";q=60;w=60`,
		"RateLimit":           `"per-minute";r=0;t=60`,
		"Retry-After":         "1",
	}
	if diff := cmp.Diff(want61, pick(res.Header, want61)); diff != "" {
		t.Errorf("headers of the 61st request (-want +got):\n%s", diff)
	}
	if inner.Calls() != 60 {
		t.Errorf("handler ran %d times, want 60", inner.Calls())
	}
	clock.Advance(time.Second)
	if res := send(); res.StatusCode != 200 {
		t.Errorf("a second later: status %d, want 200", res.StatusCode)
	}
	if res := send(); res.StatusCode != 429 {
		t.Errorf("and then: status %d, want 429", res.StatusCode)
	}
}

func pick(h http.Header, like map[string]string) map[string]string {
	out := map[string]string{}
	for k := range like {
		out[k] = h.Get(k)
	}
	return out
}

func TestDefaultRate(t *testing.T) {
	s := newStack(t, Config{DefaultRatePerMin: 7})
	key := addKey(t, s, KeySpec{Name: "nolimit", Scopes: []string{ScopeAll}})
	rec := serve(s.Wrap(s.Authenticate(&okHandler{})), request("GET", "/", nil, "X-API-Key", key))
	if got := rec.Header().Get("RateLimit-Limit"); got != "7" {
		t.Errorf("RateLimit-Limit = %q, want the default 7", got)
	}
}

func TestPrincipalsHaveSeparateBudgets(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now})
	a := addKey(t, s, KeySpec{Name: "a", Scopes: []string{ScopeAll}, RatePerMin: 1})
	b := addKey(t, s, KeySpec{Name: "b", Scopes: []string{ScopeAll}, RatePerMin: 1})
	// Overlapping keys of one client share its budget.
	a2 := addKey(t, s, KeySpec{Name: "a", Scopes: []string{ScopeAll}, RatePerMin: 1})
	h := s.Wrap(s.Authenticate(&okHandler{}))
	code := func(k string) int { return serve(h, request("GET", "/", nil, "X-API-Key", k)).Code }
	got := []int{code(a), code(b), code(a2), code(b)}
	if diff := cmp.Diff([]int{200, 200, 429, 429}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

func TestGCRA(t *testing.T) {
	now := newFakeClock().Now()
	// A fresh budget of 4 per 4 seconds: 4 allowed at once, then one per second.
	tat := time.Time{}
	var got []bool
	for range 5 {
		var rl RateLimit
		tat, rl = gcra(now, tat, 4, 4*time.Second, 1)
		got = append(got, rl.Allowed)
	}
	if diff := cmp.Diff([]bool{true, true, true, true, false}, got); diff != "" {
		t.Errorf("allowed (-want +got):\n%s", diff)
	}
	// A peek spends nothing.
	_, rl := gcra(now.Add(1500*time.Millisecond), tat, 4, 4*time.Second, 0)
	if rl.Remaining != 1 || !rl.Allowed {
		t.Errorf("peek after 1.5s: %+v, want 1 remaining", rl)
	}
}

func TestRedisBreaker(t *testing.T) {
	const cooldown = 50 * time.Millisecond
	b := newRedisBreaker(3, cooldown, slog.New(slog.DiscardHandler), PolicyLocal)
	fail := func() (RateLimit, error) { return RateLimit{}, errors.New("connection refused") }
	ok := func() (RateLimit, error) { return RateLimit{Allowed: true}, nil }
	calls := 0
	counting := func(f func() (RateLimit, error)) func() (RateLimit, error) {
		return func() (RateLimit, error) { calls++; return f() }
	}
	for range 3 {
		b.Execute(counting(fail))
	}
	if _, err := b.Execute(counting(ok)); !errors.Is(err, gobreaker.ErrOpenState) || calls != 3 {
		t.Fatalf("after 3 failures: %v, %d calls; want the breaker open and Redis not asked", err, calls)
	}
	time.Sleep(cooldown + 20*time.Millisecond)
	// A probe the client abandoned says nothing about Redis.
	b.Execute(func() (RateLimit, error) { return RateLimit{}, context.Canceled })
	if _, err := b.Execute(counting(fail)); errors.Is(err, gobreaker.ErrOpenState) {
		t.Fatal("an abandoned probe reopened the breaker")
	}
	if !breakerOpen(b)() {
		t.Fatal("a failed probe did not reopen the breaker")
	}
	time.Sleep(cooldown + 20*time.Millisecond)
	if _, err := b.Execute(ok); err != nil || breakerOpen(b)() {
		t.Errorf("a successful probe did not close the breaker: %v", err)
	}
}

// stubLimiter fails or succeeds on demand and counts its calls.
type stubLimiter struct {
	mu    sync.Mutex
	err   error
	calls int
}

func (l *stubLimiter) allow(ctx context.Context, key string, limit int, period time.Duration, n int) (RateLimit, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.err != nil {
		return RateLimit{}, l.err
	}
	return RateLimit{Limit: limit, Remaining: 42, Allowed: true}, nil
}

func TestSharedLimiterPolicies(t *testing.T) {
	for _, policy := range []string{PolicyLocal, PolicyRefuse} {
		t.Run(policy, func(t *testing.T) {
			clock := newFakeClock()
			redis := &stubLimiter{err: errors.New("connection refused")}
			l := &sharedLimiter{
				redis:   redis,
				local:   newMemoryLimiter(clock.Now),
				breaker: newRedisBreaker(3, 50*time.Millisecond, slog.New(slog.DiscardHandler), policy),
				policy:  policy,
				metrics: newMetrics(nil),
			}
			ctx := context.Background()
			for i := range 5 {
				rl, err := l.allow(ctx, "k", 10, time.Minute, 1)
				switch policy {
				case PolicyLocal:
					if err != nil || !rl.Allowed || rl.Remaining != 10-(i+1) {
						t.Fatalf("call %d under local: %+v, %v", i+1, rl, err)
					}
				case PolicyRefuse:
					if !errors.Is(err, errLimiterUnavailable) {
						t.Fatalf("call %d under refuse: %v, want errLimiterUnavailable", i+1, err)
					}
				}
			}
			if redis.calls != 3 {
				t.Errorf("Redis was asked %d times, want 3 (then the breaker opens)", redis.calls)
			}
			redis.err = nil
			time.Sleep(70 * time.Millisecond) // the breaker's cooldown
			rl, err := l.allow(ctx, "k", 10, time.Minute, 1)
			if err != nil || rl.Remaining != 42 {
				t.Errorf("after the cooldown Redis is used again: %+v, %v", rl, err)
			}
		})
	}
}
