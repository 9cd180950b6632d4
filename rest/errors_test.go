package rest_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

const traceback = `Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/odoo/http.py", line 2051, in _serve_db
    return service_model.retrying(self._serve_ir_http, self.env)
psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update
`

// TestErrorCodes walks every error code a REST client can see, each
// provoked the way it happens in production, and checks the problem
// document: status, code, type, title, request id, and no internal detail.
func TestErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   func(*options)
		setup  func(h *harness)
		req    func(h *harness) req
		status int
		code   string
		// header must be present on the answer.
		header string
	}{
		{name: "validation", req: func(*harness) req { return req{target: "/api/v1/partners?limit=500"} },
			status: 400, code: odoo.EValidation},
		{name: "unauthorized without a key", req: func(*harness) req { return req{target: "/api/v1/partners", key: "-"} },
			status: 401, code: odoo.EUnauthorized, header: "WWW-Authenticate"},
		{name: "unauthorized with a wrong key", req: func(*harness) req { return req{target: "/api/v1/partners", key: "ogw_wrong"} },
			status: 401, code: odoo.EUnauthorized, header: "WWW-Authenticate"},
		{name: "forbidden: missing scope", req: func(h *harness) req {
			return req{target: "/api/v1/invoices", key: h.env.Access.KeyWithout(access.ScopeInvoicesRead)}
		}, status: 403, code: odoo.EForbidden, header: "WWW-Authenticate"},
		{name: "forbidden: Odoo access rights",
			setup: func(h *harness) {
				h.env.Sim.FailCalls(odoosim.Match{Model: "account.move"}, odoosim.Failure{FaultCode: 4,
					FaultString: "You are not allowed to access 'Journal Entry' (account.move) records."})
			},
			req: func(*harness) req { return req{target: "/api/v1/invoices"} }, status: 403, code: odoo.EForbidden},
		{name: "not_found: record", req: func(*harness) req { return req{target: "/api/v1/products/999999"} },
			status: 404, code: odoo.ENotFound},
		{name: "not_found: vendor bill through /invoices", req: func(h *harness) req {
			bills := h.env.Sim.Find("account.move", []any{[]any{"move_type", "=", "in_invoice"}})
			if len(bills) == 0 {
				h.t.Skip("no vendor bill in the demo data")
			}
			return req{target: "/api/v1/invoices/" + strconv.Itoa(toInt(bills[0]["id"]))}
		}, status: 404, code: odoo.ENotFound},
		{name: "not_found: route", req: func(*harness) req { return req{target: "/api/v1/orders"} },
			status: 404, code: odoo.ENotFound},
		{name: "not_found: other version", req: func(*harness) req { return req{target: "/api/v2/partners"} },
			status: 404, code: odoo.ENotFound},
		{name: "conflict", req: func(*harness) req { return req{method: http.MethodDelete, target: "/api/v1/partners/9"} },
			status: 409, code: odoo.EConflict},
		{name: "rate_limit_exceeded", req: func(h *harness) req {
			key := h.env.Access.KeyFor(access.KeySpec{Scopes: []string{access.ScopeAll}, RatePerMin: 2})
			for range 2 {
				h.do(req{target: "/api/v1/countries?limit=1", key: key}).expect(h.t, http.StatusOK)
			}
			return req{target: "/api/v1/countries?limit=1", key: key}
		}, status: 429, code: odoo.ERateLimited, header: "Retry-After"},
		{name: "upstream_unavailable: Odoo answers 502",
			setup: func(h *harness) {
				h.env.Sim.FailCalls(odoosim.Match{}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
			},
			req: func(*harness) req { return req{target: "/api/v1/partners"} }, status: 503, code: odoo.EUpstreamUnavailable},
		{name: "upstream_unavailable: connection dropped",
			setup: func(h *harness) { h.env.Sim.FailCalls(odoosim.Match{}, odoosim.Failure{Drop: true}) },
			req:   func(*harness) req { return req{target: "/api/v1/sale-orders/1"} }, status: 503, code: odoo.EUpstreamUnavailable},
		{name: "upstream_unavailable: gateway credentials refused",
			setup: func(h *harness) {
				h.env.Sim.FailCalls(odoosim.Match{Service: "object"}, odoosim.Failure{FaultCode: 3, FaultString: "Access Denied"})
			},
			req: func(*harness) req { return req{target: "/api/v1/products"} }, status: 503, code: odoo.EUpstreamUnavailable},
		{name: "upstream_timeout", opts: func(o *options) { o.gw.Timeout = 200 * time.Millisecond },
			setup: func(h *harness) {
				h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner"}, odoosim.Failure{Hang: true})
			},
			req: func(*harness) req { return req{target: "/api/v1/customers"} }, status: 504, code: odoo.EUpstreamTimeout},
		{name: "internal: Odoo fault 1",
			setup: func(h *harness) {
				h.env.Sim.FailCalls(odoosim.Match{Model: "res.country"}, odoosim.Failure{FaultCode: 1, FaultString: traceback})
			},
			req: func(*harness) req { return req{target: "/api/v1/countries"} }, status: 500, code: odoo.EInternal},
		{name: "method_not_allowed", req: func(*harness) req { return req{method: http.MethodPut, target: "/api/v1/partners/9", body: `{}`} },
			status: 405, code: access.EMethodNotAllowed, header: "Allow"},
		{name: "unsupported_media_type", req: func(*harness) req {
			return req{method: http.MethodPost, target: "/api/v1/partners", body: "name=x", header: map[string]string{"Content-Type": "text/plain"}}
		}, status: 415, code: access.EUnsupportedMediaType},
		{name: "payload_too_large", opts: func(o *options) { o.gw.Access.BodyLimit = 2048 },
			req: func(*harness) req {
				return req{method: http.MethodPatch, target: "/api/v1/partners/9", body: `{"name": "` + strings.Repeat("x", 3000) + `"}`}
			}, status: 413, code: access.ETooLarge},
		{name: "unprocessable_entity", req: func(h *harness) req {
			hdr := map[string]string{"Idempotency-Key": "k"}
			h.do(req{method: http.MethodPatch, target: "/api/v1/partners/9", body: `{"city": "A"}`, header: hdr}).expect(h.t, http.StatusOK)
			return req{method: http.MethodPatch, target: "/api/v1/partners/9", body: `{"city": "B"}`, header: hdr}
		}, status: 422, code: access.EUnprocessable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []func(*options)
			if tc.opts != nil {
				opts = append(opts, tc.opts)
			}
			h := newHarness(t, opts...)
			if tc.setup != nil {
				tc.setup(h)
			}
			res := h.do(tc.req(h)).expect(t, tc.status)
			p := res.problem(t)
			if p.Code != tc.code || p.Status != tc.status || p.Type != "/api/docs/problems/"+tc.code || p.Title == "" {
				t.Errorf("problem %+v, want code %s status %d", p, tc.code, tc.status)
			}
			if p.RequestID == "" || p.RequestID != res.Header().Get("X-Request-ID") {
				t.Errorf("request_id %q, X-Request-ID %q", p.RequestID, res.Header().Get("X-Request-ID"))
			}
			if tc.header != "" && res.Header().Get(tc.header) == "" {
				t.Errorf("no %s header", tc.header)
			}
			noTraceback(t, res)
			// The problem type resolves to its page.
			h.get(p.Type).expect(t, http.StatusOK)
		})
	}
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// TestRateLimitHeaders checks the budget headers on answers and the 429.
func TestRateLimitHeaders(t *testing.T) {
	h := newHarness(t)
	key := h.env.Access.KeyFor(access.KeySpec{Scopes: []string{access.ScopeCountriesRead}, RatePerMin: 3})
	for i := range 3 {
		res := h.do(req{target: "/api/v1/countries?limit=1", key: key}).expect(t, http.StatusOK)
		if got := res.Header().Get("RateLimit-Remaining"); got != strconv.Itoa(2-i) {
			t.Errorf("request %d: RateLimit-Remaining %q", i, got)
		}
		for _, hd := range []string{"RateLimit-Limit", "RateLimit-Reset", "RateLimit-Policy", "RateLimit"} {
			if res.Header().Get(hd) == "" {
				t.Errorf("request %d: no %s", i, hd)
			}
		}
	}
	h.env.Sim.ResetCalls()
	res := h.do(req{target: "/api/v1/countries?limit=1", key: key}).expect(t, http.StatusTooManyRequests)
	if res.Header().Get("Retry-After") == "" || res.Header().Get("RateLimit-Remaining") != "0" {
		t.Errorf("429 headers %v", res.Header())
	}
	if c := h.env.Sim.Calls(); len(c) != 0 {
		t.Errorf("a refused request reached Odoo: %+v", c)
	}
}

// TestHealth checks the public health endpoint, up and down.
func TestHealth(t *testing.T) {
	h := newHarness(t)
	res := h.do(req{target: "/api/v1/health", key: "-"}).expect(t, http.StatusOK)
	if got := res.json(t); got["status"] != "ok" {
		t.Errorf("health %v", got)
	}
	down := newHarness(t)
	down.env.Sim.FailCalls(odoosim.Match{Service: "common"}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
	res = down.do(req{target: "/api/v1/health", key: "-"}).expect(t, http.StatusServiceUnavailable)
	if got := res.json(t); got["status"] != "down" {
		t.Errorf("health %v", got)
	}
	noTraceback(t, res)
}
