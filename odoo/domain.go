package odoo

// Domains are built only here, from validated values: a client never sends
// a raw domain. A condition tree is serialised to Odoo's prefix notation
// (["|", leaf, leaf] ...) when the call is made.

// cond is a node of a domain: a leaf or a junction.
type cond interface {
	appendTo(dst []any) []any
}

// leaf is one (field, operator, value) condition.
type leaf struct {
	field string
	op    string
	value any
}

func (l leaf) appendTo(dst []any) []any {
	return append(dst, []any{l.field, l.op, l.value})
}

// junction combines conditions with "&" or "|".
type junction struct {
	op    string
	terms []cond
}

func (j junction) appendTo(dst []any) []any {
	for i := 1; i < len(j.terms); i++ {
		dst = append(dst, j.op)
	}
	for _, t := range j.terms {
		dst = t.appendTo(dst)
	}
	return dst
}

// is returns the leaf (field op value).
func is(field, op string, value any) cond { return leaf{field, op, value} }

// falseCond matches nothing; Odoo accepts an empty "in" list.
var falseCond cond = leaf{"id", "in", []any{}}

// and matches when every term matches; nil terms are ignored and no terms
// match everything.
func and(terms ...cond) cond {
	return combine("&", terms)
}

// or matches when any term matches; no terms match nothing.
func or(terms ...cond) cond {
	c := combine("|", terms)
	if c == nil {
		return falseCond
	}
	return c
}

func combine(op string, terms []cond) cond {
	kept := make([]cond, 0, len(terms))
	for _, t := range terms {
		if t == nil {
			continue
		}
		if j, ok := t.(junction); ok && j.op == op {
			kept = append(kept, j.terms...)
			continue
		}
		kept = append(kept, t)
	}
	switch len(kept) {
	case 0:
		return nil
	case 1:
		return kept[0]
	}
	return junction{op, kept}
}

// domainOf serialises a condition; nil is the empty domain (everything).
func domainOf(c cond) []any {
	if c == nil {
		return []any{}
	}
	return c.appendTo(make([]any, 0, 8))
}

// intsAny converts ids for an "in" condition.
func intsAny(ids []int) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// stringsAny converts strings for an "in" condition.
func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
