package odoosim

import (
	"fmt"
	"strings"
)

// partnerAddressFields are synced from a company to its "contact" type
// children, and commercialFields from the commercial partner, like
// res.partner._fields_sync.
var (
	partnerAddressFields = []string{"street", "street2", "zip", "city", "state_id", "country_id"}
	commercialFields     = []string{"vat", "company_registry", "industry_id"}
)

var peppolEAS = map[string]string{
	"ME": "9941", "BE": "0208", "NL": "0106", "DE": "9930", "FR": "0009", "IT": "0211",
	"ES": "9920", "LU": "9938", "AT": "9915", "CH": "0183", "GB": "9932", "DK": "0184",
	"SE": "0007", "NO": "0192", "FI": "0216", "IE": "9935", "PT": "9946", "AU": "0151",
}

var availablePeppolEAS = []any{"9923", "9922", "0151", "9914", "9915", "0208", "9925", "9924", "9926", "9934", "9928", "9929", "0096", "0184", "0198", "0191", "9931", "0037", "0216", "0213", "0002", "0009", "9957", "0225", "0240", "0204", "9930", "9933", "9910", "0196", "9935", "0211", "0097", "0188", "0221", "0218", "9939", "9936", "0200", "9937", "9938", "9942", "0230", "9943", "9940", "9941", "0106", "0190", "9944", "0192", "9945", "9946", "9947", "9948", "0195", "9949", "9950", "9920", "0007", "9955", "9927", "0183", "9952", "0235", "9932", "9959", "0060", "0088", "0130", "0135", "0142", "0193", "0199", "0201", "0202", "0209", "0210", "9913", "9918", "9919", "9951", "9953", "AN", "AQ", "AS", "AU", "EM"}

func setupPartner(g *registry, p profile) {
	m := g.add(newModel("res.partner", "Contact", "complete_name ASC, id DESC"))
	loadSchema(m)
	if p.major < 18 {
		// Odoo 17 still has the mobile field, merged into phone in 18.
		phone := m.byName["phone"]
		mobile := &field{name: "mobile", key: "mobile", typ: "char", label: "Mobile"}
		m.byName["mobile"] = mobile
		m.byKey["mobile"] = mobile
		for i, f := range m.fields {
			if f == phone {
				m.fields = append(m.fields[:i+1], append([]*field{mobile}, m.fields[i+1:]...)...)
				break
			}
		}
	}
	m.parentField = "parent_id"
	m.nameSearch = []string{"complete_name", "email", "ref", "vat", "company_registry"}
	m.displayName = func(e *env, r *record) string { return partnerCompleteName(e, r) }
	m.inverse("child_ids", "parent_id")
	m.inverse("user_ids", "partner_id")
	m.defaults(map[string]any{
		"type": "contact", "lang": "en_US", "active": true, "is_company": false,
		"customer_rank": 0, "supplier_rank": 0, "color": 0, "autopost_bills": "ask",
		"partner_latitude": 0.0, "partner_longitude": 0.0, "credit_limit": 0.0,
	})
	m.constants = map[string]any{
		"tz_offset":                                 "+0000",
		"vat_label":                                 "Tax ID",
		"type_address_label":                        "Address",
		"company_registry_label":                    "Company ID",
		"active_lang_count":                         1,
		"properties":                                []any{},
		"properties_base_definition_id":             1,
		"partner_vat_placeholder":                   "not applicable",
		"partner_company_registry_placeholder":      "",
		"fiscal_country_group_codes":                []any{""},
		"available_peppol_eas":                      availablePeppolEAS,
		"display_invoice_edi_format":                true,
		"available_invoice_template_pdf_report_ids": []int{230},
		"property_account_payable_id":               15,
		"property_account_receivable_id":            5,
		"currency_id":                               1,
		"trust":                                     "normal",
	}
	const model = "res.partner"
	m.compute("complete_name", func(e *env, r *record) any { return partnerCompleteName(e, r) })
	m.compute("commercial_partner_id", func(e *env, r *record) any { return commercialPartner(e, r).id })
	m.compute("commercial_company_name", func(e *env, r *record) any {
		cp := commercialPartner(e, r)
		if e.flag(model, cp, "is_company") {
			return e.str(model, cp, "name")
		}
		return e.value(model, r, "company_name")
	})
	m.compute("parent_name", func(e *env, r *record) any {
		if p := e.ref(model, r, "parent_id"); p != nil {
			return e.value(model, p, "name")
		}
		return nil
	})
	companyType := m.byName["company_type"]
	companyType.compute = func(e *env, r *record) any {
		if e.flag(model, r, "is_company") {
			return "company"
		}
		return "person"
	}
	companyType.setter = func(e *env, r *record, v any) error {
		e.set(model, r, "is_company", v == "company")
		return nil
	}
	m.compute("email_normalized", func(e *env, r *record) any {
		email := strings.TrimSpace(e.str(model, r, "email"))
		if email == "" || !strings.Contains(email, "@") {
			return nil
		}
		return strings.ToLower(email)
	})
	m.compute("email_formatted", func(e *env, r *record) any {
		email := e.str(model, r, "email")
		if email == "" {
			return nil
		}
		return fmt.Sprintf("%q <%s>", e.str(model, r, "name"), email)
	})
	m.compute("country_code", func(e *env, r *record) any {
		if c := e.ref(model, r, "country_id"); c != nil {
			return e.value("res.country", c, "code")
		}
		return nil
	})
	m.compute("contact_address", func(e *env, r *record) any { return partnerAddress(e, r) })
	m.compute("contact_address_inline", func(e *env, r *record) any {
		var parts []string
		for _, line := range strings.Split(partnerAddress(e, r), "\n") {
			if strings.TrimSpace(line) != "" {
				parts = append(parts, strings.TrimSpace(line))
			}
		}
		return strings.Join(parts, ", ")
	})
	m.compute("phone_sanitized", func(e *env, r *record) any { return e.value(model, r, "phone") })
	m.compute("main_user_id", func(e *env, r *record) any {
		if users := e.referrers("res.users", "partner_id", r.id); len(users) > 0 {
			return users[0]
		}
		return nil
	})
	m.compute("partner_share", func(e *env, r *record) any {
		for _, uid := range e.referrers("res.users", "partner_id", r.id) {
			if u := e.rec("res.users", uid); u != nil && !e.flag("res.users", u, "share") {
				return false
			}
		}
		return len(e.referrers("res.company", "partner_id", r.id)) == 0
	})
	m.compute("is_public", func(e *env, r *record) any {
		for _, uid := range e.referrers("res.users", "partner_id", r.id) {
			if u := e.rec("res.users", uid); u != nil && u.vals["role"] == rolePublic {
				return true
			}
		}
		return false
	})
	m.compute("self", func(_ *env, r *record) any { return r.id })
	m.compute("im_status", func(e *env, r *record) any {
		if len(e.referrers("res.users", "partner_id", r.id)) > 0 {
			return "offline"
		}
		return "im_partner"
	})
	m.compute("message_ids", func(e *env, r *record) any { return messagesOf(e, model, r.id) })
	m.compute("has_message", func(e *env, r *record) any { return len(messagesOf(e, model, r.id)) > 0 })
	m.compute("peppol_eas", func(e *env, r *record) any {
		if code, ok := e.value(model, r, "country_code").(string); ok {
			if eas, ok := peppolEAS[code]; ok {
				return eas
			}
		}
		return nil
	})
	m.compute("fiscal_country_codes", func(e *env, r *record) any {
		codes := []string{}
		if code, ok := e.value(model, r, "country_code").(string); ok && code != "US" {
			codes = append(codes, code)
		}
		return strings.Join(append(codes, "US"), ",")
	})
	for _, size := range []string{"1024", "512", "256"} {
		m.compute("image_"+size, func(e *env, r *record) any { return r.vals["image_1920"] })
	}
	m.compute("image_128", func(e *env, r *record) any {
		if v, ok := r.vals["image_128"]; ok {
			return v
		}
		return r.vals["image_1920"]
	})
	for _, size := range []string{"1920", "1024", "512", "256", "128"} {
		img := "image_" + size
		m.compute("avatar_"+size, func(e *env, r *record) any {
			if v := e.value(model, r, img); v != nil {
				return v
			}
			return avatarSVG(e.str(model, r, "name"), e.str(model, r, "create_date"))
		})
	}
	partnerAccounting(m)
	m.compute("sale_order_ids", func(e *env, r *record) any { return e.referrers("sale.order", "partner_id", r.id) })
	m.compute("sale_order_count", func(e *env, r *record) any {
		n := 0
		for _, id := range partnerFamily(e, r.id) {
			n += len(e.referrers("sale.order", "partner_id", id))
		}
		return n
	})
	m.compute("application_statistics", func(e *env, r *record) any {
		stats := []any{}
		if n := e.integer(model, r, "account_move_count"); n > 0 {
			s := newDict()
			s.Set("iconClass", "fa-pencil-square-o")
			s.Set("value", n)
			s.Set("label", "Invoices/Bills/Mandates")
			s.Set("tagClass", "o_tag_color_9")
			stats = append(stats, s)
		}
		if n := e.integer(model, r, "sale_order_count"); n > 0 {
			s := newDict()
			s.Set("iconClass", "fa-usd")
			s.Set("value", n)
			s.Set("label", "Sale Orders")
			s.Set("tagClass", "o_tag_color_2")
			stats = append(stats, s)
		}
		return stats
	})
	m.beforeCreate = partnerBeforeCreate
	m.afterWrite = partnerAfterWrite
	m.check = partnerCheck
	m.beforeUnlink = partnerBeforeUnlink

	cat := g.add(newModel("res.partner.category", "Partner Tags", "complete_name"))
	addFields(cat,
		fieldSpec{"name", "char", "Tag Name", ""},
		fieldSpec{"color", "integer", "Color", ""},
		fieldSpec{"parent_id", "many2one", "Parent Category", "res.partner.category"},
		fieldSpec{"child_ids", "one2many", "Child Tags", "res.partner.category"},
		fieldSpec{"active", "boolean", "Active", ""},
		fieldSpec{"complete_name", "char", "Complete Name", ""},
		fieldSpec{"partner_ids", "many2many", "Partners", "res.partner"},
	)
	cat.require("name")
	cat.parentField = "parent_id"
	cat.inverse("child_ids", "parent_id")
	cat.displayName = func(e *env, r *record) string { return hierarchicalName(e, "res.partner.category", r, " / ") }
	cat.compute("complete_name", func(e *env, r *record) any { return hierarchicalName(e, "res.partner.category", r, " / ") })
	cat.compute("partner_ids", func(e *env, r *record) any {
		var out []int
		for _, p := range e.st.table("res.partner").sortedIDs() {
			for _, c := range e.ids(model, e.rec(model, p), "category_id") {
				if c == r.id {
					out = append(out, p)
				}
			}
		}
		return out
	})
}

// partnerAccounting adds the invoicing figures of a partner.
func partnerAccounting(m *model) {
	const model = "res.partner"
	m.compute("invoice_ids", func(e *env, r *record) any {
		return e.sortIDs(e.reg.model("account.move"), e.referrers("account.move", "partner_id", r.id))
	})
	customerMoves := func(e *env, r *record, posted bool) []*record {
		var out []*record
		for _, id := range partnerFamily(e, r.id) {
			for _, mid := range e.referrers("account.move", "partner_id", id) {
				mv := e.rec("account.move", mid)
				t := e.str("account.move", mv, "move_type")
				if t != "out_invoice" && t != "out_refund" {
					continue
				}
				if posted && e.str("account.move", mv, "state") != "posted" {
					continue
				}
				out = append(out, mv)
			}
		}
		return out
	}
	m.compute("total_invoiced", func(e *env, r *record) any {
		total := 0.0
		for _, mv := range customerMoves(e, r, true) {
			total += e.num("account.move", mv, "amount_untaxed_signed")
		}
		return round(total, 2)
	})
	m.compute("credit", func(e *env, r *record) any {
		total := 0.0
		for _, mv := range customerMoves(e, r, true) {
			if e.m2o("account.move", mv, "company_id") == 1 {
				total += e.num("account.move", mv, "amount_residual_signed")
			}
		}
		return round(total, 2)
	})
	m.compute("account_move_count", func(e *env, r *record) any {
		return len(customerMoves(e, r, true))
	})
	m.compute("supplier_invoice_count", func(e *env, r *record) any {
		n := 0
		for _, id := range partnerFamily(e, r.id) {
			for _, mid := range e.referrers("account.move", "partner_id", id) {
				if e.str("account.move", e.rec("account.move", mid), "move_type") == "in_invoice" {
					n++
				}
			}
		}
		return n
	})
	_ = model
}
