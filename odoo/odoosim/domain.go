package odoosim

import (
	"fmt"
	"strings"
)

// pred decides whether a record matches a compiled domain.
type pred func(r *record) bool

func matchAll(*record) bool  { return true }
func matchNone(*record) bool { return false }

var conditionOperators = map[string]bool{
	"=": true, "!=": true, "<=": true, "<": true, ">": true, ">=": true, "=?": true,
	"=like": true, "=ilike": true, "like": true, "not like": true, "ilike": true,
	"not ilike": true, "in": true, "not in": true, "child_of": true, "parent_of": true,
	"any": true, "not any": true, "any!": true, "not any!": true,
}

// negativeOperators match records whose value is NULL, as Odoo adds
// "OR field IS NULL" to them.
var negativeOperators = map[string]bool{
	"!=": true, "not like": true, "not ilike": true, "not in": true, "not any": true, "not any!": true,
}

// domainCtx carries what error messages need: the traceback frames of the
// method that is searching.
type domainCtx struct {
	entry []string
}

// compileDomain turns an Odoo domain (prefix notation with implicit AND)
// into a predicate, checking it the way Odoo 19 does: structure and
// operators first, then field names.
func (e *env) compileDomain(m *model, domain any, dc domainCtx) (pred, error) {
	items, err := domainItems(domain)
	if err != nil {
		return nil, err
	}
	type node struct {
		op   string
		kids []*node
		leaf []any
	}
	var stack []*node
	pop := func() (*node, error) {
		if len(stack) == 0 {
			frames := append(append([]string{}, dc.entry...), odooFrame("orm/models.py", 5353, "_search", "domain = Domain(domain)"))
			return nil, pyError("IndexError", "pop from empty list", frames...)
		}
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return n, nil
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		switch x := it.(type) {
		case string:
			switch x {
			case "&", "|":
				a, err := pop()
				if err != nil {
					return nil, err
				}
				b, err := pop()
				if err != nil {
					return nil, err
				}
				stack = append(stack, &node{op: x, kids: []*node{a, b}})
				continue
			case "!":
				a, err := pop()
				if err != nil {
					return nil, err
				}
				stack = append(stack, &node{op: "!", kids: []*node{a}})
				continue
			}
		case []any:
			if len(x) == 3 {
				if err := checkCondition(x, dc); err != nil {
					return nil, err
				}
				stack = append(stack, &node{op: "leaf", leaf: x})
				continue
			}
		}
		return nil, valueError("Domain() invalid item in domain: "+pyRepr(it), domainParseFrames(dc.entry, true)...)
	}
	var build func(n *node) (pred, error)
	build = func(n *node) (pred, error) {
		switch n.op {
		case "leaf":
			return e.compileLeaf(m, n.leaf, dc)
		case "!":
			p, err := build(n.kids[0])
			if err != nil {
				return nil, err
			}
			return func(r *record) bool { return !p(r) }, nil
		}
		a, err := build(n.kids[0])
		if err != nil {
			return nil, err
		}
		b, err := build(n.kids[1])
		if err != nil {
			return nil, err
		}
		if n.op == "&" {
			return func(r *record) bool { return a(r) && b(r) }, nil
		}
		return func(r *record) bool { return a(r) || b(r) }, nil
	}
	// The stack holds the implicit AND of its items, last pushed first.
	preds := make([]pred, 0, len(stack))
	for i := len(stack) - 1; i >= 0; i-- {
		p, err := build(stack[i])
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	switch len(preds) {
	case 0:
		return matchAll, nil
	case 1:
		return preds[0], nil
	}
	return func(r *record) bool {
		for _, p := range preds {
			if !p(r) {
				return false
			}
		}
		return true
	}, nil
}

func domainItems(domain any) ([]any, error) {
	switch d := domain.(type) {
	case nil:
		return nil, nil
	case bool:
		if !d {
			return nil, nil
		}
	case []any:
		return d, nil
	}
	return nil, valueError("Domain() invalid item in domain: " + pyRepr(domain))
}

// checkCondition validates a leaf like DomainCondition.checked().
func checkCondition(leaf []any, dc domainCtx) error {
	op, ok := leaf[1].(string)
	if !ok || !conditionOperators[normOp(op)] {
		return valueError("Invalid operator in condition "+pyRepr(pyTuple(leaf)), domainParseFrames(dc.entry, false)...)
	}
	switch leaf[0].(type) {
	case string, int:
	default:
		return valueError("Empty field name in condition "+pyRepr(pyTuple(leaf)), domainParseFrames(dc.entry, false)...)
	}
	return nil
}

func normOp(op string) string {
	op = strings.ToLower(op)
	switch op {
	case "<>":
		return "!="
	case "==":
		return "="
	}
	return op
}

// mentionsActive reports whether a domain has a condition on "active",
// which switches off the implicit active filter like in Odoo.
func mentionsActive(domain any) bool {
	items, _ := domain.([]any)
	for _, it := range items {
		if leaf, ok := it.([]any); ok && len(leaf) == 3 {
			if p, ok := leaf[0].(string); ok && p == "active" {
				return true
			}
		}
	}
	return false
}

func (e *env) compileLeaf(m *model, leaf []any, dc domainCtx) (pred, error) {
	op := normOp(leaf[1].(string))
	value := leaf[2]
	if n, ok := leaf[0].(int); ok {
		// (1, '=', 1) and (0, '=', 1) are Odoo's TRUE and FALSE leaves.
		if n == 1 {
			return matchAll, nil
		}
		return matchNone, nil
	}
	path := leaf[0].(string)
	if path == "" {
		return nil, valueError("Empty field name in condition "+pyRepr(pyTuple(leaf)), dc.entry...)
	}
	name, rest, dotted := strings.Cut(path, ".")
	f := m.field(name)
	if f == nil {
		return nil, invalidDomainFieldError(dc.entry, m.name, name, pyTuple{path, leaf[1], value})
	}
	if op == "=?" {
		if value == nil || value == false {
			return matchAll, nil
		}
		op = "="
	}
	if dotted {
		if !f.relational() {
			return nil, valueError(fmt.Sprintf("Invalid field %s.%s in condition %s", m.name, path, pyRepr(pyTuple{path, leaf[1], value})), dc.entry...)
		}
		return e.anyLeaf(m, f, []any{[]any{rest, leaf[1], value}}, false, dc)
	}
	switch op {
	case "any", "not any", "any!", "not any!":
		if !f.relational() {
			return nil, valueError(fmt.Sprintf("Cannot use %s on non-relational field %s", pyStr(op), name), dc.entry...)
		}
		return e.anyLeaf(m, f, value, strings.HasPrefix(op, "not"), dc)
	case "child_of", "parent_of":
		return e.hierarchyLeaf(m, f, op, value, dc)
	}
	if f.relational() {
		return e.relationalLeaf(m, f, op, value, dc)
	}
	return e.scalarLeaf(m, f, op, value), nil
}
