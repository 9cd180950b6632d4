package access

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"odoo-gateway/odoo"
)

// Route labels for requests that never reach a route.
const (
	RouteUnmatched = "unmatched"
	RoutePreflight = "preflight"
)

// Wrap puts the outer layers around the whole top-level router (REST,
// GraphQL, docs, metrics), outermost first:
//
//   - request id (accepted or generated, echoed in X-Request-ID) and the
//     upstream call counter (odoo.WithCallStats);
//   - one access log line and the request metrics per request;
//   - panic recovery (500 internal with the request id; the stack only in
//     the log);
//   - security headers;
//   - CORS, answering preflights to any path;
//   - the request body limit (413).
func (s *Stack) Wrap(h http.Handler) http.Handler {
	inner := s.cors.Handler(s.limitBody(h))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		st := &requestState{id: requestID(r), stack: s}
		ctx := context.WithValue(r.Context(), stateKey{}, st)
		ctx, stats := odoo.WithCallStats(ctx)
		r = r.WithContext(ctx)
		r.Header.Set(HeaderRequestID, st.id)
		if r.Body != nil && r.Body != http.NoBody {
			// Here, on the server's own writer, so that hitting the limit
			// also tells net/http to close the connection.
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.BodyLimit)
		}
		w.Header().Set(HeaderRequestID, st.id)
		setSecurityHeaders(w.Header())
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v != nil {
				s.recovered(sw, r, v)
			}
			s.logRequest(sw, r, st, stats, s.now().Sub(start))
			if v == http.ErrAbortHandler {
				panic(v) // net/http's way to abort a response; it must see it
			}
		}()
		inner.ServeHTTP(sw, r)
	})
}

// setSecurityHeaders sets what every answer carries: no MIME sniffing, no
// framing, no referrer leaks.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// limitBody refuses a body declared larger than the limit before anything
// reads it; bodies without a length are cut by the MaxBytesReader of Wrap.
func (s *Stack) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.BodyLimit {
			WriteError(w, r, TooLarge(s.cfg.BodyLimit))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// logRequest writes the access log line and records the request metrics.
// It never logs headers, so keys, tokens and passwords cannot end up there.
func (s *Stack) logRequest(sw *statusWriter, r *http.Request, st *requestState, stats *odoo.CallStats, d time.Duration) {
	route, principal, kind := st.snapshot()
	if route == "" {
		route = RouteUnmatched
		if isPreflight(r) {
			route = RoutePreflight
		}
	}
	status := sw.statusCode()
	s.metrics.observeRequest(r.Method, route, status, d)

	level := slog.LevelInfo
	if status >= 500 && status != statusClientClosed {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("request_id", st.id),
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", sw.bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("client_ip", s.clientIP(r)),
		slog.Int64("upstream_calls", stats.Calls()),
		slog.Float64("upstream_ms", float64(stats.Duration().Microseconds())/1000),
	}
	if principal != "" {
		attrs = append(attrs, slog.String("principal", principal), slog.String("principal_kind", string(kind)))
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}
