package odoosim

import (
	"encoding/base64"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
)

func pyTypeName(v any) string {
	switch v.(type) {
	case string:
		return "str"
	case int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []any:
		return "list"
	case nil:
		return "NoneType"
	}
	return "object"
}

// convert turns a client value into the internal form of a field.
func (e *env) convert(m *model, r *record, f *field, v any) (any, error) {
	if t, ok := v.(time.Time); ok {
		switch f.typ {
		case "date":
			return t.Format("2006-01-02"), nil
		default:
			v = t.UTC().Format("2006-01-02 15:04:05")
		}
	}
	switch f.typ {
	case "char", "text":
		switch x := v.(type) {
		case nil, bool:
			if x == true {
				return "True", nil
			}
			return nil, nil
		case string:
			return x, nil
		}
		return pyRepr(v), nil
	case "html":
		s, _ := v.(string)
		return htmlValue(s), nil
	case "selection":
		s, ok := v.(string)
		if !ok || s == "" {
			if v == nil || v == false {
				return nil, nil
			}
		}
		if len(f.selection) > 0 {
			for _, opt := range f.selection {
				if opt[0] == s {
					return s, nil
				}
			}
			return nil, valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
		}
		return s, nil
	case "integer":
		n, ok := intArg(v)
		if !ok {
			if s, isStr := v.(string); isStr {
				if i, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
					return i, nil
				}
			}
			return nil, valueError(fmt.Sprintf("invalid literal for int() with base 10: %s", pyRepr(v)), frameWrite)
		}
		return n, nil
	case "float", "monetary":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int:
			return float64(x), nil
		case nil, bool:
			return 0.0, nil
		case string:
			if fl, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return fl, nil
			}
		}
		return nil, valueError(fmt.Sprintf("could not convert string to float: %s", pyRepr(v)), frameWrite)
	case "boolean":
		return truthy(v), nil
	case "date":
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, nil
		}
		if len(s) > 10 {
			s = s[:10]
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return nil, valueError(fmt.Sprintf("time data %s does not match format '%%Y-%%m-%%d'", pyRepr(v)), frameWrite)
		}
		return s, nil
	case "datetime":
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, nil
		}
		s = strings.Replace(s, "T", " ", 1)
		if len(s) == 10 {
			s += " 00:00:00"
		}
		t, err := time.Parse("2006-01-02 15:04:05", truncSeconds(s))
		if err != nil {
			return nil, valueError(fmt.Sprintf("time data %s does not match format '%%Y-%%m-%%d %%H:%%M:%%S'", pyRepr(v)), frameWrite)
		}
		return t.Format("2006-01-02 15:04:05.000000"), nil
	case "many2one":
		switch x := v.(type) {
		case nil, bool:
			return nil, nil
		case int:
			if x == 0 {
				return nil, nil
			}
			return x, nil
		case float64:
			return int(x), nil
		case []any:
			if len(x) > 0 {
				if id, ok := x[0].(int); ok {
					return id, nil
				}
			}
		}
		return nil, valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
	case "many2many":
		return e.many2many(m, r, f, v)
	case "binary":
		switch x := v.(type) {
		case string:
			if x == "" {
				return nil, nil
			}
			return x, nil
		case []byte:
			return base64.StdEncoding.EncodeToString(x), nil
		}
		return nil, nil
	case "json", "properties":
		return v, nil
	}
	return v, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return true
}

// htmlValue stores text in an html field like Odoo: plain text becomes a
// paragraph (plaintext2html), markup is kept.
func htmlValue(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if strings.HasPrefix(strings.TrimSpace(s), "<") {
		return s
	}
	paras := strings.Split(html.EscapeString(s), "\n\n")
	for i, p := range paras {
		paras[i] = "<p>" + strings.ReplaceAll(p, "\n", "<br>") + "</p>"
	}
	return strings.Join(paras, "")
}
