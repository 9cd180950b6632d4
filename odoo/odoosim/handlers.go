package odoosim

import (
	"fmt"
)

// limitArg reads offset and limit arguments: None, False and 0 mean
// none, as in Odoo.
func limitArg(v any) int {
	n, _ := intArg(v)
	if n < 0 {
		return 0
	}
	return n
}

// orderArg reads an order argument; None means the default _order.
func orderArg(v any) string {
	s, _ := v.(string)
	return s
}

// runSearchRead is search_read: the fields list is checked before the
// domain, like search_fetch does, and extra keywords go to _read_format.
func runSearchRead(c *call) (any, error) {
	load := true
	for _, k := range c.extra.Keys() {
		if k != "load" {
			return nil, typeError(fmt.Sprintf("BaseModel._read_format() got an unexpected keyword argument %s", pyStr(k)), frameReadFormat)
		}
		v, _ := c.extra.Get("load")
		load = v != nil && v != false
	}
	names, ok := stringList(c.arg("fields"))
	if !ok {
		return nil, typeError("fields must be a list of field names", frameSearchRead)
	}
	if err := checkFieldNames(c.m, names, frameSearchRead, frameFetchFields); err != nil {
		return nil, err
	}
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	recs, err := c.e.search(c.m, c.arg("domain"), limitArg(c.arg("offset")), limitArg(c.arg("limit")), orderArg(c.arg("order")), []string{frameSearchRead, frameFetchSearch})
	if err != nil {
		return nil, err
	}
	return c.e.readRecords(c.m, recs, readFields(c.m, names), load), nil
}

// runSearch is search: ids in order.
func runSearch(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	recs, err := c.e.search(c.m, c.arg("domain"), limitArg(c.arg("offset")), limitArg(c.arg("limit")), orderArg(c.arg("order")), []string{frameSearch, frameFetchSearch})
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(recs))
	for i, r := range recs {
		ids[i] = r.id
	}
	return ids, nil
}

// runSearchCount is search_count, record rules included.
func runSearchCount(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	return c.e.count(c.m, c.arg("domain"), limitArg(c.arg("limit")), []string{frameSearchCount})
}

// runRead is read: missing ids are dropped, forbidden ones raise the
// record-rule error.
func runRead(c *call) (any, error) {
	names, ok := stringList(c.arg("fields"))
	if !ok {
		return nil, typeError("fields must be a list of field names", frameRead)
	}
	if err := checkFieldNames(c.m, names, frameRead); err != nil {
		return nil, err
	}
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	recs := c.e.browse(c.m, c.ids)
	if err := c.e.checkRules(c.m, recs, operationRead); err != nil {
		return nil, err
	}
	load := c.arg("load")
	return c.e.readRecords(c.m, recs, readFields(c.m, names), load != nil && load != false), nil
}

// runCreate is create: a dict gives an id, a list gives a list of ids
// (service/model.py call_kw).
func runCreate(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationCreate); err != nil {
		return nil, err
	}
	switch v := c.arg("vals_list").(type) {
	case *dict:
		r, err := c.e.create(c.m, v)
		if err != nil {
			return nil, err
		}
		return r.id, nil
	case []any:
		ids := make([]int, 0, len(v))
		for _, vals := range v {
			r, err := c.e.create(c.m, vals)
			if err != nil {
				return nil, err
			}
			ids = append(ids, r.id)
		}
		return ids, nil
	}
	return nil, typeError(fmt.Sprintf("'%s' object is not a mapping", pyTypeName(c.arg("vals_list"))), frameCreate)
}

// runWrite is write.
func runWrite(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationWrite); err != nil {
		return nil, err
	}
	if err := c.e.write(c.m, c.ids, c.arg("vals")); err != nil {
		return nil, err
	}
	return true, nil
}

// runUnlink is unlink.
func runUnlink(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationUnlink); err != nil {
		return nil, err
	}
	if err := c.e.unlink(c.m, c.ids); err != nil {
		return nil, err
	}
	return true, nil
}

// runExists is exists: the ids that still exist.
func runExists(c *call) (any, error) {
	recs := c.e.browse(c.m, c.ids)
	ids := make([]int, len(recs))
	for i, r := range recs {
		ids[i] = r.id
	}
	return ids, nil
}

// runNameCreate is name_create: [id, display_name].
func runNameCreate(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationCreate); err != nil {
		return nil, err
	}
	vals := newDict()
	vals.Set("name", c.arg("name"))
	r, err := c.e.create(c.m, vals)
	if err != nil {
		return nil, err
	}
	return []any{r.id, c.e.displayName(c.m, r)}, nil
}

// fieldAttributes are the attributes fields_get can describe, in the
// (alphabetical) order Odoo sends them.
var fieldAttributes = []string{"name", "readonly", "relation", "required", "searchable", "selection", "sortable", "store", "string", "type"}

// runFieldsGet is fields_get, limited to the attributes the simulator
// knows; relation and selection only appear on fields that have them.
func runFieldsGet(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	allfields, _ := stringList(c.arg("allfields"))
	attrs, _ := stringList(c.arg("attributes"))
	want := map[string]bool{}
	for _, a := range attrs {
		want[a] = true
	}
	if len(attrs) == 0 {
		for _, a := range fieldAttributes {
			want[a] = true
		}
	}
	only := map[string]bool{}
	for _, f := range allfields {
		only[f] = true
	}
	out := newDict()
	for _, f := range c.m.fields {
		if len(only) > 0 && !only[f.name] {
			continue
		}
		d := newDict()
		for _, a := range fieldAttributes {
			if !want[a] {
				continue
			}
			switch a {
			case "name":
				d.Set(a, f.name)
			case "readonly":
				d.Set(a, f.readonly)
			case "relation":
				if f.relational() {
					d.Set(a, f.relation)
				}
			case "required":
				d.Set(a, f.required)
			case "searchable":
				d.Set(a, true)
			case "selection":
				if f.typ == "selection" {
					sel := make([]any, len(f.selection))
					for i, s := range f.selection {
						sel[i] = []any{s[0], s[1]}
					}
					d.Set(a, sel)
				}
			case "sortable", "store":
				d.Set(a, f.stored() && !f.x2many())
			case "string":
				d.Set(a, f.label)
			case "type":
				d.Set(a, f.typ)
			}
		}
		out.Set(f.name, d)
	}
	return out, nil
}

// runNameSearch is name_search over the model's _rec_names_search fields,
// OR-ed (AND-ed for negative operators) and combined with domain.
func runNameSearch(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	name := strArg(c.arg("name"))
	op, _ := c.arg("operator").(string)
	if op == "" {
		op = "ilike"
	}
	domain, _ := c.arg("domain").([]any)
	full := append([]any{}, domain...)
	if !(name == "" && (op == "ilike" || op == "like" || op == "=ilike" || op == "=like")) {
		fields := c.m.nameSearch
		if len(fields) == 0 {
			fields = []string{"display_name"}
		}
		var leaves []any
		joiner := "|"
		if negativeOperators[normOp(op)] {
			joiner = "&"
		}
		for i, f := range fields {
			if i > 0 {
				leaves = append([]any{joiner}, leaves...)
			}
			leaves = append(leaves, []any{f, op, name})
		}
		// A complete prefix expression followed by the domain's items is
		// their AND, by the implicit AND of top-level items.
		full = append(leaves, domain...)
	}
	recs, err := c.e.search(c.m, full, 0, limitArg(c.arg("limit")), "", []string{frameNameSearch})
	if err != nil {
		return nil, err
	}
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = []any{r.id, c.e.displayName(c.m, r)}
	}
	return out, nil
}
