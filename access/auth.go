package access

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"odoo-gateway/odoo"
)

// ErrorWriter answers an error. The stack sets the status-related headers
// (WWW-Authenticate, Retry-After, RateLimit-*) before calling it; the
// writer picks the body format and must use Status(err) as the status.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// AuthOption adjusts Authenticate.
type AuthOption func(*authOptions)

type authOptions struct {
	writeError ErrorWriter
}

// WithErrorWriter makes Authenticate answer its refusals with w instead of
// problem+json (GraphQL answers {"errors": [...]} with the same status and
// headers).
func WithErrorWriter(w ErrorWriter) AuthOption {
	return func(o *authOptions) { o.writeError = w }
}

// Authenticate requires a principal (an API key in X-API-Key or
// "Authorization: Bearer", or a JWT bearer token), enforces its rate limit,
// and puts the principal and the rate-limit state in the request context.
// Every authenticated answer carries the rate-limit headers and is marked
// not cacheable. Refusals: 401 unauthorized (never telling whether a key
// exists), 429 rate_limit_exceeded with Retry-After (budget spent, or too
// many failed attempts from the client's IP), 403 forbidden (key used from
// an origin it is not allowed for), 503 when the refuse policy applies.
func (s *Stack) Authenticate(h http.Handler, opts ...AuthOption) http.Handler {
	o := authOptions{writeError: WriteError}
	for _, opt := range opts {
		opt(&o)
	}
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		w.Header().Set("Cache-Control", "no-store")
		SetErrorHeaders(w, err)
		o.writeError(w, r, err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(w, r)
		if err != nil {
			fail(w, r, err)
			return
		}
		if st := stateFrom(r.Context()); st != nil {
			st.setPrincipal(p)
		}
		if !originAllowed(p, r.Header.Get("Origin")) {
			s.metrics.authFailures.WithLabelValues("origin").Inc()
			fail(w, r, &odoo.Error{Code: odoo.EForbidden, Message: "This credential may not be used from this origin."})
			return
		}
		// Key names cannot contain ':', so "jwt:<sub>" never meets a key's name.
		rl, err := s.limiter.allow(r.Context(), "p:"+p.Name, p.RatePerMin, time.Minute, 1)
		if err != nil {
			fail(w, r, s.limiterError(w, err))
			return
		}
		setRateHeaders(w.Header(), rl)
		if !rl.Allowed {
			s.metrics.rateRefusals.WithLabelValues("principal").Inc()
			fail(w, r, &odoo.Error{Code: odoo.ERateLimited,
				Message: "Rate limit of " + strconv.Itoa(rl.Limit) + " requests per minute exceeded; retry after the time in Retry-After."})
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Add("Vary", "Authorization, X-API-Key")
		ctx := WithPrincipal(r.Context(), p)
		ctx = context.WithValue(ctx, rateKey{}, rl)
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate finds the principal of r, throttling failed attempts per
// client IP: once an IP has failed too often, it gets 429 before its
// credential is even looked at, so a correct guess is not recognisable
// either and guessing stays slow.
func (s *Stack) authenticate(w http.ResponseWriter, r *http.Request) (*Principal, error) {
	cred, ok := credential(r)
	if !ok {
		s.metrics.authFailures.WithLabelValues("missing").Inc()
		return nil, &odoo.Error{Code: odoo.EUnauthorized,
			Message: "Authentication is required: send an API key in X-API-Key or a bearer token in Authorization."}
	}
	failKey := "authfail:" + s.throttleKey(r)
	limit := s.cfg.AuthFailuresPerMin
	peek, err := s.limiter.allow(r.Context(), failKey, limit, time.Minute, 0)
	if err != nil {
		return nil, s.limiterError(w, err)
	}
	if peek.Remaining < 1 {
		s.metrics.rateRefusals.WithLabelValues("auth_failures").Inc()
		// Time until one failure fits in the budget again.
		wait := peek.Reset - time.Duration(limit-1)*(time.Minute/time.Duration(limit))
		w.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(wait))))
		return nil, &odoo.Error{Code: odoo.ERateLimited,
			Message: "Too many failed authentication attempts from this address; retry after the time in Retry-After."}
	}
	p, reason, err := s.verify(r.Context(), cred)
	if err == nil {
		return p, nil
	}
	s.metrics.authFailures.WithLabelValues(reason).Inc()
	if reason != "expired_token" {
		// Spend one failure; a Redis error here only loses one count.
		_, _ = s.limiter.allow(r.Context(), failKey, limit, time.Minute, 1)
	}
	w.Header().Set("WWW-Authenticate", challenge(`error="invalid_token"`))
	return nil, &odoo.Error{Code: odoo.EUnauthorized, Message: "The API key or token is not valid.", Err: err}
}

// verify checks a credential: an API key (it has KeyPrefix), else a JWT
// when JWTs are on. The reason names the failure for metrics.
func (s *Stack) verify(ctx context.Context, cred string) (p *Principal, reason string, err error) {
	if s.jwt != nil && looksLikeJWT(cred) {
		p, err := s.jwt.verify(ctx, cred)
		switch {
		case errors.Is(err, errTokenTiming):
			return nil, "expired_token", err
		case err != nil:
			return nil, "invalid_token", err
		}
		return p, "", nil
	}
	k, err := s.keys.Load().lookup(cred, s.now())
	if err != nil {
		return nil, "invalid_key", err
	}
	return k.principal(s.cfg.DefaultRatePerMin), "", nil
}

// credential returns the presented key or token: X-API-Key first, then an
// Authorization bearer token.
func credential(r *http.Request) (string, bool) {
	if k := strings.TrimSpace(r.Header.Get("X-API-Key")); k != "" {
		return k, true
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if ok && strings.EqualFold(scheme, "Bearer") {
		if token = strings.TrimSpace(token); token != "" {
			return token, true
		}
	}
	return "", false
}

// limiterError is the answer while the limiter cannot decide (Redis down
// under the refuse policy).
func (s *Stack) limiterError(w http.ResponseWriter, err error) error {
	if errors.Is(err, errLimiterUnavailable) {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(s.cfg.RedisCooldown))))
	}
	return &odoo.Error{Code: odoo.EUpstreamUnavailable,
		Message: "Rate limiting is temporarily unavailable; try again shortly.", Err: err}
}

// clientAddr is the client's address: the connection's, or with
// TrustedProxies set, the address that many hops back in X-Forwarded-For
// (the entries before it are whatever the client claimed, so they are
// ignored).
func (s *Stack) clientAddr(r *http.Request) netip.Addr {
	addr := remoteAddr(r)
	if n := s.cfg.TrustedProxies; n > 0 {
		var hops []string
		for _, v := range r.Header.Values("X-Forwarded-For") {
			for h := range strings.SplitSeq(v, ",") {
				hops = append(hops, strings.TrimSpace(h))
			}
		}
		if len(hops) >= n {
			if a, err := netip.ParseAddr(hops[len(hops)-n]); err == nil {
				addr = a
			}
		}
	}
	return addr.Unmap()
}

// clientIP is the client's address as logged.
func (s *Stack) clientIP(r *http.Request) string {
	if a := s.clientAddr(r); a.IsValid() {
		return a.String()
	}
	return "unknown"
}

// throttleKey is what failed attempts are counted against: the client's
// IPv4 address, or its IPv6 /64, since one client usually holds a whole /64.
func (s *Stack) throttleKey(r *http.Request) string {
	a := s.clientAddr(r)
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is6():
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a
}
