package odoosim

import (
	"sort"
)

// profile is an Odoo major version whose differences the simulator
// reproduces (version strings and renamed fields).
type profile struct {
	major int
}

// newRegistry builds every model of a version profile.
func newRegistry(p profile) *registry {
	g := &registry{models: map[string]*model{}, phantoms: phantomNames(), phantomFns: map[string]func(*env, int) string{}}
	setupPartner(g, p)
	setupGeo(g)
	setupUsers(g)
	setupProduct(g)
	setupSale(g, p)
	setupAccount(g)
	for _, m := range g.models {
		finishModel(g, m)
	}
	return g
}

// phantomNames are display names of records of models the simulator does
// not implement but that real answers reference by many2one.
func phantomNames() map[string]map[int]string {
	return map[string]map[int]string{
		"account.account": {
			5: "Account Receivable", 15: "Account Payable",
			21: "400000 Product Sales", 27: "600000 Expenses",
		},
		"properties.base.definition": {1: "Contact Properties"},
		"account.journal":            {1: "Customer Invoices", 2: "Vendor Bills", 9: "Customer Invoices", 10: "Vendor Bills"},
		"crm.team":                   {1: "Sales"},
		"product.pricelist":          {1: "Default (USD)"},
		"account.payment.term":       {1: "Immediate Payment", 4: "30 Days", 5: "45 Days", 6: "End of Following Month"},
	}
}

// finishModel adds what every model has: magic fields, display_name,
// defaults for active and audit fields.
func finishModel(g *registry, m *model) {
	for _, s := range baseFields {
		if m.byName[s.name] == nil {
			addFields(m, s)
		}
	}
	if f := m.byName["display_name"]; f != nil && f.compute == nil {
		mm := m
		f.compute = func(e *env, r *record) any { return e.displayName(mm, r) }
	}
	if f := m.byName["id"]; f != nil {
		f.compute = func(e *env, r *record) any { return r.id }
	}
	if f := m.byName["active"]; f != nil && f.def == nil {
		f.def = constDefault(true)
	}
	for name, v := range m.constants {
		if f := m.byName[name]; f != nil {
			val := v
			f.compute = func(*env, *record) any { return val }
		}
	}
	for _, f := range m.fields {
		if f.typ == "one2many" && f.inverse != "" && f.compute == nil {
			ff := f
			f.compute = func(e *env, r *record) any {
				return e.referrers(ff.relation, ff.inverse, r.id)
			}
		}
		if f.typ == "one2many" && f.inverse == "" && f.compute == nil {
			// Relations to models the simulator does not hold are empty.
			f.compute = func(*env, *record) any { return []int{} }
		}
		if f.typ == "many2one" && f.relation != "" && g.models[f.relation] == nil && g.phantoms[f.relation] == nil && g.phantomFns[f.relation] == nil && f.compute == nil {
			f.compute = func(*env, *record) any { return nil }
		}
	}
}

func constDefault(v any) func(*env, map[string]any) any {
	return func(*env, map[string]any) any { return v }
}

// compute attaches a compute function to a field by name.
func (m *model) compute(name string, fn func(e *env, r *record) any) {
	if f := m.byName[name]; f != nil {
		f.compute = fn
	}
}

// defaults attaches create defaults by field name.
func (m *model) defaults(values map[string]any) {
	for name, v := range values {
		if f := m.byName[name]; f != nil {
			f.def = constDefault(v)
		}
	}
}

// inverse declares the many2one mirrored by a one2many field.
func (m *model) inverse(name, key string) {
	if f := m.byName[name]; f != nil {
		f.inverse = key
	}
}

func (m *model) ondelete(name, how string) {
	if f := m.byName[name]; f != nil {
		f.ondelete = how
	}
}

func (m *model) require(names ...string) {
	for _, n := range names {
		if f := m.byName[n]; f != nil {
			f.required = true
		}
	}
}

// selectionLabel returns the label of a selection value.
func (m *model) selectionLabel(name, value string) string {
	if f := m.byName[name]; f != nil {
		for _, s := range f.selection {
			if s[0] == value {
				return s[1]
			}
		}
	}
	return value
}

// inboundRef is a stored relational field pointing at a model.
type inboundRef struct {
	m *model
	f *field
}

// inbound lists the stored many2one and many2many fields of all models
// pointing at target, for unlink integrity.
func (g *registry) inbound(target string) []inboundRef {
	var out []inboundRef
	for _, name := range g.sortedModelNames() {
		m := g.models[name]
		for _, f := range m.fields {
			if f.relation == target && f.stored() && (f.typ == "many2one" || f.typ == "many2many") {
				out = append(out, inboundRef{m, f})
			}
		}
	}
	return out
}

func (g *registry) sortedModelNames() []string {
	names := make([]string, 0, len(g.models))
	for n := range g.models {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
