package odoosim

import (
	"embed"
	"encoding/json"
	"fmt"
)

// The schema files are the captured fields_get answers of a real Odoo 19
// server (odoo/testdata/odoo-wire/fields and capture 18 for res.partner's
// declaration order), converted to ordered lists; schema_test.go checks
// they still match the captures.
//
//go:embed schema/*.json
var schemaFS embed.FS

// field is one field of a model. name is what clients use; key is where
// the value is stored, which differs only when a version profile renames a
// field (Odoo 17's sale.order.line.tax_id is stored as tax_ids).
type field struct {
	name      string
	key       string
	typ       string
	label     string
	required  bool
	readonly  bool
	relation  string
	selection [][2]string

	// inverse is the many2one on the comodel that a one2many mirrors.
	inverse string
	// ondelete applies to many2one targets being deleted: "restrict",
	// "cascade" or "set null" (the default).
	ondelete string
	// compute makes the field computed: it is evaluated on every access
	// and cannot be written (unless setter is set).
	compute func(e *env, r *record) any
	// setter handles writes to a computed field (Odoo's inverse methods).
	setter func(e *env, r *record, v any) error
	// def is the value a create without this field gets.
	def func(e *env, vals map[string]any) any
}

func (f *field) relational() bool {
	return f.typ == "many2one" || f.typ == "one2many" || f.typ == "many2many"
}

func (f *field) x2many() bool { return f.typ == "one2many" || f.typ == "many2many" }

func (f *field) stored() bool { return f.compute == nil }

// model is a simulated Odoo model: its fields in declaration order plus
// the behaviour that differs from the generic ORM.
type model struct {
	name        string
	description string
	fields      []*field
	byName      map[string]*field
	byKey       map[string]*field
	// order is the model's default _order.
	order string
	// parentField enables child_of/parent_of.
	parentField string
	// displayName computes display_name; nil means the "name" field.
	displayName func(e *env, r *record) string
	// nameSearch lists the fields name_search matches (Odoo's
	// _rec_names_search); empty means display_name.
	nameSearch []string
	// constants are values of non-stored fields that do not depend on
	// the record in this simulation.
	constants map[string]any
	// hooks
	beforeCreate func(e *env, vals map[string]any) error
	afterWrite   func(e *env, r *record, changed map[string]any) error
	beforeUnlink func(e *env, ids []int) error
	// checks run after create and write (SQL and Python constraints).
	check func(e *env, r *record) error
}

func (m *model) field(name string) *field { return m.byName[name] }

func (m *model) hasActive() bool {
	f := m.byName["active"]
	return f != nil && f.typ == "boolean"
}

func (m *model) add(f *field) *field {
	if f.key == "" {
		f.key = f.name
	}
	if old := m.byName[f.name]; old != nil {
		*old = *f
		m.byKey[f.key] = old
		return old
	}
	m.fields = append(m.fields, f)
	m.byName[f.name] = f
	m.byKey[f.key] = f
	return f
}

// rename gives a stored field another client-facing name, keeping its
// storage key (for version profiles).
func (m *model) rename(from, to, label string) {
	f := m.byName[from]
	if f == nil {
		return
	}
	delete(m.byName, from)
	f.name = to
	if label != "" {
		f.label = label
	}
	m.byName[to] = f
}

func newModel(name, description, order string) *model {
	return &model{
		name:        name,
		description: description,
		order:       order,
		byName:      map[string]*field{},
		byKey:       map[string]*field{},
		constants:   map[string]any{},
	}
}

type schemaField struct {
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	String    string     `json:"string"`
	Required  bool       `json:"required"`
	Readonly  bool       `json:"readonly"`
	Relation  string     `json:"relation"`
	Selection [][]string `json:"selection"`
}

// loadSchema reads the captured field definitions of a model.
func loadSchema(m *model) {
	raw, err := schemaFS.ReadFile("schema/" + m.name + ".json")
	if err != nil {
		panic(fmt.Sprintf("odoosim: no schema for %s: %v", m.name, err))
	}
	var defs []schemaField
	if err := json.Unmarshal(raw, &defs); err != nil {
		panic(fmt.Sprintf("odoosim: bad schema for %s: %v", m.name, err))
	}
	for _, d := range defs {
		f := &field{name: d.Name, typ: d.Type, label: d.String, required: d.Required, readonly: d.Readonly, relation: d.Relation}
		for _, s := range d.Selection {
			if len(s) == 2 {
				f.selection = append(f.selection, [2]string{s[0], s[1]})
			}
		}
		m.add(f)
	}
}

// fieldSpec is a compact way to declare the fields of the small models the
// captures do not describe.
type fieldSpec struct {
	name, typ, label, relation string
}

func addFields(m *model, specs ...fieldSpec) {
	for _, s := range specs {
		f := &field{name: s.name, typ: s.typ, label: s.label, relation: s.relation}
		if s.name == "id" || s.name == "display_name" || s.name == "create_date" || s.name == "write_date" || s.name == "create_uid" || s.name == "write_uid" {
			f.readonly = true
		}
		m.add(f)
	}
}

// baseFields are the magic fields every Odoo model has.
var baseFields = []fieldSpec{
	{"id", "integer", "ID", ""},
	{"display_name", "char", "Display Name", ""},
	{"create_uid", "many2one", "Created by", "res.users"},
	{"create_date", "datetime", "Created on", ""},
	{"write_uid", "many2one", "Last Updated by", "res.users"},
	{"write_date", "datetime", "Last Updated on", ""},
}

// registry holds the models of one version profile.
type registry struct {
	models map[string]*model
	// phantoms resolve display names of records of models the simulator
	// does not implement but that captured answers reference
	// (account.account, properties.base.definition...).
	phantoms map[string]map[int]string
	// phantomFns compute such names from simulated records.
	phantomFns map[string]func(e *env, id int) string
}

func (g *registry) model(name string) *model { return g.models[name] }

func (g *registry) add(m *model) *model {
	g.models[m.name] = m
	return m
}
