package odoo

import (
	"fmt"
	"sort"
	"strings"
)

// Selection names the API fields a caller wants. For a relation, the value
// is the selection of the related record's fields; nil asks only for the
// relation's id and name. A nil Selection means the resource's defaults.
//
// Every upstream read is built from a Selection, so a field nobody asked
// for is never fetched (reading all fields of a record costs ~10x).
type Selection map[string]Selection

// SelectionOf builds a flat Selection from field names.
func SelectionOf(fields ...string) Selection {
	sel := make(Selection, len(fields))
	for _, f := range fields {
		sel[f] = nil
	}
	return sel
}

// availability tells which Odoo fields the connected server has, so that
// each API field maps onto the name this Odoo version uses.
type availability interface {
	pick(model string, candidates []string) (string, bool)
}

// field maps one API field of T onto the Odoo field it is read from.
type field[T any] struct {
	name string
	// odoo lists candidate Odoo field names, newest version first; the
	// first the server has is used, and none means the field reads as null.
	odoo []string
	// spec returns what the Odoo specification needs for this field.
	spec func(av availability, sub Selection) map[string]any
	// decode reads the field from a record into t.
	decode func(t *T, r record, f string, sub Selection)
	// extra keeps the field out of the default selection.
	extra bool
}

// sortDef is a sort key a resource allows.
type sortDef struct {
	odoo []string
	kind keyKind
}

// keyKind tells how a sort key's values compare in keyset conditions.
type keyKind int

const (
	keyText keyKind = iota
	keyNumber
	keyDate
	// keyDatetime values are read at second precision while Odoo stores
	// some (create_date, write_date) with microseconds; cursors on them
	// group by second (see keyset.go).
	keyDatetime
)

// schema describes how a resource maps onto an Odoo model.
type schema[T any] struct {
	resource string
	model    string
	fields   []field[T]
	index    map[string]int
	sorts    map[string]sortDef
	// defaultSort is used when the caller gives none, e.g. "name".
	defaultSort string
	// base is always ANDed to the resource's domains (e.g. invoices are
	// account.move records of customer types only).
	base  cond
	setID func(t *T, id int)
	getID func(t *T) int
}

// build indexes the fields; it panics on a duplicate, a programming error.
func (sc *schema[T]) build() *schema[T] {
	sc.index = make(map[string]int, len(sc.fields))
	for i, f := range sc.fields {
		if _, dup := sc.index[f.name]; dup {
			panic("odoo: duplicate field " + sc.resource + "." + f.name)
		}
		sc.index[f.name] = i
	}
	return sc
}

// FieldNames lists the API fields of the resource in document order.
func (sc *schema[T]) fieldNames() []string {
	out := make([]string, 0, len(sc.fields))
	for _, f := range sc.fields {
		out = append(out, f.name)
	}
	return out
}

// defaults is the selection used when the caller names no fields.
func (sc *schema[T]) defaults() Selection {
	sel := make(Selection, len(sc.fields))
	for _, f := range sc.fields {
		if !f.extra {
			sel[f.name] = nil
		}
	}
	return sel
}

// check reports unknown fields of sel, with their path for nested ones.
func (sc *schema[T]) check(sel Selection, p Problems, param string) {
	for name := range sel {
		if name == "id" {
			continue
		}
		if _, ok := sc.index[name]; !ok {
			p.Add(param, fmt.Sprintf("unknown field %q of %s", name, sc.resource))
		}
	}
}

// spec builds the Odoo web_read specification for sel.
func (sc *schema[T]) spec(av availability, sel Selection) map[string]any {
	if sel == nil {
		sel = sc.defaults()
	}
	spec := make(map[string]any, len(sel)+1)
	for name, sub := range sel {
		i, ok := sc.index[name]
		if !ok {
			continue
		}
		f := sc.fields[i]
		odooName, ok := av.pick(sc.model, f.odoo)
		if !ok {
			continue
		}
		frag := map[string]any{}
		if f.spec != nil {
			frag = f.spec(av, sub)
		}
		mergeSpec(spec, odooName, frag)
	}
	return spec
}

// mergeSpec adds frag under key, merging nested field sets, because two API
// fields may read one Odoo field (country and country_code).
func mergeSpec(spec map[string]any, key string, frag map[string]any) {
	old, ok := spec[key].(map[string]any)
	if !ok {
		spec[key] = frag
		return
	}
	for k, v := range frag {
		if k == "fields" {
			oldFields, _ := old["fields"].(map[string]any)
			if oldFields == nil {
				old["fields"] = v
				continue
			}
			for fk, fv := range v.(map[string]any) {
				mergeSpec(oldFields, fk, fv.(map[string]any))
			}
			continue
		}
		old[k] = v
	}
}

// decode builds a T from a record for sel.
func (sc *schema[T]) decode(r record, sel Selection) *T {
	if sel == nil {
		sel = sc.defaults()
	}
	t := new(T)
	sc.setID(t, r.id())
	for name, sub := range sel {
		i, ok := sc.index[name]
		if !ok {
			continue
		}
		f := sc.fields[i]
		for _, odooName := range f.odoo {
			if _, present := r[odooName]; present {
				f.decode(t, r, odooName, sub)
				break
			}
		}
	}
	return t
}

// parseSort turns "name,-id" into sort keys, always ending with id so that
// the order is total (keyset paging needs it).
func (sc *schema[T]) parseSort(av availability, s string) ([]sortKey, error) {
	if strings.TrimSpace(s) == "" {
		s = sc.defaultSort
	}
	var keys []sortKey
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		desc := strings.HasPrefix(part, "-")
		name := strings.TrimPrefix(part, "-")
		if name == "" {
			return nil, sortError(sc, "empty sort key")
		}
		if seen[name] {
			return nil, sortError(sc, fmt.Sprintf("sort key %q given twice", name))
		}
		seen[name] = true
		if name == "id" {
			keys = append(keys, sortKey{api: "id", field: "id", kind: keyNumber, desc: desc})
			continue
		}
		def, ok := sc.sorts[name]
		if !ok {
			return nil, sortError(sc, fmt.Sprintf("cannot sort by %q", name))
		}
		odooName, ok := av.pick(sc.model, def.odoo)
		if !ok {
			return nil, sortError(sc, fmt.Sprintf("cannot sort by %q: this Odoo has no such field", name))
		}
		keys = append(keys, sortKey{api: name, field: odooName, kind: def.kind, desc: desc})
	}
	if !seen["id"] {
		keys = append(keys, sortKey{api: "id", field: "id", kind: keyNumber, desc: keys[0].desc})
	}
	return keys, nil
}

func sortError(sc interface{ sortNames() []string }, msg string) error {
	p := Problems{}
	p.Add("sort", msg+"; allowed: "+strings.Join(sc.sortNames(), ", ")+" (prefix - for descending)")
	return p.Err()
}

// sortNames lists the allowed sort keys.
func (sc *schema[T]) sortNames() []string {
	names := []string{"id"}
	for n := range sc.sorts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Field kinds. Each returns a field whose spec and decode agree.

// scalarField reads a plain value.
func scalarField[T any](name string, odoo []string, set func(t *T, r record, f string)) field[T] {
	return field[T]{
		name:   name,
		odoo:   odoo,
		decode: func(t *T, r record, f string, _ Selection) { set(t, r, f) },
	}
}

// refField reads a many2one as a Ref and, when the caller selected the
// related record's fields, the related record too, in the same call.
func refField[T, R any](name string, odoo []string, target func() *schema[R], set func(t *T, ref *Ref, rec *R)) field[T] {
	return field[T]{
		name: name,
		odoo: odoo,
		spec: func(av availability, sub Selection) map[string]any {
			fields := map[string]any{"display_name": map[string]any{}}
			if sub != nil {
				for k, v := range target().spec(av, sub) {
					mergeSpec(fields, k, v.(map[string]any))
				}
			}
			return map[string]any{"fields": fields}
		},
		decode: func(t *T, r record, f string, sub Selection) {
			ref := r.ref(f)
			var rec *R
			if ref != nil && sub != nil {
				if nested := r.sub(f); nested != nil {
					rec = target().decode(nested, sub)
				}
			}
			set(t, ref, rec)
		},
	}
}

// relatedField reads one field of a many2one's record, e.g. the code of a
// partner's country, without a second call.
func relatedField[T any](name string, odoo []string, related string, set func(t *T, v *string)) field[T] {
	return field[T]{
		name: name,
		odoo: odoo,
		spec: func(availability, Selection) map[string]any {
			return map[string]any{"fields": map[string]any{related: map[string]any{}}}
		},
		decode: func(t *T, r record, f string, _ Selection) {
			set(t, r.sub(f).optStr(related))
		},
	}
}

// refsField reads an x2many as Refs (ids with display names).
func refsField[T any](name string, odoo []string, set func(t *T, refs []Ref)) field[T] {
	return field[T]{
		name: name,
		odoo: odoo,
		spec: func(availability, Selection) map[string]any {
			return map[string]any{"fields": map[string]any{"display_name": map[string]any{}}}
		},
		decode: func(t *T, r record, f string, _ Selection) {
			refs := r.refs(f)
			if refs == nil {
				refs = []Ref{}
			}
			set(t, refs)
		},
	}
}

// recordsField reads an x2many as full related records (an order's
// lines), in the given order, in the same call as their parent.
func recordsField[T, R any](name string, odoo []string, target func() *schema[R], order string, set func(t *T, recs []*R)) field[T] {
	return field[T]{
		name: name,
		odoo: odoo,
		spec: func(av availability, sub Selection) map[string]any {
			frag := map[string]any{"fields": target().spec(av, sub)}
			if order != "" {
				frag["order"] = order
			}
			return frag
		},
		decode: func(t *T, r record, f string, sub Selection) {
			subs := r.subs(f)
			recs := make([]*R, 0, len(subs))
			for _, s := range subs {
				recs = append(recs, target().decode(s, sub))
			}
			set(t, recs)
		},
		extra: true,
	}
}
