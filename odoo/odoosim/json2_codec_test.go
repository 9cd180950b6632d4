package odoosim

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The expected texts below are what Python 3.11's json module gives.

func TestDecodePyJSON(t *testing.T) {
	v, err := decodePyJSON([]byte(`[1, 1.0, 1e2, -0, 123456789012345678901234567890, 1E-2, true, false, null, "\ud83d\ude00\/\u00e9"]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []any{1, 1.0, 100.0, 0, 1.2345678901234568e+29, 0.01, true, false, nil, "😀/é"}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Keys keep their first position and their last value, like a dict.
	v, err = decodePyJSON([]byte(" {\"b\": 1, \"a\": {}, \"b\": [3]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := v.(*dict)
	if b, _ := d.Get("b"); !cmp.Equal(d.Keys(), []string{"b", "a"}) || !cmp.Equal(b, []any{3}) {
		t.Errorf("object %v %v", d.Keys(), b)
	}
	v, err = decodePyJSON([]byte(`[NaN, Infinity, -Infinity]`))
	if err != nil {
		t.Fatal(err)
	}
	if l := v.([]any); !math.IsNaN(l[0].(float64)) || !math.IsInf(l[1].(float64), 1) || !math.IsInf(l[2].(float64), -1) {
		t.Errorf("constants %v", l)
	}
	deep := make([]byte, 0, 2*maxJSONNest+2)
	for range maxJSONNest + 1 {
		deep = append(deep, '[')
	}
	if _, err := decodePyJSON(deep); err != errJSONDepth {
		t.Errorf("deep nesting: %v", err)
	}
	for body, msg := range map[string]string{
		"":          "Expecting value: line 1 column 1 (char 0)",
		"  ":        "Expecting value: line 1 column 3 (char 2)",
		"{":         "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
		`{"a":}`:    "Expecting value: line 1 column 6 (char 5)",
		`[1 2]`:     "Expecting ',' delimiter: line 1 column 4 (char 3)",
		`"a\`:       "Unterminated string starting at: line 1 column 1 (char 0)",
		`"\u12345`:  "Unterminated string starting at: line 1 column 1 (char 0)",
		`"\u123x" `: "Invalid \\uXXXX escape: line 1 column 3 (char 2)",
		`1.`:        "Extra data: line 1 column 2 (char 1)",
		`nul`:       "Expecting value: line 1 column 1 (char 0)",
		"\n\n  x":   "Expecting value: line 3 column 3 (char 4)",
	} {
		_, err := decodePyJSON([]byte(body))
		if err == nil || err.Error() != msg {
			t.Errorf("%q: %v, want %s", body, err, msg)
		}
	}
}

func TestEncodePyJSON(t *testing.T) {
	d := newDict()
	d.Set("z", 1)
	d.Set("a", []any{1740.0, 1e16, 1.5e-5, 0.1, math.Copysign(0, -1), 1.2345678901234568e+17, 1e22, math.NaN(), math.Inf(-1)})
	d.Set("s", "a\x1f\x7f\u2028é😀<>&/\"\\\n\t\b\f\r\xff")
	d.Set("m", map[string]any{"y": nil, "x": false})
	d.Set("t", time.Date(2026, 11, 21, 8, 54, 0, 0, time.UTC))
	d.Set("l", pyTuple{[]int{1, 2}, []string{"u"}})
	got, err := encodePyJSON(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z": 1, "a": [1740.0, 1e+16, 1.5e-05, 0.1, -0.0, 1.2345678901234568e+17, 1e+22, NaN, -Infinity], ` +
		"\"s\": \"a\\u001f\x7f\u2028é😀<>&/\\\"\\\\\\n\\t\\b\\f\\r\ufffd\", " +
		`"m": {"x": false, "y": null}, "t": "2026-11-21 08:54:00", "l": [[1, 2], ["u"]]}`
	if string(got) != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	if _, err := encodePyJSON(struct{}{}); err == nil {
		t.Error("a struct was encoded")
	}
}
