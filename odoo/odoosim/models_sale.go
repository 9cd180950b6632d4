package odoosim

import (
	"fmt"
	"strings"
	"time"
)

const (
	saleModel = "sale.order"
	lineModel = "sale.order.line"
)

func setupSale(g *registry, p profile) {
	so := g.add(newModel(saleModel, "Sales Order", "date_order desc, id desc"))
	loadSchema(so)
	so.nameSearch = []string{"name", "client_order_ref"}
	so.inverse("order_line", "order_id")
	so.ondelete("partner_id", "restrict")
	so.ondelete("partner_invoice_id", "restrict")
	so.ondelete("partner_shipping_id", "restrict")
	so.defaults(map[string]any{
		"state": "draft", "company_id": 1, "currency_id": 1, "invoice_status": "no",
		"require_signature": true, "require_payment": false, "prepayment_percent": 1.0,
		"locked": false, "team_id": 1,
	})
	so.constants["tax_calculation_rounding_method"] = "round_per_line"
	so.constants["currency_rate"] = 1.0
	so.constants["has_active_pricelist"] = false
	so.compute("amount_untaxed", func(e *env, r *record) any { return orderSum(e, r, "price_subtotal") })
	so.compute("amount_tax", func(e *env, r *record) any { return orderSum(e, r, "price_tax") })
	so.compute("amount_total", func(e *env, r *record) any { return orderSum(e, r, "price_total") })
	so.compute("amount_undiscounted", func(e *env, r *record) any {
		total := 0.0
		for _, id := range e.referrers(lineModel, "order_id", r.id) {
			l := e.rec(lineModel, id)
			total += e.num(lineModel, l, "product_uom_qty") * e.num(lineModel, l, "price_unit")
		}
		return round(total, 2)
	})
	so.compute("type_name", func(e *env, r *record) any {
		if e.str(saleModel, r, "state") == "sale" {
			return "Sales Order"
		}
		return "Quotation"
	})
	so.compute("access_url", func(_ *env, r *record) any { return fmt.Sprintf("/my/orders/%d", r.id) })
	so.compute("country_code", func(e *env, r *record) any {
		if p := e.ref(saleModel, r, "partner_id"); p != nil {
			return e.value("res.partner", p, "country_code")
		}
		return nil
	})
	so.compute("invoice_count", func(e *env, r *record) any { return len(e.ids(saleModel, r, "invoice_ids")) })
	so.compute("amount_invoiced", func(e *env, r *record) any {
		total := 0.0
		for _, id := range e.ids(saleModel, r, "invoice_ids") {
			if mv := e.rec("account.move", id); mv != nil && e.str("account.move", mv, "state") == "posted" {
				total += e.num("account.move", mv, "amount_total_signed")
			}
		}
		return round(total, 2)
	})
	so.compute("amount_to_invoice", func(e *env, r *record) any {
		if e.str(saleModel, r, "state") != "sale" {
			return 0.0
		}
		return round(e.num(saleModel, r, "amount_total")-e.num(saleModel, r, "amount_invoiced"), 2)
	})
	so.compute("is_expired", func(e *env, r *record) any {
		st := e.str(saleModel, r, "state")
		v := e.str(saleModel, r, "validity_date")
		return (st == "draft" || st == "sent") && v != "" && v < e.now.Format("2006-01-02")
	})
	so.compute("message_ids", func(e *env, r *record) any { return messagesOf(e, saleModel, r.id) })
	so.compute("has_message", func(e *env, r *record) any { return len(messagesOf(e, saleModel, r.id)) > 0 })
	so.beforeCreate = saleBeforeCreate
	so.beforeUnlink = func(e *env, ids []int) error {
		for _, id := range ids {
			if st := e.str(saleModel, e.rec(saleModel, id), "state"); st == "sale" || st == "sent" {
				return userError("You can not delete a sent quotation or a confirmed sales order. You must first cancel it.")
			}
		}
		return nil
	}

	l := g.add(newModel(lineModel, "Sales Order Line", "order_id, sequence, id"))
	loadSchema(l)
	if p.major < 18 {
		l.rename("product_uom_id", "product_uom", "Unit of Measure")
		l.rename("tax_ids", "tax_id", "Taxes")
	}
	l.ondelete("order_id", "cascade")
	l.ondelete("product_id", "restrict")
	l.require("order_id")
	l.defaults(map[string]any{
		"sequence": 10, "customer_lead": 0.0, "discount": 0.0, "product_uom_qty": 1.0,
		"price_unit": 0.0, "qty_delivered": 0.0,
	})
	l.displayName = func(e *env, r *record) string {
		name, _, _ := strings.Cut(e.str(lineModel, r, "name"), "\n")
		if o := e.ref(lineModel, r, "order_id"); o != nil {
			return e.str(saleModel, o, "name") + " - " + name
		}
		return name
	}
	l.compute("price_subtotal", func(e *env, r *record) any { return lineAmounts(e, lineModel, r, "product_uom_qty").subtotal })
	l.compute("price_tax", func(e *env, r *record) any { return lineAmounts(e, lineModel, r, "product_uom_qty").tax })
	l.compute("price_total", func(e *env, r *record) any { return lineAmounts(e, lineModel, r, "product_uom_qty").total })
	l.compute("price_reduce_taxexcl", func(e *env, r *record) any {
		a := lineAmounts(e, lineModel, r, "product_uom_qty")
		if q := e.num(lineModel, r, "product_uom_qty"); q != 0 {
			return round(a.subtotal/q, 2)
		}
		return 0.0
	})
	l.compute("price_reduce_taxinc", func(e *env, r *record) any {
		a := lineAmounts(e, lineModel, r, "product_uom_qty")
		if q := e.num(lineModel, r, "product_uom_qty"); q != 0 {
			return round(a.total/q, 2)
		}
		return 0.0
	})
	fromOrder := map[string]string{
		"currency_id": "currency_id", "order_partner_id": "partner_id", "salesman_id": "user_id",
		"state": "state", "company_id": "company_id",
	}
	for lineField, orderField := range fromOrder {
		of := orderField
		l.compute(lineField, func(e *env, r *record) any {
			if o := e.ref(lineModel, r, "order_id"); o != nil {
				return e.value(saleModel, o, of)
			}
			return nil
		})
	}
	l.compute("product_template_id", func(e *env, r *record) any {
		if pr := e.ref(lineModel, r, "product_id"); pr != nil {
			return e.value("product.product", pr, "product_tmpl_id")
		}
		return nil
	})
	l.compute("product_type", func(e *env, r *record) any {
		if pr := e.ref(lineModel, r, "product_id"); pr != nil {
			return e.value("product.product", pr, "type")
		}
		return nil
	})
	l.compute("qty_to_invoice", func(e *env, r *record) any {
		if e.str(lineModel, r, "state") != "sale" {
			return 0.0
		}
		return e.num(lineModel, r, "product_uom_qty") - e.num(lineModel, r, "qty_invoiced")
	})
	l.compute("untaxed_amount_to_invoice", func(e *env, r *record) any {
		if e.str(lineModel, r, "state") != "sale" {
			return 0.0
		}
		return lineAmounts(e, lineModel, r, "product_uom_qty").subtotal
	})
	l.compute("translated_product_name", func(e *env, r *record) any {
		if pr := e.ref(lineModel, r, "product_id"); pr != nil {
			return e.value("product.product", pr, "name")
		}
		return nil
	})
	l.beforeCreate = lineBeforeCreate
}

func orderSum(e *env, r *record, field string) float64 {
	total := 0.0
	for _, id := range e.referrers(lineModel, "order_id", r.id) {
		total += e.num(lineModel, e.rec(lineModel, id), field)
	}
	return round(total, 2)
}

type amounts struct{ subtotal, tax, total float64 }

// lineAmounts computes a line's amounts: quantity times unit price less
// the discount, plus percent taxes rounded per line.
func lineAmounts(e *env, model string, r *record, qtyField string) amounts {
	if e.str(model, r, "display_type") != "" && e.str(model, r, "display_type") != "product" {
		return amounts{}
	}
	qty := e.num(model, r, qtyField)
	price := e.num(model, r, "price_unit")
	disc := e.num(model, r, "discount")
	sub := round(qty*price*(1-disc/100), 2)
	pct := 0.0
	for _, tid := range e.ids(model, r, "tax_ids") {
		if t := e.rec("account.tax", tid); t != nil {
			pct += e.num("account.tax", t, "amount")
		}
	}
	tax := round(sub*pct/100, 2)
	return amounts{sub, tax, round(sub+tax, 2)}
}

func saleBeforeCreate(e *env, vals map[string]any) error {
	if name, _ := vals["name"].(string); name == "" || name == "New" {
		vals["name"] = fmt.Sprintf("S%05d", nextOrderNumber(e))
	}
	if _, ok := vals["date_order"]; !ok {
		vals["date_order"] = e.now.UTC().Format("2006-01-02 15:04:05")
	}
	if _, ok := vals["validity_date"]; !ok {
		vals["validity_date"] = e.now.UTC().Add(30 * 24 * time.Hour).Format("2006-01-02")
	}
	if _, ok := vals["user_id"]; !ok {
		vals["user_id"] = e.uid
	}
	if p, ok := vals["partner_id"].(int); ok {
		if _, ok := vals["partner_invoice_id"]; !ok {
			vals["partner_invoice_id"] = p
		}
		if _, ok := vals["partner_shipping_id"]; !ok {
			vals["partner_shipping_id"] = p
		}
	}
	return nil
}

// nextOrderNumber is the next value of the sale.order sequence: one more
// than the highest number used so far.
func nextOrderNumber(e *env) int {
	high := 0
	for _, r := range e.st.table(saleModel).recs {
		var n int
		if name, _ := r.vals["name"].(string); strings.HasPrefix(name, "S") {
			if _, err := fmt.Sscanf(name[1:], "%d", &n); err == nil && n > high {
				high = n
			}
		}
	}
	return high + 1
}

// lineBeforeCreate fills a line from its product like the onchanges of
// the order form.
func lineBeforeCreate(e *env, vals map[string]any) error {
	pid, _ := vals["product_id"].(int)
	pr := e.rec("product.product", pid)
	if pr == nil {
		return nil
	}
	const pm = "product.product"
	if _, ok := vals["name"]; !ok {
		name := productDisplayName(e, pr)
		if d := e.str(pm, pr, "description_sale"); d != "" {
			name += "\n" + d
		}
		vals["name"] = name
	}
	if _, ok := vals["price_unit"]; !ok {
		vals["price_unit"] = e.num(pm, pr, "lst_price")
	}
	if _, ok := vals["product_uom_id"]; !ok {
		vals["product_uom_id"] = e.m2o(pm, pr, "uom_id")
	}
	if _, ok := vals["tax_ids"]; !ok {
		vals["tax_ids"] = append([]int(nil), e.ids(pm, pr, "taxes_id")...)
	}
	return nil
}
