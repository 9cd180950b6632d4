package access

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/rs/cors"
)

// CORSConfig says which browser origins may call the API.
type CORSConfig struct {
	// Origins are exact origins (https://app.example.com); "*" allows any
	// origin. Empty means no cross-origin access at all.
	Origins []string
	// AllowCredentials lets browsers send cookies; the gateway does not use
	// them, so leave it off unless something in front of it does. It cannot
	// be combined with "*".
	AllowCredentials bool
	// MaxAge is how long browsers may cache a preflight; default 10 minutes.
	MaxAge time.Duration
	// ExposedHeaders adds response headers for browser code to read, beside
	// the defaults (ExposedHeaders).
	ExposedHeaders []string
}

// AllowedHeaders are the request headers browsers may send cross-origin.
var AllowedHeaders = []string{
	"X-API-Key", "Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID",
	"If-Match", "If-None-Match",
}

// ExposedHeaders are the response headers browser code may read.
var ExposedHeaders = []string{
	"X-Request-ID", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
	"RateLimit-Policy", "RateLimit", "Retry-After", "WWW-Authenticate",
	"Link", "X-Total-Count", "Location", "ETag", "Idempotent-Replayed",
}

// allowedMethods are the methods any API route may use cross-origin.
var allowedMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete,
}

func validateCORS(c CORSConfig) error {
	for _, o := range c.Origins {
		if o == "*" {
			if c.AllowCredentials {
				return errors.New(`CORS origin "*" cannot be combined with credentials`)
			}
			continue
		}
		if err := validateOrigin(o); err != nil {
			return err
		}
	}
	return nil
}

// newCORS builds the CORS handler (github.com/rs/cors). It wraps the whole
// router, so a preflight to any path is answered here, even for a method
// that the router would refuse with 405: middleware added with a router's
// Use never sees such a preflight.
func newCORS(c CORSConfig) *cors.Cors {
	maxAge := c.MaxAge
	if maxAge == 0 {
		maxAge = 10 * time.Minute
	}
	opts := cors.Options{
		AllowedOrigins:   c.Origins,
		AllowedMethods:   allowedMethods,
		AllowedHeaders:   AllowedHeaders,
		ExposedHeaders:   append(slices.Clone(ExposedHeaders), c.ExposedHeaders...),
		AllowCredentials: c.AllowCredentials,
		MaxAge:           int(maxAge.Seconds()),
	}
	if len(c.Origins) == 0 {
		// rs/cors treats an empty list as "*"; the gateway's default is the
		// safe one: no origin is allowed until one is configured.
		opts.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(opts)
}

// originAllowed reports whether a principal may be used from the request's
// origin: always without an Origin header (not a browser) or without a
// per-key list, otherwise only from the listed origins.
func originAllowed(p *Principal, origin string) bool {
	return origin == "" || len(p.Origins) == 0 || slices.Contains(p.Origins, origin)
}
