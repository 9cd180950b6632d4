package odoosim

import (
	"embed"
	"encoding/base64"
)

// The images are those the captured server sent for Acme Corporation
// (image_128) and LightsUp (image_1920 and image_128).
//
//go:embed assets/*.png
var assetFS embed.FS

func asset(name string) string {
	b, err := assetFS.ReadFile("assets/" + name)
	if err != nil {
		panic("odoosim: missing asset " + name)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// demoCompany is a captured demo company and its contacts.
type demoCompany struct {
	id                 int
	name, email, phone string
	street, city, zip  string
	state, country     int
	vat, website       string
	categories         []int
	write              string
	customerRank       int
	contacts           []demoContact
	contactsWrite      string
}

type demoContact struct {
	id                           int
	name, function, email, phone string
}

// Captured values (captures 12, 15, 41 and Odoo's res_partner_demo.xml).
var demoCompanies = []demoCompany{
	{id: 8, name: "Wood Corner", email: "wood.corner26@example.com", phone: "(623)-853-7197", street: "1839 Arbor Way", city: "Turlock", zip: "95380", state: stateCalifornia, country: countryUS, vat: "US12345672", website: "http://www.wood-corner.com", categories: []int{7, 6}, write: "2026-11-21 08:54:19", contactsWrite: "2026-11-21 08:54:19", contacts: []demoContact{
		{17, "Willie Burke", "Service Manager", "willie.burke80@example.com", "(846)-523-2111"},
		{18, "Ron Gibson", "Store Manager", "ron.gibson76@example.com", "(976)-397-4091"},
		{33, "Tom Ruiz", "Software Developer", "tom.ruiz89@example.com", "(102)-834-1602"},
	}},
	{id: 9, name: "Acme Corporation", email: "acme_corp@yourcompany.example.com", phone: "(603)-996-3829", street: "77 Santa Barbara Rd", city: "Pleasant Hill", zip: "94523", state: stateCalifornia, country: countryUS, vat: "US12345673", website: "http://www.acme-example-company.com", categories: []int{7}, write: "2026-11-21 08:55:55", customerRank: 14, contactsWrite: "2026-11-21 08:54:38", contacts: []demoContact{
		{19, "Douglas Fletcher", "Functional Consultant", "douglas.fletcher51@example.com", "(132)-553-7242"},
		{20, "Floyd Steward", "Analyst", "floyd.steward34@example.com", "(145)-138-3401"},
		{36, "Addison Olson", "Sales Representative", "addison.olson28@example.com", "(223)-399-7637"},
	}},
	{id: 10, name: "Gemini Furniture", email: "gemini_furniture@fake.geminifurniture.com", phone: "+378 0549 885555", street: "Via Industria 21", city: "Serravalle", zip: "47899", country: countrySM, vat: "SM12345", website: "http://www.gemini-furniture.com/", categories: []int{4, 7}, write: "2026-11-21 08:54:38", contactsWrite: "2026-11-21 08:54:38", contacts: []demoContact{
		{21, "Edwin Hansen", "Marketing Manager", "edwin.hansen58@example.com", "(943)-352-2555"},
		{23, "Jesse Brown", "Senior Consultant", "jesse.brown74@example.com", "(829)-386-3277"},
		{24, "Soham Palmer", "Director", "soham.palmer15@example.com", "(379)-167-2040"},
		{32, "Oscar Morgan", "Order Clerk", "oscar.morgan11@example.com", "(561)-239-1744"},
	}},
	{id: 11, name: "Ready Mat", email: "ready.mat28@example.com", phone: "(803)-873-6126", street: "7500 W Linne Road", city: "Tracy", zip: "95304", state: stateCalifornia, country: countryUS, vat: "US12345675", website: "http://www.ready-mat.com/", categories: []int{7, 6}, write: "2026-11-21 08:55:55", contactsWrite: "2026-11-21 08:54:38", contacts: []demoContact{
		{22, "Billy Fox", "Production Supervisor", "billy.fox45@example.com", "(915)-498-5611"},
		{25, "Kim Snyder", "Senior Associate", "kim.snyder96@example.com", "(215)-379-4865"},
		{26, "Edith Sanchez", "Analyst", "edith.sanchez68@example.com", "(938)-175-2048"},
		{31, "Theodore Gardner", "System Analyst", "theodore.gardner36@example.com", "(186)-612-6561"},
		{37, "Sandra Neal", "Sales Manager", "sandra.neal80@example.com", "(430)-371-7293"},
		{38, "Julie Richards", "Financial Manager", "julie.richards84@example.com", "(225)-148-7811"},
		{39, "Travis Mendoza", "Knowledge Manager", "travis.mendoza24@example.com", "(840)-944-8661"},
	}},
	{id: 12, name: "OpenWood", email: "wow@example.com", phone: "+352 123 456 789", street: "B", city: "Wiltz", zip: "9510", country: countryLI, website: "http://www.openwood.example.com", write: "2026-11-21 08:54:38", customerRank: 8},
	{id: 13, name: "LightsUp", email: "lightsup@example.com", phone: "+372 123 1234", street: "Eignaa tee 12", city: "Uuearu", zip: "74407", country: countryME, website: "http://www.lightsup.example.com", write: "2026-11-21 08:54:38", customerRank: 2},
	{id: 14, name: "The Jackson Group", email: "jackson.group82@example.com", phone: "(334)-502-1024", street: "1611 Peony Dr", city: "Tracy", zip: "95377", state: stateCalifornia, country: countryUS, vat: "US12345676", write: "2026-11-21 08:54:00", contactsWrite: "2026-11-21 08:54:00", contacts: []demoContact{
		{29, "Toni Rhodes", "Managing Partner", "toni.rhodes11@example.com", "(198)-539-4948"},
		{30, "Gordon Owens", "Senior Consultant", "gordon.owens47@example.com", "(336)-723-6569"},
	}},
	{id: 15, name: "Azure Interior", email: "azure.Interior24@example.com", phone: "(870)-931-0505", street: "4557 De Silva St", city: "Fremont", zip: "94538", state: stateCalifornia, country: countryUS, vat: "US12345677", website: "http://www.azure-interior.com", categories: []int{5}, write: "2026-11-21 08:54:38", customerRank: 6, contactsWrite: "2026-11-21 08:54:38", contacts: []demoContact{
		{27, "Brandon Freeman", "Creative Director", "brandon.freeman55@example.com", "(355)-687-3262"},
		{28, "Nicole Ford", "Director", "nicole.ford75@example.com", "(946)-638-6034"},
		{34, "Colleen Diaz", "Business Executive", "colleen.diaz83@example.com", "(255)-595-8393"},
	}},
	{id: 16, name: "Lumber Inc", email: "lumber-inv92@example.com", phone: "(828)-316-0593", street: "1337 N San Joaquin St", city: "Stockton", zip: "95202", state: stateCalifornia, country: countryUS, vat: "US12345678", website: "http://www.lumber-inc.com", write: "2026-11-21 08:54:00", contactsWrite: "2026-11-21 08:54:00", contacts: []demoContact{
		{35, "Lorraine Douglas", "Functional Consultant", "lorraine.douglas35@example.com", "(443)-648-9155"},
	}},
}

// YourCompany's demo contacts.
var mainCompanyContacts = []demoContact{
	{40, "Chester Reed", "Chief Executive Officer (CEO)", "chester.reed79@example.com", "(979)-904-8902"},
	{41, "Dwayne Newman", "Chief Operations Officer (COO)", "dwayne.newman28@example.com", "(614)-177-4937"},
}

func seedDemo(st *store) {
	seedDemoPartners(st)
	seedDemoProducts(st)
	seedDemoSales(st)
	seedDemoInvoices(st)
	seedGenerated(st)
}

func seedDemoPartners(st *store) {
	partner := func(id int, create, write string, vals map[string]any) *record {
		base := with(audit(create, write), map[string]any{
			"type": "contact", "lang": "en_US", "active": true, "is_company": false,
			"customer_rank": 0, "supplier_rank": 0, "color": 0, "autopost_bills": "ask",
		})
		return st.put("res.partner", id, with(base, vals))
	}
	addContact := func(c demoContact, parent map[string]any, parentID int, write string, extra map[string]any) {
		vals := map[string]any{
			"name": c.name, "function": c.function, "email": c.email, "phone": c.phone,
			"parent_id": parentID,
		}
		for _, k := range []string{"street", "street2", "zip", "city", "state_id", "country_id", "vat"} {
			if v, ok := parent[k]; ok {
				vals[k] = v
			}
		}
		for k, v := range extra {
			vals[k] = v
		}
		r := partner(c.id, installTime, write, vals)
		// Oscar Morgan was written last among the contacts saved in the
		// same second (capture 68 orders by write_date at full precision).
		if c.id == 32 {
			r.vals["write_date"] = "2026-11-21 08:54:38.900000"
		}
	}
	for _, c := range demoCompanies {
		vals := map[string]any{
			"name": c.name, "is_company": true, "email": c.email, "phone": c.phone,
			"street": c.street, "city": c.city, "zip": c.zip, "country_id": c.country,
			"customer_rank": c.customerRank,
		}
		if c.state != 0 {
			vals["state_id"] = c.state
		}
		if c.vat != "" {
			vals["vat"] = c.vat
		}
		if c.website != "" {
			vals["website"] = c.website
		}
		if len(c.categories) > 0 {
			vals["category_id"] = append([]int(nil), c.categories...)
		}
		partner(c.id, installTime, c.write, vals)
		for _, ct := range c.contacts {
			var extra map[string]any
			if ct.id == 23 {
				extra = map[string]any{"company_id": 1}
			}
			addContact(ct, vals, c.id, c.contactsWrite, extra)
		}
	}
	yc := st.tables["res.partner"].recs[1].vals
	for _, ct := range mainCompanyContacts {
		addContact(ct, yc, 1, "2026-11-21 08:54:00", nil)
	}
	p := st.tables["res.partner"].recs
	acme := asset("acme_128.png")
	p[9].vals["image_1920"] = acme
	p[13].vals["image_1920"] = asset("lightsup_200.png")
	p[13].vals["image_128"] = asset("lightsup_128.png")
	st.put("mail.message", 217, with(audit(installTime, installTime), map[string]any{
		"model": "res.partner", "res_id": 13, "message_type": "notification",
		"body": "<p>Contact created</p>", "author_id": 2, "date": ts(installTime),
	}))
	for i, tag := range []string{"VIP", "Wholesale", "Retail", "Newsletter"} {
		st.put("res.partner.category", 8+i, with(audit(installTime, installTime), map[string]any{
			"name": tag, "color": 1 + i, "active": true,
		}))
	}
}

// demoProduct is one product.product row.
type demoProduct struct {
	id                  int
	name, code, variant string
	typ                 string
	price               float64
	categ, uom          int
	saleOK              bool
	barcode, desc       string
	ptav                []int
}

// Products 1-8, 13, 14 and 38 are as captured (captures 37, 39, 64);
// the others complete the furniture catalogue.
var demoProducts = []demoProduct{
	{id: 1, name: "Restaurant Expenses", typ: "service", price: 14, categ: 2, uom: 1, saleOK: true},
	{id: 2, name: "Hotel Accommodation", typ: "service", price: 400, categ: 2, uom: 5, saleOK: true},
	{id: 3, name: "Virtual Interior Design", typ: "service", price: 30.75, categ: 3, uom: 4, saleOK: true},
	{id: 4, name: "Virtual Home Staging", typ: "service", price: 38.25, categ: 3, uom: 4, saleOK: true},
	{id: 5, name: "Office Chair", code: "FURN_7777", typ: "consu", price: 70, categ: 5, uom: 1, saleOK: true, desc: "Comfortable yellow chair for daily work"},
	{id: 6, name: "Office Lamp", code: "FURN_8888", typ: "consu", price: 40, categ: 5, uom: 1, saleOK: true, barcode: "40164785534112"},
	{id: 7, name: "Office Design Software", code: "FURN_9999", typ: "consu", price: 280, categ: 5, uom: 1, saleOK: true},
	{id: 8, name: "Desk Combination", code: "FURN_7800", typ: "consu", price: 450, categ: 5, uom: 1, saleOK: true},
	{id: 9, name: "Down Payment", typ: "service", price: 0, categ: 1, uom: 1},
	{id: 10, name: "Printer Paper", code: "OFF_0010", typ: "consu", price: 6.5, categ: 2, uom: 1},
	{id: 11, name: "Cleaning Supplies", code: "OFF_0011", typ: "consu", price: 12, categ: 2, uom: 1},
	{id: 12, name: "Freight Costs", typ: "service", price: 0, categ: 6, uom: 1},
	{id: 13, name: "Customizable Desk", code: "FURN_0096", variant: "Steel, White", typ: "consu", price: 750, categ: 5, uom: 1, saleOK: true, ptav: []int{4, 1}},
	{id: 14, name: "Customizable Desk", code: "FURN_0098", variant: "Steel, Black", typ: "consu", price: 750, categ: 5, uom: 1, saleOK: true, ptav: []int{4, 2}},
	{id: 15, name: "Customizable Desk", code: "FURN_0097", variant: "Aluminium, White", typ: "consu", price: 800, categ: 5, uom: 1, saleOK: true, ptav: []int{5, 1}},
	{id: 16, name: "Customizable Desk", code: "FURN_0099", variant: "Aluminium, Black", typ: "consu", price: 800, categ: 5, uom: 1, saleOK: true, ptav: []int{5, 2}},
	{id: 17, name: "Large Cabinet", code: "FURN_6741", typ: "consu", price: 320, categ: 4, uom: 1, saleOK: true},
	{id: 18, name: "Storage Box", code: "FURN_7999", typ: "consu", price: 15.8, categ: 4, uom: 1, saleOK: true},
	{id: 19, name: "Large Desk", code: "FURN_8111", typ: "consu", price: 1799, categ: 5, uom: 1, saleOK: true},
	{id: 20, name: "Pedal Bin", code: "FURN_2222", typ: "consu", price: 47, categ: 4, uom: 1, saleOK: true},
	{id: 21, name: "Cabinet with Doors", code: "FURN_1111", typ: "consu", price: 140, categ: 4, uom: 1, saleOK: true},
	{id: 22, name: "Conference Chair", code: "FURN_1245", variant: "Steel", typ: "consu", price: 33, categ: 5, uom: 1, saleOK: true, ptav: []int{6}},
	{id: 23, name: "Conference Chair", code: "FURN_1246", variant: "Aluminium", typ: "consu", price: 39.4, categ: 5, uom: 1, saleOK: true, ptav: []int{7}},
	{id: 24, name: "Corner Desk Right Sit", code: "FURN_0001", typ: "consu", price: 147, categ: 5, uom: 1, saleOK: true},
	{id: 25, name: "Corner Desk Left Sit", code: "FURN_0002", typ: "consu", price: 85, categ: 5, uom: 1, saleOK: true},
	{id: 26, name: "Drawer Black", code: "FURN_8900", typ: "consu", price: 25, categ: 4, uom: 1, saleOK: true},
	{id: 27, name: "Flipover", code: "FURN_9001", typ: "consu", price: 1950, categ: 5, uom: 1, saleOK: true},
	{id: 28, name: "Desk Stand with Screen", code: "FURN_7888", typ: "consu", price: 2100, categ: 5, uom: 1, saleOK: true},
	{id: 29, name: "Individual Workplace", code: "FURN_0789", typ: "consu", price: 885, categ: 5, uom: 1, saleOK: true},
	{id: 30, name: "Large Meeting Table", code: "FURN_6742", typ: "consu", price: 4000, categ: 5, uom: 1, saleOK: true},
	{id: 31, name: "Three-Seat Sofa", code: "FURN_8999", typ: "consu", price: 1500, categ: 4, uom: 1, saleOK: true},
	{id: 32, name: "Four Person Desk", code: "FURN_8220", typ: "consu", price: 2350, categ: 5, uom: 1, saleOK: true},
	{id: 33, name: "Magnetic Board", code: "FURN_5555", typ: "consu", price: 120, categ: 5, uom: 1, saleOK: true},
	{id: 34, name: "Monitor Stand", code: "FURN_3333", typ: "consu", price: 65, categ: 5, uom: 1, saleOK: true},
	{id: 35, name: "Newspaper Rack", code: "FURN_1212", typ: "consu", price: 55, categ: 4, uom: 1, saleOK: true},
	{id: 36, name: "Acoustic Bloc Screens", code: "FURN_6665", variant: "White", typ: "consu", price: 295, categ: 5, uom: 1, saleOK: true, ptav: []int{8}, desc: "Noise-reducing panels for open spaces"},
	{id: 37, name: "Acoustic Bloc Screens", code: "FURN_6666", variant: "Grey", typ: "consu", price: 295, categ: 5, uom: 1, saleOK: true, ptav: []int{9}, desc: "Noise-reducing panels for open spaces"},
	{id: 38, name: "Acoustic Bloc Screens", code: "FURN_6667", variant: "Black", typ: "consu", price: 295, categ: 5, uom: 1, saleOK: true, ptav: []int{10}, desc: "Noise-reducing panels for open spaces"},
	{id: 39, name: "Whiteboard Pen", code: "CONS_0001", typ: "consu", price: 1.2, categ: 4, uom: 1, saleOK: true},
	{id: 40, name: "Furniture Assembly", code: "SERV_0001", typ: "service", price: 60, categ: 3, uom: 4, saleOK: true},
	{id: 41, name: "Office Cleaning", code: "SERV_0002", typ: "service", price: 28, categ: 3, uom: 4, saleOK: true},
	{id: 42, name: "Standard Delivery", typ: "service", price: 10, categ: 6, uom: 1, saleOK: true},
}

func seedDemoProducts(st *store) {
	for _, p := range demoProducts {
		vals := with(audit(installTime, "2026-11-21 08:54:38"), map[string]any{
			"name": p.name, "type": p.typ, "list_price": p.price, "categ_id": p.categ, "uom_id": p.uom,
			"sale_ok": p.saleOK, "purchase_ok": true, "active": true, "invoice_policy": "order",
			"service_tracking": "no", "expense_policy": "no", "is_favorite": false, "sequence": 1,
			"standard_price": round(p.price*0.6, 2), "product_tmpl_id": p.id, "taxes_id": []int{}, "supplier_taxes_id": []int{},
		})
		if p.code != "" {
			vals["default_code"] = p.code
		}
		if p.variant != "" {
			vals["variant"] = p.variant
		}
		if p.barcode != "" {
			vals["barcode"] = p.barcode
		}
		if p.desc != "" {
			vals["description_sale"] = p.desc
		}
		if len(p.ptav) > 0 {
			vals["product_template_attribute_value_ids"] = append([]int(nil), p.ptav...)
		}
		if p.id == 1 || p.id == 2 {
			vals["expense_policy"] = "cost"
		}
		st.put("product.product", p.id, vals)
	}
	// Variants share their template like in Odoo.
	for _, id := range []int{14, 15, 16} {
		st.tables["product.product"].recs[id].vals["product_tmpl_id"] = 13
	}
	st.tables["product.product"].recs[23].vals["product_tmpl_id"] = 22
	for _, id := range []int{37, 38} {
		st.tables["product.product"].recs[id].vals["product_tmpl_id"] = 36
	}
}
