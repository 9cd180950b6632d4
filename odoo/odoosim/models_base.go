package odoosim

import (
	"strings"
)

func setupGeo(g *registry) {
	c := g.add(newModel("res.country", "Country", "name"))
	loadSchema(c)
	c.require("name", "code")
	c.inverse("state_ids", "country_id")
	c.ondelete("currency_id", "set null")
	c.compute("image_url", func(e *env, r *record) any {
		return "/base/static/img/country_flags/" + strings.ToLower(e.str("res.country", r, "code")) + ".png"
	})
	c.defaults(map[string]any{"name_position": "before", "zip_required": true, "state_required": false})
	c.constants["address_format"] = "%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s"
	c.constants["country_group_codes"] = []any{}

	s := g.add(newModel("res.country.state", "Country state", "code"))
	addFields(s,
		fieldSpec{"name", "char", "State Name", ""},
		fieldSpec{"code", "char", "State Code", ""},
		fieldSpec{"country_id", "many2one", "Country", "res.country"},
	)
	s.require("name", "code", "country_id")
	s.ondelete("country_id", "cascade")
	s.displayName = func(e *env, r *record) string {
		name := e.str("res.country.state", r, "name")
		if c := e.ref("res.country.state", r, "country_id"); c != nil {
			return name + " (" + e.str("res.country", c, "code") + ")"
		}
		return name
	}

	cur := g.add(newModel("res.currency", "Currency", "active desc, name"))
	addFields(cur,
		fieldSpec{"name", "char", "Currency", ""},
		fieldSpec{"full_name", "char", "Name", ""},
		fieldSpec{"symbol", "char", "Symbol", ""},
		fieldSpec{"rounding", "float", "Rounding Factor", ""},
		fieldSpec{"decimal_places", "integer", "Decimal Places", ""},
		fieldSpec{"position", "selection", "Symbol Position", ""},
		fieldSpec{"active", "boolean", "Active", ""},
		fieldSpec{"rate", "float", "Current Rate", ""},
	)
	cur.byName["position"].selection = [][2]string{{"after", "After Amount"}, {"before", "Before Amount"}}
	cur.require("name", "symbol")
	cur.defaults(map[string]any{"rounding": 0.01, "position": "after", "rate": 1.0})
	cur.compute("decimal_places", func(e *env, r *record) any {
		rounding := e.num("res.currency", r, "rounding")
		n := 0
		for x := rounding; x < 1 && n < 6; x *= 10 {
			n++
		}
		return n
	})

	co := g.add(newModel("res.company", "Companies", "sequence, name"))
	addFields(co,
		fieldSpec{"name", "char", "Company Name", ""},
		fieldSpec{"partner_id", "many2one", "Partner", "res.partner"},
		fieldSpec{"currency_id", "many2one", "Currency", "res.currency"},
		fieldSpec{"country_id", "many2one", "Country", "res.country"},
		fieldSpec{"sequence", "integer", "Sequence", ""},
		fieldSpec{"email", "char", "Email", ""},
		fieldSpec{"phone", "char", "Phone", ""},
		fieldSpec{"active", "boolean", "Active", ""},
	)
	co.ondelete("partner_id", "restrict")
	co.compute("name", func(e *env, r *record) any {
		if p := e.ref("res.company", r, "partner_id"); p != nil {
			return e.value("res.partner", p, "name")
		}
		return nil
	})
	co.byName["name"].setter = func(e *env, r *record, v any) error {
		if p := e.ref("res.company", r, "partner_id"); p != nil {
			e.set("res.partner", p, "name", v)
		}
		return nil
	}

	msg := g.add(newModel("mail.message", "Message", "id desc"))
	addFields(msg,
		fieldSpec{"model", "char", "Related Document Model", ""},
		fieldSpec{"res_id", "many2one_reference", "Related Document ID", ""},
		fieldSpec{"body", "html", "Contents", ""},
		fieldSpec{"subject", "char", "Subject", ""},
		fieldSpec{"message_type", "selection", "Type", ""},
		fieldSpec{"subtype_xmlid", "char", "Subtype", ""},
		fieldSpec{"author_id", "many2one", "Author", "res.partner"},
		fieldSpec{"date", "datetime", "Date", ""},
	)
	msg.byName["message_type"].selection = [][2]string{{"email", "Incoming Email"}, {"comment", "Comment"}, {"email_outgoing", "Outgoing Email"}, {"notification", "System notification"}, {"auto_comment", "Automated Targeted Notification"}, {"user_notification", "User Specific Notification"}}
	msg.displayName = func(e *env, r *record) string {
		if s := e.str("mail.message", r, "subject"); s != "" {
			return s
		}
		return e.str("mail.message", r, "model") + "," + itoa(e.integer("mail.message", r, "res_id"))
	}
}

func setupUsers(g *registry) {
	u := g.add(newModel("res.users", "User", "name, login"))
	addFields(u,
		fieldSpec{"name", "char", "Name", ""},
		fieldSpec{"login", "char", "Login", ""},
		fieldSpec{"partner_id", "many2one", "Related Partner", "res.partner"},
		fieldSpec{"email", "char", "Email", ""},
		fieldSpec{"active", "boolean", "Active", ""},
		fieldSpec{"share", "boolean", "Share User", ""},
		fieldSpec{"company_id", "many2one", "Company", "res.company"},
		fieldSpec{"company_ids", "many2many", "Companies", "res.company"},
		fieldSpec{"lang", "selection", "Language", ""},
		fieldSpec{"tz", "selection", "Timezone", ""},
	)
	u.byName["lang"].selection = [][2]string{{"en_US", "English (US)"}}
	u.require("login", "partner_id")
	u.ondelete("partner_id", "restrict")
	const model = "res.users"
	u.compute("name", func(e *env, r *record) any {
		if p := e.ref(model, r, "partner_id"); p != nil {
			return e.value("res.partner", p, "name")
		}
		return nil
	})
	u.compute("email", func(e *env, r *record) any {
		if p := e.ref(model, r, "partner_id"); p != nil {
			return e.value("res.partner", p, "email")
		}
		return nil
	})
	// lang and tz are the partner's (res.users inherits res.partner).
	for _, name := range []string{"lang", "tz"} {
		u.compute(name, func(e *env, r *record) any {
			if p := e.ref(model, r, "partner_id"); p != nil {
				return e.value("res.partner", p, name)
			}
			return nil
		})
	}
}
