package rest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/access"
	"odoo-gateway/odoo/odoosim"
)

var seq atomic.Int64

// uniqueName makes partner names no other test uses.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s %d", prefix, seq.Add(1))
}

// create posts a partner and returns its id.
func (h *harness) create(body map[string]any) int {
	h.t.Helper()
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body}).expect(h.t, http.StatusCreated)
	return int(res.json(h.t)["id"].(float64))
}

func TestCreatePartner(t *testing.T) {
	h := newHarness(t)
	name := uniqueName("Deco Addict")
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: map[string]any{
		"name": "  " + name + " ", "email": "info@deco.example", "phone": "+32 2 290 34 90",
		"is_company": true, "street": "Rue des Palais 44", "city": "Brussels", "zip": "1030",
		"country_code": "be", "vat": "BE0477472701", "website": "https://deco.example",
		"reference": "DECO", "function": nil,
	}}).expect(t, http.StatusCreated)
	got := res.json(t)
	id := int(got["id"].(float64))
	if loc := res.Header().Get("Location"); loc != fmt.Sprintf("http://example.com/api/v1/partners/%d", id) {
		t.Errorf("Location %q", loc)
	}
	again := h.get(fmt.Sprintf("/api/v1/partners/%d", id)).expect(t, http.StatusOK).json(t)
	if diff := cmp.Diff(again, got); diff != "" {
		t.Errorf("the created partner differs from GET (-get +post):\n%s", diff)
	}
	rec := h.env.Sim.Record("res.partner", id)
	for field, want := range map[string]any{
		"name": name, "email": "info@deco.example", "is_company": true, "city": "Brussels",
		"vat": "BE0477472701", "ref": "DECO", "website": "https://deco.example", "function": false,
	} {
		if rec[field] != want {
			t.Errorf("Odoo %s = %#v, want %#v", field, rec[field], want)
		}
	}
	if got["country_code"] != "BE" || refID(got["country"]) == 0 {
		t.Errorf("country %v %v, want Belgium", got["country"], got["country_code"])
	}
	if creates := h.env.Calls("res.partner", "create"); len(creates) != 1 {
		t.Errorf("%d create calls, want 1", len(creates))
	}
	// Sparse answer on create.
	res = h.do(req{method: http.MethodPost, target: "/api/v1/partners?fields=name", body: map[string]any{"name": uniqueName("Sparse")}}).expect(t, http.StatusCreated)
	if got := res.json(t); len(got) != 2 {
		t.Errorf("fields=name on create: %v", got)
	}
}

func TestCreateContactOfCompany(t *testing.T) {
	h := newHarness(t)
	id := h.create(map[string]any{"name": uniqueName("Contact"), "parent_id": 9})
	got := h.get(fmt.Sprintf("/api/v1/partners/%d?fields=parent", id)).json(t)
	if refID(got["parent"]) != 9 {
		t.Errorf("parent %v, want 9", got["parent"])
	}
}

// TestWriteValidationAllAtOnce sends bodies with many problems: each must
// be reported in one 400, before anything reaches Odoo.
func TestWriteValidationAllAtOnce(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, method, target string
		body                 string
		want                 map[string]string // field -> a substring of its problem
	}{
		{"create", http.MethodPost, "/api/v1/partners", `{
			"email": "not-an-email", "phone": "` + strings.Repeat("1", 51) + `",
			"country_code": "BEL", "parent_id": "9", "is_company": "yes", "website": "ftp://x.example",
			"colour": "red", "country": {"id": 21}, "customer_rank": 3, "city": 12, "zip": null}`,
			map[string]string{
				"name": "required field", "email": "email address", "phone": "at most 50",
				"country_code": "two-letter", "parent_id": "integer id", "is_company": "true or false",
				"website": "http or https URL", "colour": "unknown field", "country": "country_code",
				"customer_rank": "read-only", "city": "must be a string",
			}},
		{"create with empty and long name", http.MethodPost, "/api/v1/partners?fields=bogus", `{"name": "` + strings.Repeat("n", 201) + `", "parent_id": 1.5}`,
			map[string]string{"name": "at most 200", "parent_id": "integer id", "fields": "unknown field"}},
		{"blank name", http.MethodPost, "/api/v1/partners", `{"name": "   "}`, map[string]string{"name": "must not be empty"}},
		{"update", http.MethodPatch, "/api/v1/partners/9", `{"name": null, "email": "a@b", "parent_id": 0, "id": 3, "vat": ["x"]}`,
			map[string]string{"name": "cannot be null", "email": "email address", "parent_id": "not a valid id", "id": "read-only", "vat": "must be a string"}},
		{"own parent", http.MethodPatch, "/api/v1/partners/9", `{"parent_id": 9}`, map[string]string{"parent_id": "own parent"}},
		{"repeated member", http.MethodPatch, "/api/v1/partners/9", `{"city": "A", "city": "B"}`, map[string]string{"city": "more than once"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.env.Sim.ResetCalls()
			res := h.do(req{method: tc.method, target: tc.target, body: tc.body}).expect(t, http.StatusBadRequest)
			p := res.problem(t)
			if p.Code != "validation" {
				t.Fatalf("code %q", p.Code)
			}
			var fields, want []string
			for f := range p.Details {
				fields = append(fields, f)
			}
			for f, sub := range tc.want {
				want = append(want, f)
				if !strings.Contains(strings.Join(p.Details[f], "; "), sub) {
					t.Errorf("%s: problems %q, want one mentioning %q", f, p.Details[f], sub)
				}
			}
			sort.Strings(fields)
			sort.Strings(want)
			if diff := cmp.Diff(want, fields); diff != "" {
				t.Errorf("fields named (-want +got):\n%s", diff)
			}
			if calls := h.env.Sim.Calls(); len(calls) != 0 {
				t.Errorf("an invalid body reached Odoo: %+v", calls)
			}
		})
	}
}

// TestBodyErrors covers bodies that are not a JSON object of the right
// media type.
func TestBodyErrors(t *testing.T) {
	h := newHarness(t, func(o *options) { o.gw.Access.BodyLimit = 4096 })
	for _, tc := range []struct {
		name        string
		body        string
		contentType string
		status      int
		code        string
		detail      string // a substring of details.body
	}{
		{"no body", "", "application/json", 400, "validation", "required"},
		{"blank body", "  \n", "application/json", 400, "validation", "required"},
		{"array", `[{"name": "x"}]`, "application/json", 400, "validation", "JSON object, not an array"},
		{"string", `"x"`, "application/json", 400, "validation", "JSON object, not a string"},
		{"null", `null`, "application/json", 400, "validation", "JSON object, not null"},
		{"syntax error", "{\n  \"name\": \"x\",\n  \"city\": 'Brussels'\n}", "application/json", 400, "validation", "line 3, column 11"},
		{"trailing comma", `{"name": "x",}`, "application/json", 400, "validation", "line 1, column 14"},
		{"truncated", `{"name": "x"`, "application/json", 400, "validation", "unexpected end"},
		{"two objects", `{"name": "x"} {"name": "y"}`, "application/json", 400, "validation", "after top-level value (line 1, column 15)"},
		{"not UTF-8", "{\"name\": \"\xff\"}", "application/json", 400, "validation", "UTF-8"},
		{"form", "name=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
		{"no content type", `{"name": "x"}`, "", 415, "unsupported_media_type", ""},
		{"latin-1", `{"name": "x"}`, "application/json; charset=latin-1", 415, "unsupported_media_type", ""},
		{"too large", `{"name": "` + strings.Repeat("x", 5000) + `"}`, "application/json", 413, "payload_too_large", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: tc.body,
				header: map[string]string{"Content-Type": tc.contentType}}).expect(t, tc.status)
			p := res.problem(t)
			if p.Code != tc.code {
				t.Errorf("code %q, want %q", p.Code, tc.code)
			}
			if tc.detail != "" && !strings.Contains(strings.Join(p.Details["body"], ";"), tc.detail) {
				t.Errorf("details %v, want body mentioning %q", p.Details, tc.detail)
			}
		})
	}
	// charset=utf-8 is fine.
	h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: `{"name": "` + uniqueName("UTF8") + `"}`,
		header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}}).expect(t, http.StatusCreated)
}

// TestOdooChecksOnWrite covers what only Odoo can tell: an unknown
// country, a missing parent, and Odoo's own constraints, all 400 with a
// useful message.
func TestOdooChecksOnWrite(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, method, target, body string
		field, want                string
	}{
		{"unknown country", http.MethodPost, "/api/v1/partners", `{"name": "X", "country_code": "QQ"}`, "country_code", "unknown country code"},
		{"missing parent", http.MethodPost, "/api/v1/partners", `{"name": "X", "parent_id": 99999}`, "parent_id", "no partner with id 99999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do(req{method: tc.method, target: tc.target, body: tc.body}).expect(t, http.StatusBadRequest)
			if p := res.problem(t); !strings.Contains(strings.Join(p.Details[tc.field], ";"), tc.want) {
				t.Errorf("details %v, want %s: %q", p.Details, tc.field, tc.want)
			}
		})
	}
	t.Run("recursive hierarchy (an Odoo constraint)", func(t *testing.T) {
		child := h.get("/api/v1/partners/9?fields=children").json(t)["children"].([]any)[0]
		res := h.do(req{method: http.MethodPatch, target: "/api/v1/partners/9", body: map[string]any{"parent_id": refID(child)}}).expect(t, http.StatusBadRequest)
		p := res.problem(t)
		if p.Code != "validation" || !strings.Contains(p.Detail, "recursive") {
			t.Errorf("problem %+v, want Odoo's message", p)
		}
		noTraceback(t, res)
	})
}

func TestUpdatePartner(t *testing.T) {
	h := newHarness(t)
	id := h.create(map[string]any{"name": uniqueName("Patch"), "email": "a@patch.example", "phone": "123", "city": "Ghent"})
	target := fmt.Sprintf("/api/v1/partners/%d", id)
	res := h.do(req{method: http.MethodPatch, target: target, body: `{"email": "b@patch.example", "phone": null, "country_code": "FR"}`}).expect(t, http.StatusOK)
	got := res.json(t)
	if got["email"] != "b@patch.example" || got["phone"] != nil || got["city"] != "Ghent" || got["country_code"] != "FR" {
		t.Errorf("after PATCH: %v", got)
	}
	rec := h.env.Sim.Record("res.partner", id)
	if rec["phone"] != false || rec["city"] != "Ghent" {
		t.Errorf("Odoo record: phone %#v city %#v", rec["phone"], rec["city"])
	}
	// An empty object changes nothing and answers the partner.
	h.env.Sim.ResetCalls()
	same := h.do(req{method: http.MethodPatch, target: target, body: `{}`}).expect(t, http.StatusOK).json(t)
	if diff := cmp.Diff(got, same, ignoreUpdatedAt); diff != "" {
		t.Errorf("empty PATCH changed the partner:\n%s", diff)
	}
	if writes := h.env.Calls("res.partner", "write"); len(writes) != 0 {
		t.Errorf("empty PATCH wrote: %+v", writes)
	}
	for _, target := range []string{"/api/v1/partners/99999", "/api/v1/partners/abc", "/api/v1/partners/0", "/api/v1/partners/007", "/api/v1/partners/99999999999"} {
		res := h.do(req{method: http.MethodPatch, target: target, body: `{"city": "X"}`}).expect(t, http.StatusNotFound)
		if p := res.problem(t); p.Code != "not_found" {
			t.Errorf("%s: %+v", target, p)
		}
	}
}

var ignoreUpdatedAt = cmpIgnoreKeys("updated_at")

func TestDeletePartner(t *testing.T) {
	h := newHarness(t)
	id := h.create(map[string]any{"name": uniqueName("Delete me")})
	target := fmt.Sprintf("/api/v1/partners/%d", id)
	res := h.do(req{method: http.MethodDelete, target: target}).expect(t, http.StatusNoContent)
	if res.Body.Len() != 0 {
		t.Errorf("204 with a body: %s", res.Body)
	}
	if h.env.Sim.Record("res.partner", id) != nil {
		t.Error("the partner is still in Odoo")
	}
	h.get(target).expect(t, http.StatusNotFound)
	h.do(req{method: http.MethodDelete, target: target}).expect(t, http.StatusNotFound)
	h.do(req{method: http.MethodDelete, target: target + "?force=true"}).expect(t, http.StatusBadRequest)

	// Partner 9 has orders and invoices: Odoo refuses, and says why.
	res = h.do(req{method: http.MethodDelete, target: "/api/v1/partners/9"}).expect(t, http.StatusConflict)
	p := res.problem(t)
	if p.Code != "conflict" || !strings.Contains(p.Detail, "Another model is using the record") {
		t.Errorf("problem %+v, want Odoo's explanation", p)
	}
	noTraceback(t, res)
	if h.env.Sim.Record("res.partner", 9) == nil {
		t.Error("partner 9 was deleted")
	}
}

// TestWriteScopes checks that a read-only key cannot write.
func TestWriteScopes(t *testing.T) {
	h := newHarness(t)
	key := h.env.Access.Key(access.ReadScopes...)
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: `{"name": "X"}`, key: key}).expect(t, http.StatusForbidden)
	if p := res.problem(t); p.Scope != access.ScopePartnersWrite {
		t.Errorf("problem %+v, want the scope named", p)
	}
	if c := h.env.Calls("res.partner", "create"); len(c) != 0 {
		t.Error("a refused write reached Odoo")
	}
}

// TestReadBackFailureAfterCreate: Odoo created the partner but reading it
// back failed. The answer says so and gives Location, so the client does
// not create it again.
func TestReadBackFailureAfterCreate(t *testing.T) {
	h := newHarness(t)
	h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "web_read", Count: 1}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
	name := uniqueName("Half")
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: map[string]any{"name": name}}).expect(t, http.StatusServiceUnavailable)
	p := res.problem(t)
	if !strings.Contains(p.Detail, "was saved") || res.Header().Get("Location") == "" {
		t.Errorf("problem %+v Location %q, want the saved partner's location", p, res.Header().Get("Location"))
	}
	u, _ := url.Parse(res.Header().Get("Location"))
	h.get(u.Path).expect(t, http.StatusOK)
}
