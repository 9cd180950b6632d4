package access

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"odoo-gateway/odoo"
)

// MetricsConfig controls the Prometheus endpoint.
type MetricsConfig struct {
	// Disabled makes MetricsHandler answer 404 (metrics are still counted,
	// which costs next to nothing).
	Disabled bool
	// Token, if set, must be sent as "Authorization: Bearer <token>" to
	// read the metrics.
	Token string
}

// metrics are the gateway's Prometheus collectors, in a registry of the
// stack's own (not the global one), so that several stacks in one test
// binary never collide.
type metrics struct {
	reg *prometheus.Registry

	requests     *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	odooCalls    *prometheus.CounterVec
	odooDuration *prometheus.HistogramVec
	rateRefusals *prometheus.CounterVec
	authFailures *prometheus.CounterVec
	fallbacks    *prometheus.CounterVec
}

func newMetrics(breakerOpen func() bool) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_http_requests_total",
			Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gateway_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route template.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route"}),
		odooCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_odoo_calls_total",
			Help: "Upstream Odoo calls by model, method and result code (ok or an error code).",
		}, []string{"model", "method", "code"}),
		odooDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gateway_odoo_call_duration_seconds",
			Help:    "Upstream Odoo call latency by model and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"model", "method"}),
		rateRefusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_rate_limit_refusals_total",
			Help: "Requests refused with 429, by limiter: principal (budget spent) or auth_failures (too many failed attempts from one IP).",
		}, []string{"limiter"}),
		authFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_auth_failures_total",
			Help: "Failed authentications by reason: missing, invalid_key, invalid_token, expired_token, origin.",
		}, []string{"reason"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gateway_rate_limit_redis_fallbacks_total",
			Help: "Rate-limit decisions made without Redis, by failure policy (local or refuse).",
		}, []string{"policy"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.odooCalls, m.odooDuration,
		m.rateRefusals, m.authFailures, m.fallbacks,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "gateway_rate_limit_redis_breaker_open",
			Help: "1 while the circuit breaker bypasses Redis, else 0.",
		}, func() float64 {
			if breakerOpen != nil && breakerOpen() {
				return 1
			}
			return 0
		}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// knownMethods bounds the method label; anything else is "other".
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

func (m *metrics) observeRequest(method, route string, status int, d time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// Registerer lets other packages (GraphQL, the data service) add their own
// collectors to the registry served at /metrics.
func (s *Stack) Registerer() prometheus.Registerer { return s.metrics.reg }

// Gatherer exposes the registry, for tests that read metrics.
func (s *Stack) Gatherer() prometheus.Gatherer { return s.metrics.reg }

// MetricsHandler serves the metrics in the Prometheus text format. It
// answers 404 when metrics are disabled and 401 without the configured
// token. Mount it outside Authenticate (at /metrics): scrapers use the
// metrics token, not an API key.
func (s *Stack) MetricsHandler() http.Handler {
	if s.cfg.Metrics.Disabled {
		return http.NotFoundHandler()
	}
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	token := s.cfg.Metrics.Token
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			WriteError(w, r, &odoo.Error{Code: odoo.EUnauthorized, Message: "The metrics token is missing or wrong."})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// odooObserver feeds upstream call metrics; it implements odoo.Observer.
type odooObserver struct{ m *metrics }

// ObserveOdooCall records one upstream call.
func (o odooObserver) ObserveOdooCall(model, method string, d time.Duration, code string) {
	if code == "" {
		code = "ok"
	}
	o.m.odooCalls.WithLabelValues(model, method, code).Inc()
	o.m.odooDuration.WithLabelValues(model, method).Observe(d.Seconds())
}

// OdooObserver returns the odoo.Observer that records upstream Odoo calls
// (count and latency by model and method) in this stack's metrics; pass it
// to the data service.
func (s *Stack) OdooObserver() odoo.Observer { return odooObserver{s.metrics} }
