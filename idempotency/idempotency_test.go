package idempotency

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/internal/redistest"
)

var ctx = context.Background()

// stores runs a test against both backends; Redis is a real server.
func stores(t *testing.T, test func(t *testing.T, s *Store)) {
	t.Run("memory", func(t *testing.T) { test(t, NewMemory()) })
	t.Run("redis", func(t *testing.T) {
		test(t, NewRedis(redistest.Shared(t), redistest.Prefix(t), 0))
	})
}

func TestReplayAfterComplete(t *testing.T) {
	stores(t, func(t *testing.T, s *Store) {
		rec, claim, err := s.Begin(ctx, "shop", "k1", "fp")
		if err != nil || rec != nil || claim == nil {
			t.Fatalf("first Begin = %v, %v, %v", rec, claim, err)
		}
		want := Record{Status: 201, Header: http.Header{"Location": {"/api/v1/partners/7"}}, Body: []byte(`{"id":7}`)}
		if err := claim.Complete(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, claim, err := s.Begin(ctx, "shop", "k1", "fp")
		if err != nil || claim != nil || got == nil {
			t.Fatalf("replay Begin = %v, %v, %v", got, claim, err)
		}
		got.Created = want.Created
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("replayed record (-want +got):\n%s", diff)
		}
		// Same key, other request: refused. Same key, other client: free.
		if _, _, err := s.Begin(ctx, "shop", "k1", "other"); !errors.Is(err, ErrMismatch) {
			t.Errorf("other fingerprint: %v, want ErrMismatch", err)
		}
		if _, claim, err := s.Begin(ctx, "other-client", "k1", "other"); err != nil || claim == nil {
			t.Errorf("other scope: %v", err)
		}
	})
}

func TestInProgressAndRelease(t *testing.T) {
	stores(t, func(t *testing.T, s *Store) {
		_, claim, err := s.Begin(ctx, "shop", "k2", "fp")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Begin(ctx, "shop", "k2", "fp"); !errors.Is(err, ErrInProgress) {
			t.Errorf("while running: %v, want ErrInProgress", err)
		}
		if err := claim.Release(ctx); err != nil {
			t.Fatal(err)
		}
		if _, claim, err := s.Begin(ctx, "shop", "k2", "fp"); err != nil || claim == nil {
			t.Errorf("after release: %v, %v", claim, err)
		}
	})
}

func TestConcurrentBeginsClaimOnce(t *testing.T) {
	stores(t, func(t *testing.T, s *Store) {
		var claims, inProgress atomic.Int64
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				_, claim, err := s.Begin(ctx, "shop", "k3", "fp")
				switch {
				case claim != nil:
					claims.Add(1)
				case errors.Is(err, ErrInProgress):
					inProgress.Add(1)
				default:
					t.Errorf("unexpected: %v", err)
				}
			})
		}
		wg.Wait()
		if claims.Load() != 1 || inProgress.Load() != 19 {
			t.Errorf("claims %d, in progress %d; want 1 and 19", claims.Load(), inProgress.Load())
		}
	})
}

func TestRedisDownIsUnavailable(t *testing.T) {
	srv := redistest.Start(t)
	s := NewRedis(srv.Client(), "t:", 0)
	srv.Stop()
	if _, _, err := s.Begin(ctx, "shop", "k", "fp"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Redis down: %v, want ErrUnavailable", err)
	}
}

func TestCheckKey(t *testing.T) {
	for key, ok := range map[string]bool{"abc-123": true, "": false, "é": false, "a\nb": false, string(make([]byte, 256)): false} {
		if err := CheckKey(key); (err == nil) != ok {
			t.Errorf("CheckKey(%q) = %v", key, err)
		}
	}
}
