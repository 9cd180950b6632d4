package odoosim

import (
	"sort"
	"time"
)

// record is one row. vals maps storage keys to internal values:
// string (char, text, html, selection, date, datetime with microseconds),
// int (integer, many2one id), float64, bool, []int (many2many), any (json).
// A missing key or nil means NULL, which Odoo reads as False.
type record struct {
	id   int
	vals map[string]any
}

type table struct {
	recs map[int]*record
	// seq is the last id handed out, like a PostgreSQL sequence: it never
	// goes back, even when the newest record is deleted.
	seq int
}

// store is the database. It is only touched under Server.mu.
type store struct {
	tables map[string]*table
}

func newStore() *store { return &store{tables: map[string]*table{}} }

func (st *store) table(model string) *table {
	t := st.tables[model]
	if t == nil {
		t = &table{recs: map[int]*record{}}
		st.tables[model] = t
	}
	return t
}

// put inserts a seed record with a fixed id.
func (st *store) put(model string, id int, vals map[string]any) *record {
	t := st.table(model)
	r := &record{id: id, vals: vals}
	t.recs[id] = r
	if id > t.seq {
		t.seq = id
	}
	return r
}

func (t *table) sortedIDs() []int {
	ids := make([]int, 0, len(t.recs))
	for id := range t.recs {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// tx records how to undo every change so that a failed create, write or
// unlink leaves the database as it was, like a rolled back transaction.
type tx struct {
	undo []func()
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// env is the evaluation context of one call: the user, the context flags
// and caches of computed values, valid until the next change.
type env struct {
	reg        *registry
	st         *store
	uid        int
	activeTest bool
	ctx        *dict
	tx         *tx
	now        time.Time
	// sudo bypasses access rules, for computations that read records the
	// user may not see (Odoo's compute methods run as superuser often).
	sudo bool

	cache map[cacheKey]any
	inv   map[string]map[int][]int
}

type cacheKey struct {
	model string
	id    int
	field string
}

func newEnv(reg *registry, st *store, uid int, now time.Time) *env {
	return &env{reg: reg, st: st, uid: uid, activeTest: true, now: now}
}

// invalidate drops every cached computed value: any change may affect
// any computation (amounts, display names, inverse lists).
func (e *env) invalidate() {
	e.cache = nil
	e.inv = nil
}

func (e *env) rec(model string, id int) *record {
	t := e.st.tables[model]
	if t == nil {
		return nil
	}
	return t.recs[id]
}

// get returns the internal value of a field, computing it if needed.
func (e *env) get(m *model, r *record, f *field) any {
	if f.compute == nil {
		return normalize(f, r.vals[f.key])
	}
	k := cacheKey{m.name, r.id, f.name}
	if v, ok := e.cache[k]; ok {
		return v
	}
	v := normalize(f, f.compute(e, r))
	if e.cache == nil {
		e.cache = map[cacheKey]any{}
	}
	e.cache[k] = v
	return v
}

// value is get by field name; unknown fields read as NULL.
func (e *env) value(model string, r *record, name string) any {
	m := e.reg.model(model)
	if m == nil || r == nil {
		return nil
	}
	f := m.byName[name]
	if f == nil {
		f = m.byKey[name]
	}
	if f == nil {
		return nil
	}
	return e.get(m, r, f)
}

// normalize makes NULL numbers and booleans read like Odoo reads them.
func normalize(f *field, v any) any {
	switch f.typ {
	case "integer":
		switch x := v.(type) {
		case nil:
			return 0
		case float64:
			return int(x)
		}
	case "float", "monetary":
		switch x := v.(type) {
		case nil:
			return 0.0
		case int:
			return float64(x)
		}
	case "boolean":
		if v == nil {
			return false
		}
	case "many2one":
		if id, ok := v.(int); ok && id == 0 {
			return nil
		}
	case "one2many", "many2many":
		if v == nil {
			return []int{}
		}
	case "selection", "date", "datetime", "binary":
		// Odoo keeps '' in char columns but these types have no empty form.
		if s, ok := v.(string); ok && s == "" {
			return nil
		}
	}
	return v
}

// Typed accessors for compute functions, by storage key or name.

func (e *env) str(model string, r *record, name string) string {
	s, _ := e.value(model, r, name).(string)
	return s
}

func (e *env) num(model string, r *record, name string) float64 {
	switch x := e.value(model, r, name).(type) {
	case float64:
		return x
	case int:
		return float64(x)
	}
	return 0
}

func (e *env) integer(model string, r *record, name string) int {
	switch x := e.value(model, r, name).(type) {
	case int:
		return x
	case float64:
		return int(x)
	}
	return 0
}

func (e *env) flag(model string, r *record, name string) bool {
	b, _ := e.value(model, r, name).(bool)
	return b
}

func (e *env) m2o(model string, r *record, name string) int {
	id, _ := e.value(model, r, name).(int)
	return id
}

// ref follows a many2one.
func (e *env) ref(model string, r *record, name string) *record {
	m := e.reg.model(model)
	if m == nil || r == nil {
		return nil
	}
	f := m.byName[name]
	if f == nil {
		f = m.byKey[name]
	}
	if f == nil {
		return nil
	}
	id, _ := e.get(m, r, f).(int)
	if id == 0 {
		return nil
	}
	return e.rec(f.relation, id)
}

func (e *env) ids(model string, r *record, name string) []int {
	ids, _ := e.value(model, r, name).([]int)
	return ids
}

// referrers lists, in id order, the records of model whose many2one key
// points at id; it is the storage side of every one2many.
func (e *env) referrers(model, key string, id int) []int {
	k := model + "." + key
	idx, ok := e.inv[k]
	if !ok {
		idx = map[int][]int{}
		if t := e.st.tables[model]; t != nil {
			for _, rid := range t.sortedIDs() {
				if target, ok := t.recs[rid].vals[key].(int); ok && target != 0 {
					idx[target] = append(idx[target], rid)
				}
			}
		}
		if e.inv == nil {
			e.inv = map[string]map[int][]int{}
		}
		e.inv[k] = idx
	}
	return idx[id]
}

// isActive reports whether active_test should keep r.
func (e *env) isActive(m *model, r *record) bool {
	if !m.hasActive() {
		return true
	}
	b, _ := e.get(m, r, m.byName["active"]).(bool)
	return b
}

// Mutations. They require a transaction and keep the undo log.

func (e *env) set(model string, r *record, key string, v any) {
	old, had := r.vals[key]
	e.tx.undo = append(e.tx.undo, func() {
		if had {
			r.vals[key] = old
		} else {
			delete(r.vals, key)
		}
	})
	if v == nil {
		delete(r.vals, key)
	} else {
		r.vals[key] = v
	}
	e.invalidate()
}

func (e *env) insert(model string, vals map[string]any) *record {
	t := e.st.table(model)
	oldSeq := t.seq
	t.seq++
	r := &record{id: t.seq, vals: vals}
	t.recs[r.id] = r
	e.tx.undo = append(e.tx.undo, func() {
		delete(t.recs, r.id)
		t.seq = oldSeq
	})
	e.invalidate()
	return r
}

func (e *env) remove(model string, id int) {
	t := e.st.table(model)
	r := t.recs[id]
	if r == nil {
		return
	}
	delete(t.recs, id)
	e.tx.undo = append(e.tx.undo, func() { t.recs[id] = r })
	e.invalidate()
}
