package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/graph"
	"odoo-gateway/odoo"
)

// config is every setting, read once at start from the flags and the
// environment (the getenv given to run); packages get plain values.
type config struct {
	demo            bool
	addr            string
	publicURL       string
	odoo            odoo.XMLRPCConfig
	odooProtocol    string
	redisURL        string
	access          access.Config
	graphql         graph.Config
	logFormat       string
	logLevel        slog.Level
	startTimeout    time.Duration
	shutdownTimeout time.Duration
}

// settings reads environment variables, keeping the first problem, so
// that a bad setting fails the start with one line naming it.
type settings struct {
	getenv func(string) string
	err    error
}

func (s *settings) fail(name, format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
}

func (s *settings) str(name, def string) string {
	if v := strings.TrimSpace(s.getenv(name)); v != "" {
		return v
	}
	return def
}

func (s *settings) required(name, hint string) string {
	v := s.str(name, "")
	if v == "" {
		s.fail(name, "is required (%s; or run with -demo)", hint)
	}
	return v
}

func (s *settings) duration(name string, def time.Duration) time.Duration {
	v := s.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		s.fail(name, "%q is not a positive duration such as 500ms, 30s or 2m", v)
		return def
	}
	return d
}

func (s *settings) integer(name string, def, min int) int {
	v := s.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		s.fail(name, "%q is not a whole number of at least %d", v, min)
		return def
	}
	return n
}

func (s *settings) boolean(name string, def bool) bool {
	switch v := strings.ToLower(s.str(name, "")); v {
	case "":
		return def
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	default:
		s.fail(name, "%q is not on or off", v)
		return def
	}
}

func (s *settings) oneOf(name, def string, allowed ...string) string {
	v := strings.ToLower(s.str(name, def))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	s.fail(name, "%q is not one of %s", v, strings.Join(allowed, ", "))
	return def
}

func (s *settings) list(name string) []string {
	var out []string
	for item := range strings.SplitSeq(s.str(name, ""), ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// loadConfig reads the flags and the environment.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	demo, addrFlag, err := flags(args)
	if err != nil {
		return config{}, err
	}
	s := &settings{getenv: getenv}
	cfg := config{demo: demo}

	cfg.addr = s.str("GATEWAY_ADDR", "127.0.0.1:8080")
	if addrFlag != "" {
		cfg.addr = addrFlag
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		s.fail("GATEWAY_ADDR", "%q is not host:port (e.g. 127.0.0.1:8080 or :8080)", cfg.addr)
	}

	cfg.publicURL = s.str("GATEWAY_PUBLIC_URL", "")
	if cfg.publicURL != "" {
		if u, err := url.Parse(cfg.publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			s.fail("GATEWAY_PUBLIC_URL", "%q is not an http(s) URL such as https://api.example.com", cfg.publicURL)
		}
	}

	if !demo {
		cfg.odoo.URL = s.required("ODOO_URL", "the address of your Odoo, e.g. https://erp.example.com")
		if cfg.odoo.URL != "" {
			if u, err := url.Parse(cfg.odoo.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				s.fail("ODOO_URL", "%q is not an http(s) URL such as https://erp.example.com", cfg.odoo.URL)
			}
		}
		cfg.odoo.Database = s.required("ODOO_DB", "the name of the Odoo database")
		cfg.odoo.Login = s.required("ODOO_USER", "the login of the Odoo user the gateway acts as")
		cfg.odoo.Password = s.required("ODOO_PASSWORD", "that user's password or, better, an Odoo API key")
	}
	cfg.odooProtocol = s.oneOf("ODOO_PROTOCOL", "xmlrpc", "xmlrpc", "json2")
	cfg.odoo.Timeout = s.duration("ODOO_TIMEOUT", 30*time.Second)
	cfg.odoo.MaxResponseBytes = int64(s.integer("ODOO_MAX_RESPONSE_MB", 64, 1)) << 20

	cfg.redisURL = s.str("REDIS_URL", "")
	if cfg.redisURL != "" {
		if u, err := url.Parse(cfg.redisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
			s.fail("REDIS_URL", "is not a redis:// or rediss:// URL")
		}
	}
	a := &cfg.access
	a.KeysFile = s.str("GATEWAY_KEYS_FILE", "")
	a.DefaultRatePerMin = s.integer("GATEWAY_DEFAULT_RATE_PER_MIN", 60, 1)
	a.RedisPrefix = s.str("GATEWAY_REDIS_PREFIX", "gw:")
	a.RedisTimeout = s.duration("GATEWAY_REDIS_TIMEOUT", 100*time.Millisecond)
	a.RedisFailurePolicy = s.oneOf("GATEWAY_REDIS_FAILURE_POLICY", access.PolicyLocal, access.PolicyLocal, access.PolicyRefuse)
	a.RedisCooldown = s.duration("GATEWAY_REDIS_COOLDOWN", 5*time.Second)
	a.AuthFailuresPerMin = s.integer("GATEWAY_AUTH_FAILURES_PER_MIN", 10, 1)
	a.TrustedProxies = s.integer("GATEWAY_TRUSTED_PROXIES", 0, 0)
	a.CORS.Origins = s.list("GATEWAY_CORS_ORIGINS")
	a.CORS.AllowCredentials = s.boolean("GATEWAY_CORS_ALLOW_CREDENTIALS", false)
	if secret := s.str("GATEWAY_JWT_SECRET", ""); secret != "" {
		a.JWT.Secret = []byte(secret)
	}
	a.JWT.JWKSFile = s.str("GATEWAY_JWT_JWKS_FILE", "")
	a.JWT.JWKSURL = s.str("GATEWAY_JWT_JWKS_URL", "")
	a.JWT.Issuer = s.str("GATEWAY_JWT_ISSUER", "")
	a.JWT.Audience = s.str("GATEWAY_JWT_AUDIENCE", "")
	a.JWT.Leeway = s.duration("GATEWAY_JWT_LEEWAY", 30*time.Second)
	a.JWT.RatePerMin = s.integer("GATEWAY_JWT_RATE_PER_MIN", 0, 0)
	a.Metrics.Disabled = !s.boolean("GATEWAY_METRICS", true)
	a.Metrics.Token = s.str("GATEWAY_METRICS_TOKEN", "")
	a.BodyLimit = int64(s.integer("GATEWAY_BODY_LIMIT", 1<<20, 1024))

	g := &cfg.graphql
	g.Introspection = s.boolean("GATEWAY_GRAPHQL_INTROSPECTION", demo)
	g.Suggestions = s.boolean("GATEWAY_GRAPHQL_SUGGESTIONS", demo)
	g.MaxDepth = s.integer("GATEWAY_GRAPHQL_MAX_DEPTH", graph.DefaultMaxDepth, 1)
	g.MaxComplexity = s.integer("GATEWAY_GRAPHQL_MAX_COMPLEXITY", graph.DefaultMaxComplexity, 1)
	g.MaxTokens = s.integer("GATEWAY_GRAPHQL_MAX_TOKENS", graph.DefaultMaxTokens, 100)
	g.APQTTL = s.duration("GATEWAY_GRAPHQL_APQ_TTL", graph.DefaultAPQTTL)

	defaultFormat := "json"
	if demo {
		defaultFormat = "text"
	}
	cfg.logFormat = s.oneOf("GATEWAY_LOG_FORMAT", defaultFormat, "json", "text")
	switch level := s.oneOf("GATEWAY_LOG_LEVEL", "info", "debug", "info", "warn", "error"); level {
	case "debug":
		cfg.logLevel = slog.LevelDebug
	case "warn":
		cfg.logLevel = slog.LevelWarn
	case "error":
		cfg.logLevel = slog.LevelError
	}
	cfg.startTimeout = s.duration("GATEWAY_START_TIMEOUT", 20*time.Second)
	cfg.shutdownTimeout = s.duration("GATEWAY_SHUTDOWN_TIMEOUT", 30*time.Second)
	return cfg, s.err
}
