package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// JWTConfig turns on JWT bearer tokens (for browser apps whose users log in
// elsewhere). Setting Secret enables HS256; setting JWKSFile or JWKSURL
// enables RS256/RS384/RS512/PS256/ES256/ES384 with the keys of that set.
// Both may be set. Nothing set means JWTs are not accepted.
type JWTConfig struct {
	// Secret is the shared HS256 secret; at least 32 bytes.
	Secret []byte
	// JWKSFile is a JSON Web Key Set file, reloaded when it changes.
	JWKSFile string
	// JWKSURL is a JSON Web Key Set URL (an identity provider's jwks_uri),
	// fetched at start, every JWKSRefresh, and when a token names an unknown
	// key id (at most every 30 seconds).
	JWKSURL string
	// JWKSRefresh is how often JWKSURL is fetched again; default 15 minutes.
	JWKSRefresh time.Duration
	// Issuer, if set, must equal the token's iss.
	Issuer string
	// Audience, if set, must be one of the token's aud.
	Audience string
	// Leeway tolerates clock skew in exp and nbf; default 30 seconds.
	Leeway time.Duration
	// RatePerMin is each token subject's budget; 0 means the default rate.
	RatePerMin int
	// HTTPClient fetches JWKSURL; default a client with a 5 second timeout.
	HTTPClient *http.Client
}

func (c JWTConfig) enabled() bool {
	return len(c.Secret) > 0 || c.JWKSFile != "" || c.JWKSURL != ""
}

// minJWKSRefetch bounds refetches triggered by unknown key ids, so that
// tokens with made-up kids cannot make the gateway hammer the provider.
const minJWKSRefetch = 30 * time.Second

// maxSubjectLen bounds the subject, which becomes a log field and a Redis key.
const maxSubjectLen = 256

// jwtVerifier checks JWT bearer tokens and turns them into principals.
type jwtVerifier struct {
	cfg         JWTConfig
	defaultRate int
	now         func() time.Time
	log         *slog.Logger
	parser      *jwt.Parser

	keys atomic.Pointer[jwkSet]

	mu        sync.Mutex // serialises fetches and file reloads
	lastFetch time.Time
	lastTry   time.Time
	stamp     fileStamp
}

func newJWTVerifier(cfg JWTConfig, defaultRate int, now func() time.Time, log *slog.Logger) (*jwtVerifier, error) {
	if len(cfg.Secret) > 0 && len(cfg.Secret) < 32 {
		return nil, errors.New("JWT secret must be at least 32 bytes")
	}
	if cfg.JWKSRefresh <= 0 {
		cfg.JWKSRefresh = 15 * time.Minute
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = 30 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	var methods []string
	if len(cfg.Secret) > 0 {
		methods = append(methods, "HS256")
	}
	if cfg.JWKSFile != "" || cfg.JWKSURL != "" {
		methods = append(methods, "RS256", "RS384", "RS512", "PS256", "ES256", "ES384")
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(methods),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(now),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v := &jwtVerifier{cfg: cfg, defaultRate: defaultRate, now: now, log: log, parser: jwt.NewParser(opts...)}
	v.keys.Store(&jwkSet{})
	if cfg.JWKSFile != "" {
		if err := v.reloadFile(true); err != nil {
			return nil, err
		}
	}
	if cfg.JWKSURL != "" {
		// An identity provider that is down at start must not keep API-key
		// clients out: log, and keep trying in the background.
		if err := v.fetch(context.Background()); err != nil {
			log.Error("JWKS fetch failed; JWTs signed with its keys are refused until it succeeds",
				"url", cfg.JWKSURL, "error", err.Error())
		}
	}
	return v, nil
}

// tokenClaims are the claims the gateway reads.
type tokenClaims struct {
	jwt.RegisteredClaims
	// Scope is the OAuth 2.0 form: space-separated.
	Scope string `json:"scope,omitempty"`
	// Scopes is the common alternative: an array (or a string).
	Scopes scopeList `json:"scopes,omitempty"`
}

type scopeList []string

func (s *scopeList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = strings.Fields(one)
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("scopes must be a string or an array of strings")
	}
	*s = many
	return nil
}

// errTokenTiming marks a token that is genuine but expired or not yet
// valid: a browser app with a stale token is not guessing, so such
// failures do not count against the client's IP.
var errTokenTiming = errors.New("token expired or not yet valid")

// verify checks raw and returns its principal.
func (v *jwtVerifier) verify(ctx context.Context, raw string) (*Principal, error) {
	var claims tokenClaims
	_, err := v.parser.ParseWithClaims(raw, &claims, v.keyFunc(ctx))
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) || errors.Is(err, jwt.ErrTokenNotValidYet) {
			return nil, fmt.Errorf("%w: %w", errTokenTiming, err)
		}
		return nil, err
	}
	if claims.Subject == "" || len(claims.Subject) > maxSubjectLen {
		return nil, errors.New("token has no usable sub claim")
	}
	var scopes []string
	for _, s := range append(strings.Fields(claims.Scope), claims.Scopes...) {
		// Identity providers add scopes of their own (openid, email...):
		// ignore what is not ours rather than refusing the token.
		if IsScope(s) {
			scopes = append(scopes, s)
		}
	}
	scopes, _ = normalizeScopes(scopes)
	rate := v.cfg.RatePerMin
	if rate <= 0 {
		rate = v.defaultRate
	}
	p := &Principal{Name: "jwt:" + claims.Subject, Kind: KindJWT, Scopes: scopes, RatePerMin: rate}
	if claims.ExpiresAt != nil {
		p.ExpiresAt = claims.ExpiresAt.Time
	}
	return p, nil
}

// keyFunc picks the verification key for a token by its alg and kid.
func (v *jwtVerifier) keyFunc(ctx context.Context) jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		alg := t.Method.Alg()
		if strings.HasPrefix(alg, "HS") {
			return v.cfg.Secret, nil // WithValidMethods lets HS256 through only when a secret is set
		}
		kid, _ := t.Header["kid"].(string)
		if k := v.keys.Load().find(kid, alg); k != nil {
			return k, nil
		}
		if v.cfg.JWKSURL != "" && v.refetchAllowed() {
			if err := v.fetch(ctx); err != nil {
				v.log.Warn("JWKS refetch failed", "url", v.cfg.JWKSURL, "error", err.Error())
			}
			if k := v.keys.Load().find(kid, alg); k != nil {
				return k, nil
			}
		}
		return nil, fmt.Errorf("no key for kid %q and alg %s", kid, alg)
	}
}

func (v *jwtVerifier) refetchAllowed() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now().Sub(v.lastTry) >= minJWKSRefetch
}

// fetch downloads the key set from JWKSURL and replaces the current one if
// it parses; a bad answer keeps the keys we have.
func (v *jwtVerifier) fetch(ctx context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lastTry = v.now()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.cfg.JWKSURL, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := v.cfg.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("JWKS answered %s", resp.Status)
	}
	set, err := parseJWKS(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	v.keys.Store(set)
	v.lastFetch = v.now()
	return nil
}

// reloadFile reads JWKSFile if it changed (or always, when forced).
func (v *jwtVerifier) reloadFile(force bool) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	changed, stamp := v.stamp.changed(v.cfg.JWKSFile)
	if !changed && !force {
		return nil
	}
	v.stamp = stamp
	set, err := readJWKSFile(v.cfg.JWKSFile)
	if err != nil {
		return fmt.Errorf("JWKS file %s: %w", v.cfg.JWKSFile, err)
	}
	v.keys.Store(set)
	return nil
}

// tick is called by the stack's poll loop: it reloads a changed JWKS file
// and refreshes the JWKS URL when due.
func (v *jwtVerifier) tick(ctx context.Context) {
	if v.cfg.JWKSFile != "" {
		if err := v.reloadFile(false); err != nil {
			v.log.Error("JWKS file invalid; keeping the last good keys", "error", err.Error())
		}
	}
	if v.cfg.JWKSURL == "" {
		return
	}
	v.mu.Lock()
	due := v.now().Sub(v.lastFetch) >= v.cfg.JWKSRefresh && v.now().Sub(v.lastTry) >= minJWKSRefetch
	v.mu.Unlock()
	if due {
		if err := v.fetch(ctx); err != nil {
			v.log.Warn("JWKS refresh failed; keeping the last good keys", "url", v.cfg.JWKSURL, "error", err.Error())
		}
	}
}

// looksLikeJWT tells a JWT (three base64url parts) from an API key.
func looksLikeJWT(s string) bool {
	return strings.Count(s, ".") == 2 && !strings.HasPrefix(s, KeyPrefix)
}
