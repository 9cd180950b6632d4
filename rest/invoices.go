package rest

import (
	"net/http"

	"odoo-gateway/odoo"
)

// invoiceFilters are the filters of /invoices.
var invoiceFilters = []filter[odoo.InvoiceFilter]{
	idParam("partner_id", func(f *odoo.InvoiceFilter, v int) { f.PartnerID = &v }),
	choiceParam("state", func(f *odoo.InvoiceFilter, v string) { f.State = &v }),
	choiceParam("payment_state", func(f *odoo.InvoiceFilter, v string) { f.PaymentState = &v }),
	choiceParam("type", func(f *odoo.InvoiceFilter, v string) { f.Type = &v }),
	dateParam("date_from", func(f *odoo.InvoiceFilter, v odoo.Date) { f.DateFrom = &v }),
	dateParam("date_to", func(f *odoo.InvoiceFilter, v odoo.Date) { f.DateTo = &v }),
	idsParam("ids", func(f *odoo.InvoiceFilter, v []int) { f.IDs = v }),
}

// invoiceFields: a list leaves lines out unless fields asks for them; one
// invoice includes them.
var invoiceFields = fieldsDef{all: odoo.InvoiceFields(), extra: []string{"lines"}, extraInOne: true}

// listInvoices answers GET /api/v1/invoices: customer invoices and credit
// notes.
func listInvoices(svc Service, d deps) http.Handler {
	return listDef[odoo.Invoice, odoo.InvoiceFilter]{
		fields: invoiceFields, sorts: odoo.InvoiceSorts(), filters: invoiceFilters,
		fetch: svc.Invoices,
	}.handler(d)
}

// getInvoice answers GET /api/v1/invoices/{id}, with its lines.
func getInvoice(svc Service) http.Handler {
	return getDef[odoo.Invoice]{fields: invoiceFields, fetch: svc.Invoice, resource: "invoice"}.handler()
}
