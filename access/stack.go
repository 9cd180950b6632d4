package access

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/rs/cors"
	"github.com/sony/gobreaker/v2"
)

// Config is everything the stack needs, as plain values: the server reads
// the environment and fills it in (see docs/access.md for the variables).
// Zero values mean the documented defaults.
type Config struct {
	// KeysFile is the JSON keys file (GATEWAY_KEYS_FILE). It must exist if
	// set; it is reloaded when it changes and on Reload. Empty means no
	// file keys (only ExtraKeys).
	KeysFile string
	// ExtraKeys are in-memory keys beside the file's (the demo keys); they
	// survive reloads.
	ExtraKeys []KeyInfo
	// KeysPollInterval is how often KeysFile and JWT.JWKSFile are checked
	// for changes; default 1 second.
	KeysPollInterval time.Duration
	// ReloadSignals reload the keys file when received (pass syscall.SIGHUP).
	ReloadSignals []os.Signal

	// DefaultRatePerMin is the budget of principals without one of their
	// own (GATEWAY_DEFAULT_RATE_PER_MIN); default 60.
	DefaultRatePerMin int
	// Redis, when set, holds the rate-limit budgets shared by all gateway
	// instances (REDIS_URL; build it with NewRedisClient). Nil means the
	// in-memory limiter.
	Redis redis.UniversalClient
	// RedisPrefix starts every Redis key of the stack; default "gw:".
	RedisPrefix string
	// RedisTimeout bounds every Redis call; default 100ms.
	RedisTimeout time.Duration
	// RedisFailurePolicy is PolicyLocal (default) or PolicyRefuse
	// (GATEWAY_REDIS_FAILURE_POLICY).
	RedisFailurePolicy string
	// RedisCooldown is how long the circuit breaker bypasses Redis after
	// repeated failures before probing it again; default 5 seconds.
	RedisCooldown time.Duration

	// AuthFailuresPerMin is how many failed authentications one client IP
	// may make per minute before it is answered 429 without its credential
	// being checked (GATEWAY_AUTH_FAILURES_PER_MIN); default 10.
	AuthFailuresPerMin int
	// TrustedProxies is the number of proxies in front of the gateway that
	// append to X-Forwarded-For (GATEWAY_TRUSTED_PROXIES). 0 (default)
	// ignores the header and uses the connection's address.
	TrustedProxies int

	// CORS says which browser origins may call the API.
	CORS CORSConfig
	// JWT turns on JWT bearer tokens; zero means off.
	JWT JWTConfig
	// Metrics controls the /metrics endpoint.
	Metrics MetricsConfig

	// BodyLimit caps request bodies (GATEWAY_BODY_LIMIT); default 1 MiB.
	BodyLimit int64
	// ProblemTypeBase prefixes the error code in a problem's "type";
	// default "/api/docs/problems/".
	ProblemTypeBase string
	// Logger receives the access log and error logs; default discards.
	Logger *slog.Logger

	// clock replaces time.Now in tests.
	clock func() time.Time
}

// Stack is the access middleware shared by REST and GraphQL. Build it with
// New and Close it when the server stops.
type Stack struct {
	cfg         Config
	log         *slog.Logger
	now         func() time.Time
	problemBase string
	cors        *cors.Cors
	metrics     *metrics
	jwt         *jwtVerifier // nil when JWTs are off
	limiter     limiter
	breaker     *gobreaker.CircuitBreaker[RateLimit] // nil without Redis

	keys      atomic.Pointer[keyset]
	keysMu    sync.Mutex // guards the fields below and serialises reloads
	fileKeys  []KeyInfo
	extraKeys []KeyInfo
	keysStamp fileStamp

	health healthCache

	stop      chan struct{}
	done      sync.WaitGroup
	closeOnce sync.Once
}

// New validates cfg, loads the keys, and starts watching the keys file.
func New(cfg Config) (*Stack, error) {
	if err := applyDefaults(&cfg); err != nil {
		return nil, err
	}
	s := &Stack{
		cfg:         cfg,
		log:         cfg.Logger,
		now:         cfg.clock,
		problemBase: cfg.ProblemTypeBase,
		cors:        newCORS(cfg.CORS),
		extraKeys:   append([]KeyInfo(nil), cfg.ExtraKeys...),
		stop:        make(chan struct{}),
	}
	local := newMemoryLimiter(s.now)
	if cfg.Redis != nil {
		s.breaker = newRedisBreaker(3, cfg.RedisCooldown, s.log, cfg.RedisFailurePolicy)
		s.metrics = newMetrics(breakerOpen(s.breaker))
		s.limiter = &sharedLimiter{
			redis:   newRedisLimiter(cfg.Redis, cfg.RedisPrefix+"rl:", cfg.RedisTimeout),
			local:   local,
			breaker: s.breaker,
			policy:  cfg.RedisFailurePolicy,
			metrics: s.metrics,
		}
	} else {
		s.metrics = newMetrics(nil)
		s.limiter = local
	}
	if cfg.KeysFile != "" {
		if err := s.reloadKeys(true); err != nil {
			return nil, fmt.Errorf("keys file: %w", err)
		}
	} else if err := s.rebuildKeys(); err != nil {
		return nil, err
	}
	if cfg.JWT.enabled() {
		v, err := newJWTVerifier(cfg.JWT, cfg.DefaultRatePerMin, s.now, s.log)
		if err != nil {
			return nil, fmt.Errorf("jwt: %w", err)
		}
		s.jwt = v
	}
	var sigs chan os.Signal
	if len(cfg.ReloadSignals) > 0 {
		// Registered before New returns, so that a signal sent right after
		// reloads instead of killing the process.
		sigs = make(chan os.Signal, 1)
		signal.Notify(sigs, cfg.ReloadSignals...)
	}
	s.done.Add(1)
	go s.watch(sigs)
	return s, nil
}

func applyDefaults(cfg *Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.clock == nil {
		cfg.clock = time.Now
	}
	if cfg.KeysPollInterval <= 0 {
		cfg.KeysPollInterval = time.Second
	}
	if cfg.DefaultRatePerMin == 0 {
		cfg.DefaultRatePerMin = 60
	}
	if cfg.DefaultRatePerMin < 0 {
		return errors.New("default rate per minute must be positive")
	}
	if cfg.RedisPrefix == "" {
		cfg.RedisPrefix = "gw:"
	}
	if cfg.RedisTimeout <= 0 {
		cfg.RedisTimeout = 100 * time.Millisecond
	}
	if cfg.RedisCooldown <= 0 {
		cfg.RedisCooldown = 5 * time.Second
	}
	switch cfg.RedisFailurePolicy {
	case "":
		cfg.RedisFailurePolicy = PolicyLocal
	case PolicyLocal, PolicyRefuse:
	default:
		return fmt.Errorf("redis failure policy %q: want %q or %q", cfg.RedisFailurePolicy, PolicyLocal, PolicyRefuse)
	}
	if cfg.AuthFailuresPerMin == 0 {
		cfg.AuthFailuresPerMin = 10
	}
	if cfg.AuthFailuresPerMin < 0 || cfg.TrustedProxies < 0 {
		return errors.New("auth failures per minute and trusted proxies must not be negative")
	}
	if cfg.BodyLimit == 0 {
		cfg.BodyLimit = 1 << 20
	}
	if cfg.BodyLimit < 0 {
		return errors.New("body limit must be positive")
	}
	if cfg.ProblemTypeBase == "" {
		cfg.ProblemTypeBase = defaultProblemBase
	}
	if err := validateCORS(cfg.CORS); err != nil {
		return err
	}
	for _, k := range cfg.ExtraKeys {
		if err := k.validate(); err != nil {
			return err
		}
	}
	return nil
}

// Close stops watching the keys file. It does not close the Redis client,
// which belongs to the caller.
func (s *Stack) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
	s.done.Wait()
}

// watch polls the keys file (and JWKS) and listens for reload signals.
func (s *Stack) watch(sigs chan os.Signal) {
	defer s.done.Done()
	if sigs != nil {
		defer signal.Stop(sigs)
	}
	tick := time.NewTicker(s.cfg.KeysPollInterval)
	defer tick.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-s.stop; cancel() }()
	for {
		select {
		case <-s.stop:
			return
		case sig := <-sigs:
			s.log.Info("reloading keys", "signal", sig.String())
			if err := s.Reload(); err != nil {
				s.log.Error("keys file invalid; keeping the last good keys", "file", s.cfg.KeysFile, "error", err.Error())
			}
		case <-tick.C:
			if s.cfg.KeysFile != "" {
				if err := s.reloadKeys(false); err != nil {
					s.log.Error("keys file invalid; keeping the last good keys", "file", s.cfg.KeysFile, "error", err.Error())
				}
			}
			if s.jwt != nil {
				s.jwt.tick(ctx)
			}
		}
	}
}

// Reload reads the keys file now. On error the last good keys stay in use;
// requests are never dropped, since the new set replaces the old in one
// atomic swap.
func (s *Stack) Reload() error {
	if s.cfg.KeysFile == "" {
		return nil
	}
	return s.reloadKeys(true)
}

// reloadKeys reads the keys file if it changed (or always, when forced).
func (s *Stack) reloadKeys(force bool) error {
	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	changed, stamp := s.keysStamp.changed(s.cfg.KeysFile)
	if !changed && !force {
		return nil
	}
	s.keysStamp = stamp
	keys, err := readKeysFile(s.cfg.KeysFile)
	if err != nil {
		return err
	}
	ks, err := newKeyset(keys, s.extraKeys)
	if err != nil {
		return err
	}
	s.fileKeys = keys
	s.keys.Store(ks)
	s.log.Info("keys loaded", "file", s.cfg.KeysFile, "keys", len(keys))
	return nil
}

// AddKeys adds in-memory keys beside the file's (demo keys, tests). They
// survive reloads of the file.
func (s *Stack) AddKeys(keys ...KeyInfo) error {
	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	extra := append(append([]KeyInfo(nil), s.extraKeys...), keys...)
	ks, err := newKeyset(s.fileKeys, extra)
	if err != nil {
		return err
	}
	s.extraKeys = extra
	s.keys.Store(ks)
	return nil
}

func (s *Stack) rebuildKeys() error {
	return s.AddKeys()
}
