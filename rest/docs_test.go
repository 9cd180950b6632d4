package rest_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
	"odoo-gateway/rest"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := openAPI()
	if err != nil {
		t.Fatalf("the document does not load or validate: %v", err)
	}
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Components.SecuritySchemes["ApiKey"].Value.Name != "X-API-Key" {
		t.Error("the ApiKey scheme is not X-API-Key")
	}
	ids := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" || ids[op.OperationID] {
				t.Errorf("%s: operationId %q missing or repeated", where, op.OperationID)
			}
			ids[op.OperationID] = true
			if op.Summary == "" || len(op.Tags) != 1 {
				t.Errorf("%s: needs a summary and one tag", where)
			}
			if !strings.HasPrefix(path, "/api/v1/") || path == "/api/v1/health" {
				continue
			}
			// Every data operation documents the errors the stack and
			// Odoo can cause.
			for _, status := range []int{400, 401, 403, 429, 500, 503, 504} {
				if op.Responses.Status(status) == nil {
					t.Errorf("%s: status %d is not documented", where, status)
				}
			}
		}
	}
}

// TestOpenAPIServedForms checks that /api/docs serves the YAML and
// /api/docs/openapi.json the same document as JSON.
func TestOpenAPIServedForms(t *testing.T) {
	h := newHarness(t)
	y := h.do(req{target: "/api/docs", key: "-"}).expect(t, http.StatusOK)
	if ct := y.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("YAML Content-Type %q", ct)
	}
	if !bytes.Equal(y.Body.Bytes(), rest.OpenAPIYAML) {
		t.Error("/api/docs is not the embedded document")
	}
	j := h.do(req{target: "/api/docs/openapi.json", key: "-"}).expect(t, http.StatusOK)
	if ct := j.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("JSON Content-Type %q", ct)
	}
	fromJSON, err := openapi3.NewLoader().LoadFromData(j.Body.Bytes())
	if err != nil {
		t.Fatalf("the JSON form does not load: %v", err)
	}
	fromYAML, err := openapi3.NewLoader().LoadFromData(y.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fromYAML)
	b, _ := json.Marshal(fromJSON)
	if !bytes.Equal(a, b) {
		t.Error("the JSON and YAML forms differ")
	}
	// Conditional requests and compression.
	etag := j.Header().Get("ETag")
	h.do(req{target: "/api/docs/openapi.json", key: "-", header: map[string]string{"If-None-Match": etag}}).expect(t, http.StatusNotModified)
	gz := h.do(req{target: "/api/docs/openapi.json", key: "-", header: map[string]string{"Accept-Encoding": "gzip"}}).expect(t, http.StatusOK)
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("not gzipped")
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, j.Body.Bytes()) {
		t.Error("gzipped document differs")
	}
}

// schemaProps returns the property names of a component schema.
func schemaProps(t *testing.T, name string) []string {
	t.Helper()
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Schemas[name]
	if ref == nil {
		t.Fatalf("no schema %s", name)
	}
	var out []string
	for p := range ref.Value.Properties {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// jsonKeys returns the JSON keys of a struct type (json:"-" excluded).
func jsonKeys(v any) []string {
	var out []string
	for _, f := range reflect.VisibleFields(reflect.TypeOf(v)) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// TestSchemasMatchModels keeps the document's schemas in step with the
// models that make the answers: a field added to odoo.Partner must be
// documented, and a documented field must exist.
func TestSchemasMatchModels(t *testing.T) {
	for name, model := range map[string]any{
		"Partner": odoo.Partner{}, "Product": odoo.Product{}, "SaleOrder": odoo.SaleOrder{},
		"SaleOrderLine": odoo.SaleOrderLine{}, "Invoice": odoo.Invoice{}, "InvoiceLine": odoo.InvoiceLine{},
		"Country": odoo.Country{}, "Ref": odoo.Ref{}, "Problem": access.Problem{},
	} {
		if diff := cmp.Diff(jsonKeys(model), schemaProps(t, name)); diff != "" {
			t.Errorf("schema %s vs %T (-model +schema):\n%s", name, model, diff)
		}
	}
	doc, _ := openAPI()
	enum := func(param string) []string {
		p := doc.Components.Parameters[param]
		if p == nil {
			t.Fatalf("no parameter %s", param)
		}
		var out []string
		for _, v := range p.Value.Schema.Value.Items.Value.Enum {
			out = append(out, v.(string))
		}
		sort.Strings(out)
		return out
	}
	withID := func(fields []string) []string {
		out := append([]string{"id"}, fields...)
		sort.Strings(out)
		return out
	}
	for param, fields := range map[string][]string{
		"partnerFields": odoo.PartnerFields(), "productFields": odoo.ProductFields(),
		"saleOrderFields": odoo.SaleOrderFields(), "invoiceFields": odoo.InvoiceFields(),
		"countryFields": odoo.CountryFields(),
	} {
		if diff := cmp.Diff(withID(fields), enum(param)); diff != "" {
			t.Errorf("%s enum (-model +document):\n%s", param, diff)
		}
	}
	// Sort keys, documented inline per list (and once as a component).
	sorts := func(keys []string) []string {
		var out []string
		for _, k := range keys {
			out = append(out, k, "-"+k)
		}
		sort.Strings(out)
		return out
	}
	if diff := cmp.Diff(sorts(odoo.PartnerSorts()), enum("partnerSort")); diff != "" {
		t.Errorf("partner sort enum (-model +document):\n%s", diff)
	}
	for path, keys := range map[string][]string{
		"/api/v1/products": odoo.ProductSorts(), "/api/v1/sale-orders": odoo.SaleOrderSorts(),
		"/api/v1/invoices": odoo.InvoiceSorts(), "/api/v1/countries": odoo.CountrySorts(),
	} {
		p := doc.Paths.Value(path).Get.Parameters.GetByInAndName("query", "sort")
		var got []string
		for _, v := range p.Schema.Value.Items.Value.Enum {
			got = append(got, v.(string))
		}
		sort.Strings(got)
		if diff := cmp.Diff(sorts(keys), got); diff != "" {
			t.Errorf("%s sort enum (-model +document):\n%s", path, diff)
		}
	}
	var codes []string
	for _, c := range doc.Components.Schemas["ErrorCode"].Value.Enum {
		codes = append(codes, c.(string))
	}
	want := append(slices.Clone(odoo.Codes), access.EMethodNotAllowed, access.ETooLarge, access.EUnsupportedMediaType, access.EUnprocessable)
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("ErrorCode enum (-codes +document):\n%s", diff)
	}
}

// TestPartnerBodySchemaMatchesDecoder checks the request body schemas by
// behaviour: every documented member is accepted, every other field of a
// partner is refused as read-only.
func TestPartnerBodySchemaMatchesDecoder(t *testing.T) {
	h := newHarness(t)
	writable := schemaProps(t, "PartnerCreate")
	if diff := cmp.Diff(writable, schemaProps(t, "PartnerUpdate")); diff != "" {
		t.Errorf("create and update bodies differ:\n%s", diff)
	}
	body := map[string]any{}
	for _, f := range schemaProps(t, "Partner") {
		body[f] = []any{} // the wrong type for every field
	}
	for _, f := range writable {
		body[f] = []any{}
	}
	res := h.do(req{method: http.MethodPatch, target: "/api/v1/partners/9", body: body}).expect(t, http.StatusBadRequest)
	details := res.problem(t).Details
	for f := range body {
		msg := strings.Join(details[f], ";")
		documented := slices.Contains(writable, f)
		switch {
		case msg == "":
			t.Errorf("%s: no problem reported for a wrong type", f)
		case documented && (strings.Contains(msg, "read-only") || strings.Contains(msg, "unknown")):
			t.Errorf("%s is documented as writable but refused: %s", f, msg)
		case !documented && !strings.Contains(msg, "read-only"):
			t.Errorf("%s is not documented as writable, but the answer is %q", f, msg)
		}
	}
}

// TestProblemPages checks that every code's "type" page exists and agrees
// with the problems the access stack writes.
func TestProblemPages(t *testing.T) {
	h := newHarness(t)
	doc, _ := openAPI()
	index := h.do(req{target: "/api/docs/problems", key: "-"}).expect(t, http.StatusOK).Body.String()
	for _, c := range doc.Components.Schemas["ErrorCode"].Value.Enum {
		code := c.(string)
		var err error = &odoo.Error{Code: code}
		if code == access.EMethodNotAllowed || code == access.ETooLarge || code == access.EUnsupportedMediaType || code == access.EUnprocessable {
			err = &access.HTTPError{Code: code}
		}
		want := access.NewProblem(httptest.NewRequest(http.MethodGet, "/", nil), err)
		res := h.do(req{target: "/api/docs/problems/" + code, key: "-"}).expect(t, http.StatusOK)
		page := res.Body.String()
		if !strings.Contains(page, "<h1>"+want.Title+"</h1>") || !strings.Contains(page, fmt.Sprintf("HTTP status %d", want.Status)) {
			t.Errorf("%s: the page does not show title %q and status %d", code, want.Title, want.Status)
		}
		if !strings.Contains(index, `href="problems/`+code+`"`) {
			t.Errorf("%s is not in the index", code)
		}
		if res.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no Content-Security-Policy", code)
		}
	}
}

// recordingTB catches the failures of a helper instead of failing the test.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

// TestResponseValidationCatchesMismatches proves that the validation every
// test answer goes through can fail: answers that break the document in
// various ways are caught.
func TestResponseValidationCatchesMismatches(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		status       int
		header       map[string]string
		body         string
	}{
		{"unknown field", "/api/v1/partners/9", 200, map[string]string{"Content-Type": "application/json", "X-Request-ID": "x"}, `{"id": 9, "password": "x"}`},
		{"false instead of null", "/api/v1/partners/9", 200, map[string]string{"Content-Type": "application/json", "X-Request-ID": "x"}, `{"id": 9, "email": false}`},
		{"undocumented status", "/api/v1/partners/9", 418, map[string]string{"Content-Type": "application/json", "X-Request-ID": "x"}, `{}`},
		{"list without Link", "/api/v1/countries", 200, map[string]string{"Content-Type": "application/json", "X-Request-ID": "x", "X-Total-Count": "0"}, `{"results": [], "count": 0, "total": 0, "limit": 50, "offset": 0}`},
		{"wrong error code for status", "/api/v1/partners", 400, map[string]string{"Content-Type": "application/problem+json", "X-Request-ID": "x"}, `{"type": "/t", "title": "t", "status": 400, "error": "conflict", "request_id": "x"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			for k, v := range tc.header {
				rec.Header().Set(k, v)
			}
			rec.WriteHeader(tc.status)
			rec.WriteString(tc.body)
			rtb := &recordingTB{TB: t}
			validateResponse(rtb, &response{ResponseRecorder: rec, req: httptest.NewRequest(http.MethodGet, tc.target, nil)})
			if len(rtb.errors) == 0 {
				t.Error("the validation accepted a wrong answer")
			}
		})
	}
}
