package odoosim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The generated demo data extends the captured records to a realistic
// volume. It is deterministic (fixed seed, fixed dates before the install
// time) and keeps clear of the captured answers: generated names sort
// after the captured ones, emails avoid "example.com", no generated
// record involves LightsUp, and no order belongs to the API user.

type genCountry struct {
	id        int
	code      string
	cities    []string
	streets   []string
	phone     func(r *rand.Rand) string
	vatPrefix string
	vatDigits int
	first     []string
	last      []string
}

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

var genCountries = []genCountry{
	{countryUS, "US", []string{"Boston", "Denver", "Austin", "Seattle", "Chicago", "Portland"}, []string{"Maple Avenue", "Oak Street", "Market Street", "Lincoln Road", "Harbor Drive"},
		func(r *rand.Rand) string { return fmt.Sprintf("+1 %s-%s-%s", digits(r, 3), digits(r, 3), digits(r, 4)) }, "", 0,
		[]string{"Emma", "Liam", "Olivia", "Noah", "Ava", "Mason", "Sophia", "Ethan"}, []string{"Carter", "Hughes", "Bennett", "Russell", "Porter", "Sullivan"}},
	{countryBE, "BE", []string{"Brussels", "Ghent", "Liège", "Namur", "Leuven"}, []string{"Rue de la Loi", "Kerkstraat", "Avenue Louise", "Stationsstraat"},
		func(r *rand.Rand) string {
			return fmt.Sprintf("+32 %s %s %s %s", digits(r, 1), digits(r, 3), digits(r, 2), digits(r, 2))
		}, "BE0", 9,
		[]string{"Lucas", "Louise", "Arthur", "Mila", "Victor", "Elise"}, []string{"Peeters", "Maes", "Dupont", "Claes", "Lambert"}},
	{countryFR, "FR", []string{"Paris", "Lyon", "Nantes", "Lille", "Bordeaux"}, []string{"Rue de Rivoli", "Boulevard Voltaire", "Rue Nationale", "Avenue Jean Jaurès"},
		func(r *rand.Rand) string {
			return fmt.Sprintf("+33 %s %s %s %s %s", digits(r, 1), digits(r, 2), digits(r, 2), digits(r, 2), digits(r, 2))
		}, "FR", 11,
		[]string{"Camille", "Hugo", "Chloé", "Louis", "Inès", "Jules"}, []string{"Martin", "Bernard", "Moreau", "Laurent", "Girard"}},
	{countryDE, "DE", []string{"Berlin", "Hamburg", "München", "Köln", "Leipzig"}, []string{"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee"},
		func(r *rand.Rand) string { return fmt.Sprintf("+49 %s %s", digits(r, 3), digits(r, 7)) }, "DE", 9,
		[]string{"Lena", "Jonas", "Mia", "Felix", "Hannah", "Paul"}, []string{"Müller", "Schmidt", "Fischer", "Weber", "Becker"}},
	{countryGB, "GB", []string{"London", "Leeds", "Bristol", "Glasgow", "Oxford"}, []string{"High Street", "Station Road", "Church Lane", "Victoria Road"},
		func(r *rand.Rand) string {
			return fmt.Sprintf("+44 %s %s %s", digits(r, 2), digits(r, 4), digits(r, 4))
		}, "GB", 9,
		[]string{"Oliver", "Amelia", "George", "Isla", "Harry", "Freya"}, []string{"Taylor", "Davies", "Evans", "Thomas", "Roberts"}},
	{countryNL, "NL", []string{"Amsterdam", "Utrecht", "Rotterdam", "Eindhoven"}, []string{"Keizersgracht", "Dorpsstraat", "Molenweg", "Prinsengracht"},
		func(r *rand.Rand) string { return fmt.Sprintf("+31 %s %s", digits(r, 2), digits(r, 7)) }, "NL", 9,
		[]string{"Daan", "Sanne", "Bram", "Fleur", "Sem", "Tess"}, []string{"de Vries", "Visser", "Smit", "Mulder", "Bakker"}},
	{countryES, "ES", []string{"Madrid", "Barcelona", "Valencia", "Sevilla"}, []string{"Calle Mayor", "Gran Vía", "Calle del Prado", "Avenida de la Paz"},
		func(r *rand.Rand) string {
			return fmt.Sprintf("+34 %s %s %s", digits(r, 3), digits(r, 3), digits(r, 3))
		}, "ES", 9,
		[]string{"Lucía", "Mateo", "Sofía", "Hugo", "Martina", "Pablo"}, []string{"García", "Martínez", "López", "Sánchez", "Romero"}},
	{countryIT, "IT", []string{"Milano", "Roma", "Torino", "Bologna"}, []string{"Via Roma", "Corso Italia", "Via Garibaldi", "Piazza Duomo"},
		func(r *rand.Rand) string { return fmt.Sprintf("+39 %s %s", digits(r, 3), digits(r, 7)) }, "IT", 11,
		[]string{"Giulia", "Leonardo", "Sofia", "Francesco", "Aurora", "Lorenzo"}, []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"}},
	{countryCA, "CA", []string{"Toronto", "Montréal", "Vancouver", "Calgary"}, []string{"King Street", "Rue Sherbrooke", "Granville Street", "Bay Street"},
		func(r *rand.Rand) string { return fmt.Sprintf("+1 %s-%s-%s", digits(r, 3), digits(r, 3), digits(r, 4)) }, "", 0,
		[]string{"Charlotte", "Benjamin", "Chloe", "William", "Zoe", "Nathan"}, []string{"Tremblay", "Gagnon", "Roy", "Wilson", "Côté"}},
	{countryCH, "CH", []string{"Zürich", "Genève", "Basel", "Lausanne"}, []string{"Bahnhofstrasse", "Rue du Rhône", "Seestrasse", "Marktgasse"},
		func(r *rand.Rand) string {
			return fmt.Sprintf("+41 %s %s %s %s", digits(r, 2), digits(r, 3), digits(r, 2), digits(r, 2))
		}, "CHE-", 9,
		[]string{"Noah", "Emma", "Luca", "Lea", "Elias", "Nina"}, []string{"Meier", "Keller", "Huber", "Brunner", "Baumann"}},
}

// genCompanies are the generated customers; the index into genCountries
// follows the name.
var genCompanies = []struct {
	name    string
	country int
}{
	{"Brightline Logistics", 0}, {"Bergmann Möbel", 3}, {"Cobalt Systems", 0}, {"Château Lumière", 2},
	{"Delta Office Supply", 0}, {"Dubois & Fils", 1}, {"Estudio Alameda", 6}, {"Evergreen Interiors", 8},
	{"Fabbrica Milano", 7}, {"Fjord Design", 5}, {"Granite Works", 0}, {"Groupe Horizon", 2},
	{"Hansen Bürobedarf", 3}, {"Harbor & Finch", 4}, {"Ironbridge Partners", 4}, {"Isola Arredamenti", 7},
	{"Janssen Kantoor", 5}, {"Juniper Studio", 8}, {"Keystone Facilities", 0}, {"Kiosque Parisien", 2},
	{"Lakeside Hospitality", 9}, {"Lindqvist Design", 9}, {"Maison Verte", 1}, {"Meridian Consulting", 4},
	{"Nordlicht GmbH", 3}, {"Northwind Traders", 0}, {"Oficinas Sol", 6}, {"Orion Workspace", 8},
	{"Pinecrest Academy", 0}, {"Pâtisserie Royale", 1}, {"Quai des Arts", 2}, {"Quantum Labs", 4},
	{"Rheinblick Hotel", 3}, {"Riverstone Hotels", 8}, {"Silverline Media", 4}, {"Solaria Energía", 6},
	{"Trident Engineering", 0}, {"Tulip Office BV", 5}, {"Umbra Architects", 7}, {"Ursa Minor Ltd", 4},
	{"Vantage Retail", 0}, {"Vermeer Interiors", 5}, {"Walker & Sons", 4}, {"Westbrook Clinic", 0},
	{"Yellowtail Foods", 8}, {"Zenith Coworking", 9},
}

var genFunctions = []string{"Purchasing Manager", "Office Manager", "CEO", "Accountant", "Facility Manager", "Assistant", "CFO", "Architect", ""}

// genProducts extend the catalogue; some are archived.
var genProducts = []struct {
	name, code string
	price      float64
	categ      int
	active     bool
	service    bool
}{
	{"Ergonomic Stool", "FURN_2101", 89, 5, true, false}, {"Standing Desk Frame", "FURN_2102", 420, 5, true, false},
	{"Filing Cabinet", "FURN_2103", 210, 4, true, false}, {"Bookshelf", "FURN_2104", 175, 4, true, false},
	{"Coat Stand", "FURN_2105", 49.9, 4, true, false}, {"Desk Organizer", "FURN_2106", 18.5, 5, true, false},
	{"Cable Tray", "FURN_2107", 24, 5, true, false}, {"Footrest", "FURN_2108", 35, 5, true, false},
	{"Meeting Room Chair", "FURN_2109", 129, 5, true, false}, {"Lounge Armchair", "FURN_2110", 690, 4, true, false},
	{"Acoustic Ceiling Panel", "FURN_2111", 88, 5, true, false}, {"Phone Booth", "FURN_2112", 5400, 5, true, false},
	{"Locker Unit", "FURN_2113", 360, 4, true, false}, {"Reception Desk", "FURN_2114", 2750, 5, true, false},
	{"Office Plant", "DECO_0001", 39, 4, true, false}, {"Space Planning", "SERV_0101", 95, 3, true, true},
	{"Ergonomics Workshop", "SERV_0102", 450, 3, true, true}, {"Old Swivel Chair", "FURN_0500", 59, 5, false, false},
	{"Legacy Desk Lamp", "FURN_0501", 22, 5, false, false}, {"Discontinued Sofa Bed", "FURN_0502", 980, 4, false, false},
}

// refTime is the reference "now" of the demo data: the install time.
func refTime() time.Time {
	t, _ := time.Parse("2006-01-02 15:04:05", installTime)
	return t
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ö':
			b.WriteString("o")
		case r == 'ü':
			b.WriteString("u")
		case r == 'â', r == 'á', r == 'à':
			b.WriteString("a")
		case r == 'è', r == 'é', r == 'ê':
			b.WriteString("e")
		case r == 'í':
			b.WriteString("i")
		}
	}
	return b.String()
}

func seedGenerated(st *store) {
	r := rand.New(rand.NewPCG(20261121, 19))
	customers := seedGeneratedPartners(st, r)
	products := seedGeneratedProducts(st)
	seedGeneratedSales(st, r, customers, products)
}

// seedGeneratedPartners creates companies with contacts and some private
// individuals; it returns the ids that can be customers.
func seedGeneratedPartners(st *store, r *rand.Rand) []int {
	t := st.tables["res.partner"]
	id := t.seq
	second := 0
	stamp := func() string {
		// Spread over the minute after install, before the captured edits.
		s := refTime().Add(time.Duration(1+second%54) * time.Second).Format("2006-01-02 15:04:05")
		second++
		return s
	}
	var customers []int
	contactNo := 0
	for ci, c := range genCompanies {
		gc := genCountries[c.country]
		id++
		companyID := id
		sl := slug(c.name)
		when := stamp()
		vals := with(audit(when, when), map[string]any{
			"name": c.name, "is_company": true, "type": "contact", "lang": "en_US", "active": true,
			"email": "info@" + sl + ".example.net", "phone": gc.phone(r),
			"street": fmt.Sprintf("%d %s", 1+r.IntN(250), gc.streets[r.IntN(len(gc.streets))]),
			"city":   gc.cities[r.IntN(len(gc.cities))], "zip": digits(r, 5), "country_id": gc.id,
			"website": "https://www." + sl + ".example.net", "customer_rank": 0, "supplier_rank": 0,
			"color": 0, "autopost_bills": "ask",
		})
		if gc.vatPrefix != "" {
			vals["vat"] = gc.vatPrefix + digits(r, gc.vatDigits)
		}
		if ci%7 == 3 {
			delete(vals, "phone")
		}
		if ci%11 == 5 {
			delete(vals, "email")
		}
		if ci%9 == 4 {
			vals["supplier_rank"] = 1
		}
		tags := []int{}
		for _, tag := range []int{2, 5, 8, 9, 10, 11} {
			if r.IntN(5) == 0 {
				tags = append(tags, tag)
			}
		}
		vals["category_id"] = tags
		st.put("res.partner", companyID, vals)
		customers = append(customers, companyID)
		n := 2 + r.IntN(4)
		for k := 0; k < n; k++ {
			contactNo++
			id++
			first := gc.first[r.IntN(len(gc.first))]
			last := gc.last[r.IntN(len(gc.last))]
			when := stamp()
			cv := with(audit(when, when), map[string]any{
				"name": first + " " + last, "parent_id": companyID, "type": "contact", "lang": "en_US",
				"active": contactNo%25 != 0, "is_company": false, "function": genFunctions[r.IntN(len(genFunctions))],
				"email": fmt.Sprintf("%s.%s@%s.example.net", slug(first), slug(last), sl), "phone": gc.phone(r),
				"customer_rank": 0, "supplier_rank": 0, "color": 0, "autopost_bills": "ask",
			})
			for _, key := range partnerAddressFields {
				if v, ok := vals[key]; ok {
					cv[key] = v
				}
			}
			if v, ok := vals["vat"]; ok {
				cv["vat"] = v
			}
			if contactNo%9 == 0 {
				delete(cv, "email")
			}
			if contactNo%7 == 0 {
				delete(cv, "phone")
			}
			if contactNo%13 == 0 {
				cv["type"] = "invoice"
			}
			// Only the Odoo 17 profile has a mobile field; the stored
			// value is invisible in Odoo 19, where phone absorbed it.
			if contactNo%2 == 0 {
				cv["mobile"] = gc.phone(r)
			}
			st.put("res.partner", id, cv)
		}
	}
	// Private customers, some without country.
	for k := 0; k < 24; k++ {
		gc := genCountries[k%len(genCountries)]
		id++
		first := gc.first[r.IntN(len(gc.first))]
		last := gc.last[r.IntN(len(gc.last))]
		when := stamp()
		vals := with(audit(when, when), map[string]any{
			"name": last + ", " + first, "is_company": false, "type": "contact", "lang": "en_US", "active": true,
			"email": fmt.Sprintf("%s%d@mail.example.org", slug(first+last), k), "phone": gc.phone(r),
			"street": fmt.Sprintf("%d %s", 1+r.IntN(99), gc.streets[r.IntN(len(gc.streets))]),
			"city":   gc.cities[r.IntN(len(gc.cities))], "zip": digits(r, 5), "country_id": gc.id,
			"customer_rank": 0, "supplier_rank": 0, "color": 0, "autopost_bills": "ask",
		})
		vals["name"] = first + " " + last
		if k%6 == 2 {
			for _, key := range []string{"country_id", "street", "city", "zip"} {
				delete(vals, key)
			}
		}
		if k%5 == 1 {
			delete(vals, "email")
		}
		if k%4 == 3 {
			delete(vals, "phone")
		}
		st.put("res.partner", id, vals)
		customers = append(customers, id)
	}
	return customers
}

func seedGeneratedProducts(st *store) []int {
	var ids []int
	id := st.tables["product.product"].seq
	for i, p := range genProducts {
		id++
		typ := "consu"
		if p.service {
			typ = "service"
		}
		vals := with(audit(installTime, "2026-11-21 08:54:38"), map[string]any{
			"name": p.name, "default_code": p.code, "type": typ, "list_price": p.price,
			"categ_id": p.categ, "uom_id": 1, "sale_ok": true, "purchase_ok": true, "active": p.active,
			"invoice_policy": "order", "service_tracking": "no", "expense_policy": "no",
			"is_favorite": i == 1 || i == 13, "sequence": 1, "standard_price": round(p.price*0.55, 2),
			"product_tmpl_id": id, "taxes_id": []int{1}, "supplier_taxes_id": []int{2},
		})
		if p.service {
			vals["uom_id"] = 4
		}
		if i%4 == 0 {
			vals["barcode"] = "5400" + fmt.Sprintf("%09d", 123456+i*7919)
		}
		st.put("product.product", id, vals)
		if p.active {
			ids = append(ids, id)
		}
	}
	for _, p := range demoProducts {
		if p.saleOK && p.price > 0 {
			ids = append(ids, p.id)
		}
	}
	return ids
}

// seedGeneratedSales creates quotations and orders over the year, and
// invoices and credit notes for most confirmed orders.
func seedGeneratedSales(st *store, r *rand.Rand, customers, products []int) {
	orders := st.tables[saleModel]
	lines := st.tables[lineModel]
	moves := st.tables[moveModel]
	moveLines := st.tables[moveLineModel]
	partners := st.tables["res.partner"]
	// Real customers take part too, except LightsUp whose figures are
	// captured (capture 50).
	pool := append([]int{8, 9, 10, 11, 14, 15, 16}, customers...)
	invNo, refundNo := 9, 0
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	const orderCount = 48
	for k := 0; k < orderCount; k++ {
		oid := orders.seq + 1
		partner := pool[(k*7+r.IntN(5))%len(pool)]
		date := start.Add(time.Duration(k)*150*time.Hour + time.Duration(r.IntN(36000))*time.Second)
		state := []string{"sale", "sale", "sale", "draft", "sent", "sale", "cancel", "sale"}[k%8]
		user := []int{AdminUID, DemoUID}[k%2]
		var taxes []int
		if k%2 == 0 {
			taxes = []int{1}
		}
		o := demoOrder{id: oid, partner: partner, user: user, date: date.Format("2006-01-02 15:04:05"), state: state}
		nLines := 1 + r.IntN(5)
		for i := 0; i < nLines; i++ {
			pid := products[r.IntN(len(products))]
			price, _ := st.tables["product.product"].recs[pid].vals["list_price"].(float64)
			disc := 0.0
			if r.IntN(6) == 0 {
				disc = []float64{5, 10, 15}[r.IntN(3)]
			}
			o.lines = append(o.lines, demoLine{id: lines.seq + 1 + i, product: pid, qty: float64(1 + r.IntN(12)), price: price, disc: disc})
		}
		created := date.Format("2006-01-02 15:04:05")
		seedOrder(st, o, created, taxes)
		ov := orders.recs[oid].vals
		ov["validity_date"] = date.AddDate(0, 0, 30).Format("2006-01-02")
		bumpRank := func() {
			if partner <= 43 {
				// Captured partners keep their captured ranks.
				return
			}
			pv := partners.recs[partner].vals
			rank, _ := pv["customer_rank"].(int)
			pv["customer_rank"] = rank + 1
		}
		if state != "sale" || k%5 == 4 {
			continue
		}
		// Invoice the order.
		mid := moves.seq + 1
		invDate := date.AddDate(0, 0, 2+r.IntN(5))
		if invDate.After(refTime().AddDate(0, 0, -1)) {
			invDate = refTime().AddDate(0, 0, -1)
		}
		mvState, payState, paid := "posted", "not_paid", 0.0
		switch k % 6 {
		case 0:
			payState = "paid"
		case 2:
			payState = "partial"
		case 3:
			payState = "in_payment"
		case 5:
			mvState = "draft"
		}
		name := "/"
		if mvState == "posted" {
			invNo++
			name = "INV/2026/" + pad5(invNo)
		}
		mv := demoMove{id: mid, partner: partner, company: 1, moveType: "out_invoice", name: name,
			invoiceDate: invDate.Format("2006-01-02"), dueDate: invDate.AddDate(0, 0, 30).Format("2006-01-02"), state: mvState}
		if mvState == "draft" {
			mv.invoiceDate, mv.dueDate = "", ""
		}
		for i, l := range o.lines {
			mv.lines = append(mv.lines, demoLine{id: moveLines.seq + 1 + i, product: l.product, qty: l.qty, price: l.price, disc: l.disc})
		}
		seedMove(st, mv, invDate.Format("2006-01-02 15:04:05"), map[string]any{"invoice_origin": ov["name"]})
		for _, ml := range mv.lines {
			moveLines.recs[ml.id].vals["tax_ids"] = append([]int{}, taxes...)
		}
		total := 0.0
		for _, l := range o.lines {
			sub := round(l.qty*l.price*(1-l.disc/100), 2)
			total += sub + round(sub*15/100*float64(len(taxes)), 2)
		}
		switch payState {
		case "paid", "in_payment":
			paid = round(total, 2)
		case "partial":
			paid = round(total*0.4, 2)
		}
		mvv := moves.recs[mid].vals
		mvv["payment_state"] = payState
		mvv["amount_paid"] = paid
		ov["invoice_ids"] = []int{mid}
		ov["invoice_status"] = "invoiced"
		for _, l := range o.lines {
			lines.recs[l.id].vals["qty_invoiced"] = l.qty
			lines.recs[l.id].vals["qty_delivered"] = l.qty
		}
		if mvState == "posted" {
			bumpRank()
		}
		// Every fourth posted invoice gets a partial credit note.
		if mvState == "posted" && k%4 == 1 {
			refundNo++
			rid := moves.seq + 1
			first := o.lines[0]
			rv := demoMove{id: rid, partner: partner, company: 1, moveType: "out_refund", name: "RINV/2026/" + pad5(refundNo),
				invoiceDate: invDate.AddDate(0, 0, 3).Format("2006-01-02"), dueDate: invDate.AddDate(0, 0, 3).Format("2006-01-02"), state: "posted",
				lines: []demoLine{{id: moveLines.seq + 1, product: first.product, qty: 1, price: first.price, disc: first.disc}}}
			seedMove(st, rv, invDate.AddDate(0, 0, 3).Format("2006-01-02 15:04:05"), map[string]any{"reversed_entry_id": mid, "ref": "Reversal of: " + name})
			moveLines.recs[moveLines.seq].vals["tax_ids"] = append([]int{}, taxes...)
		}
	}
}
