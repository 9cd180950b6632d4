package odoosim

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseValueKinds(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want any
		kind Kind
	}{
		{"untyped string", "<value>admin</value>", "admin", KindString},
		{"untyped empty", "<value></value>", "", KindString},
		{"typed string", "<value><string>a &amp; b</string></value>", "a & b", KindString},
		{"int", "<value><int>42</int></value>", 42, KindInt},
		{"i4", "<value><i4>-7</i4></value>", -7, KindInt},
		{"i8", "<value><i8>4294967296</i8></value>", 4294967296, KindInt},
		{"double", "<value><double>1740.0</double></value>", 1740.0, KindDouble},
		{"boolean true", "<value><boolean>1</boolean></value>", true, KindBoolean},
		{"boolean false", "<value><boolean>0</boolean></value>", false, KindBoolean},
		{"nil", "<value><nil/></value>", nil, KindNil},
		{"empty array", "<value><array><data/></array></value>", []any{}, KindArray},
		{"empty struct", "<value><struct></struct></value>", map[string]any{}, KindStruct},
		{"nested", "<value><array><data><value><array><data><value>name</value><value><string>=</string></value><value><i4>1</i4></value></data></array></value></data></array></value>",
			[]any{[]any{"name", "=", 1}}, KindArray},
		{"struct", "<value><struct><member><name>limit</name><value><int>5</int></value></member><member><name>order</name><value><nil/></value></member></struct></value>",
			map[string]any{"limit": 5, "order": nil}, KindStruct},
		{"datetime", "<value><dateTime.iso8601>20261121T08:53:35</dateTime.iso8601></value>", time.Date(2026, 11, 21, 8, 53, 35, 0, time.UTC), KindDateTime},
		{"base64", "<value><base64>aGVsbG8=</base64></value>", []byte("hello"), KindBase64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseValue([]byte(tt.xml))
			if err != nil {
				t.Fatal(err)
			}
			if v.Kind != tt.kind {
				t.Errorf("kind %s, want %s", v.Kind, tt.kind)
			}
			if diff := cmp.Diff(tt.want, v.Native()); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseCallErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"truncated", `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params><param><value>`, "no element found: line 1, column 90"},
		{"empty", ``, "no element found: line 1, column 0"},
		{"bad boolean", `<methodCall><methodName>x</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>`, "bad boolean value"},
		{"bad int", `<methodCall><methodName>x</methodName><params><param><value><int>x</int></value></param></params></methodCall>`, "invalid literal for int() with base 10: 'x'"},
		{"unknown tag", `<methodCall><methodName>x</methodName><params><param><value><float32>1</float32></value></param></params></methodCall>`, "unknown tag 'float32'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseCall([]byte(tt.body))
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPyFloat(t *testing.T) {
	tests := map[float64]string{
		0: "0.0", 1740: "1740.0", 2947.5: "2947.5", 0.1: "0.1", 19681.25: "19681.25",
		1e16: "1e+16", 1.5e16: "1.5e+16", 123456789012345.0: "123456789012345.0",
		1e-5: "1e-05", 0.0001: "0.0001", -3.25: "-3.25", 1740000: "1740000.0", 1.0 / 3: "0.3333333333333333",
	}
	for in, want := range tests {
		if got := pyFloat(in); got != want {
			t.Errorf("pyFloat(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestEncodeResponseFormatting(t *testing.T) {
	d := newDict()
	d.Set("id", 55)
	d.Set("comment", "<p>a & b</p>")
	d.Set("tags", []int{})
	d.Set("amount", 1740.0)
	d.Set("empty", false)
	got, err := encodeResponse([]any{d})
	if err != nil {
		t.Fatal(err)
	}
	want := "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n" +
		"<member>\n<name>id</name>\n<value><int>55</int></value>\n</member>\n" +
		"<member>\n<name>comment</name>\n<value><string>&lt;p&gt;a &amp; b&lt;/p&gt;</string></value>\n</member>\n" +
		"<member>\n<name>tags</name>\n<value><array><data>\n</data></array></value>\n</member>\n" +
		"<member>\n<name>amount</name>\n<value><double>1740.0</double></value>\n</member>\n" +
		"<member>\n<name>empty</name>\n<value><boolean>0</boolean></value>\n</member>\n" +
		"</struct></value>\n</data></array></value>\n</param>\n</params>\n\n</methodResponse>\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := encodeResponse(nil); err != errNone {
		t.Errorf("None must not marshal, got %v", err)
	}
}

func TestStripControlCharacters(t *testing.T) {
	got, err := encodeResponse("a\x00b\x1fc\td\ne")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "<string>abc\td\ne</string>") {
		t.Errorf("control characters kept: %q", got)
	}
}

func TestEncodeCallRoundTrip(t *testing.T) {
	body, err := EncodeCall("execute_kw", DB, 2, "admin", "res.partner", "search_read",
		[]any{[]any{[]any{"name", "ilike", "a<b"}}}, map[string]any{"limit": 5, "order": nil, "ok": true, "x": 1.5})
	if err != nil {
		t.Fatal(err)
	}
	method, params, err := ParseCall(body)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]any, len(params))
	for i, p := range params {
		got[i] = p.Native()
	}
	want := []any{DB, 2, "admin", "res.partner", "search_read",
		[]any{[]any{[]any{"name", "ilike", "a<b"}}}, map[string]any{"limit": 5, "order": nil, "ok": true, "x": 1.5}}
	if method != "execute_kw" {
		t.Errorf("method %q", method)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPyRepr(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{pyTuple{"no_such_field", "=", 1}, "('no_such_field', '=', 1)"},
		{pyTuple{999999}, "(999999,)"},
		{[]any{"name", "="}, "['name', '=']"},
		{"it's", `"it's"`},
		{"a\nb", `'a\nb'`},
		{[]any{true, false, nil, 1.5}, "[True, False, None, 1.5]"},
	}
	for _, tt := range tests {
		if got := pyRepr(tt.in); got != tt.want {
			t.Errorf("pyRepr(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
