package odoosim

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// errNone is what Python's marshaller raises for None: Odoo answers with it
// as a fault, so the handler turns it into one.
var errNone = errors.New("cannot marshal None unless allow_none is enabled")

// encoder writes values exactly like Python's xmlrpc.client.Marshaller
// with Odoo's tweaks (dates as strings, control characters stripped).
type encoder struct {
	b         *bytes.Buffer
	allowNone bool
}

func (e *encoder) value(v any) error {
	b := e.b
	switch x := v.(type) {
	case nil:
		if !e.allowNone {
			return errNone
		}
		b.WriteString("<value><nil/></value>")
	case bool:
		if x {
			b.WriteString("<value><boolean>1</boolean></value>\n")
		} else {
			b.WriteString("<value><boolean>0</boolean></value>\n")
		}
	case int:
		fmt.Fprintf(b, "<value><int>%d</int></value>\n", x)
	case int64:
		fmt.Fprintf(b, "<value><int>%d</int></value>\n", x)
	case float64:
		b.WriteString("<value><double>")
		b.WriteString(pyFloat(x))
		b.WriteString("</double></value>\n")
	case string:
		b.WriteString("<value><string>")
		b.WriteString(xmlEscape(stripControl(x)))
		b.WriteString("</string></value>\n")
	case time.Time:
		return e.value(x.UTC().Format("2006-01-02 15:04:05"))
	case []byte:
		return e.value(base64.StdEncoding.EncodeToString(x))
	case []any:
		b.WriteString("<value><array><data>\n")
		for _, el := range x {
			if err := e.value(el); err != nil {
				return err
			}
		}
		b.WriteString("</data></array></value>\n")
	case []int:
		b.WriteString("<value><array><data>\n")
		for _, el := range x {
			fmt.Fprintf(b, "<value><int>%d</int></value>\n", el)
		}
		b.WriteString("</data></array></value>\n")
	case []string:
		b.WriteString("<value><array><data>\n")
		for _, el := range x {
			if err := e.value(el); err != nil {
				return err
			}
		}
		b.WriteString("</data></array></value>\n")
	case *dict:
		b.WriteString("<value><struct>\n")
		for _, k := range x.keys {
			b.WriteString("<member>\n<name>")
			b.WriteString(xmlEscape(k))
			b.WriteString("</name>\n")
			if err := e.value(x.m[k]); err != nil {
				return err
			}
			b.WriteString("</member>\n")
		}
		b.WriteString("</struct></value>\n")
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
		return e.value(d)
	case Value:
		return e.typed(x)
	default:
		return fmt.Errorf("cannot marshal %T objects", v)
	}
	return nil
}

func (e *encoder) typed(v Value) error {
	switch v.Kind {
	case KindString:
		return e.value(v.Str)
	case KindInt:
		return e.value(v.Int)
	case KindBoolean:
		return e.value(v.Bool)
	case KindDouble:
		return e.value(v.Double)
	case KindNil:
		return e.value(nil)
	case KindDateTime:
		e.b.WriteString("<value><dateTime.iso8601>" + xmlEscape(v.Str) + "</dateTime.iso8601></value>\n")
	case KindBase64:
		e.b.WriteString("<value><base64>\n" + v.Str + "\n</base64></value>\n")
	case KindArray:
		e.b.WriteString("<value><array><data>\n")
		for _, el := range v.Array {
			if err := e.typed(el); err != nil {
				return err
			}
		}
		e.b.WriteString("</data></array></value>\n")
	case KindStruct:
		e.b.WriteString("<value><struct>\n")
		for _, m := range v.Members {
			e.b.WriteString("<member>\n<name>" + xmlEscape(m.Name) + "</name>\n")
			if err := e.typed(m.Value); err != nil {
				return err
			}
			e.b.WriteString("</member>\n")
		}
		e.b.WriteString("</struct></value>\n")
	}
	return nil
}

// encodeResponse renders a methodResponse the way Odoo's rpc controller
// does: Python's marshaller output wrapped in Odoo's own header, which is
// where the blank line before </methodResponse> comes from.
func encodeResponse(result any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n")
	e := encoder{b: &b}
	if err := e.value(result); err != nil {
		return nil, err
	}
	b.WriteString("</param>\n</params>\n\n</methodResponse>\n")
	return b.Bytes(), nil
}

// encodeFault renders a fault; code is an int on /xmlrpc/2 and a string on
// the legacy endpoints.
func encodeFault(code any, msg string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n")
	d := newDict()
	d.Set("faultCode", code)
	d.Set("faultString", msg)
	e := encoder{b: &b}
	_ = e.value(d)
	b.WriteString("</fault>\n\n</methodResponse>\n")
	return b.Bytes()
}

// EncodeCall renders a methodCall the way Python's xmlrpc.client does.
// Params may be Go values (maps are written with sorted keys, nil as
// <nil/>) or Value trees.
func EncodeCall(method string, params ...any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
	b.WriteString(xmlEscape(method))
	b.WriteString("</methodName>\n<params>\n")
	e := encoder{b: &b, allowNone: true}
	for _, p := range params {
		b.WriteString("<param>\n")
		if err := e.value(p); err != nil {
			return nil, err
		}
		b.WriteString("</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return b.Bytes(), nil
}

func xmlEscape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

// stripControl removes what XML 1.0 cannot carry; Odoo does the same so
// that clients do not choke.
func stripControl(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 32 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 32 || c == '\t' || c == '\n' || c == '\r' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pyFloat formats like Python's repr(float): shortest round-trip digits,
// always a decimal point, exponent only below 1e-4 or from 1e16.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	sign := ""
	if neg {
		sign = "-"
	}
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es = "-"
			exp = -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}
