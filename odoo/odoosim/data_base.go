package odoosim

// The base data: what a fresh Odoo 19 database with contacts, sales and
// invoicing holds before demo records, with the ids of the captured
// database. Timestamps are fixed: the database was created on 2026-11-21
// at 08:53:35 UTC.

const installTime = "2026-11-21 08:53:35"

// ts stores a captured timestamp (seconds) in the internal format.
func ts(s string) string { return s + ".000000" }

// Well-known state ids (state_us_N is id N+8: Australia's eight states
// were loaded first).
const (
	stateCalifornia   = 13
	stateNewJersey    = 33
	stateOregon       = 40
	statePennsylvania = 47
)

var auStates = [][2]string{
	{"ACT", "Australian Capital Territory"}, {"NSW", "New South Wales"}, {"NT", "Northern Territory"},
	{"QLD", "Queensland"}, {"SA", "South Australia"}, {"TAS", "Tasmania"}, {"VIC", "Victoria"},
	{"WA", "Western Australia"},
}

var usStates = [][2]string{
	{"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"}, {"CA", "California"},
	{"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"}, {"DC", "District of Columbia"},
	{"FL", "Florida"}, {"GA", "Georgia"}, {"HI", "Hawaii"}, {"ID", "Idaho"}, {"IL", "Illinois"},
	{"IN", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"}, {"KY", "Kentucky"}, {"LA", "Louisiana"},
	{"ME", "Maine"}, {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"}, {"NH", "New Hampshire"},
	{"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NY", "New York"}, {"NC", "North Carolina"},
	{"ND", "North Dakota"}, {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"OR", "Oregon"}, {"MD", "Maryland"},
	{"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"},
	{"MO", "Missouri"}, {"PA", "Pennsylvania"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"},
	{"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"}, {"UT", "Utah"}, {"VT", "Vermont"},
	{"VA", "Virginia"}, {"WA", "Washington"}, {"WV", "West Virginia"}, {"WI", "Wisconsin"},
	{"WY", "Wyoming"}, {"AS", "American Samoa"}, {"FM", "Federated States of Micronesia"},
	{"GU", "Guam"}, {"MH", "Marshall Islands"}, {"MP", "Northern Mariana Islands"}, {"PW", "Palau"},
	{"PR", "Puerto Rico"}, {"VI", "Virgin Islands"}, {"AA", "Armed Forces Americas"},
	{"AE", "Armed Forces Europe"}, {"AP", "Armed Forces Pacific"},
}

const (
	countryUS = 233
	countryBE = 20
	countryFR = 75
	countryDE = 57
	countryGB = 231
	countryNL = 165
	countryES = 68
	countryIT = 109
	countryCA = 38
	countryCH = 43
	countryAU = 13
	countrySM = 203
	countryLI = 128
	countryME = 139
)

// audit returns the create/write columns of a seed record.
func audit(create, write string) map[string]any {
	return map[string]any{"create_date": ts(create), "write_date": ts(write), "create_uid": 1, "write_uid": 1}
}

func with(base map[string]any, vals map[string]any) map[string]any {
	for k, v := range vals {
		if v != nil {
			base[k] = v
		}
	}
	return base
}

func seedBase(st *store) {
	for i, c := range seedCurrencies {
		st.put("res.currency", i+1, with(audit(installTime, installTime), map[string]any{
			"name": c.name, "full_name": c.fullName, "symbol": c.symbol, "rounding": c.rounding,
			"position": c.position, "active": c.name == "USD" || c.name == "EUR", "rate": 1.0,
		}))
	}
	for _, c := range seedCountries {
		vals := with(audit(installTime, installTime), map[string]any{
			"name": c.name, "code": c.code, "currency_id": c.currency, "phone_code": c.phone,
			"name_position": "before", "zip_required": true, "state_required": c.code == "US",
		})
		st.put("res.country", c.id, vals)
	}
	id := 1
	for _, s := range auStates {
		st.put("res.country.state", id, with(audit(installTime, installTime), map[string]any{"code": s[0], "name": s[1], "country_id": countryAU}))
		id++
	}
	for _, s := range usStates {
		st.put("res.country.state", id, with(audit(installTime, installTime), map[string]any{"code": s[0], "name": s[1], "country_id": countryUS}))
		id++
	}

	partner := func(id int, create, write string, vals map[string]any) {
		base := with(audit(create, write), map[string]any{
			"type": "contact", "lang": "en_US", "active": true, "is_company": false,
			"customer_rank": 0, "supplier_rank": 0, "color": 0, "autopost_bills": "ask",
		})
		st.put("res.partner", id, with(base, vals))
	}
	partner(1, installTime, "2026-11-21 08:54:00", map[string]any{
		"name": "YourCompany", "is_company": true, "email": "info@yourcompany.com", "phone": "+1 555-555-5556",
		"street": "250 Executive Park Blvd, Suite 3400", "city": "San Francisco", "zip": "94134",
		"state_id": stateCalifornia, "country_id": countryUS, "website": "http://www.example.com",
	})
	partner(2, installTime, "2026-11-21 08:54:31", map[string]any{"name": "OdooBot", "email": "odoobot@example.com", "active": false})
	partner(3, installTime, "2026-11-21 08:54:31", map[string]any{
		"name": "Mitchell Admin", "email": "admin@example.com", "phone": "+1 555-555-5555", "tz": "Europe/Brussels",
		"street": "215 Vine St", "city": "Scranton", "zip": "18503", "state_id": statePennsylvania, "country_id": countryUS,
	})
	partner(4, installTime, "2026-11-21 08:54:00", map[string]any{"name": "Public user", "active": false})
	partner(5, installTime, "2026-11-21 08:54:00", map[string]any{"name": "Portal User Template", "active": false})
	partner(6, installTime, "2026-11-21 08:54:43", map[string]any{
		"name": "Marc Demo", "email": "mark.brown23@example.com", "phone": "(441)-695-2334", "tz": "Europe/Brussels",
		"street": "3575  Buena Vista Avenue", "city": "Eugene", "zip": "97401", "state_id": stateOregon, "country_id": countryUS,
	})
	partner(7, installTime, "2026-11-21 08:54:00", map[string]any{
		"name": "Joel Willis", "email": "joel.willis63@example.com", "phone": "(683)-556-5104",
		"street": "858 Lynn Street", "city": "Bayonne", "zip": "07002", "state_id": stateNewJersey, "country_id": countryUS,
	})
	partner(42, "2026-11-21 08:53:46", "2026-11-21 08:54:00", map[string]any{
		"name": "My US Company", "is_company": true, "phone": "+1 555-555-5556", "country_id": countryUS,
	})
	partner(43, "2026-11-21 08:55:55", "2026-11-21 08:55:55", map[string]any{"name": "API User", "email": "apiuser@example.com"})

	company := func(id, partnerID int, seq int) {
		st.put("res.company", id, with(audit(installTime, installTime), map[string]any{
			"partner_id": partnerID, "currency_id": 1, "country_id": countryUS, "sequence": seq, "active": true,
		}))
	}
	company(1, 1, 0)
	company(2, 42, 10)

	user := func(id, partnerID int, login, password, apiKey, role string, active, share bool) {
		vals := with(audit(installTime, installTime), map[string]any{
			"login": login, "partner_id": partnerID, "active": active, "share": share,
			"company_id": 1, "company_ids": []int{1, 2}, "role": role,
		})
		if password != "" {
			vals["password"] = password
		}
		if apiKey != "" {
			vals["api_key"] = apiKey
		}
		st.put("res.users", id, vals)
	}
	user(1, 2, "__system__", "", "", roleSystem, false, false)
	user(AdminUID, 3, AdminLogin, AdminPassword, AdminAPIKey, roleAdmin, true, false)
	user(3, 4, "public", "", "", rolePublic, false, true)
	user(4, 5, "portaltemplate", "", "", rolePortal, false, true)
	user(DemoUID, 6, DemoLogin, DemoPassword, "", roleSalesAll, true, false)
	user(6, 7, "portal", "portal", "", rolePortal, true, true)
	user(APIUserUID, 43, APIUserLogin, APIUserPassword, APIUserAPIKey, roleSalesOwn, true, false)
	st.tables["res.users"].recs[APIUserUID].vals["create_date"] = ts("2026-11-21 08:55:55")

	for i, u := range [][2]any{
		{"Units", 1.0}, {"Dozens", 12.0}, {"Pack of 6", 6.0}, {"Hours", 1.0}, {"Days", 8.0},
		{"kg", 1.0}, {"g", 0.001}, {"m", 1.0}, {"L", 1.0}, {"m²", 1.0},
	} {
		st.put("uom.uom", i+1, with(audit(installTime, installTime), map[string]any{
			"name": u[0], "relative_factor": u[1], "active": true, "sequence": i + 1, "rounding": 0.01,
		}))
	}
	for _, c := range []struct {
		id     int
		name   string
		parent int
	}{{1, "All", 0}, {2, "Expenses", 0}, {3, "Services", 0}, {4, "Furniture", 0}, {5, "Office", 4}, {6, "Deliveries", 0}} {
		vals := with(audit(installTime, installTime), map[string]any{"name": c.name})
		if c.parent != 0 {
			vals["parent_id"] = c.parent
		}
		st.put("product.category", c.id, vals)
	}
	for _, t := range []struct {
		id       int
		name     string
		amount   float64
		use      string
		sequence int
	}{{1, "15%", 15, "sale", 1}, {2, "15%", 15, "purchase", 1}, {3, "10%", 10, "sale", 2}, {4, "0%", 0, "sale", 3}} {
		st.put("account.tax", t.id, with(audit(installTime, installTime), map[string]any{
			"name": t.name, "amount": t.amount, "amount_type": "percent", "type_tax_use": t.use,
			"sequence": t.sequence, "company_id": 1, "active": true, "description": t.name,
		}))
	}
	for _, c := range []struct {
		id, color, parent int
		name              string
	}{{1, 2, 0, "Vendor"}, {2, 3, 0, "Prospects"}, {3, 4, 0, "Employees"}, {4, 5, 0, "Consulting Services"},
		{5, 7, 0, "Services"}, {6, 8, 1, "Office Supplies"}, {7, 10, 1, "Desk Manufacturers"}} {
		vals := with(audit(installTime, installTime), map[string]any{"name": c.name, "color": c.color, "active": true})
		if c.parent != 0 {
			vals["parent_id"] = c.parent
		}
		st.put("res.partner.category", c.id, vals)
	}
	// The captured database had posted 402 messages; new ones continue.
	st.table("mail.message").seq = 402
}
