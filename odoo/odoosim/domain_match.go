package odoosim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

func (e *env) scalarLeaf(m *model, f *field, op string, value any) pred {
	get := func(r *record) any {
		if f.name == "id" {
			return r.id
		}
		return e.get(m, r, f)
	}
	neg := negativeOperators[op]
	switch op {
	case "in", "not in":
		list, ok := value.([]any)
		if !ok {
			list = []any{value}
		}
		wantNull := false
		var vals []any
		for _, x := range list {
			if (x == nil || x == false) && f.typ != "boolean" {
				wantNull = true
				continue
			}
			vals = append(vals, coerce(f, x))
		}
		return func(r *record) bool {
			v := get(r)
			hit := false
			if isNull(f, v) {
				hit = wantNull
			} else {
				for _, x := range vals {
					if c, ok := compareValues(v, x); ok && c == 0 {
						hit = true
						break
					}
				}
			}
			return hit != neg
		}
	case "like", "ilike", "=like", "=ilike", "not like", "not ilike":
		pattern := fmt.Sprint(value)
		if value == nil || value == false {
			pattern = ""
		}
		return func(r *record) bool {
			v := get(r)
			if isNull(f, v) {
				return neg
			}
			return likeOp(fmt.Sprint(textOf(v)), op, pattern)
		}
	}
	if list, ok := value.([]any); ok && (op == "=" || op == "!=") {
		// Odoo 19 turns ('f', '=', [..]) into 'in'.
		if op == "=" {
			return e.scalarLeaf(m, f, "in", list)
		}
		return e.scalarLeaf(m, f, "not in", list)
	}
	if value == nil || (value == false && f.typ != "boolean") {
		return func(r *record) bool {
			null := isNull(f, get(r))
			switch op {
			case "=":
				return null
			case "!=":
				return !null
			}
			return false
		}
	}
	ref := coerce(f, value)
	return func(r *record) bool {
		v := get(r)
		if isNull(f, v) {
			return neg
		}
		c, ok := compareValues(v, ref)
		if !ok {
			return neg
		}
		return cmpOp(c, op)
	}
}

func isNull(f *field, v any) bool {
	if v == nil {
		return true
	}
	if f.typ == "boolean" {
		return false
	}
	if s, ok := v.(string); ok && s == "" {
		return true
	}
	return false
}

func textOf(v any) any {
	switch x := v.(type) {
	case float64:
		return pyFloat(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return v
}

// coerce converts a domain value to the field's internal form so that
// comparisons work (dates given as date or datetime strings, numbers as
// text...).
func coerce(f *field, v any) any {
	switch f.typ {
	case "datetime":
		switch x := v.(type) {
		case time.Time:
			return x.UTC().Format("2006-01-02 15:04:05")
		case string:
			if len(x) == 10 {
				return x + " 00:00:00"
			}
			return strings.Replace(x, "T", " ", 1)
		}
	case "date":
		switch x := v.(type) {
		case time.Time:
			return x.Format("2006-01-02")
		case string:
			if len(x) > 10 {
				return x[:10]
			}
		}
	case "integer", "float", "monetary":
		switch x := v.(type) {
		case string:
			if n, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				return n
			}
		case bool:
			if x {
				return 1
			}
			return 0
		}
	case "boolean":
		switch x := v.(type) {
		case int:
			return x != 0
		case nil:
			return false
		}
	}
	return v
}

// compareValues orders two internal values of the same field.
func compareValues(a, b any) (int, bool) {
	switch x := a.(type) {
	case int:
		switch y := b.(type) {
		case int:
			return compareNum(float64(x), float64(y)), true
		case float64:
			return compareNum(float64(x), y), true
		}
	case float64:
		switch y := b.(type) {
		case int:
			return compareNum(x, float64(y)), true
		case float64:
			return compareNum(x, y), true
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
		if y, ok := b.(int); ok {
			return strings.Compare(x, strconv.Itoa(y)), true
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0, true
			case !x:
				return -1, true
			}
			return 1, true
		}
	}
	return 0, false
}

func compareNum(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpOp(c int, op string) bool {
	switch op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}

// likeOp applies the LIKE family: like/ilike wrap the value in %...% as
// Odoo does, =like/=ilike use it as the whole pattern.
func likeOp(s, op, value string) bool {
	switch op {
	case "like":
		return sqlLike(s, "%"+value+"%", false)
	case "ilike":
		return sqlLike(s, "%"+value+"%", true)
	case "not like":
		return !sqlLike(s, "%"+value+"%", false)
	case "not ilike":
		return !sqlLike(s, "%"+value+"%", true)
	case "=like":
		return sqlLike(s, value, false)
	case "=ilike":
		return sqlLike(s, value, true)
	}
	return false
}

// sqlLike matches a SQL LIKE pattern (% any run, _ one character,
// backslash escapes).
func sqlLike(s, pattern string, fold bool) bool {
	if fold {
		s = strings.ToLower(s)
		pattern = strings.ToLower(pattern)
	}
	type tok struct {
		r    rune
		kind byte // 'c' literal, '%' any, '_' one
	}
	var toks []tok
	for i := 0; i < len(pattern); {
		r, size := utf8.DecodeRuneInString(pattern[i:])
		i += size
		switch r {
		case '\\':
			if i < len(pattern) {
				r2, size2 := utf8.DecodeRuneInString(pattern[i:])
				i += size2
				toks = append(toks, tok{r2, 'c'})
			}
		case '%':
			toks = append(toks, tok{kind: '%'})
		case '_':
			toks = append(toks, tok{kind: '_'})
		default:
			toks = append(toks, tok{r, 'c'})
		}
	}
	// dp[j]: pattern prefix of length j matches the text prefix so far.
	dp := make([]bool, len(toks)+1)
	dp[0] = true
	for j := 1; j <= len(toks) && toks[j-1].kind == '%'; j++ {
		dp[j] = true
	}
	for _, c := range s {
		next := make([]bool, len(toks)+1)
		for j := 1; j <= len(toks); j++ {
			t := toks[j-1]
			switch t.kind {
			case '%':
				next[j] = next[j-1] || dp[j]
			case '_':
				next[j] = dp[j-1]
			default:
				next[j] = dp[j-1] && t.r == c
			}
		}
		dp = next
	}
	return dp[len(toks)]
}
