package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"odoo-gateway/internal/redistest"
)

func persisted(query string) map[string]any {
	sum := sha256.Sum256([]byte(query))
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
}

// apqRoundTrip runs Apollo's protocol against send: hash only (not found),
// then hash and query (stored), then hash only (found).
func apqRoundTrip(t *testing.T, first, then *testEnv, query string) {
	t.Helper()
	ext := persisted(query)
	res := first.post(t, first.key, request{Extensions: ext})
	if res.Status != http.StatusOK || len(res.Errors) != 1 || res.Errors[0].code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("hash only, unknown: status %d, errors %+v", res.Status, res.Errors)
	}
	if res.Errors[0].Extensions["request_id"] == nil {
		t.Error("PERSISTED_QUERY_NOT_FOUND has no request_id")
	}
	res = first.post(t, first.key, request{Query: query, Extensions: ext})
	if len(res.Errors) > 0 {
		t.Fatalf("hash and query: %+v", res.Errors)
	}
	want := string(res.Data)
	res = then.post(t, then.key, request{Extensions: ext})
	if len(res.Errors) > 0 || string(res.Data) != want {
		t.Errorf("hash only, known: data %s, errors %+v; want %s", res.Data, res.Errors, want)
	}
}

func TestPersistedQueriesInMemory(t *testing.T) {
	env := newTestEnv(t)
	apqRoundTrip(t, env, env, `query Names { customers(first: 3) { nodes { name } } }`)

	// A hash that is not the query's is refused, and nothing is stored.
	q := `{ viewer { name } }`
	ext := persisted(`{ something else }`)
	res := env.post(t, env.key, request{Query: q, Extensions: ext})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "hash") {
		t.Errorf("mismatched hash: %+v", res.Errors)
	}

	// GET works with a persisted query too, so that CDNs can cache it.
	get := `{ viewer { name } }`
	env.post(t, env.key, request{Query: get, Extensions: persisted(get)})
	extJSON, _ := json.Marshal(persisted(get))
	r := httptest.NewRequest(http.MethodGet, "/graphql?extensions="+url.QueryEscape(string(extJSON)), nil)
	if res := env.do(t, r, env.key); res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Errorf("GET with a persisted query: status %d, errors %+v", res.Status, res.Errors)
	}
}

// TestPersistedQueriesSharedThroughRedis: two gateway instances sharing a
// real Redis: a query persisted through one runs by hash on the other.
func TestPersistedQueriesSharedThroughRedis(t *testing.T) {
	rdb := redistest.Shared(t)
	prefix := redistest.Prefix(t)
	t.Cleanup(func() {
		ctx := context.Background()
		keys, _ := rdb.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
	})
	shared := withConfig(func(c *Config) { c.Redis, c.RedisPrefix = rdb, prefix })
	a, b := newTestEnv(t, shared), newTestEnv(t, shared)
	query := `query Shared { countries(first: 2) { nodes { code } } }`
	apqRoundTrip(t, a, b, query)

	sum := sha256.Sum256([]byte(query))
	key := prefix + "apq:" + hex.EncodeToString(sum[:])
	ctx := context.Background()
	stored, err := rdb.Get(ctx, key).Result()
	if err != nil || stored != query {
		t.Fatalf("Redis %s = %q, %v; want the query", key, stored, err)
	}
	if ttl := rdb.TTL(ctx, key).Val(); ttl <= 0 || ttl > DefaultAPQTTL {
		t.Errorf("TTL = %v, want up to %v", ttl, DefaultAPQTTL)
	}
}

// TestPersistedQueriesSurviveRedisOutage: with Redis gone, a hash is not
// found (the client then sends the query) and full queries still run.
func TestPersistedQueriesSurviveRedisOutage(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, MaxRetries: -1, DialTimeout: 100 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	env := newTestEnv(t, withConfig(func(c *Config) { c.Redis = rdb }))
	srv.Stop()
	q := `{ viewer { name } }`
	res := env.post(t, env.key, request{Extensions: persisted(q)})
	if len(res.Errors) != 1 || res.Errors[0].code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("hash only with Redis down: %+v", res.Errors)
	}
	res = env.post(t, env.key, request{Query: q, Extensions: persisted(q)})
	if len(res.Errors) > 0 {
		t.Errorf("full query with Redis down: %+v", res.Errors)
	}
}
