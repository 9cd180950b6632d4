package idempotency

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// NewRedis returns a Store in Redis, shared by every gateway instance. Each
// key is one Redis key under prefix (so it works on Redis Cluster), and
// every call is bounded by timeout.
func NewRedis(client redis.UniversalClient, prefix string, timeout time.Duration) *Store {
	if timeout <= 0 {
		timeout = 500 * time.Millisecond
	}
	return &Store{b: &redisBackend{c: client, prefix: prefix + "idem:", timeout: timeout}}
}

type redisBackend struct {
	c       redis.UniversalClient
	prefix  string
	timeout time.Duration
}

// entry is what a Redis key holds: a pending claim or a completed record.
type entry struct {
	Token  string  `json:"t"`
	FP     string  `json:"f"`
	Record *Record `json:"r,omitempty"`
}

// beginScript claims the key if it is free, else returns its entry.
var beginScript = redis.NewScript(`
if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then
  return false
end
return redis.call("GET", KEYS[1])
`)

// completeScript stores the record if the claim is still the caller's (or
// expired); releaseScript deletes a pending claim of the caller's.
var completeScript = redis.NewScript(`
local cur = redis.call("GET", KEYS[1])
if cur and cjson.decode(cur)["t"] ~= ARGV[1] then
  return 0
end
redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
return 1
`)

var releaseScript = redis.NewScript(`
local cur = redis.call("GET", KEYS[1])
if cur then
  local e = cjson.decode(cur)
  if e["t"] == ARGV[1] and not e["r"] then
    redis.call("DEL", KEYS[1])
  end
end
return 1
`)

func (r *redisBackend) begin(ctx context.Context, key, token, fp string) (*Record, error) {
	pending, _ := json.Marshal(entry{Token: token, FP: fp})
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	v, err := beginScript.Run(ctx, r.c, []string{r.prefix + key}, pending, PendingTTL.Milliseconds()).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil // claimed
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	s, _ := v.(string)
	var e entry
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		return nil, fmt.Errorf("%w: bad record: %v", ErrUnavailable, err)
	}
	switch {
	case e.FP != fp:
		return nil, ErrMismatch
	case e.Record == nil:
		return nil, ErrInProgress
	}
	return e.Record, nil
}

func (r *redisBackend) complete(ctx context.Context, key, token, fp string, rec Record) error {
	done, err := json.Marshal(entry{Token: token, FP: fp, Record: &rec})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	defer cancel()
	if err := completeScript.Run(ctx, r.c, []string{r.prefix + key}, token, done, TTL.Milliseconds()).Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

func (r *redisBackend) release(ctx context.Context, key, token string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	defer cancel()
	if err := releaseScript.Run(ctx, r.c, []string{r.prefix + key}, token).Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}
