package access

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// metricValue returns the value of the counter (or the sample count of the
// histogram) name with exactly labels, or -1.
func metricValue(t *testing.T, s *Stack, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := s.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if labelsMatch(m, labels) {
				switch {
				case m.Counter != nil:
					return m.GetCounter().GetValue()
				case m.Histogram != nil:
					return float64(m.GetHistogram().GetSampleCount())
				case m.Gauge != nil:
					return m.GetGauge().GetValue()
				}
			}
		}
	}
	return -1
}

func labelsMatch(m *dto.Metric, want map[string]string) bool {
	if len(m.GetLabel()) != len(want) {
		return false
	}
	for _, l := range m.GetLabel() {
		if want[l.GetName()] != l.GetValue() {
			return false
		}
	}
	return true
}

func TestMetrics(t *testing.T) {
	clock := newFakeClock()
	s := newStack(t, Config{clock: clock.Now})
	key := addKey(t, s, KeySpec{Name: "k", Scopes: []string{ScopePartnersRead}, RatePerMin: 1})
	h := newRouter(s, &okHandler{})

	serve(h, request("GET", "/api/v1/partners/1", nil, "X-API-Key", key))
	serve(h, request("GET", "/api/v1/partners/2", nil, "X-API-Key", key)) // over the limit
	serve(h, request("GET", "/api/v1/partners/3", nil))                   // no credential
	serve(h, request("GET", "/api/v1/partners/3", nil, "X-API-Key", "nope"))
	serve(h, request("GET", "/wp-admin/1", nil))
	serve(h, request("GET", "/wp-admin/2", nil))
	s.OdooObserver().ObserveOdooCall("res.partner", "search_read", 20*time.Millisecond, "")
	s.OdooObserver().ObserveOdooCall("res.partner", "write", 5*time.Millisecond, "validation")

	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"gateway_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/partners/{id}", "status": "200"}, 1},
		{"gateway_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/partners/{id}", "status": "429"}, 1},
		{"gateway_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/partners/{id}", "status": "401"}, 2},
		{"gateway_http_requests_total", map[string]string{"method": "GET", "route": "unmatched", "status": "404"}, 2},
		{"gateway_http_request_duration_seconds", map[string]string{"method": "GET", "route": "/api/v1/partners/{id}"}, 4},
		{"gateway_rate_limit_refusals_total", map[string]string{"limiter": "principal"}, 1},
		{"gateway_auth_failures_total", map[string]string{"reason": "missing"}, 1},
		{"gateway_auth_failures_total", map[string]string{"reason": "invalid_key"}, 1},
		{"gateway_odoo_calls_total", map[string]string{"model": "res.partner", "method": "search_read", "code": "ok"}, 1},
		{"gateway_odoo_calls_total", map[string]string{"model": "res.partner", "method": "write", "code": "validation"}, 1},
		{"gateway_odoo_call_duration_seconds", map[string]string{"model": "res.partner", "method": "search_read"}, 1},
	}
	for _, tt := range tests {
		if got := metricValue(t, s, tt.name, tt.labels); got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}

	rec := serve(h, request("GET", "/metrics", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "gateway_http_requests_total") {
		t.Errorf("GET /metrics: %d", rec.Code)
	}
}

func TestMetricsEndpointProtection(t *testing.T) {
	tests := []struct {
		name   string
		cfg    MetricsConfig
		auth   string
		status int
	}{
		{"open", MetricsConfig{}, "", 200},
		{"token missing", MetricsConfig{Token: "s3cret"}, "", 401},
		{"token wrong", MetricsConfig{Token: "s3cret"}, "Bearer nope", 401},
		{"token right", MetricsConfig{Token: "s3cret"}, "Bearer s3cret", 200},
		{"disabled", MetricsConfig{Disabled: true}, "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, Config{Metrics: tt.cfg})
			h := s.Wrap(s.MetricsHandler())
			r := request("GET", "/metrics", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			if got := serve(h, r).Code; got != tt.status {
				t.Errorf("status %d, want %d", got, tt.status)
			}
		})
	}
}

func TestRegistererServesOtherCollectors(t *testing.T) {
	s := newStack(t, Config{})
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "graphql_complexity_refusals_total", Help: "test"})
	if err := s.Registerer().Register(c); err != nil {
		t.Fatal(err)
	}
	c.Inc()
	rec := serve(s.Wrap(s.MetricsHandler()), request("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), "graphql_complexity_refusals_total 1") {
		t.Errorf("a collector registered by another package is not served")
	}
	// Two stacks in one process have separate registries.
	other := newStack(t, Config{})
	if err := other.Registerer().Register(prometheus.NewCounter(prometheus.CounterOpts{Name: "graphql_complexity_refusals_total", Help: "test"})); err != nil {
		t.Errorf("registries are shared between stacks: %v", err)
	}
}
