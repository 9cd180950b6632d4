package odoosim

// demoOrder is a captured (1-5) or reconstructed (6-20) demo quotation.
// Orders 6-20 are built so that the totals per state match capture 56.
type demoOrder struct {
	id, partner, user int
	date, state       string
	lines             []demoLine
}

type demoLine struct {
	id      int
	product int
	qty     float64
	price   float64
	disc    float64
}

var demoOrders = []demoOrder{
	{1, 9, APIUserUID, "2026-10-21 08:54:00", "draft", []demoLine{{1, 38, 3, 295, 0}, {2, 6, 5, 145, 0}, {3, 5, 2, 65, 0}}},
	{2, 11, APIUserUID, "2026-10-21 08:54:00", "draft", []demoLine{{4, 3, 24, 75, 0}, {5, 4, 30, 38.25, 0}}},
	{3, 11, AdminUID, "2026-11-21 08:54:41", "draft", []demoLine{{6, 3, 10, 30.75, 0}, {7, 5, 1, 70, 0}}},
	{4, 10, AdminUID, "2026-11-21 08:54:42", "sale", []demoLine{{8, 13, 2, 750, 0}, {9, 5, 4, 70, 0}, {10, 6, 4, 40, 0}, {11, 7, 1, 300, 0}}},
	{5, 9, DemoUID, "2026-10-21 08:54:00", "draft", []demoLine{{12, 24, 3, 135, 0}}},
	{6, 15, AdminUID, "2026-11-02 09:12:44", "sale", []demoLine{{13, 29, 1, 885, 0}, {14, 21, 2, 140, 0}, {15, 34, 1, 65, 0}}},
	{7, 14, DemoUID, "2026-11-03 14:05:10", "sale", []demoLine{{16, 17, 2, 320, 0}, {17, 26, 1, 30, 0}}},
	{8, 8, AdminUID, "2026-11-04 10:31:02", "sale", []demoLine{{18, 24, 5, 147, 0}, {19, 25, 2, 85, 0}, {20, 20, 1, 45, 0}}},
	{9, 16, DemoUID, "2026-11-05 16:48:27", "sale", []demoLine{{21, 28, 1, 2100, 0}, {22, 35, 1, 50, 0}}},
	{10, 12, AdminUID, "2026-11-06 11:02:55", "sale", []demoLine{{23, 33, 4, 120, 0}}},
	{11, 9, DemoUID, "2026-11-07 08:15:39", "sale", []demoLine{{24, 19, 1, 1799, 0}}},
	{12, 10, AdminUID, "2026-11-09 13:27:14", "sale", []demoLine{{25, 40, 8, 60, 0}, {26, 3, 20, 30.75, 0}, {27, 26, 1, 25.5, 0}}},
	{13, 11, DemoUID, "2026-11-10 15:55:01", "sale", []demoLine{{28, 13, 1, 750, 0}}},
	{14, 12, AdminUID, "2026-11-11 09:40:18", "sale", []demoLine{{29, 41, 12, 28, 0}, {30, 42, 1, 54, 0}}},
	{15, 15, DemoUID, "2026-11-12 12:12:12", "sale", []demoLine{{31, 31, 1, 1500, 0}, {32, 5, 5, 73, 0}}},
	{16, 14, AdminUID, "2026-11-13 17:03:45", "sale", []demoLine{{33, 6, 23, 40, 0}}},
	{17, 8, DemoUID, "2026-11-14 10:20:30", "sale", []demoLine{{34, 15, 1, 800, 0}, {35, 21, 3, 140, 0}, {36, 34, 2, 60, 0}}},
	{18, 10, AdminUID, "2026-11-16 14:44:04", "sale", []demoLine{{37, 22, 12, 33, 0}, {38, 23, 5, 42, 0}}},
	{19, 9, DemoUID, "2026-11-17 11:11:11", "sent", []demoLine{{39, 8, 2, 450, 0}, {40, 7, 3, 280, 0}}},
	{20, 16, AdminUID, "2026-11-18 09:09:09", "sale", []demoLine{{41, 36, 2, 295, 0}, {42, 37, 2, 285, 0}}},
}

// demoMove is an account.move of the captured database (capture 40 for
// the customer invoices; the rest is consistent with capture 50).
type demoMove struct {
	id, partner, company int
	moveType, name       string
	invoiceDate, dueDate string
	state                string
	lines                []demoLine
}

var demoMoves = []demoMove{
	{1, 15, 1, "out_invoice", "INV/2026/00001", "2026-11-01", "2026-12-31", "posted", []demoLine{{5, 13, 20, 750, 0}, {6, 30, 5, 3350, 0}}},
	{2, 9, 1, "out_invoice", "INV/2026/00002", "2026-11-19", "2026-11-21", "posted", []demoLine{{7, 13, 25, 750, 0}, {8, 19, 10, 2750, 0}}},
	{3, 9, 1, "out_invoice", "INV/2026/00003", "2026-11-18", "2026-11-21", "posted", []demoLine{{9, 27, 5, 2950, 0}, {10, 31, 15, 375, 0}}},
	{4, 9, 1, "out_invoice", "INV/2026/00004", "2026-11-06", "2026-11-06", "posted", []demoLine{{11, 13, 20, 750, 0}, {12, 30, 5, 3350, 0}}},
	{5, 12, 1, "out_invoice", "INV/2026/00005", "2026-10-12", "2026-11-30", "posted", []demoLine{{13, 29, 2, 1000, 0}}},
	{6, 12, 1, "out_invoice", "INV/2026/00006", "2026-10-17", "2026-11-30", "posted", []demoLine{{14, 29, 1, 1000, 0}}},
	{7, 12, 1, "out_invoice", "INV/2026/00007", "2026-10-21", "2026-11-30", "posted", []demoLine{{15, 35, 5, 55, 0}}},
	{8, 16, 1, "in_invoice", "BILL/2026/11/0001", "2026-11-10", "2026-12-10", "posted", []demoLine{{16, 10, 200, 4.5, 0}, {17, 11, 20, 9, 0}}},
	{9, 8, 1, "in_invoice", "BILL/2026/11/0002", "2026-11-12", "2026-12-12", "posted", []demoLine{{18, 17, 5, 190, 0}}},
	{10, 13, 1, "out_invoice", "INV/2026/00008", "2026-11-21", "2026-11-21", "posted", []demoLine{{19, 13, 1, 750, 0}}},
	{11, 12, 1, "out_invoice", "INV/2026/00009", "2026-11-16", "2026-11-21", "posted", []demoLine{{20, 19, 1, 1799, 0}}},
	{27, 13, 1, "out_refund", "/", "", "", "draft", []demoLine{{70, 13, 1, 750, 0}}},
	{29, 15, 2, "out_invoice", "INV/2026/00001", "2026-11-01", "2026-12-31", "posted", []demoLine{{72, 13, 20, 750, 0}, {73, 30, 5, 3350, 0}}},
	{30, 9, 2, "out_invoice", "INV/2026/00002", "2026-11-19", "2026-11-21", "posted", []demoLine{{74, 13, 25, 750, 6}, {75, 19, 10, 2750, 6}}},
	{31, 9, 2, "out_invoice", "INV/2026/00003", "2026-11-18", "2026-11-21", "posted", []demoLine{{76, 27, 5, 2950, 0}, {77, 31, 15, 328.75, 0}}},
	{32, 9, 2, "out_invoice", "INV/2026/00004", "2026-11-06", "2026-11-06", "posted", []demoLine{{78, 13, 20, 750, 0}, {79, 30, 5, 3350, 0}}},
	{33, 12, 2, "out_invoice", "INV/2026/00005", "2026-10-12", "2026-11-30", "posted", []demoLine{{80, 29, 2, 1000, 0}}},
	{34, 12, 2, "out_invoice", "INV/2026/00006", "2026-10-17", "2026-11-30", "posted", []demoLine{{81, 29, 1, 1000, 0}}},
	{35, 12, 2, "out_invoice", "INV/2026/00007", "2026-10-21", "2026-11-30", "posted", []demoLine{{82, 35, 5, 55, 0}}},
	{36, 16, 2, "in_invoice", "BILL/2026/11/0001", "2026-11-10", "2026-12-10", "posted", []demoLine{{83, 10, 200, 4.5, 0}, {84, 11, 20, 9, 0}}},
	{37, 8, 2, "in_invoice", "BILL/2026/11/0002", "2026-11-12", "2026-12-12", "posted", []demoLine{{85, 17, 5, 190, 0}}},
	{38, 13, 2, "out_invoice", "INV/2026/00008", "2026-11-21", "2026-11-21", "posted", []demoLine{{86, 13, 1, 750, 0}}},
	{39, 12, 2, "out_invoice", "INV/2026/00009", "2026-11-16", "2026-11-21", "posted", []demoLine{{87, 19, 1, 1799, 0}}},
	{55, 13, 2, "out_refund", "/", "", "", "draft", []demoLine{{150, 13, 1, 750, 0}}},
}

// lineName is the description Odoo puts on a sale line for a product.
func lineName(st *store, productID int, withDescription bool) string {
	p := st.tables["product.product"].recs[productID]
	name := productDisplayNameRaw(p)
	if withDescription {
		if d, _ := p.vals["description_sale"].(string); d != "" {
			name += "\n" + d
		}
	}
	return name
}

// productDisplayNameRaw is productDisplayName without a registry, for
// seeding.
func productDisplayNameRaw(p *record) string {
	name, _ := p.vals["name"].(string)
	if v, _ := p.vals["variant"].(string); v != "" {
		name += " (" + v + ")"
	}
	if code, _ := p.vals["default_code"].(string); code != "" {
		return "[" + code + "] " + name
	}
	return name
}

func seedOrder(st *store, o demoOrder, created string, taxes []int) {
	vals := with(audit(created, created), map[string]any{
		"name": "S" + pad5(o.id), "partner_id": o.partner, "partner_invoice_id": o.partner,
		"partner_shipping_id": o.partner, "date_order": ts(o.date), "state": o.state, "user_id": o.user,
		"company_id": 1, "currency_id": 1, "team_id": 1, "require_signature": true,
		"require_payment": false, "prepayment_percent": 1.0, "validity_date": "2026-12-21",
		"invoice_status": map[bool]string{true: "to invoice", false: "no"}[o.state == "sale"],
	})
	st.put(saleModel, o.id, vals)
	for _, l := range o.lines {
		p := st.tables["product.product"].recs[l.product]
		st.put(lineModel, l.id, with(audit(created, created), map[string]any{
			"order_id": o.id, "product_id": l.product, "name": lineName(st, l.product, true),
			"product_uom_qty": l.qty, "price_unit": l.price, "discount": l.disc,
			"product_uom_id": p.vals["uom_id"], "tax_ids": append([]int{}, taxes...), "sequence": 10,
			"customer_lead": 0.0, "qty_delivered": 0.0, "qty_invoiced": 0.0,
		}))
	}
}

func seedMove(st *store, mv demoMove, created string, extra map[string]any) {
	date := mv.invoiceDate
	if date == "" {
		date = "2026-11-21"
	}
	journal := 1
	if mv.company == 2 {
		journal = 9
	}
	if mv.moveType == "in_invoice" {
		journal++
	}
	vals := with(audit(created, created), map[string]any{
		"name": mv.name, "move_type": mv.moveType, "partner_id": mv.partner, "company_id": mv.company,
		"currency_id": 1, "journal_id": journal, "state": mv.state, "date": date,
		"payment_state": "not_paid", "auto_post": "no", "invoice_user_id": AdminUID,
	})
	if mv.invoiceDate != "" {
		vals["invoice_date"] = mv.invoiceDate
	}
	if mv.dueDate != "" {
		vals["invoice_date_due"] = mv.dueDate
	}
	for k, v := range extra {
		vals[k] = v
	}
	st.put(moveModel, mv.id, vals)
	for i, l := range mv.lines {
		p := st.tables["product.product"].recs[l.product]
		st.put(moveLineModel, l.id, with(audit(created, created), map[string]any{
			"move_id": mv.id, "product_id": l.product, "name": lineName(st, l.product, false),
			"quantity": l.qty, "price_unit": l.price, "discount": l.disc, "display_type": "product",
			"product_uom_id": p.vals["uom_id"], "tax_ids": []int{}, "sequence": 10 + i, "account_id": 21,
		}))
	}
}

func seedDemoSales(st *store) {
	for _, o := range demoOrders {
		created := "2026-11-21 08:54:38"
		if o.id == 3 || o.id == 4 {
			created = o.date
		}
		seedOrder(st, o, created, nil)
	}
}

func seedDemoInvoices(st *store) {
	for _, mv := range demoMoves {
		seedMove(st, mv, "2026-11-21 08:54:38", nil)
	}
}

func pad5(n int) string {
	s := itoa(n)
	for len(s) < 5 {
		s = "0" + s
	}
	return s
}
