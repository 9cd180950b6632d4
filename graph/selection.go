package graph

import (
	"context"
	"encoding/json"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
)

// Field pushdown: the data service reads exactly the API fields named in
// an odoo.Selection, and a relation's sub-selection makes it fetch the
// related record in the same upstream call. This file turns a GraphQL
// selection set into that Selection, so that a query selecting name never
// fetches email, and a query over orders with their partner, country,
// lines and products costs one call.

// fieldRead says how a GraphQL field is read from the data service. Fields
// without an entry read the API field named like them in snake_case
// (isCompany reads is_company).
type fieldRead struct {
	// api is the API field to read; empty (with skip) reads nothing.
	api string
	// skip marks fields with nothing to read in the parent's call: nested
	// connections, which their own resolvers read.
	skip bool
	// target is the GraphQL type of a relation, whose sub-selection is
	// read with the parent (the service puts it in the record's companion
	// field, e.g. Partner.CountryRecord).
	target string
	// money reads an amount and, when its currency is selected, the
	// record's currency.
	money bool
}

// reads lists, per GraphQL type, the fields that are not read under their
// own snake_case name. TestSelectionCoversSchema proves every field of the
// schema maps onto a field the data service knows.
var reads = map[string]map[string]fieldRead{
	"Partner": {
		"country":    {api: "country", target: "Country"},
		"parent":     {api: "parent", target: "Partner"},
		"children":   {skip: true},
		"saleOrders": {skip: true},
		"invoices":   {skip: true},
	},
	"Country": {},
	"Product": {
		"listPrice": {api: "list_price", money: true},
	},
	"SaleOrder": {
		"partner":       {api: "partner", target: "Partner"},
		"lines":         {api: "lines", target: "SaleOrderLine"},
		"amountUntaxed": {api: "amount_untaxed", money: true},
		"amountTax":     {api: "amount_tax", money: true},
		"amountTotal":   {api: "amount_total", money: true},
	},
	"SaleOrderLine": {
		"product":   {api: "product", target: "Product"},
		"unitPrice": {api: "unit_price", money: true},
		"subtotal":  {api: "subtotal", money: true},
		"total":     {api: "total", money: true},
	},
	"Invoice": {
		"partner":       {api: "partner", target: "Partner"},
		"lines":         {api: "lines", target: "InvoiceLine"},
		"amountUntaxed": {api: "amount_untaxed", money: true},
		"amountTax":     {api: "amount_tax", money: true},
		"amountTotal":   {api: "amount_total", money: true},
		"amountDue":     {api: "amount_due", money: true},
	},
	"InvoiceLine": {
		"product":   {api: "product", target: "Product"},
		"unitPrice": {api: "unit_price", money: true},
		"subtotal":  {api: "subtotal", money: true},
		"total":     {api: "total", money: true},
	},
}

// readOf returns how field of typeName is read.
func readOf(typeName, field string) fieldRead {
	if r, ok := reads[typeName][field]; ok {
		return r
	}
	return fieldRead{api: snakeCase(field)}
}

// snakeCase turns a GraphQL field name into the API's: phoneCode becomes
// phone_code.
func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// selector builds Selections for one operation. Fields the principal may
// not see are left out, so that a refused field is never fetched either.
type selector struct {
	ctx context.Context
	op  *graphql.OperationContext
}

// selectorFor returns the selector of the operation of ctx.
func selectorFor(ctx context.Context) selector {
	return selector{ctx: ctx, op: graphql.GetOperationContext(ctx)}
}

// record builds the Selection of a record of typeName from the selection
// set under it.
func (s selector) record(typeName string, set ast.SelectionSet) odoo.Selection {
	sel := odoo.Selection{}
	for _, f := range graphql.CollectFields(s.op, set, []string{typeName}) {
		if f.Name == "id" || strings.HasPrefix(f.Name, "__") || !s.allowed(f.Definition) {
			continue
		}
		r := readOf(typeName, f.Name)
		switch {
		case r.skip:
		case r.target != "":
			sel[r.api] = merge(sel[r.api], s.record(r.target, f.Selections))
		case r.money:
			sel[r.api] = nil
			if s.selects(f.Selections, "Money", "currency") {
				sel["currency"] = nil
			}
		default:
			sel[r.api] = nil
		}
	}
	return sel
}

// recordSelection returns the Selection of the record the field being
// resolved returns (a get by id, a relation read by a loader).
func recordSelection(ctx context.Context, typeName string) odoo.Selection {
	sel := selectorFor(ctx).record(typeName, fieldSelections(ctx))
	return sel
}

// fieldSelections is the selection set under the field being resolved.
func fieldSelections(ctx context.Context) ast.SelectionSet {
	return graphql.GetFieldContext(ctx).Field.Selections
}

// connectionSelection returns the Selection of the nodes of the connection
// field being resolved (the union of what nodes and edges.node select) and
// whether totalCount is selected, the only case where the total is
// counted.
func connectionSelection(ctx context.Context, nodeType string) (sel odoo.Selection, count bool) {
	s := selectorFor(ctx)
	sel = odoo.Selection{}
	for _, f := range graphql.CollectFields(s.op, fieldSelections(ctx), []string{nodeType + "Connection"}) {
		switch f.Name {
		case "nodes":
			sub := s.record(nodeType, f.Selections)
			sel = merge(sel, sub)
		case "edges":
			for _, e := range graphql.CollectFields(s.op, f.Selections, []string{nodeType + "Edge"}) {
				if e.Name == "node" {
					sub := s.record(nodeType, e.Selections)
					sel = merge(sel, sub)
				}
			}
		case "totalCount":
			count = true
		}
	}
	return sel, count
}

// payloadSelection returns the Selection of the record field of the
// mutation payload being resolved.
func payloadSelection(ctx context.Context, payloadType, field, recordType string) odoo.Selection {
	s := selectorFor(ctx)
	sel := odoo.Selection{}
	for _, f := range graphql.CollectFields(s.op, fieldSelections(ctx), []string{payloadType}) {
		if f.Name == field {
			sub := s.record(recordType, f.Selections)
			sel = merge(sel, sub)
		}
	}
	return sel
}

// selects reports whether set selects field of typeName.
func (s selector) selects(set ast.SelectionSet, typeName, field string) bool {
	for _, f := range graphql.CollectFields(s.op, set, []string{typeName}) {
		if f.Name == field {
			return true
		}
	}
	return false
}

// allowed reports whether the principal holds the scope a field's
// @hasScope asks for (or the field asks for none).
func (s selector) allowed(def *ast.FieldDefinition) bool {
	scope := scopeOf(def)
	return scope == "" || access.Allow(s.ctx, scope) == nil
}

// scopeOf returns the scope a field's @hasScope names, or "".
func scopeOf(def *ast.FieldDefinition) string {
	if def == nil {
		return ""
	}
	d := def.Directives.ForName("hasScope")
	if d == nil {
		return ""
	}
	if a := d.Arguments.ForName("scope"); a != nil && a.Value != nil {
		return a.Value.Raw
	}
	return ""
}

// merge combines two selections of one record (a field selected twice
// under different aliases); nil is "no sub-selection".
func merge(a, b odoo.Selection) odoo.Selection {
	if a == nil {
		return b
	}
	for k, v := range b {
		if old, ok := a[k]; ok && old != nil {
			a[k] = merge(old, v)
		} else if !ok || v != nil {
			a[k] = v
		}
	}
	return a
}

// selectionKey renders a Selection canonically (encoding/json sorts map
// keys), to tell loaders and idempotent requests apart by what they read.
func selectionKey(sel odoo.Selection) string {
	b, _ := json.Marshal(sel)
	return string(b)
}
