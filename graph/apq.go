package graph

import (
	"context"
	"errors"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/redis/go-redis/v9"
	"github.com/vektah/gqlparser/v2/ast"

	"odoo-gateway/access"
)

// Automatic persisted queries (Apollo's protocol): a client sends the
// SHA-256 of a query instead of the query; the first time, the server
// answers PERSISTED_QUERY_NOT_FOUND and the client sends both, which the
// server keeps. With Redis the queries are shared by every gateway
// instance; without it each instance keeps its own in memory.

// Persisted query settings.
const (
	// DefaultAPQTTL is how long Redis keeps a persisted query unused.
	DefaultAPQTTL = 24 * time.Hour
	// maxCachedQueryBytes keeps one client from filling the caches (of
	// persisted and of parsed queries) with huge documents; a longer query
	// still runs, it is just not kept.
	maxCachedQueryBytes = 64 << 10
	// localQueries is the size of the in-memory cache of queries.
	localQueries = 1000
	// parsedQueryCacheSize is how many parsed and validated documents are
	// kept, so that a repeated query skips parsing and validation.
	parsedQueryCacheSize = 1000
)

// newQueryStore returns the APQ cache: Redis behind a small local cache
// when there is a Redis client, the local cache alone otherwise.
func newQueryStore(client redis.UniversalClient, prefix string, ttl, timeout time.Duration) graphql.Cache[string] {
	local := lru.New[string](localQueries)
	if client == nil {
		return boundedCache{local}
	}
	return &redisQueries{client: client, prefix: prefix + "apq:", ttl: ttl, timeout: timeout, local: local}
}

// parsedQueries caches parsed documents by query text, except oversized
// ones, so that the cache's memory stays bounded whatever clients send.
type parsedQueries struct {
	graphql.Cache[*ast.QueryDocument]
}

// Add keeps doc unless its query is oversized.
func (c parsedQueries) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= maxCachedQueryBytes {
		c.Cache.Add(ctx, query, doc)
	}
}

// boundedCache refuses to keep oversized queries.
type boundedCache struct{ graphql.Cache[string] }

// Add keeps query unless it is oversized.
func (c boundedCache) Add(ctx context.Context, hash, query string) {
	if len(query) <= maxCachedQueryBytes {
		c.Cache.Add(ctx, hash, query)
	}
}

// redisQueries keeps persisted queries in Redis, one key per query hash
// (so Redis Cluster works), with a TTL renewed by use. Redis failures
// degrade to a cache miss: the client then sends the full query, and the
// request still succeeds.
type redisQueries struct {
	client  redis.UniversalClient
	prefix  string
	ttl     time.Duration
	timeout time.Duration
	local   *lru.LRU[string]
}

// Get returns the query with hash, from the local cache or Redis.
func (c *redisQueries) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := c.local.Get(ctx, hash); ok {
		return q, true
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	q, err := c.client.GetEx(ctx, c.prefix+hash, c.ttl).Result()
	if err != nil {
		if !errors.Is(err, redis.Nil) {
			access.LoggerFrom(ctx).Warn("persisted query lookup failed; answering not found", "error", err.Error())
		}
		return "", false
	}
	c.local.Add(ctx, hash, q)
	return q, true
}

// Add keeps a query under its hash (the APQ extension has checked that the
// hash is the query's).
func (c *redisQueries) Add(ctx context.Context, hash, query string) {
	if len(query) > maxCachedQueryBytes {
		return
	}
	c.local.Add(ctx, hash, query)
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := c.client.Set(ctx, c.prefix+hash, query, c.ttl).Err(); err != nil {
		access.LoggerFrom(ctx).Warn("persisted query not stored in Redis", "error", err.Error())
	}
}
