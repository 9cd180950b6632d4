package odoosim

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Answers are written like Python's json.dumps(ensure_ascii=False): ", "
// and ": " separators, floats with a decimal point (1740.0), non-ASCII
// text unescaped.

// encodePyJSON renders v like Odoo's make_json_response: json.dumps with
// ensure_ascii=False, datetimes as Odoo strings.
func encodePyJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writePyJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writePyJSON(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		switch {
		case math.IsNaN(x):
			b.WriteString("NaN")
		case math.IsInf(x, 1):
			b.WriteString("Infinity")
		case math.IsInf(x, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(pyFloat(x))
		}
	case string:
		writePyJSONString(b, x)
	case time.Time:
		writePyJSONString(b, x.UTC().Format("2006-01-02 15:04:05"))
	case []byte:
		writePyJSONString(b, base64.StdEncoding.EncodeToString(x))
	case []any:
		return writePyJSONList(b, len(x), func(i int) any { return x[i] })
	case pyTuple:
		return writePyJSONList(b, len(x), func(i int) any { return x[i] })
	case []int:
		return writePyJSONList(b, len(x), func(i int) any { return x[i] })
	case []string:
		return writePyJSONList(b, len(x), func(i int) any { return x[i] })
	case *dict:
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writePyJSONString(b, k)
			b.WriteString(": ")
			if err := writePyJSON(b, x.m[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		d := newDict()
		for _, k := range keys {
			d.Set(k, x[k])
		}
		return writePyJSON(b, d)
	case Value:
		return writePyJSON(b, x.ordered())
	default:
		return typeError(fmt.Sprintf("Object of type %T is not JSON serializable", v))
	}
	return nil
}

func writePyJSONList(b *bytes.Buffer, n int, at func(int) any) error {
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := writePyJSON(b, at(i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

// writePyJSONString escapes like json's encode_basestring: quotes,
// backslashes and control characters only.
func writePyJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
