package odoosim

import (
	"fmt"
	"sort"
)

// fkError is the message psycopg2's foreign key violations turn into; Odoo
// uses it for inserts referencing missing records too (capture 74).
func fkError(troublemaker *model, f *field) *odooError {
	return validationError(fmt.Sprintf("The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '%s' (%s)\nThanks to the following constraint: '%s' (%s)\nHow about archiving the record instead?",
		troublemaker.description, troublemaker.name, f.label, f.name))
}

func notNullError(m *model, f *field) *odooError {
	return validationError(fmt.Sprintf("The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: %s (%s)\nField: %s (%s)",
		m.description, m.name, f.label, f.name))
}

func (e *env) stamp() string { return e.now.UTC().Format("2006-01-02 15:04:05.000000") }

// dictToMap maps client field names to storage keys, refusing unknown
// fields like BaseModel._check_field_names.
func dictToMap(m *model, vals any, entry ...string) (map[string]any, []string, error) {
	d, ok := vals.(*dict)
	if !ok {
		if vals == nil {
			return map[string]any{}, nil, nil
		}
		return nil, nil, typeError(fmt.Sprintf("'%s' object is not a mapping", pyTypeName(vals)), entry...)
	}
	out := make(map[string]any, d.Len())
	order := make([]string, 0, d.Len())
	for _, k := range d.Keys() {
		f := m.field(k)
		if f == nil {
			return nil, nil, valueError(fmt.Sprintf("Invalid field %s on model %s", pyStr(k), pyStr(m.name)), entry...)
		}
		v, _ := d.Get(k)
		out[f.key] = v
		order = append(order, f.key)
	}
	return out, order, nil
}

// create inserts one record from client values.
func (e *env) create(m *model, raw any) (*record, error) {
	vals, order, err := dictToMap(m, raw, frameCreate)
	if err != nil {
		return nil, err
	}
	if m.beforeCreate != nil {
		if err := m.beforeCreate(e, vals); err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, k := range order {
			seen[k] = true
		}
		var added []string
		for k := range vals {
			if !seen[k] {
				added = append(added, k)
			}
		}
		sort.Strings(added)
		order = append(order, added...)
	}
	for _, f := range m.fields {
		if _, ok := vals[f.key]; !ok && f.def != nil {
			vals[f.key] = f.def(e, vals)
			order = append(order, f.key)
		}
	}
	stamp := e.stamp()
	r := e.insert(m.name, map[string]any{
		"create_date": stamp, "write_date": stamp, "create_uid": e.uid, "write_uid": e.uid,
	})
	changed := map[string]any{}
	if err := e.assign(m, r, vals, order, changed, true); err != nil {
		return nil, err
	}
	if err := e.validate(m, r); err != nil {
		return nil, err
	}
	if m.afterWrite != nil {
		if err := m.afterWrite(e, r, changed); err != nil {
			return nil, err
		}
	}
	if m.check != nil {
		if err := m.check(e, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// write updates records; missing ids raise MissingError before anything
// changes.
func (e *env) write(m *model, ids []int, raw any) error {
	vals, order, err := dictToMap(m, raw, frameWrite)
	if err != nil {
		return err
	}
	var missing []int
	recs := make([]*record, 0, len(ids))
	for _, id := range ids {
		r := e.rec(m.name, id)
		if r == nil {
			missing = append(missing, id)
			continue
		}
		recs = append(recs, r)
	}
	if len(missing) > 0 {
		return missingError(m.name, missing, e.uid)
	}
	if err := e.checkRules(m, recs, operationWrite); err != nil {
		return err
	}
	for _, r := range recs {
		changed := map[string]any{}
		// Each record gets its own copy: commands must not be shared.
		if err := e.assign(m, r, vals, order, changed, false); err != nil {
			return err
		}
		e.set(m.name, r, "write_date", e.stamp())
		e.set(m.name, r, "write_uid", e.uid)
		if err := e.validate(m, r); err != nil {
			return err
		}
		if m.afterWrite != nil {
			if err := m.afterWrite(e, r, changed); err != nil {
				return err
			}
		}
		if m.check != nil {
			if err := m.check(e, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// assign converts and stores values; one2many commands run once the
// record exists.
func (e *env) assign(m *model, r *record, vals map[string]any, order []string, changed map[string]any, creating bool) error {
	var deferred []*field
	for _, key := range order {
		f := m.byKey[key]
		if f == nil || f.name == "id" {
			continue
		}
		v := vals[key]
		switch {
		case f.typ == "one2many":
			deferred = append(deferred, f)
			continue
		case f.compute != nil && f.setter == nil:
			// Odoo ignores values of computed fields without inverse.
			continue
		case f.compute != nil:
			conv, err := e.convert(m, r, f, v)
			if err != nil {
				return err
			}
			if err := f.setter(e, r, conv); err != nil {
				return err
			}
			continue
		}
		conv, err := e.convert(m, r, f, v)
		if err != nil {
			return err
		}
		e.set(m.name, r, key, conv)
		changed[key] = conv
	}
	for _, f := range deferred {
		if err := e.one2many(m, r, f, vals[f.key]); err != nil {
			return err
		}
		changed[f.key] = true
	}
	return nil
}

// validate enforces NOT NULL columns and foreign keys.
func (e *env) validate(m *model, r *record) error {
	for _, f := range m.fields {
		if !f.stored() {
			continue
		}
		v := r.vals[f.key]
		if f.required && v == nil && f.typ != "boolean" && !f.x2many() {
			return notNullError(m, f)
		}
		if f.typ == "many2one" && v != nil {
			id, _ := v.(int)
			if e.reg.model(f.relation) != nil && e.rec(f.relation, id) == nil {
				return fkError(m, f)
			}
		}
	}
	return nil
}

// unlink deletes records, enforcing ondelete rules of every many2one that
// points at them. Missing ids are ignored like in Odoo.
func (e *env) unlink(m *model, ids []int) error {
	recs := e.browse(m, ids)
	if len(recs) == 0 {
		return nil
	}
	if err := e.checkRules(m, recs, operationUnlink); err != nil {
		return err
	}
	existing := make([]int, len(recs))
	for i, r := range recs {
		existing[i] = r.id
	}
	if m.beforeUnlink != nil {
		if err := m.beforeUnlink(e, existing); err != nil {
			return err
		}
	}
	doomed := idSet(existing)
	for _, ref := range e.reg.inbound(m.name) {
		for _, rid := range e.st.table(ref.m.name).sortedIDs() {
			other := e.rec(ref.m.name, rid)
			if other == nil || (ref.m == m && doomed[rid]) {
				continue
			}
			if ref.f.typ == "many2many" {
				cur, _ := other.vals[ref.f.key].([]int)
				var kept []int
				for _, id := range cur {
					if !doomed[id] {
						kept = append(kept, id)
					}
				}
				if len(kept) != len(cur) {
					e.set(ref.m.name, other, ref.f.key, kept)
				}
				continue
			}
			target, _ := other.vals[ref.f.key].(int)
			if !doomed[target] {
				continue
			}
			switch {
			case ref.f.ondelete == "cascade":
				if err := e.unlink(ref.m, []int{rid}); err != nil {
					return err
				}
			case ref.f.ondelete == "restrict" || ref.f.required:
				return fkError(ref.m, ref.f)
			default:
				e.set(ref.m.name, other, ref.f.key, nil)
			}
		}
	}
	for _, id := range existing {
		e.remove(m.name, id)
	}
	return nil
}
