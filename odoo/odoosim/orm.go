package odoosim

import (
	"strings"
)

// search runs a domain with the user's record rules and active_test, then
// orders and slices the result like Model._search.
func (e *env) search(m *model, domain any, offset, limit int, order string, entry []string) ([]*record, error) {
	p, err := e.compileDomain(m, domain, domainCtx{entry: entry})
	if err != nil {
		return nil, err
	}
	keys, err := e.orderKeys(m, order, entry)
	if err != nil {
		return nil, err
	}
	rule := e.rulePred(m)
	filterActive := e.activeTest && m.hasActive() && !mentionsActive(domain)
	t := e.st.table(m.name)
	recs := make([]*record, 0, len(t.recs))
	for _, id := range t.sortedIDs() {
		r := t.recs[id]
		if filterActive && !e.isActive(m, r) {
			continue
		}
		if rule != nil && !rule(r) {
			continue
		}
		if p(r) {
			recs = append(recs, r)
		}
	}
	sortRecords(recs, keys)
	if offset > 0 {
		if offset >= len(recs) {
			return nil, nil
		}
		recs = recs[offset:]
	}
	if limit > 0 && len(recs) > limit {
		recs = recs[:limit]
	}
	return recs, nil
}

// count is search_count: the number of matches, capped by limit.
func (e *env) count(m *model, domain any, limit int, entry []string) (int, error) {
	recs, err := e.search(m, domain, 0, 0, "id", entry)
	if err != nil {
		return 0, err
	}
	n := len(recs)
	if limit > 0 && n > limit {
		n = limit
	}
	return n, nil
}

// browse returns the existing records among ids, in the order given and
// without duplicates; missing ids are dropped like Odoo's read does.
func (e *env) browse(m *model, ids []int) []*record {
	seen := map[int]bool{}
	out := make([]*record, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if r := e.rec(m.name, id); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// checkFieldNames validates a fields list like _determine_fields_to_fetch.
func checkFieldNames(m *model, names []string, entry ...string) error {
	for _, n := range names {
		if m.field(n) == nil {
			return invalidFieldsError(m.name, n, entry...)
		}
	}
	return nil
}

// readFields returns the field names a read outputs: all fields when
// names is empty, else names without duplicates.
func readFields(m *model, names []string) []*field {
	if len(names) == 0 {
		out := make([]*field, 0, len(m.fields))
		out = append(out, m.fields...)
		return out
	}
	seen := map[string]bool{}
	var out []*field
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		if f := m.field(n); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// readRecords formats records like Model.read: "id" first, then the fields
// in the order asked. classic selects load='_classic_read' (many2one as
// [id, display_name]) over load=None (plain ids).
func (e *env) readRecords(m *model, recs []*record, fields []*field, classic bool) []any {
	out := make([]any, 0, len(recs))
	for _, r := range recs {
		d := newDict()
		d.Set("id", r.id)
		for _, f := range fields {
			if f.name == "id" {
				continue
			}
			d.Set(f.name, e.readValue(m, r, f, classic))
		}
		out = append(out, d)
	}
	return out
}

// readValue converts a field value to what Odoo sends: False for empty
// values, [id, name] or an id for many2one, sorted id lists for x2many,
// datetimes without fractional seconds.
func (e *env) readValue(m *model, r *record, f *field, classic bool) any {
	v := e.get(m, r, f)
	switch f.typ {
	case "many2one":
		id, ok := v.(int)
		if !ok || id == 0 {
			return false
		}
		if !classic {
			return id
		}
		return []any{id, e.displayNameOf(f.relation, id)}
	case "one2many", "many2many":
		ids, _ := v.([]int)
		return e.visibleIDs(f.relation, ids)
	case "integer":
		n, _ := v.(int)
		return n
	case "float", "monetary":
		x, _ := v.(float64)
		return x
	case "boolean":
		b, _ := v.(bool)
		return b
	case "datetime":
		s, ok := v.(string)
		if !ok || s == "" {
			return false
		}
		if len(s) > 19 {
			s = s[:19]
		}
		return s
	case "json", "properties":
		if v == nil {
			if f.typ == "properties" {
				return []any{}
			}
			return false
		}
		return v
	}
	if v == nil {
		return false
	}
	return v
}

// visibleIDs orders x2many ids by the comodel's _order and drops archived
// records unless active_test is off, like Odoo's x2many reads.
func (e *env) visibleIDs(comodel string, ids []int) []any {
	co := e.reg.model(comodel)
	out := make([]any, 0, len(ids))
	if co == nil {
		for _, id := range ids {
			out = append(out, id)
		}
		return out
	}
	var keep []int
	for _, id := range ids {
		r := e.rec(comodel, id)
		if r == nil {
			continue
		}
		if e.activeTest && !e.isActive(co, r) {
			continue
		}
		keep = append(keep, id)
	}
	for _, id := range e.sortIDs(co, keep) {
		out = append(out, id)
	}
	return out
}

// displayNameOf returns display_name of a record of any model, including
// phantom models the captures reference.
func (e *env) displayNameOf(model string, id int) string {
	m := e.reg.model(model)
	if m == nil {
		if fn := e.reg.phantomFns[model]; fn != nil {
			return fn(e, id)
		}
		if names := e.reg.phantoms[model]; names != nil {
			return names[id]
		}
		return ""
	}
	r := e.rec(model, id)
	if r == nil {
		return ""
	}
	return e.displayName(m, r)
}

func (e *env) displayName(m *model, r *record) string {
	if m.displayName != nil {
		return m.displayName(e, r)
	}
	if f := m.byName["name"]; f != nil {
		s, _ := e.get(m, r, f).(string)
		return s
	}
	return m.name + "," + itoa(r.id)
}

// stringList converts a decoded XML-RPC list of names.
func stringList(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case bool:
		return nil, !x
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, s := range x {
			str, ok := s.(string)
			if !ok {
				return nil, false
			}
			out = append(out, str)
		}
		return out, true
	}
	return nil, false
}

// idList converts an ids argument (an id or a list of ids).
func idList(v any) ([]int, bool) {
	switch x := v.(type) {
	case int:
		return []int{x}, true
	case nil:
		return nil, true
	case bool:
		return nil, !x
	case []any:
		out := make([]int, 0, len(x))
		for _, el := range x {
			switch n := el.(type) {
			case int:
				out = append(out, n)
			case float64:
				out = append(out, int(n))
			default:
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

func intArg(v any) (int, bool) {
	switch x := v.(type) {
	case nil:
		return 0, true
	case bool:
		if !x {
			return 0, true
		}
		return 1, true
	case int:
		return x, true
	case float64:
		return int(x), true
	}
	return 0, false
}

func strArg(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil, bool:
		return ""
	}
	return strings.TrimSpace(pyRepr(v))
}
