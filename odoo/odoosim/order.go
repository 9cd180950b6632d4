package odoosim

import (
	"fmt"
	"sort"
	"strings"
)

// sortKey extracts one ORDER BY term from a record.
type sortKey struct {
	get  func(r *record) any
	desc bool
	// nullsFirst follows PostgreSQL: NULLS LAST for ASC, FIRST for DESC,
	// unless the order says otherwise.
	nullsFirst bool
}

type orderTerm struct {
	name        string
	desc        bool
	nulls       string // "", "first", "last"
	explicitDir bool
}

func invalidOrderError(order string, entry []string) error {
	return valueError(fmt.Sprintf("Invalid \"order\" specified (%s). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)", order), entry...)
}

// parseOrder validates an order specification like Odoo's regex_order.
func parseOrder(order string, entry []string) ([]orderTerm, error) {
	var terms []orderTerm
	parts := strings.Split(order, ",")
	for _, p := range parts {
		words := strings.Fields(p)
		if len(words) == 0 {
			return nil, invalidOrderError(order, entry)
		}
		t := orderTerm{name: strings.Trim(words[0], "\"")}
		t.name = strings.TrimSuffix(t.name, ".id")
		if !validOrderName(t.name) {
			return nil, invalidOrderError(order, entry)
		}
		rest := words[1:]
		if len(rest) > 0 {
			switch strings.ToLower(rest[0]) {
			case "asc":
				t.explicitDir = true
				rest = rest[1:]
			case "desc":
				t.desc, t.explicitDir = true, true
				rest = rest[1:]
			}
		}
		if len(rest) == 2 && strings.EqualFold(rest[0], "nulls") {
			switch strings.ToLower(rest[1]) {
			case "first":
				t.nulls = "first"
			case "last":
				t.nulls = "last"
			default:
				return nil, invalidOrderError(order, entry)
			}
			rest = nil
		}
		if len(rest) > 0 {
			return nil, invalidOrderError(order, entry)
		}
		terms = append(terms, t)
	}
	return terms, nil
}

func validOrderName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range strings.ToLower(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == ':') {
			return false
		}
	}
	return true
}

// orderKeys compiles an order for m. Ordering by a many2one orders by the
// comodel's own _order, as Odoo does, with directions flipped for DESC.
func (e *env) orderKeys(m *model, order string, entry []string) ([]sortKey, error) {
	if strings.TrimSpace(order) == "" {
		order = m.order
	}
	terms, err := parseOrder(order, entry)
	if err != nil {
		return nil, err
	}
	var keys []sortKey
	hasID := false
	for _, t := range terms {
		if t.name == "id" {
			hasID = true
		}
		f := m.field(t.name)
		if f == nil {
			return nil, valueError(fmt.Sprintf("Invalid field %s on model %s", pyStr(t.name), pyStr(m.name)), entry...)
		}
		ks := e.fieldKeys(m, f, t.desc, 0)
		if t.nulls != "" {
			for i := range ks {
				ks[i].nullsFirst = t.nulls == "first"
			}
		}
		keys = append(keys, ks...)
	}
	if !hasID {
		// Odoo leaves ties to PostgreSQL; the id keeps answers stable.
		keys = append(keys, sortKey{get: func(r *record) any { return r.id }})
	}
	return keys, nil
}

func (e *env) fieldKeys(m *model, f *field, desc bool, depth int) []sortKey {
	if f.name == "id" {
		return []sortKey{{get: func(r *record) any { return r.id }, desc: desc, nullsFirst: desc}}
	}
	if f.typ == "many2one" && depth < 3 {
		co := e.reg.model(f.relation)
		if co != nil {
			terms, err := parseOrder(co.order, nil)
			if err == nil {
				var out []sortKey
				for _, t := range terms {
					cf := co.field(t.name)
					if cf == nil {
						continue
					}
					for _, sk := range e.fieldKeys(co, cf, t.desc != desc, depth+1) {
						sub := sk.get
						out = append(out, sortKey{
							get: func(r *record) any {
								id, _ := e.get(m, r, f).(int)
								cr := e.rec(co.name, id)
								if cr == nil {
									return nil
								}
								return sub(cr)
							},
							desc:       sk.desc,
							nullsFirst: sk.nullsFirst,
						})
					}
				}
				return out
			}
		}
	}
	return []sortKey{{
		get: func(r *record) any {
			v := e.get(m, r, f)
			if isNull(f, v) {
				return nil
			}
			if f.x2many() {
				return nil
			}
			return v
		},
		desc:       desc,
		nullsFirst: desc,
	}}
}

// sortRecords orders records in place.
func sortRecords(recs []*record, keys []sortKey) {
	type row struct {
		r    *record
		vals []any
	}
	rows := make([]row, len(recs))
	for i, r := range recs {
		vals := make([]any, len(keys))
		for j, k := range keys {
			vals[j] = k.get(r)
		}
		rows[i] = row{r, vals}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		for j, k := range keys {
			x, y := rows[a].vals[j], rows[b].vals[j]
			switch {
			case x == nil && y == nil:
				continue
			case x == nil:
				return k.nullsFirst
			case y == nil:
				return !k.nullsFirst
			}
			c, _ := compareValues(x, y)
			if c == 0 {
				continue
			}
			if k.desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	for i := range rows {
		recs[i] = rows[i].r
	}
}

// sortIDs orders ids of m by its default order; x2many values are
// returned in this order.
func (e *env) sortIDs(m *model, ids []int) []int {
	if len(ids) < 2 {
		return ids
	}
	keys, err := e.orderKeys(m, "", nil)
	if err != nil {
		return ids
	}
	recs := make([]*record, 0, len(ids))
	for _, id := range ids {
		if r := e.rec(m.name, id); r != nil {
			recs = append(recs, r)
		}
	}
	sortRecords(recs, keys)
	out := make([]int, len(recs))
	for i, r := range recs {
		out[i] = r.id
	}
	return out
}
