package odoosim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file reads JSON request bodies the way Odoo's Python does, with
// json.loads: its error messages (positions counted in characters),
// integers kept apart from floats, object keys kept in order.

// jsonDecodeError is Python's json.JSONDecodeError.
type jsonDecodeError struct {
	msg       string
	pos       int
	line, col int
	// site is the traceback frame that raised it, for the debug text.
	site string
}

func (e *jsonDecodeError) Error() string {
	return fmt.Sprintf("%s: line %d column %d (char %d)", e.msg, e.line, e.col, e.pos)
}

// errJSONDepth stands for the RecursionError Python's scanner raises on
// deeply nested documents (not a JSONDecodeError: Odoo answers 500).
var errJSONDepth = errors.New("maximum recursion depth exceeded while decoding a JSON array from a unicode string")

// stopIteration is the scanner's StopIteration: no value starts at pos.
type stopIteration struct{ pos int }

func (e *stopIteration) Error() string { return "StopIteration" }

// Sites of JSONDecodeError in Python 3.11's json package.
const (
	siteScanner = "scanner" // raised by the C scanner under raw_decode
	siteValue   = "value"   // raw_decode's "Expecting value"
	siteExtra   = "extra"   // decode's "Extra data"
	siteBOM     = "bom"     // loads' BOM check
	jsonWS      = " \t\n\r" // json's whitespace
	// maxJSONNest bounds nesting, as Python's recursion limit does.
	maxJSONNest = 900
)

type pyJSONDecoder struct {
	s     []rune
	depth int
}

// decodePyJSON parses like json.loads(body.decode('utf-8', 'replace')).
// Objects become *dict, integers int (float64 beyond int range), other
// numbers float64.
func decodePyJSON(body []byte) (any, error) {
	d := &pyJSONDecoder{s: []rune(string(body))}
	if len(d.s) > 0 && d.s[0] == '\ufeff' {
		return nil, d.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0, siteBOM)
	}
	v, end, err := d.scan(d.skip(0))
	if err != nil {
		if stop, ok := err.(*stopIteration); ok {
			return nil, d.fail("Expecting value", stop.pos, siteValue)
		}
		return nil, err
	}
	if end = d.skip(end); end != len(d.s) {
		return nil, d.fail("Extra data", end, siteExtra)
	}
	return v, nil
}

func (d *pyJSONDecoder) fail(msg string, pos int, site string) *jsonDecodeError {
	line := 1
	last := -1
	for i := 0; i < pos && i < len(d.s); i++ {
		if d.s[i] == '\n' {
			line++
			last = i
		}
	}
	return &jsonDecodeError{msg: msg, pos: pos, line: line, col: pos - last, site: site}
}

func (d *pyJSONDecoder) skip(i int) int {
	for i < len(d.s) && strings.ContainsRune(jsonWS, d.s[i]) {
		i++
	}
	return i
}

func (d *pyJSONDecoder) has(i int, word string) bool {
	w := []rune(word)
	return i+len(w) <= len(d.s) && string(d.s[i:i+len(w)]) == word
}

// scan is the scanner's scan_once.
func (d *pyJSONDecoder) scan(i int) (any, int, error) {
	if i >= len(d.s) {
		return nil, i, &stopIteration{i}
	}
	switch c := d.s[i]; {
	case c == '"':
		return d.str(i + 1)
	case c == '{' || c == '[':
		if d.depth++; d.depth > maxJSONNest {
			return nil, i, errJSONDepth
		}
		defer func() { d.depth-- }()
		if c == '{' {
			return d.object(i + 1)
		}
		return d.array(i + 1)
	case d.has(i, "null"):
		return nil, i + 4, nil
	case d.has(i, "true"):
		return true, i + 4, nil
	case d.has(i, "false"):
		return false, i + 5, nil
	case d.has(i, "NaN"):
		return math.NaN(), i + 3, nil
	case d.has(i, "Infinity"):
		return math.Inf(1), i + 8, nil
	case d.has(i, "-Infinity"):
		return math.Inf(-1), i + 9, nil
	}
	return d.number(i)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number matches (-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?.
func (d *pyJSONDecoder) number(start int) (any, int, error) {
	i := start
	if i < len(d.s) && d.s[i] == '-' {
		i++
	}
	switch {
	case i < len(d.s) && d.s[i] == '0':
		i++
	case i < len(d.s) && isDigit(d.s[i]):
		for i < len(d.s) && isDigit(d.s[i]) {
			i++
		}
	default:
		return nil, start, &stopIteration{start}
	}
	float := false
	if i+1 < len(d.s) && d.s[i] == '.' && isDigit(d.s[i+1]) {
		float = true
		for i += 2; i < len(d.s) && isDigit(d.s[i]); i++ {
		}
	}
	if i < len(d.s) && (d.s[i] == 'e' || d.s[i] == 'E') {
		j := i + 1
		if j < len(d.s) && (d.s[j] == '-' || d.s[j] == '+') {
			j++
		}
		k := j
		for k < len(d.s) && isDigit(d.s[k]) {
			k++
		}
		if k > j {
			float, i = true, k
		}
	}
	lit := string(d.s[start:i])
	if !float {
		if n, err := strconv.Atoi(lit); err == nil {
			return n, i, nil
		}
	}
	f, _ := strconv.ParseFloat(lit, 64)
	return f, i, nil
}

// str is scanstring: begin is just after the opening quote.
func (d *pyJSONDecoder) str(begin int) (any, int, error) {
	var b strings.Builder
	i := begin
	for {
		if i >= len(d.s) {
			return nil, i, d.fail("Unterminated string starting at", begin-1, siteScanner)
		}
		c := d.s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, nil
		case c < 0x20:
			return nil, i, d.fail("Invalid control character at", i, siteScanner)
		case c != '\\':
			b.WriteRune(c)
			i++
			continue
		}
		if i+1 >= len(d.s) {
			return nil, i, d.fail("Unterminated string starting at", begin-1, siteScanner)
		}
		esc := d.s[i+1]
		if esc != 'u' {
			r, ok := map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}[esc]
			if !ok {
				return nil, i, d.fail("Invalid \\escape", i, siteScanner)
			}
			b.WriteRune(r)
			i += 2
			continue
		}
		u, ok := d.hex4(i + 2)
		if !ok {
			return nil, i, d.fail("Invalid \\uXXXX escape", i+1, siteScanner)
		}
		i += 6
		if u >= 0xd800 && u <= 0xdbff && i+6 < len(d.s) && d.s[i] == '\\' && d.s[i+1] == 'u' {
			u2, ok := d.hex4(i + 2)
			if !ok {
				return nil, i, d.fail("Invalid \\uXXXX escape", i+1, siteScanner)
			}
			if u2 >= 0xdc00 && u2 <= 0xdfff {
				u = 0x10000 + ((u - 0xd800) << 10) | (u2 - 0xdc00)
				i += 6
			}
		}
		// Lone surrogates cannot live in a Go string.
		b.WriteRune(rune(u))
	}
}

// hex4 reads the four hex digits of a \u escape; like the C scanner it
// wants at least one more character (the closing quote) after them.
func (d *pyJSONDecoder) hex4(i int) (int, bool) {
	if i+4 >= len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.s[i:i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

func (d *pyJSONDecoder) object(i int) (any, int, error) {
	out := newDict()
	i = d.skip(i)
	if i < len(d.s) && d.s[i] == '}' {
		return out, i + 1, nil
	}
	for {
		if i >= len(d.s) || d.s[i] != '"' {
			return nil, i, d.fail("Expecting property name enclosed in double quotes", i, siteScanner)
		}
		key, next, err := d.str(i + 1)
		if err != nil {
			return nil, next, err
		}
		i = d.skip(next)
		if i >= len(d.s) || d.s[i] != ':' {
			return nil, i, d.fail("Expecting ':' delimiter", i, siteScanner)
		}
		v, next, err := d.scan(d.skip(i + 1))
		if err != nil {
			return nil, next, err
		}
		out.Set(key.(string), v)
		i = d.skip(next)
		if i < len(d.s) && d.s[i] == '}' {
			return out, i + 1, nil
		}
		if i >= len(d.s) || d.s[i] != ',' {
			return nil, i, d.fail("Expecting ',' delimiter", i, siteScanner)
		}
		i = d.skip(i + 1)
	}
}

func (d *pyJSONDecoder) array(i int) (any, int, error) {
	out := []any{}
	i = d.skip(i)
	if i < len(d.s) && d.s[i] == ']' {
		return out, i + 1, nil
	}
	for {
		v, next, err := d.scan(i)
		if err != nil {
			return nil, next, err
		}
		out = append(out, v)
		i = d.skip(next)
		if i < len(d.s) && d.s[i] == ']' {
			return out, i + 1, nil
		}
		if i >= len(d.s) || d.s[i] != ',' {
			return nil, i, d.fail("Expecting ',' delimiter", i, siteScanner)
		}
		i = d.skip(i + 1)
	}
}
