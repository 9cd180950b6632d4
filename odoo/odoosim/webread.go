package odoosim

import (
	"fmt"
)

// webRead is Odoo 17+'s Base.web_read (addons/web/models/models.py): a
// read with load=None, then many2one values with a "fields" spec become
// nested dicts (display_name added last) and x2many values with "fields"
// become lists of dicts, honouring the spec's order and limit.
func (e *env) webRead(m *model, recs []*record, spec *dict) ([]any, error) {
	names := spec.Keys()
	if len(names) == 0 {
		names = []string{"id"}
	}
	if err := checkFieldNames(m, names, frameRead); err != nil {
		return nil, err
	}
	var values []any
	if len(names) == 1 && names[0] == "id" {
		for _, r := range recs {
			d := newDict()
			d.Set("id", r.id)
			values = append(values, d)
		}
	} else {
		if err := e.checkAccess(m, operationRead); err != nil {
			return nil, err
		}
		values = e.readRecords(m, recs, readFields(m, names), false)
	}
	if len(values) == 0 {
		return []any{}, nil
	}
	for _, name := range spec.Keys() {
		f := m.field(name)
		raw, _ := spec.Get(name)
		fspec, _ := raw.(*dict)
		if f == nil || fspec == nil {
			continue
		}
		switch {
		case f.typ == "many2one":
			if err := e.webReadMany2one(f, fspec, values); err != nil {
				return nil, err
			}
		case f.x2many():
			if err := e.webReadX2many(f, fspec, values); err != nil {
				return nil, err
			}
		}
	}
	return values, nil
}

func (e *env) webReadMany2one(f *field, fspec *dict, values []any) error {
	sub, ok := fieldsSpec(fspec)
	if !ok {
		return nil
	}
	co := e.reg.model(f.relation)
	var ids []int
	seen := map[int]bool{}
	for _, v := range values {
		if id, ok := v.(*dict).m[f.name].(int); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if co == nil {
		for _, v := range values {
			d := v.(*dict)
			if id, ok := d.m[f.name].(int); ok {
				nd := newDict()
				nd.Set("id", id)
				d.Set(f.name, nd)
			}
		}
		return nil
	}
	restore := e.withSpecContext(fspec)
	defer restore()
	extra := newDict()
	for _, k := range sub.Keys() {
		if k != "display_name" {
			x, _ := sub.Get(k)
			extra.Set(k, x)
		}
	}
	// The co-records are read even if archived: browse has no active test.
	coRecs := make([]*record, 0, len(ids))
	for _, id := range ids {
		if r := e.rec(co.name, id); r != nil {
			coRecs = append(coRecs, r)
		}
	}
	rows, err := e.webRead(co, coRecs, extra)
	if err != nil {
		return err
	}
	data := map[int]*dict{}
	for _, row := range rows {
		d := row.(*dict)
		data[d.m["id"].(int)] = d
	}
	if sub.Has("display_name") {
		saved := e.sudo
		e.sudo = true
		for _, r := range coRecs {
			if d := data[r.id]; d != nil {
				d.Set("display_name", e.displayName(co, r))
			}
		}
		e.sudo = saved
	}
	for _, v := range values {
		d := v.(*dict)
		id, ok := d.m[f.name].(int)
		if !ok {
			continue
		}
		if nd := data[id]; nd != nil {
			d.Set(f.name, nd)
		}
	}
	return nil
}

func (e *env) webReadX2many(f *field, fspec *dict, values []any) error {
	if fspec.Len() == 0 {
		return nil
	}
	co := e.reg.model(f.relation)
	if co == nil {
		return nil
	}
	if o, ok := fspec.Get("order"); ok {
		if order, _ := o.(string); order != "" {
			var all []any
			for _, v := range values {
				all = append(all, v.(*dict).m[f.name].([]any)...)
			}
			saved := e.activeTest
			e.activeTest = false
			recs, err := e.search(co, []any{[]any{"id", "in", all}}, 0, 0, order, nil)
			e.activeTest = saved
			if err != nil {
				return err
			}
			pos := map[int]int{}
			for i, r := range recs {
				pos[r.id] = i
			}
			for _, v := range values {
				d := v.(*dict)
				var kept []int
				for _, x := range d.m[f.name].([]any) {
					if _, ok := pos[x.(int)]; ok {
						kept = append(kept, x.(int))
					}
				}
				sortByPos(kept, pos)
				out := make([]any, len(kept))
				for i, id := range kept {
					out[i] = id
				}
				d.Set(f.name, out)
			}
		}
	}
	sub, ok := fieldsSpec(fspec)
	if !ok {
		return nil
	}
	restore := e.withSpecContext(fspec)
	defer restore()
	var ids []int
	seen := map[int]bool{}
	limit := -1
	if l, ok := fspec.Get("limit"); ok && l != nil {
		limit, _ = intArg(l)
	}
	for _, v := range values {
		list := v.(*dict).m[f.name].([]any)
		if limit >= 0 && len(list) > limit {
			list = list[:limit]
		}
		for _, x := range list {
			if id := x.(int); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	rows, err := e.webRead(co, e.browse(co, ids), sub)
	if err != nil {
		return err
	}
	data := map[int]*dict{}
	for _, row := range rows {
		d := row.(*dict)
		data[d.m["id"].(int)] = d
	}
	for _, v := range values {
		d := v.(*dict)
		list := d.m[f.name].([]any)
		out := make([]any, len(list))
		for i, x := range list {
			if nd := data[x.(int)]; nd != nil {
				out[i] = nd
			} else {
				only := newDict()
				only.Set("id", x)
				out[i] = only
			}
		}
		d.Set(f.name, out)
	}
	return nil
}

func sortByPos(ids []int, pos map[int]int) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && pos[ids[j-1]] > pos[ids[j]]; j-- {
			ids[j-1], ids[j] = ids[j], ids[j-1]
		}
	}
}

// fieldsSpec returns the "fields" member of a field specification.
func fieldsSpec(fspec *dict) (*dict, bool) {
	raw, ok := fspec.Get("fields")
	if !ok {
		return nil, false
	}
	sub, _ := raw.(*dict)
	if sub == nil {
		sub = newDict()
	}
	return sub, true
}

// withSpecContext applies the active_test of a field spec's "context".
func (e *env) withSpecContext(fspec *dict) func() {
	saved := e.activeTest
	if raw, ok := fspec.Get("context"); ok {
		if ctx, _ := raw.(*dict); ctx != nil {
			if v, ok := ctx.Get("active_test"); ok {
				e.activeTest = truthy(v)
			}
		}
	}
	return func() { e.activeTest = saved }
}

func specArg(v any) (*dict, error) {
	d, ok := v.(*dict)
	if !ok {
		return nil, pyError("AttributeError", fmt.Sprintf("'%s' object has no attribute 'items'", pyTypeName(v)))
	}
	return d, nil
}

func runWebRead(c *call) (any, error) {
	spec, err := specArg(c.arg("specification"))
	if err != nil {
		return nil, err
	}
	recs := c.e.browse(c.m, c.ids)
	if err := c.e.checkRules(c.m, recs, operationRead); err != nil {
		return nil, err
	}
	return c.e.webRead(c.m, recs, spec)
}

// runWebSearchRead follows Base.web_search_read and
// _format_web_search_read_results, including the count_limit rules for
// "length".
func runWebSearchRead(c *call) (any, error) {
	spec, err := specArg(c.arg("specification"))
	if err != nil {
		return nil, err
	}
	if err := checkFieldNames(c.m, spec.Keys(), frameWebSearch, frameFetchFields); err != nil {
		return nil, err
	}
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	offset := limitArg(c.arg("offset"))
	limit := limitArg(c.arg("limit"))
	domain := c.arg("domain")
	recs, err := c.e.search(c.m, domain, offset, limit, orderArg(c.arg("order")), []string{frameWebSearch, frameFetchSearch})
	if err != nil {
		return nil, err
	}
	rows, err := c.e.webRead(c.m, recs, spec)
	if err != nil {
		return nil, err
	}
	out := newDict()
	if len(rows) == 0 {
		out.Set("length", 0)
		out.Set("records", []any{})
		return out, nil
	}
	countLimit := limitArg(c.arg("count_limit"))
	currentLength := len(rows) + offset
	limitReached := limit > 0 && len(rows) == limit
	countLimitReached := countLimit > 0 && countLimit <= currentLength
	length := currentLength
	if limit > 0 && limitReached && !countLimitReached {
		length, err = c.e.count(c.m, domain, countLimit, []string{frameSearchCount})
		if err != nil {
			return nil, err
		}
	}
	out.Set("length", length)
	out.Set("records", rows)
	return out, nil
}
