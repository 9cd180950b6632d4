package odoosim

import (
	"fmt"
)

// x2many commands (Odoo's Command).
const (
	cmdCreate = 0
	cmdUpdate = 1
	cmdDelete = 2
	cmdUnlink = 3
	cmdLink   = 4
	cmdClear  = 5
	cmdSet    = 6
)

// commands normalizes an x2many value to a list of commands; a plain list
// of ids means "set".
func commands(v any) ([][]any, bool) {
	switch x := v.(type) {
	case nil, bool:
		return [][]any{{cmdClear}}, true
	case []int:
		ids := make([]any, len(x))
		for i, id := range x {
			ids[i] = id
		}
		return [][]any{{cmdSet, 0, ids}}, true
	case []any:
		allInts := true
		for _, el := range x {
			if _, ok := el.(int); !ok {
				allInts = false
			}
		}
		if allInts {
			return [][]any{{cmdSet, 0, x}}, true
		}
		out := make([][]any, 0, len(x))
		for _, el := range x {
			c, ok := el.([]any)
			if !ok || len(c) == 0 {
				return nil, false
			}
			if _, ok := c[0].(int); !ok {
				return nil, false
			}
			out = append(out, c)
		}
		return out, true
	}
	return nil, false
}

func cmdID(c []any) int {
	if len(c) > 1 {
		id, _ := intArg(c[1])
		return id
	}
	return 0
}

func (e *env) many2many(m *model, r *record, f *field, v any) (any, error) {
	cmds, ok := commands(v)
	if !ok {
		return nil, valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
	}
	var current []int
	if r != nil {
		current, _ = r.vals[f.key].([]int)
	}
	ids := append([]int(nil), current...)
	co := e.reg.model(f.relation)
	remove := func(id int) {
		out := ids[:0]
		for _, x := range ids {
			if x != id {
				out = append(out, x)
			}
		}
		ids = out
	}
	add := func(id int) error {
		if co != nil && e.rec(co.name, id) == nil {
			return fkError(m, f)
		}
		for _, x := range ids {
			if x == id {
				return nil
			}
		}
		ids = append(ids, id)
		return nil
	}
	for _, c := range cmds {
		code, _ := intArg(c[0])
		switch code {
		case cmdCreate:
			if co == nil || len(c) < 3 {
				continue
			}
			nr, err := e.create(co, c[2])
			if err != nil {
				return nil, err
			}
			ids = append(ids, nr.id)
		case cmdUpdate:
			if co != nil && len(c) >= 3 {
				if err := e.write(co, []int{cmdID(c)}, c[2]); err != nil {
					return nil, err
				}
			}
		case cmdDelete:
			remove(cmdID(c))
			if co != nil {
				if err := e.unlink(co, []int{cmdID(c)}); err != nil {
					return nil, err
				}
			}
		case cmdUnlink:
			remove(cmdID(c))
		case cmdLink:
			if err := add(cmdID(c)); err != nil {
				return nil, err
			}
		case cmdClear:
			ids = nil
		case cmdSet:
			ids = nil
			if len(c) >= 3 {
				list, _ := idList(c[2])
				for _, id := range list {
					if err := add(id); err != nil {
						return nil, err
					}
				}
			}
		default:
			return nil, valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
		}
	}
	if ids == nil {
		ids = []int{}
	}
	return ids, nil
}

// one2many applies commands through the inverse many2one.
func (e *env) one2many(m *model, r *record, f *field, v any) error {
	co := e.reg.model(f.relation)
	if co == nil || f.inverse == "" {
		return nil
	}
	cmds, ok := commands(v)
	if !ok {
		return valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
	}
	inv := co.byKey[f.inverse]
	detach := func(id int) error {
		child := e.rec(co.name, id)
		if child == nil {
			return nil
		}
		if inv != nil && (inv.required || inv.ondelete == "cascade") {
			return e.unlink(co, []int{id})
		}
		e.set(co.name, child, f.inverse, nil)
		return nil
	}
	for _, c := range cmds {
		code, _ := intArg(c[0])
		switch code {
		case cmdCreate:
			if len(c) < 3 {
				continue
			}
			vals, _ := c[2].(*dict)
			if vals == nil {
				vals = newDict()
			}
			child := newDict()
			for _, k := range vals.Keys() {
				x, _ := vals.Get(k)
				child.Set(k, x)
			}
			if inv != nil {
				child.Set(inv.name, r.id)
			}
			if _, err := e.create(co, child); err != nil {
				return err
			}
		case cmdUpdate:
			if len(c) >= 3 {
				if err := e.write(co, []int{cmdID(c)}, c[2]); err != nil {
					return err
				}
			}
		case cmdDelete:
			if err := e.unlink(co, []int{cmdID(c)}); err != nil {
				return err
			}
		case cmdUnlink:
			if err := detach(cmdID(c)); err != nil {
				return err
			}
		case cmdLink:
			child := e.rec(co.name, cmdID(c))
			if child == nil {
				return missingError(co.name, []int{cmdID(c)}, e.uid)
			}
			e.set(co.name, child, f.inverse, r.id)
		case cmdClear, cmdSet:
			keep := map[int]bool{}
			if code == cmdSet && len(c) >= 3 {
				list, _ := idList(c[2])
				for _, id := range list {
					keep[id] = true
					if child := e.rec(co.name, id); child != nil {
						e.set(co.name, child, f.inverse, r.id)
					}
				}
			}
			for _, id := range append([]int(nil), e.referrers(co.name, f.inverse, r.id)...) {
				if !keep[id] {
					if err := detach(id); err != nil {
						return err
					}
				}
			}
		default:
			return valueError(fmt.Sprintf("Wrong value for %s.%s: %s", m.name, f.name, pyRepr(v)), frameWrite)
		}
	}
	return nil
}
