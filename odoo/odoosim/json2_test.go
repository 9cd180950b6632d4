package odoosim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// j2Answer is a JSON-2 answer: status, content type, raw body, and the
// body decoded to plain values (ints stay ints, floats float64).
type j2Answer struct {
	status int
	ct     string
	header http.Header
	raw    string
	value  any
}

// errName and errMessage read an error answer.
func (a j2Answer) errName() string    { return a.field("name") }
func (a j2Answer) errMessage() string { return a.field("message") }

func (a j2Answer) field(k string) string {
	m, _ := a.value.(map[string]any)
	s, _ := m[k].(string)
	return s
}

// j2Do sends one request with the given API key (none if empty).
func j2Do(t testing.TB, h http.Handler, method, path, key, body string, headers ...string) j2Answer {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "bearer "+key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := j2Answer{status: rec.Code, ct: rec.Header().Get("Content-Type"), header: rec.Header(), raw: rec.Body.String()}
	if strings.HasPrefix(a.ct, "application/json") {
		v, err := decodePyJSON(rec.Body.Bytes())
		if err != nil {
			t.Fatalf("%s %s: answer is not JSON: %v\n%s", method, path, err, a.raw)
		}
		a.value = plain(v)
	}
	return a
}

// j2Call posts a model method call as admin.
func j2Call(t testing.TB, h http.Handler, model, method, body string) j2Answer {
	t.Helper()
	return j2Do(t, h, http.MethodPost, "/json/2/"+model+"/"+method, AdminAPIKey, body)
}

// j2OK posts a call that must succeed and returns its value.
func j2OK(t testing.TB, h http.Handler, model, method, body string) any {
	t.Helper()
	a := j2Call(t, h, model, method, body)
	if a.status != http.StatusOK {
		t.Fatalf("%s.%s: HTTP %d %s: %s", model, method, a.status, a.errName(), a.errMessage())
	}
	return a.value
}

func TestJSON2Version(t *testing.T) {
	a := j2Do(t, New(), http.MethodGet, "/json/version", "", "")
	if a.status != http.StatusOK || a.raw != `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}` {
		t.Errorf("version: %d %s", a.status, a.raw)
	}
	if a := j2Do(t, New(), http.MethodPost, "/json/version", "", "{}"); a.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /json/version: %d", a.status)
	}
	// Odoo 17 has no JSON-2: every JSON route is werkzeug's 404 page.
	old := New(WithVersion17())
	for _, r := range []struct{ method, path string }{
		{http.MethodGet, "/json/version"},
		{http.MethodPost, "/json/2/res.partner/search_count"},
		{http.MethodPost, "/json/2"},
	} {
		a := j2Do(t, old, r.method, r.path, AdminAPIKey, `{"domain": []}`)
		if a.status != http.StatusNotFound || !strings.HasPrefix(a.ct, "text/html") {
			t.Errorf("Odoo 17 %s %s: %d %s", r.method, r.path, a.status, a.ct)
		}
	}
	if n := len(old.Calls()); n != 0 {
		t.Errorf("Odoo 17 logged %d JSON calls", n)
	}
}

func TestJSON2Auth(t *testing.T) {
	srv := New()
	ctxOf := func(key string, headers ...string) j2Answer {
		return j2Do(t, srv, http.MethodPost, "/json/2/res.users/context_get", key, "{}", headers...)
	}
	want := map[string]any{"lang": "en_US", "tz": "Europe/Brussels", "uid": AdminUID}
	if diff := cmp.Diff(want, ctxOf(AdminAPIKey).value); diff != "" {
		t.Errorf("admin context (-want +got):\n%s", diff)
	}
	want = map[string]any{"lang": "en_US", "tz": false, "uid": APIUserUID}
	if diff := cmp.Diff(want, ctxOf(APIUserAPIKey).value); diff != "" {
		t.Errorf("apiuser context (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		name, key string
		headers   []string
		message   string
	}{
		{"password instead of key", AdminPassword, nil, "Invalid apikey"},
		{"unknown key", strings.Repeat("0", 40), nil, "Invalid apikey"},
		{"no header", "", nil, "User not authenticated, use an API Key with a Bearer Authorization header."},
		{"basic auth", "", []string{"Authorization", "Basic YWRtaW46YWRtaW4="}, "User not authenticated, use an API Key with a Bearer Authorization header."},
		{"empty bearer", "", []string{"Authorization", "Bearer "}, "User not authenticated, use an API Key with a Bearer Authorization header."},
	} {
		a := ctxOf(tc.key, tc.headers...)
		if a.status != http.StatusUnauthorized || a.errName() != "werkzeug.exceptions.Unauthorized" || a.errMessage() != tc.message {
			t.Errorf("%s: %d %s %q", tc.name, a.status, a.errName(), a.errMessage())
		}
		if a.header.Get("WWW-Authenticate") != "Bearer" {
			t.Errorf("%s: WWW-Authenticate %q", tc.name, a.header.Get("WWW-Authenticate"))
		}
	}
	// The scheme is case-insensitive.
	if a := ctxOf("", "Authorization", "BEARER "+AdminAPIKey); a.status != http.StatusOK {
		t.Errorf("BEARER: %d", a.status)
	}
	// The 404 hint needs no key.
	if a := j2Do(t, srv, http.MethodGet, "/json/2/res.partner/search_read", "", ""); a.status != http.StatusNotFound || a.errMessage() != "Did you mean POST /json/2/<model>/<method>?" {
		t.Errorf("hint: %d %q", a.status, a.errMessage())
	}
	// context_get over XML-RPC too.
	got := mustCall(t, srv, "res.users", "context_get", nil, nil)
	if diff := cmp.Diff(map[string]any{"lang": "en_US", "tz": "Europe/Brussels", "uid": AdminUID}, got); diff != "" {
		t.Errorf("XML-RPC context_get (-want +got):\n%s", diff)
	}
}

func TestJSON2DatabaseHeader(t *testing.T) {
	srv := New()
	body := `{"domain": [["id", "=", 9]]}`
	for _, db := range []string{"", DB} {
		a := j2Do(t, srv, http.MethodPost, "/json/2/res.partner/search_count", AdminAPIKey, body, "X-Odoo-Database", db)
		if a.status != http.StatusOK || a.value != 1 {
			t.Errorf("database %q: %d %v", db, a.status, a.raw)
		}
	}
	for _, path := range []string{"/json/2/res.partner/search_count", "/json/2"} {
		a := j2Do(t, srv, http.MethodPost, path, AdminAPIKey, body, "X-Odoo-Database", "no_such_db")
		if a.status != http.StatusNotFound || a.raw != noDatabasePage {
			t.Errorf("unknown database on %s: %d %s", path, a.status, a.raw)
		}
	}
}

func TestJSON2CreateAnswersAList(t *testing.T) {
	srv := New()
	one := j2OK(t, srv, "res.partner", "create", `{"vals_list": {"name": "One Dict"}}`).([]any)
	two := j2OK(t, srv, "res.partner", "create", `{"vals_list": [{"name": "List A"}, {"name": "List B", "is_company": true}]}`).([]any)
	none := j2OK(t, srv, "res.partner", "create", `{"vals_list": []}`).([]any)
	if len(one) != 1 || len(two) != 2 || len(none) != 0 {
		t.Fatalf("create answered %v, %v, %v", one, two, none)
	}
	for i, name := range []string{"List A", "List B"} {
		if got := srv.Record("res.partner", two[i].(int))["name"]; got != name {
			t.Errorf("record %v is %v, want %s", two[i], got, name)
		}
	}
	// XML-RPC keeps answering an id for a dict.
	if id, ok := mustCall(t, srv, "res.partner", "create", []any{map[string]any{"name": "Over XML-RPC"}}, nil).(int); !ok || id <= two[1].(int) {
		t.Errorf("XML-RPC create answered %v", id)
	}
	a := j2Call(t, srv, "res.partner", "create", `{"ids": [1], "vals_list": []}`)
	if a.status != http.StatusUnprocessableEntity || a.errMessage() != "cannot call res.partner.create with ids" {
		t.Errorf("create with ids: %d %q", a.status, a.errMessage())
	}
}

func TestJSON2NoneIsNull(t *testing.T) {
	srv := New()
	id := j2OK(t, srv, "res.partner", "create", `{"vals_list": [{"name": "To Archive"}]}`).([]any)[0].(int)
	for _, m := range []string{"action_archive", "action_unarchive"} {
		a := j2Call(t, srv, "res.partner", m, fmt.Sprintf(`{"ids": [%d]}`, id))
		if a.status != http.StatusOK || a.raw != "null" {
			t.Errorf("%s: %d %s", m, a.status, a.raw)
		}
		if got := srv.Record("res.partner", id)["active"]; got != (m == "action_unarchive") {
			t.Errorf("after %s active = %v", m, got)
		}
	}
	// The same call over XML-RPC is fault 1 (None cannot be marshalled).
	if f := mustFault(t, srv, "res.partner", "action_archive", []any{[]any{id}}, nil); f.Code != 1 {
		t.Errorf("XML-RPC fault %d", f.Code)
	}
}

func TestJSON2Arguments(t *testing.T) {
	srv := New()
	for _, tc := range []struct {
		model, method, body string
		status              int
		name, message       string
	}{
		{"res.partner", "search", `{}`, 422, "werkzeug.exceptions.UnprocessableEntity", "missing a required argument: 'domain'"},
		{"res.partner", "read", `{"ids": [9], "bogus": 1}`, 422, "werkzeug.exceptions.UnprocessableEntity", "got an unexpected keyword argument 'bogus'"},
		{"res.partner", "read", `{"self": 1}`, 422, "werkzeug.exceptions.UnprocessableEntity", "multiple values for argument 'self'"},
		{"res.partner", "search_read", `{"domain": [], "limit": 1, "load": "x", "extra": 1}`, 500, "builtins.TypeError", "BaseModel._read_format() got an unexpected keyword argument 'extra'"},
		{"res.partner", "_private", `{}`, 403, "odoo.exceptions.AccessError", "Private methods (such as 'res.partner._private') cannot be called remotely."},
		{"res.partner", "write", `{"ids": [999999], "vals": {"name": "x"}}`, 404, "odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)"},
		{"res.partner", "read", `{"ids": "x"}`, 500, "builtins.TypeError", "unhashable type: 'str'"},
		{"res.partner", "unlink", `{"ids": [3]}`, 500, "odoo.exceptions.RedirectWarning", ""},
	} {
		a := j2Call(t, srv, tc.model, tc.method, tc.body)
		if a.status != tc.status || a.errName() != tc.name || (tc.message != "" && a.errMessage() != tc.message) {
			t.Errorf("%s.%s %s: %d %s %q", tc.model, tc.method, tc.body, a.status, a.errName(), a.errMessage())
		}
	}
	// A record method without ids runs on an empty recordset; context is
	// reserved and active_test honoured; a body that is not an object is
	// ignored.
	if got := j2OK(t, srv, "res.partner", "read", `{"fields": ["name"]}`); !cmp.Equal(got, []any{}) {
		t.Errorf("read without ids: %v", got)
	}
	if got := j2OK(t, srv, "res.partner", "search", `{"domain": [["id", "=", 2]], "context": {"active_test": false}}`); !cmp.Equal(got, []any{2}) {
		t.Errorf("search with active_test off: %v", got)
	}
	if a := j2Call(t, srv, "res.partner", "search_count", `[1, 2]`); a.status != 422 || a.errMessage() != "missing a required argument: 'domain'" {
		t.Errorf("array body: %d %q", a.status, a.errMessage())
	}
	// The real ORM answers the same data as XML-RPC.
	x := mustCall(t, srv, "sale.order", "read", []any{[]any{1}, []any{"name", "amount_total", "order_line", "partner_id"}}, nil)
	j := j2OK(t, srv, "sale.order", "read", `{"ids": [1], "fields": ["name", "amount_total", "order_line", "partner_id"]}`)
	if diff := cmp.Diff(x, j); diff != "" {
		t.Errorf("XML-RPC and JSON-2 differ (-xmlrpc +json2):\n%s", diff)
	}
}

func TestJSON2Body(t *testing.T) {
	srv := New()
	for _, tc := range []struct{ body, msg string }{
		{`{"domain": [`, "Expecting value: line 1 column 13 (char 12)"},
		{`{"a" 1}`, "Expecting ':' delimiter: line 1 column 6 (char 5)"},
		{`{"a": 1} x`, "Extra data: line 1 column 10 (char 9)"},
		{"\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"},
		{`[1,]`, "Expecting value: line 1 column 4 (char 3)"},
		{`{"a":"\x"}`, "Invalid \\escape: line 1 column 7 (char 6)"},
		{"{\"a\":\"\x01\"}", "Invalid control character at: line 1 column 7 (char 6)"},
		{`"abc`, "Unterminated string starting at: line 1 column 1 (char 0)"},
		{`{"a":1,}`, "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"},
		{`-`, "Expecting value: line 1 column 1 (char 0)"},
		{`"\u12"`, "Invalid \\uXXXX escape: line 1 column 3 (char 2)"},
		{`{"é": [1 2]}`, "Expecting ',' delimiter: line 1 column 10 (char 9)"},
		{"{\n \"a\": [1,\n 2 x]}", "Expecting ',' delimiter: line 3 column 4 (char 15)"},
	} {
		a := j2Call(t, srv, "res.partner", "search_count", tc.body)
		want := "could not parse the body as json: " + tc.msg
		if a.status != http.StatusBadRequest || a.errName() != "werkzeug.exceptions.BadRequest" || a.errMessage() != want {
			t.Errorf("%q: %d %s %q, want %q", tc.body, a.status, a.errName(), a.errMessage(), want)
		}
	}
	// A body not declared as JSON is refused before anything else.
	req := httptest.NewRequest(http.MethodPost, "/json/2/res.partner/search_count", strings.NewReader(`{"domain": []}`))
	req.Header.Set("Content-Type", "text/plain")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), "is type=&#39;json2&#39;") {
		t.Errorf("text/plain body: %d %s", rec.Code, rec.Body.String())
	}
	// Escapes, non-ASCII text and numbers round-trip like Python's json.
	id := j2OK(t, srv, "res.partner", "create", `{"vals_list": [{"name": "Zoë \"Q\" \\ \u00e9\ud83d\ude00\t<&>", "credit_limit": 1e3}]}`).([]any)[0].(int)
	a := j2Call(t, srv, "res.partner", "read", fmt.Sprintf(`{"ids": [%d], "fields": ["name", "credit_limit"]}`, id))
	want := fmt.Sprintf(`[{"id": %d, "name": "Zoë \"Q\" \\ é😀\t<&>", "credit_limit": 1000.0}]`, id)
	if a.raw != want {
		t.Errorf("read back\n got %s\nwant %s", a.raw, want)
	}
}
