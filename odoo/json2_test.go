package odoo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// json2Capture is one JSON-2 exchange recorded from a real Odoo 19.
type json2Capture struct {
	Endpoint       string            `json:"endpoint"`
	Method         string            `json:"method"`
	RequestHeaders map[string]string `json:"request_headers"`
	Request        string            `json:"request"`
	Status         int               `json:"status"`
	ContentType    string            `json:"response_content_type"`
	Response       string            `json:"response"`
}

func loadJSON2Captures(t *testing.T) map[string]json2Capture {
	t.Helper()
	files, err := filepath.Glob("testdata/odoo-wire/json2/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no JSON-2 captures: %v", err)
	}
	out := map[string]json2Capture{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c json2Capture
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = c
	}
	return out
}

// TestDecodeEveryJSON2Capture decodes every captured JSON-2 answer: a
// success to the JSON value, a failure to the code its exception calls
// for, the same codes XML-RPC faults get, with no traceback shown.
func TestDecodeEveryJSON2Capture(t *testing.T) {
	for name, c := range loadJSON2Captures(t) {
		t.Run(name, func(t *testing.T) {
			got, err := decodeJSON2(c.Status, c.ContentType, []byte(c.Response), "odoo")
			if c.Status == http.StatusOK {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				var want any
				if err := json.Unmarshal([]byte(c.Response), &want); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				return
			}
			if err == nil {
				t.Fatal("an error answer decoded as success")
			}
			if code := ErrorCode(err); code != expectedJSON2Code(c) {
				t.Errorf("code = %q, want %q (%v)", code, expectedJSON2Code(c), err)
			}
			if msg := ErrorMessage(err); strings.Contains(msg, "Traceback") || strings.Contains(msg, "{'type'") {
				t.Errorf("client message leaks internals: %q", msg)
			}
		})
	}
}

// expectedJSON2Code is the contract, written apart from json2.go: the
// exception classes map like XML-RPC's fault codes.
func expectedJSON2Code(c json2Capture) string {
	var e struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	}
	json.Unmarshal([]byte(c.Response), &e)
	switch {
	case c.Status == http.StatusUnauthorized:
		return EUpstreamUnavailable // the gateway's own key was refused
	case e.Name == "":
		return EUpstreamUnavailable // HTML 404: no such database
	case e.Name == "werkzeug.exceptions.NotFound" && strings.HasPrefix(e.Message, "the model "):
		return EUpstreamUnavailable // an app the gateway needs is not installed
	case e.Name == "odoo.exceptions.AccessError":
		return EForbidden
	case e.Name == "odoo.exceptions.MissingError":
		return ENotFound
	case strings.HasPrefix(e.Name, "odoo.exceptions."):
		return EValidation
	}
	return EInternal
}

func TestJSON2ExecuteSendsNamedArguments(t *testing.T) {
	caps := loadJSON2Captures(t)
	var gotPath, gotAuth, gotDB string
	var gotBody map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAuth, gotDB = r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("X-Odoo-Database")
		b, _ := io.ReadAll(r.Body)
		gotBody = nil
		json.Unmarshal(b, &gotBody)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/json/2/res.partner/create":
			io.WriteString(w, caps["09-res.partner-create"].Response)
		case "/json/version":
			io.WriteString(w, caps["01-version"].Response)
		default:
			io.WriteString(w, caps["05-res.partner-read"].Response)
		}
	}))
	defer srv.Close()
	j, err := NewJSON2(JSON2Config{URL: srv.URL, Database: "odoo", APIKey: "secret-key"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := j.Execute(context.Background(), "res.partner", "read", []any{[]int{9, 8, 19}}, map[string]any{"fields": []any{"name"}})
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := toRecords(v); len(rows) != 3 || rows[0].str("name") != "Acme Corporation" {
		t.Errorf("read = %v", v)
	}
	want := map[string]any{"ids": []any{9.0, 8.0, 19.0}, "fields": []any{"name"}}
	if diff := cmp.Diff(want, gotBody); diff != "" || gotPath != "/json/2/res.partner/read" || gotAuth != "bearer secret-key" || gotDB != "odoo" {
		t.Errorf("request %s %q %q body diff:\n%s", gotPath, gotAuth, gotDB, diff)
	}
	// create(dict) keeps XML-RPC's meaning: one id back.
	id, err := j.Execute(context.Background(), "res.partner", "create", []any{map[string]any{"name": "X"}}, nil)
	if n, ok := asInt(id); err != nil || !ok || n != 59 {
		t.Errorf("create = %v, %v", id, err)
	}
	if _, ok := gotBody["vals_list"]; !ok {
		t.Errorf("create body = %v", gotBody)
	}
	ver, err := j.Version(context.Background())
	if err != nil || ver.Major != 19 || ver.Server != "19.0" {
		t.Errorf("version = %+v, %v", ver, err)
	}
}

func TestJSON2NotFoundMeanings(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body, want string
	}{
		{"no database", "text/html", "<p>No database is selected and the requested URL was not found</p>", `Odoo has no database "odoo".`},
		{"no JSON-2 (Odoo 17 or a wrong URL)", "text/html", "<title>404 Not Found</title>", "Odoo has no JSON-2 API at this URL (it needs Odoo 19 or later; use XML-RPC)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeJSON2(http.StatusNotFound, tc.contentType, []byte(tc.body), "odoo")
			if ErrorCode(err) != EUpstreamUnavailable || ErrorMessage(err) != tc.want {
				t.Errorf("got %q (%v), want %q", ErrorMessage(err), err, tc.want)
			}
		})
	}
	// A model that is not installed reads like XML-RPC's fault, so that the
	// service skips it at start on either transport.
	_, err := decodeJSON2(http.StatusNotFound, "application/json", []byte(`{"name": "werkzeug.exceptions.NotFound", "message": "the model 'sale.order' does not exist"}`), "odoo")
	if f := faultOf(err); f == nil || f.Code != faultUserError || f.String != "Object sale.order doesn't exist" {
		t.Errorf("missing model: %v", err)
	}
}
