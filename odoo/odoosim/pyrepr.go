package odoosim

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// pyRepr renders a value like Python's repr(): Odoo error messages embed
// reprs of domains, ids and values, and clients match on those texts.
func pyRepr(v any) string {
	var b strings.Builder
	writeRepr(&b, v)
	return b.String()
}

func writeRepr(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int:
		fmt.Fprintf(b, "%d", x)
	case int64:
		fmt.Fprintf(b, "%d", x)
	case float64:
		b.WriteString(pyFloat(x))
	case string:
		b.WriteString(pyStr(x))
	case time.Time:
		fmt.Fprintf(b, "datetime.datetime(%d, %d, %d, %d, %d", x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute())
		if x.Second() != 0 {
			fmt.Fprintf(b, ", %d", x.Second())
		}
		b.WriteString(")")
	case []byte:
		b.WriteString("b" + pyStr(string(x)))
	case []any:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		b.WriteString("]")
	case []int:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%d", e)
		}
		b.WriteString("]")
	case pyTuple:
		b.WriteString("(")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e)
		}
		if len(x) == 1 {
			b.WriteString(",")
		}
		b.WriteString(")")
	case *dict:
		b.WriteString("{")
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyStr(k))
			b.WriteString(": ")
			writeRepr(b, x.m[k])
		}
		b.WriteString("}")
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
		writeRepr(b, d)
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

// pyTuple is rendered with parentheses, like the Python tuples found in
// Odoo messages ("(Record: res.partner(999999,), ...").
type pyTuple []any

// pyStr quotes like Python: single quotes unless the text contains a single
// quote and no double quote.
func pyStr(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, "\"") {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 32 || r == 127:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
