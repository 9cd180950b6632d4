package odoosim

import (
	"strings"
)

const (
	moveModel     = "account.move"
	moveLineModel = "account.move.line"
)

// moveSign is the sign of signed amounts per move type.
var moveSign = map[string]float64{
	"out_invoice": 1, "out_refund": -1, "in_invoice": -1, "in_refund": 1,
	"out_receipt": 1, "in_receipt": -1, "entry": 1,
}

func setupAccount(g *registry) {
	mv := g.add(newModel(moveModel, "Journal Entry", "date desc, name desc, invoice_date desc, id desc"))
	loadSchema(mv)
	mv.nameSearch = []string{"name", "partner_id.name", "ref"}
	mv.inverse("invoice_line_ids", "move_id")
	mv.inverse("line_ids", "move_id")
	mv.ondelete("partner_id", "restrict")
	mv.defaults(map[string]any{
		"move_type": "entry", "state": "draft", "currency_id": 1, "company_id": 1,
		"auto_post": "no", "payment_state": "not_paid", "name": "/", "journal_id": 1,
	})
	mv.constants["company_currency_id"] = 1
	mv.constants["tax_calculation_rounding_method"] = "round_per_line"
	mv.constants["is_sale_installed"] = true
	mv.displayName = moveDisplayName
	sum := func(field string) func(e *env, r *record) any {
		return func(e *env, r *record) any {
			total := 0.0
			for _, id := range e.referrers(moveLineModel, "move_id", r.id) {
				total += e.num(moveLineModel, e.rec(moveLineModel, id), field)
			}
			return round(total, 2)
		}
	}
	mv.compute("amount_untaxed", sum("price_subtotal"))
	mv.compute("amount_total", sum("price_total"))
	mv.compute("amount_tax", func(e *env, r *record) any {
		return round(e.num(moveModel, r, "amount_total")-e.num(moveModel, r, "amount_untaxed"), 2)
	})
	mv.compute("amount_residual", func(e *env, r *record) any {
		switch e.str(moveModel, r, "state") {
		case "cancel":
			return 0.0
		case "draft":
			return e.num(moveModel, r, "amount_total")
		}
		paid, _ := r.vals["amount_paid"].(float64)
		return round(e.num(moveModel, r, "amount_total")-paid, 2)
	})
	mv.compute("amount_paid", func(e *env, r *record) any {
		paid, _ := r.vals["amount_paid"].(float64)
		return paid
	})
	signed := func(field string) func(e *env, r *record) any {
		return func(e *env, r *record) any {
			return round(e.num(moveModel, r, field)*moveSign[e.str(moveModel, r, "move_type")], 2)
		}
	}
	mv.compute("amount_untaxed_signed", signed("amount_untaxed"))
	mv.compute("amount_tax_signed", signed("amount_tax"))
	mv.compute("amount_total_signed", signed("amount_total"))
	mv.compute("amount_residual_signed", signed("amount_residual"))
	mv.compute("amount_total_in_currency_signed", signed("amount_total"))
	mv.compute("amount_untaxed_in_currency_signed", signed("amount_untaxed"))
	mv.compute("direction_sign", func(e *env, r *record) any {
		if strings.HasPrefix(e.str(moveModel, r, "move_type"), "out_") || e.str(moveModel, r, "move_type") == "entry" {
			return 1
		}
		return -1
	})
	mv.compute("commercial_partner_id", func(e *env, r *record) any {
		if p := e.ref(moveModel, r, "partner_id"); p != nil {
			return commercialPartner(e, p).id
		}
		return nil
	})
	mv.compute("invoice_partner_display_name", func(e *env, r *record) any {
		if p := e.ref(moveModel, r, "partner_id"); p != nil {
			return partnerCompleteName(e, p)
		}
		return nil
	})
	mv.compute("type_name", func(e *env, r *record) any {
		return mv.selectionLabel("move_type", e.str(moveModel, r, "move_type"))
	})
	mv.compute("status_in_payment", func(e *env, r *record) any {
		if st := e.str(moveModel, r, "state"); st != "posted" {
			return st
		}
		return e.value(moveModel, r, "payment_state")
	})
	mv.compute("access_url", func(_ *env, r *record) any { return "/my/invoices/" + itoa(r.id) })
	mv.compute("message_ids", func(e *env, r *record) any { return messagesOf(e, moveModel, r.id) })
	mv.compute("has_message", func(e *env, r *record) any { return len(messagesOf(e, moveModel, r.id)) > 0 })
	mv.compute("country_code", func(*env, *record) any { return "US" })
	mv.beforeCreate = func(e *env, vals map[string]any) error {
		if _, ok := vals["date"]; !ok {
			if d, ok := vals["invoice_date"].(string); ok && d != "" {
				vals["date"] = d
			} else {
				vals["date"] = e.now.UTC().Format("2006-01-02")
			}
		}
		if _, ok := vals["invoice_user_id"]; !ok && strings.HasPrefix(strOf(vals["move_type"]), "out_") {
			vals["invoice_user_id"] = e.uid
		}
		return nil
	}
	mv.beforeUnlink = func(e *env, ids []int) error {
		for _, id := range ids {
			r := e.rec(moveModel, id)
			if e.str(moveModel, r, "state") == "posted" {
				return userError("You cannot delete an entry which has been posted once.")
			}
		}
		return nil
	}

	ml := g.add(newModel(moveLineModel, "Journal Item", "date desc, move_name desc, id"))
	addFields(ml,
		fieldSpec{"move_id", "many2one", "Journal Entry", moveModel},
		fieldSpec{"move_name", "char", "Number", ""},
		fieldSpec{"date", "date", "Date", ""},
		fieldSpec{"parent_state", "selection", "Status", ""},
		fieldSpec{"partner_id", "many2one", "Partner", "res.partner"},
		fieldSpec{"company_id", "many2one", "Company", "res.company"},
		fieldSpec{"currency_id", "many2one", "Currency", "res.currency"},
		fieldSpec{"product_id", "many2one", "Product", "product.product"},
		fieldSpec{"name", "char", "Label", ""},
		fieldSpec{"quantity", "float", "Quantity", ""},
		fieldSpec{"price_unit", "float", "Unit Price", ""},
		fieldSpec{"discount", "float", "Discount (%)", ""},
		fieldSpec{"price_subtotal", "monetary", "Subtotal", ""},
		fieldSpec{"price_total", "monetary", "Total", ""},
		fieldSpec{"tax_ids", "many2many", "Taxes", "account.tax"},
		fieldSpec{"product_uom_id", "many2one", "Unit", "uom.uom"},
		fieldSpec{"display_type", "selection", "Display Type", ""},
		fieldSpec{"account_id", "many2one", "Account", "account.account"},
		fieldSpec{"sequence", "integer", "Sequence", ""},
		fieldSpec{"sale_line_ids", "many2many", "Sales Order Lines", lineModel},
	)
	ml.byName["display_type"].selection = [][2]string{{"product", "Product"}, {"cogs", "Cost of Goods Sold"}, {"tax", "Tax"}, {"discount", "Discount"}, {"rounding", "Rounding"}, {"payment_term", "Payment Term"}, {"line_section", "Section"}, {"line_subsection", "Subsection"}, {"line_note", "Note"}, {"epd", "Early Payment Discount"}}
	ml.byName["parent_state"].selection = mv.byName["state"].selection
	ml.require("move_id")
	ml.ondelete("move_id", "cascade")
	ml.ondelete("product_id", "restrict")
	ml.defaults(map[string]any{"display_type": "product", "quantity": 1.0, "discount": 0.0, "sequence": 10, "account_id": 21})
	ml.displayName = func(e *env, r *record) string {
		name := e.str(moveLineModel, r, "name")
		if m := e.ref(moveLineModel, r, "move_id"); m != nil {
			return moveDisplayName(e, m) + " " + name
		}
		return name
	}
	ml.compute("price_subtotal", func(e *env, r *record) any { return lineAmounts(e, moveLineModel, r, "quantity").subtotal })
	ml.compute("price_total", func(e *env, r *record) any { return lineAmounts(e, moveLineModel, r, "quantity").total })
	fromMove := map[string]string{
		"move_name": "name", "date": "date", "parent_state": "state", "partner_id": "partner_id",
		"company_id": "company_id", "currency_id": "currency_id",
	}
	for lf, mf := range fromMove {
		f := mf
		ml.compute(lf, func(e *env, r *record) any {
			if m := e.ref(moveLineModel, r, "move_id"); m != nil {
				return e.value(moveModel, m, f)
			}
			return nil
		})
	}
	ml.beforeCreate = func(e *env, vals map[string]any) error {
		pid, _ := vals["product_id"].(int)
		pr := e.rec("product.product", pid)
		if pr == nil {
			return nil
		}
		if _, ok := vals["name"]; !ok {
			vals["name"] = productDisplayName(e, pr)
		}
		if _, ok := vals["price_unit"]; !ok {
			vals["price_unit"] = e.num("product.product", pr, "lst_price")
		}
		if _, ok := vals["product_uom_id"]; !ok {
			vals["product_uom_id"] = e.m2o("product.product", pr, "uom_id")
		}
		return nil
	}
}

// moveDisplayName follows account.move._get_move_display_name: drafts
// without a number are shown as "Draft Invoice (* id)".
func moveDisplayName(e *env, r *record) string {
	name := e.str(moveModel, r, "name")
	if name != "" && name != "/" {
		return name
	}
	label := map[string]string{
		"out_invoice": "Draft Invoice", "out_refund": "Draft Credit Note",
		"in_invoice": "Draft Bill", "in_refund": "Draft Vendor Credit Note",
	}[e.str(moveModel, r, "move_type")]
	if label == "" {
		label = "Draft Entry"
	}
	return label + " (* " + itoa(r.id) + ")"
}

func strOf(v any) string {
	s, _ := v.(string)
	return s
}
