package odoosim

func setupProduct(g *registry) {
	const model = "product.product"
	p := g.add(newModel(model, "Product Variant", "is_favorite desc, default_code, name, id"))
	loadSchema(p)
	p.require("name")
	p.nameSearch = []string{"default_code", "name", "barcode"}
	p.displayName = productDisplayName
	p.defaults(map[string]any{
		"type": "consu", "sale_ok": true, "purchase_ok": true, "active": true,
		"list_price": 1.0, "standard_price": 0.0, "uom_id": 1, "categ_id": 1,
		"invoice_policy": "order", "service_tracking": "no", "expense_policy": "no",
		"is_favorite": false, "sequence": 1, "service_type": "manual",
	})
	p.byName["uom_id"].def = constDefault(1)
	p.ondelete("categ_id", "restrict")
	p.ondelete("uom_id", "restrict")
	p.compute("lst_price", func(e *env, r *record) any {
		return e.num(model, r, "list_price") + e.num(model, r, "price_extra")
	})
	p.compute("partner_ref", func(e *env, r *record) any { return productDisplayName(e, r) })
	p.compute("code", func(e *env, r *record) any { return e.value(model, r, "default_code") })
	p.compute("uom_name", func(e *env, r *record) any {
		if u := e.ref(model, r, "uom_id"); u != nil {
			return e.value("uom.uom", u, "name")
		}
		return nil
	})
	p.compute("product_tmpl_id", func(e *env, r *record) any {
		if id, ok := r.vals["product_tmpl_id"].(int); ok {
			return id
		}
		return r.id
	})
	p.compute("product_variant_ids", func(_ *env, r *record) any { return []int{r.id} })
	p.compute("product_variant_id", func(_ *env, r *record) any { return r.id })
	p.compute("product_variant_count", func(*env, *record) any { return 1 })
	p.compute("is_product_variant", func(*env, *record) any { return true })
	p.compute("currency_id", func(*env, *record) any { return 1 })
	p.compute("cost_currency_id", func(*env, *record) any { return 1 })
	p.compute("weight_uom_name", func(*env, *record) any { return "kg" })
	p.compute("volume_uom_name", func(*env, *record) any { return "m³" })
	p.compute("has_configurable_attributes", func(e *env, r *record) any {
		return len(e.ids(model, r, "product_template_attribute_value_ids")) > 0
	})
	p.compute("sales_count", func(e *env, r *record) any {
		total := 0.0
		for _, id := range e.referrers("sale.order.line", "product_id", r.id) {
			l := e.rec("sale.order.line", id)
			if o := e.ref("sale.order.line", l, "order_id"); o != nil && e.str("sale.order", o, "state") == "sale" {
				total += e.num("sale.order.line", l, "product_uom_qty")
			}
		}
		return total
	})
	p.compute("message_ids", func(e *env, r *record) any { return messagesOf(e, model, r.id) })
	p.compute("has_message", func(e *env, r *record) any { return len(messagesOf(e, model, r.id)) > 0 })
	p.compute("tax_string", func(*env, *record) any { return nil })
	g.phantomFns["product.template"] = func(e *env, id int) string {
		for _, pid := range e.st.table(model).sortedIDs() {
			r := e.rec(model, pid)
			if tid, _ := e.value(model, r, "product_tmpl_id").(int); tid == id {
				return e.str(model, r, "name")
			}
		}
		return ""
	}

	cat := g.add(newModel("product.category", "Product Category", "complete_name"))
	addFields(cat,
		fieldSpec{"name", "char", "Name", ""},
		fieldSpec{"complete_name", "char", "Complete Name", ""},
		fieldSpec{"parent_id", "many2one", "Parent Category", "product.category"},
		fieldSpec{"child_id", "one2many", "Child Categories", "product.category"},
		fieldSpec{"product_count", "integer", "# Products", ""},
	)
	cat.require("name")
	cat.parentField = "parent_id"
	cat.inverse("child_id", "parent_id")
	cat.ondelete("parent_id", "cascade")
	cat.displayName = func(e *env, r *record) string { return hierarchicalName(e, "product.category", r, " / ") }
	cat.compute("complete_name", func(e *env, r *record) any { return hierarchicalName(e, "product.category", r, " / ") })
	cat.compute("product_count", func(e *env, r *record) any { return len(e.referrers(model, "categ_id", r.id)) })

	uom := g.add(newModel("uom.uom", "Product Unit of Measure", "sequence, id"))
	addFields(uom,
		fieldSpec{"name", "char", "Unit Name", ""},
		fieldSpec{"active", "boolean", "Active", ""},
		fieldSpec{"sequence", "integer", "Sequence", ""},
		fieldSpec{"relative_factor", "float", "Contains", ""},
		fieldSpec{"relative_uom_id", "many2one", "Reference Unit", "uom.uom"},
		fieldSpec{"rounding", "float", "Rounding Precision", ""},
	)
	uom.require("name")
	uom.defaults(map[string]any{"relative_factor": 1.0, "rounding": 0.01})

	tax := g.add(newModel("account.tax", "Tax", "sequence, type_tax_use, id"))
	addFields(tax,
		fieldSpec{"name", "char", "Tax Name", ""},
		fieldSpec{"amount", "float", "Amount", ""},
		fieldSpec{"amount_type", "selection", "Tax Computation", ""},
		fieldSpec{"type_tax_use", "selection", "Tax Type", ""},
		fieldSpec{"price_include", "boolean", "Included in Price", ""},
		fieldSpec{"description", "char", "Label on Invoices", ""},
		fieldSpec{"sequence", "integer", "Sequence", ""},
		fieldSpec{"company_id", "many2one", "Company", "res.company"},
		fieldSpec{"active", "boolean", "Active", ""},
	)
	tax.byName["amount_type"].selection = [][2]string{{"group", "Group of Taxes"}, {"fixed", "Fixed"}, {"percent", "Percentage"}, {"division", "Percentage Tax Included"}}
	tax.byName["type_tax_use"].selection = [][2]string{{"sale", "Sales"}, {"purchase", "Purchases"}, {"none", "None"}}
	tax.require("name")
	tax.defaults(map[string]any{"amount_type": "percent", "type_tax_use": "sale", "sequence": 1, "company_id": 1})
}

// productDisplayName is "[CODE] Name (variant values)".
func productDisplayName(_ *env, r *record) string { return productDisplayNameRaw(r) }
