package odoo

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Keyset paging: a cursor holds the sort key values and the id of a row,
// and the next page is "rows after that one" as a domain, so a page does
// not shift when records are inserted or deleted before it (offsets do).
//
// NULL ordering follows PostgreSQL, which Odoo's ORDER BY uses: NULLs sort
// last ascending and first descending, so NULL acts as the greatest value
// in both directions.
//
// Datetime keys are coarse: Odoo stores create_date and write_date with
// microseconds but sends them at second precision, so two rows in the same
// second cannot be told apart by value. For sorts with a datetime key, rows
// are grouped by their (second-precision) key values; a cursor records how
// far into its group it is, counted from the group's start (N) or end (B),
// and the next page seeks to the group and skips that many rows.

// sortKey is one parsed sort key.
type sortKey struct {
	api   string
	field string
	kind  keyKind
	desc  bool
}

// cursor is the decoded form of an opaque cursor.
type cursor struct {
	Resource string `json:"r"`
	Sort     string `json:"s"`
	Values   []any  `json:"v"`
	ID       int    `json:"i"`
	N        int    `json:"n,omitempty"`
	B        int    `json:"b,omitempty"`
}

// canonicalSort renders keys back as "name,-id" for cursors.
func canonicalSort(keys []sortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		if k.desc {
			parts[i] = "-" + k.api
		} else {
			parts[i] = k.api
		}
	}
	return strings.Join(parts, ",")
}

// orderOf renders keys as Odoo's order clause.
func orderOf(keys []sortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		dir := "asc"
		if k.desc {
			dir = "desc"
		}
		parts[i] = k.field + " " + dir
	}
	return strings.Join(parts, ", ")
}

// reversed flips every key's direction, to page backwards.
func reversed(keys []sortKey) []sortKey {
	out := make([]sortKey, len(keys))
	for i, k := range keys {
		k.desc = !k.desc
		out[i] = k
	}
	return out
}

// coarse reports whether the sort has a datetime key.
func coarse(keys []sortKey) bool {
	for _, k := range keys {
		if k.kind == keyDatetime {
			return true
		}
	}
	return false
}

func (c *cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses and checks an opaque cursor against the resource and
// sort it must belong to; anything else is a validation error naming param.
func decodeCursor(s, param, resource string, keys []sortKey) (*cursor, error) {
	bad := func(why string) error {
		p := Problems{}
		p.Add(param, why)
		return p.Err()
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) == 0 {
		return nil, bad("malformed cursor")
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return nil, bad("malformed cursor")
	}
	if c.Resource != resource {
		return nil, bad("this cursor belongs to another list")
	}
	if c.Sort != canonicalSort(keys) {
		return nil, bad("this cursor was made with another sort order")
	}
	if c.ID <= 0 || c.ID > maxXMLRPCInt || c.N < 0 || c.B < 0 || c.N > maxXMLRPCInt || c.B > maxXMLRPCInt {
		return nil, bad("malformed cursor")
	}
	if len(c.Values) != len(keys)-1 {
		return nil, bad("malformed cursor")
	}
	for i, v := range c.Values {
		nv, ok := checkCursorValue(v, keys[i].kind)
		if !ok {
			return nil, bad("malformed cursor")
		}
		c.Values[i] = nv
	}
	return &c, nil
}

// checkCursorValue makes sure a value from a cursor has the type its key
// needs, since cursors come from clients and end up in domains.
func checkCursorValue(v any, kind keyKind) (any, bool) {
	if v == nil {
		return nil, true
	}
	switch kind {
	case keyNumber:
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		f, err := n.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		if i, err := n.Int64(); err == nil {
			if checkInt(i) != nil {
				return nil, false
			}
			return int(i), true
		}
		return f, true
	case keyDatetime:
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		_, err := time.Parse(datetimeLayout, s)
		return s, err == nil
	case keyDate:
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		_, err := time.Parse(dateLayout, s)
		return s, err == nil
	default:
		s, ok := v.(string)
		return s, ok && len(s) <= 1000
	}
}

// keyValue reads a sort key's value from a record; Odoo's false is NULL.
func keyValue(r record, k sortKey) any {
	v := r[k.field]
	if isEmpty(v) {
		if k.kind == keyNumber {
			// Numbers are never NULL in Odoo's answers: false is 0.
			if b, ok := v.(bool); ok && !b {
				return 0
			}
		}
		return nil
	}
	switch k.kind {
	case keyNumber:
		if n, ok := asInt(v); ok {
			return n
		}
		f, _ := asFloat(v)
		return f
	default:
		s, _ := v.(string)
		return s
	}
}

// values reads every key but the last (id) of a record.
func keyValues(r record, keys []sortKey) []any {
	out := make([]any, len(keys)-1)
	for i, k := range keys[:len(keys)-1] {
		out[i] = keyValue(r, k)
	}
	return out
}

// seek is the condition "rows beyond the cursor" in the direction of keys
// (which are already reversed when paging backwards). For coarse sorts it
// includes the cursor's whole group; the caller skips into it.
func seek(keys []sortKey, c *cursor) cond {
	if coarse(keys) {
		n := len(keys) - 1
		terms := []cond{groupCond(keys[:n], c.Values)}
		for i := 0; i < n; i++ {
			terms = append(terms, beyondTerm(keys[:i], c.Values[:i], keys[i], c.Values[i]))
		}
		return or(terms...)
	}
	values := append(append([]any{}, c.Values...), c.ID)
	terms := make([]cond, 0, len(keys))
	for i := range keys {
		terms = append(terms, beyondTerm(keys[:i], values[:i], keys[i], values[i]))
	}
	return or(terms...)
}

// beyondTerm is "all earlier keys equal and key i beyond its value".
func beyondTerm(prefix []sortKey, prefixValues []any, k sortKey, v any) cond {
	b := beyond(k, v)
	if b == nil {
		return nil
	}
	return and(groupCond(prefix, prefixValues), b)
}

// groupCond matches rows whose keys equal values (datetimes to the second).
func groupCond(keys []sortKey, values []any) cond {
	terms := make([]cond, 0, len(keys))
	for i, k := range keys {
		terms = append(terms, equal(k, values[i]))
	}
	return and(terms...)
}

func equal(k sortKey, v any) cond {
	if v == nil {
		return is(k.field, "=", false)
	}
	if k.kind == keyDatetime {
		lo, hi := secondBounds(v.(string))
		return and(is(k.field, ">=", lo), is(k.field, "<", hi))
	}
	return is(k.field, "=", v)
}

// beyond is "key strictly after v" in the key's direction; nil means no
// row can be (nothing sorts after NULL ascending).
func beyond(k sortKey, v any) cond {
	towardGreater := !k.desc
	if v == nil {
		if towardGreater {
			return nil
		}
		return is(k.field, "!=", false)
	}
	lo, hi := v, v
	if k.kind == keyDatetime {
		lo, hi = secondBounds(v.(string))
	}
	if towardGreater {
		op := ">"
		if k.kind == keyDatetime {
			op = ">="
		}
		if k.field == "id" {
			return is(k.field, op, hi)
		}
		return or(is(k.field, op, hi), is(k.field, "=", false))
	}
	return is(k.field, "<", lo)
}

// secondBounds returns [s, s+1s) for a second-precision datetime.
func secondBounds(s string) (string, string) {
	t, err := time.ParseInLocation(datetimeLayout, s, time.UTC)
	if err != nil {
		return s, s
	}
	return s, formatDatetime(t.Add(time.Second))
}

// cursorsFor computes the cursors of a page's rows, in query order. For
// coarse sorts, counted says how many rows of the cursor's group came
// before the page (0 without a cursor), and fromEnd whether the query ran
// backwards (counts then start at the group's end).
func cursorsFor(resource string, keys []sortKey, rows []record, after *cursor, counted int, fromEnd bool) []string {
	sortName := canonicalSort(keys)
	out := make([]string, len(rows))
	isCoarse := coarse(keys)
	run := 0
	var prev []any
	for i, r := range rows {
		c := cursor{Resource: resource, Sort: sortName, Values: keyValues(r, keys), ID: r.id()}
		if isCoarse {
			if i > 0 && sameValues(prev, c.Values) {
				run++
			} else {
				run = 1
				if i == 0 && after != nil && sameValues(after.Values, c.Values) {
					run += counted
				}
			}
			if fromEnd {
				c.B = run
			} else {
				c.N = run
			}
			prev = c.Values
		}
		out[i] = c.encode()
	}
	return out
}

func sameValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if fmt.Sprint(a[i]) != fmt.Sprint(b[i]) || (a[i] == nil) != (b[i] == nil) {
			return false
		}
	}
	return true
}
