package odoosim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestJSON2Conformance replays every JSON-2 capture of the real Odoo 19
// (../testdata/odoo-wire/json2) against the simulator, in file order on
// one server, the way TestConformance replays the XML-RPC ones.
//
// What is compared:
//   - HTTP status and Content-Type; HTML answers byte for byte;
//   - the JSON type at every path (object, array, string, integer,
//     float, boolean, null: 1740.0 is not 1740), the keys of every
//     object in order, and the false conventions;
//   - for errors, name, message, arguments and context exactly, and the
//     first and last lines of the debug traceback (the whole traceback
//     unless the capture is in json2DebugDiffs);
//   - the values, unless the capture is in json2DataDiffs;
//   - and then the bytes, where no value legitimately differs.
//
// Ids created during the replay are translated in later requests and
// answers, as in TestConformance.

type json2Capture struct {
	Name           string            `json:"name"`
	Endpoint       string            `json:"endpoint"`
	Method         string            `json:"method"`
	RequestHeaders map[string]string `json:"request_headers"`
	Request        string            `json:"request"`
	Status         int               `json:"status"`
	ContentType    string            `json:"response_content_type"`
	Response       string            `json:"response"`
	Note           string            `json:"note"`
}

// json2Unsupported lists captures the simulator does not reproduce, with
// the reason; they are logged, never silently skipped.
var json2Unsupported = map[string]string{}

var json2DataDiffs = map[string]dataDiff{
	"39-sale.order-web_search_read-nested-spec": {reason: moreData, ignore: []string{"length"}},
}

// json2DebugDiffs are errors whose traceback differs in the frames below
// the model method: the simulator raises the same exception with the same
// message from its own code, so only the first and last lines match.
var json2DebugDiffs = map[string]string{
	"29-restricted-user-write-acl":           "res.country.write and check_access frames are not simulated",
	"30-restricted-user-read-rule":           "read/fetch frames of the record rule check are not simulated",
	"32-missing-record-action":               "the frames of action_archive's field access are not simulated",
	"41-res.partner-create-validation-error": "the psycopg2 ForeignKeyViolation chained by retrying is not simulated",
	"42-res.partner-unlink-referenced":       "the unlink override frames are not simulated",
}

func loadJSON2Captures(t *testing.T) []json2Capture {
	t.Helper()
	return loadCaptureDir(t, "json2", func(c *json2Capture, name string) { c.Name = name })
}

func TestJSON2Conformance(t *testing.T) {
	srv := New()
	captures := loadJSON2Captures(t)
	lastUse := map[int]int{}
	for i, c := range captures {
		if n, err := parseJNode([]byte(c.Request)); err == nil {
			n.ints(func(v int) { lastUse[v] = i })
		}
	}
	live := map[int]int{}
	for i, c := range captures {
		for k := range live {
			if lastUse[k] < i {
				delete(live, k)
			}
		}
		ids := live
		t.Run(c.Name, func(t *testing.T) {
			if why, ok := json2Unsupported[c.Name]; ok {
				t.Logf("unsupported: %s", why)
				return
			}
			body, translated := translateJSON(t, c.Request, ids)
			req := httptest.NewRequest(c.Method, c.Endpoint, strings.NewReader(body))
			for k, v := range c.RequestHeaders {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != c.Status {
				t.Fatalf("status %d, captured %d\n%s", rec.Code, c.Status, truncate(rec.Body.String(), 3000))
			}
			if ct := rec.Header().Get("Content-Type"); ct != c.ContentType {
				t.Errorf("content type %q, captured %q", ct, c.ContentType)
			}
			if !strings.Contains(c.ContentType, "json") {
				if rec.Body.String() != c.Response {
					t.Errorf("answer differs from the captured bytes:\n%s", firstDifference(rec.Body.String(), c.Response))
				}
				return
			}
			got, err := parseJNode(rec.Body.Bytes())
			if err != nil {
				t.Fatalf("simulator answer is not JSON: %v\n%s", err, truncate(rec.Body.String(), 3000))
			}
			want, err := parseJNode([]byte(c.Response))
			if err != nil {
				t.Fatalf("capture is not JSON: %v", err)
			}
			diff := json2DataDiffs[c.Name]
			cmp := &jcomparer{ids: ids, diff: diff}
			exactDebug := true
			if c.Status != http.StatusOK {
				exactDebug = compareJSON2Error(t, cmp, got, want, json2DebugDiffs[c.Name])
			} else {
				if strings.HasSuffix(c.Endpoint, "/create") {
					learnJSONIDs(ids, got, want)
				}
				cmp.compare("$", got, want)
			}
			for _, p := range cmp.problems {
				t.Error(p)
			}
			create := strings.HasSuffix(c.Endpoint, "/create")
			if diff.reason == "" && exactDebug && !translated && !create && !t.Failed() && rec.Body.String() != c.Response {
				t.Errorf("answer differs from the captured bytes:\n%s", firstDifference(rec.Body.String(), c.Response))
			}
			if diff.reason != "" {
				t.Logf("values may differ: %s", diff.reason)
			}
			if t.Failed() {
				t.Logf("simulator answer:\n%s", truncate(rec.Body.String(), 3000))
			}
		})
	}
}

// compareJSON2Error compares an error object; it reports whether the
// whole debug text is expected to match.
func compareJSON2Error(t *testing.T, cmp *jcomparer, got, want *jnode, debugDiff string) bool {
	t.Helper()
	if got.kind != "object" || want.kind != "object" {
		t.Fatalf("error answers are objects: got %s, captured %s", got.kind, want.kind)
	}
	if strings.Join(got.keys, ",") != strings.Join(want.keys, ",") {
		t.Errorf("keys %v, captured %v", got.keys, want.keys)
	}
	for _, k := range []string{"name", "message", "arguments", "context"} {
		cmp.compare("$."+k, got.get(k), want.get(k))
	}
	gd, wd := got.get("debug"), want.get("debug")
	if gd == nil || wd == nil || gd.kind != "string" {
		t.Fatalf("debug missing or not a string")
	}
	if first(gd.str) != first(wd.str) {
		t.Errorf("debug first line %q, captured %q", first(gd.str), first(wd.str))
	}
	if last(gd.str) != last(wd.str) {
		t.Errorf("debug last line\n got: %q\nwant: %q", last(gd.str), last(wd.str))
	}
	if debugDiff != "" {
		t.Logf("traceback frames may differ: %s", debugDiff)
		return false
	}
	if gd.str != wd.str {
		t.Errorf("debug differs:\n%s", firstDifference(gd.str, wd.str))
	}
	return true
}

// translateJSON replaces ids created during the replay in a request body;
// the body is sent untouched when nothing needs translating.
func translateJSON(t *testing.T, body string, ids map[int]int) (string, bool) {
	t.Helper()
	v, err := decodePyJSON([]byte(body))
	if err != nil || len(ids) == 0 {
		return body, false
	}
	changed := false
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case int:
			if n, ok := ids[x]; ok {
				changed = true
				return n
			}
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		case *dict:
			out := newDict()
			for _, k := range x.Keys() {
				e, _ := x.Get(k)
				out.Set(k, walk(e))
			}
			return out
		}
		return v
	}
	v = walk(v)
	if !changed {
		return body, false
	}
	out, err := encodePyJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), true
}

func learnJSONIDs(ids map[int]int, got, want *jnode) {
	switch {
	case want.kind == "int" && got.kind == "int":
		var w, g int
		fmt.Sscan(want.num, &w)
		fmt.Sscan(got.num, &g)
		ids[w] = g
	case want.kind == "array" && got.kind == "array":
		for i := range want.arr {
			if i < len(got.arr) {
				learnJSONIDs(ids, got.arr[i], want.arr[i])
			}
		}
	}
}
