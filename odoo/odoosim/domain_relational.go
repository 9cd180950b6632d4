package odoosim

import (
	"fmt"
	"sort"
	"strconv"
)

// anyLeaf matches records whose related records satisfy sub, which is how
// Odoo evaluates dotted paths and the any operator.
func (e *env) anyLeaf(m *model, f *field, sub any, negate bool, dc domainCtx) (pred, error) {
	co := e.reg.model(f.relation)
	if co == nil {
		return matchNone, nil
	}
	ids, err := e.searchIDs(co, sub, false, dc)
	if err != nil {
		return nil, err
	}
	set := idSet(ids)
	p := func(r *record) bool {
		for _, id := range e.relIDs(m, r, f) {
			if set[id] {
				return true
			}
		}
		return false
	}
	if negate {
		return func(r *record) bool { return !p(r) }, nil
	}
	return p, nil
}

// relIDs returns the ids a relational field points to.
func (e *env) relIDs(m *model, r *record, f *field) []int {
	switch v := e.get(m, r, f).(type) {
	case int:
		return []int{v}
	case []int:
		return v
	}
	return nil
}

func (e *env) hierarchyLeaf(m *model, f *field, op string, value any, dc domainCtx) (pred, error) {
	target := m
	if f.name != "id" {
		target = e.reg.model(f.relation)
		if target == nil {
			return matchNone, nil
		}
	}
	roots, err := e.valueIDs(target, value, dc)
	if err != nil {
		return nil, err
	}
	set := map[int]bool{}
	if target.parentField == "" {
		for _, id := range roots {
			set[id] = true
		}
	} else if op == "child_of" {
		children := map[int][]int{}
		for _, r := range e.st.table(target.name).recs {
			if p, ok := r.vals[target.parentField].(int); ok && p != 0 {
				children[p] = append(children[p], r.id)
			}
		}
		queue := append([]int(nil), roots...)
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			if set[id] || e.rec(target.name, id) == nil {
				continue
			}
			set[id] = true
			queue = append(queue, children[id]...)
		}
	} else {
		for _, id := range roots {
			for cur := e.rec(target.name, id); cur != nil && !set[cur.id]; {
				set[cur.id] = true
				p, _ := cur.vals[target.parentField].(int)
				cur = e.rec(target.name, p)
			}
		}
	}
	if f.name == "id" {
		return func(r *record) bool { return set[r.id] }, nil
	}
	return func(r *record) bool {
		for _, id := range e.relIDs(m, r, f) {
			if set[id] {
				return true
			}
		}
		return false
	}, nil
}

// valueIDs interprets the value of a relational condition as ids: ids,
// lists of ids, or names resolved like name_search.
func (e *env) valueIDs(co *model, value any, dc domainCtx) ([]int, error) {
	switch v := value.(type) {
	case int:
		return []int{v}, nil
	case string:
		return e.searchIDs(co, []any{[]any{"display_name", "=", v}}, false, dc)
	case []any:
		var out []int
		for _, x := range v {
			switch y := x.(type) {
			case int:
				out = append(out, y)
			case string:
				ids, err := e.searchIDs(co, []any{[]any{"display_name", "=", y}}, false, dc)
				if err != nil {
					return nil, err
				}
				out = append(out, ids...)
			}
		}
		return out, nil
	}
	return nil, nil
}

func (e *env) relationalLeaf(m *model, f *field, op string, value any, dc domainCtx) (pred, error) {
	co := e.reg.model(f.relation)
	neg := negativeOperators[op]
	// Names: match the comodel's display name like name_search does.
	if s, ok := value.(string); ok && op != "in" && op != "not in" {
		if co == nil {
			return matchNone, nil
		}
		posOp := op
		switch op {
		case "!=":
			posOp = "="
		case "not like":
			posOp = "like"
		case "not ilike":
			posOp = "ilike"
		}
		ids, err := e.searchIDs(co, []any{[]any{"display_name", posOp, s}}, false, dc)
		if err != nil {
			return nil, err
		}
		set := idSet(ids)
		return func(r *record) bool {
			hit := false
			for _, id := range e.relIDs(m, r, f) {
				if set[id] {
					hit = true
					break
				}
			}
			return hit != neg
		}, nil
	}
	var ids []int
	wantNull := false
	switch v := value.(type) {
	case nil:
		wantNull = true
	case bool:
		if !v {
			wantNull = true
		} else {
			// ('partner_id', '=', True) means "is set".
			return func(r *record) bool { return (len(e.relIDs(m, r, f)) > 0) != neg }, nil
		}
	case int:
		ids = []int{v}
	case []any:
		for _, x := range v {
			switch y := x.(type) {
			case int:
				ids = append(ids, y)
			case bool, nil:
				if y == nil || y == false {
					wantNull = true
				}
			case string:
				if co != nil {
					more, err := e.searchIDs(co, []any{[]any{"display_name", "=", y}}, false, dc)
					if err != nil {
						return nil, err
					}
					ids = append(ids, more...)
				}
			}
		}
	case float64:
		ids = []int{int(v)}
	default:
		return matchNone, nil
	}
	switch op {
	case "<", "<=", ">", ">=":
		if len(ids) != 1 {
			return matchNone, nil
		}
		ref := float64(ids[0])
		return func(r *record) bool {
			for _, id := range e.relIDs(m, r, f) {
				if cmpOp(compareNum(float64(id), ref), op) {
					return true
				}
			}
			return false
		}, nil
	case "like", "ilike", "=like", "=ilike", "not like", "not ilike":
		// Ids are compared as text, which Odoo does by casting.
		return func(r *record) bool {
			for _, id := range e.relIDs(m, r, f) {
				if likeOp(strconv.Itoa(id), op, fmt.Sprint(value)) {
					return !neg
				}
			}
			return neg
		}, nil
	}
	set := idSet(ids)
	return func(r *record) bool {
		rel := e.relIDs(m, r, f)
		hit := false
		if len(rel) == 0 {
			hit = wantNull
		}
		for _, id := range rel {
			if set[id] {
				hit = true
				break
			}
		}
		return hit != neg
	}, nil
}

func idSet(ids []int) map[int]bool {
	set := make(map[int]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// searchIDs returns the ids of records of m matching domain, unordered
// (sorted by id), applying active_test when asked and the domain does not
// mention active.
func (e *env) searchIDs(m *model, domain any, activeTest bool, dc domainCtx) ([]int, error) {
	p, err := e.compileDomain(m, domain, dc)
	if err != nil {
		return nil, err
	}
	filterActive := activeTest && m.hasActive() && !mentionsActive(domain)
	var out []int
	for _, id := range e.st.table(m.name).sortedIDs() {
		r := e.rec(m.name, id)
		if filterActive && !e.isActive(m, r) {
			continue
		}
		if p(r) {
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out, nil
}
