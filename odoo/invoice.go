package odoo

import (
	"context"
	"slices"
	"time"
)

// Invoice is a customer invoice or credit note (account.move with
// move_type out_invoice or out_refund).
type Invoice struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	// Type is out_invoice (invoice) or out_refund (credit note).
	Type          string         `json:"type"`
	Partner       *Ref           `json:"partner"`
	InvoiceDate   *Date          `json:"invoice_date"`
	DueDate       *Date          `json:"due_date"`
	State         string         `json:"state"`
	PaymentState  *string        `json:"payment_state"`
	Reference     *string        `json:"reference"`
	AmountUntaxed float64        `json:"amount_untaxed"`
	AmountTax     float64        `json:"amount_tax"`
	AmountTotal   float64        `json:"amount_total"`
	AmountDue     float64        `json:"amount_due"`
	Currency      *string        `json:"currency"`
	Lines         []*InvoiceLine `json:"lines,omitempty"`
	UpdatedAt     *time.Time     `json:"updated_at"`

	// PartnerRecord holds the customer when the caller selected its fields.
	PartnerRecord *Partner `json:"-"`
}

// InvoiceLine is one line of an invoice (account.move.line).
type InvoiceLine struct {
	ID          int     `json:"id"`
	Product     *Ref    `json:"product"`
	Description *string `json:"description"`
	Quantity    float64 `json:"quantity"`
	UnitPrice   float64 `json:"unit_price"`
	Discount    float64 `json:"discount"`
	Subtotal    float64 `json:"subtotal"`
	Total       float64 `json:"total"`
	Taxes       []Ref   `json:"taxes"`
	// DisplayType is product for ordinary lines, or line_section/line_note.
	DisplayType *string `json:"display_type"`
	Currency    *string `json:"currency"`

	// ProductRecord holds the product when the caller selected its fields.
	ProductRecord *Product `json:"-"`
}

// Invoice types, payment states and states on Odoo 17+.
var (
	invoiceTypes         = []string{"out_invoice", "out_refund"}
	invoiceStates        = []string{"draft", "posted", "cancel"}
	invoicePaymentStates = []string{"not_paid", "in_payment", "paid", "partial", "reversed", "blocked", "invoicing_legacy"}
)

var invoiceSchema = (&schema[Invoice]{
	resource: "invoices",
	model:    "account.move",
	fields: []field[Invoice]{
		scalarField("name", []string{"name"}, func(i *Invoice, r record, f string) { i.Name = r.str(f) }),
		scalarField("type", []string{"move_type"}, func(i *Invoice, r record, f string) { i.Type = r.str(f) }),
		refField("partner", []string{"partner_id"}, partnerSchemaOf, func(i *Invoice, ref *Ref, p *Partner) {
			i.Partner, i.PartnerRecord = ref, p
		}),
		scalarField("invoice_date", []string{"invoice_date"}, func(i *Invoice, r record, f string) { i.InvoiceDate = r.date(f) }),
		scalarField("due_date", []string{"invoice_date_due"}, func(i *Invoice, r record, f string) { i.DueDate = r.date(f) }),
		scalarField("state", []string{"state"}, func(i *Invoice, r record, f string) { i.State = r.str(f) }),
		scalarField("payment_state", []string{"payment_state"}, func(i *Invoice, r record, f string) { i.PaymentState = r.optStr(f) }),
		scalarField("reference", []string{"ref"}, func(i *Invoice, r record, f string) { i.Reference = r.optStr(f) }),
		scalarField("amount_untaxed", []string{"amount_untaxed"}, func(i *Invoice, r record, f string) { i.AmountUntaxed = r.float(f) }),
		scalarField("amount_tax", []string{"amount_tax"}, func(i *Invoice, r record, f string) { i.AmountTax = r.float(f) }),
		scalarField("amount_total", []string{"amount_total"}, func(i *Invoice, r record, f string) { i.AmountTotal = r.float(f) }),
		scalarField("amount_due", []string{"amount_residual"}, func(i *Invoice, r record, f string) { i.AmountDue = r.float(f) }),
		relatedField("currency", []string{"currency_id"}, "name", func(i *Invoice, v *string) { i.Currency = v }),
		recordsField("lines", []string{"invoice_line_ids"}, invoiceLineSchemaOf, "sequence asc, id asc", func(i *Invoice, lines []*InvoiceLine) {
			i.Lines = lines
		}),
		scalarField("updated_at", []string{"write_date"}, func(i *Invoice, r record, f string) { i.UpdatedAt = r.datetime(f) }),
	},
	sorts: map[string]sortDef{
		"name":         {odoo: []string{"name"}, kind: keyText},
		"invoice_date": {odoo: []string{"invoice_date"}, kind: keyDate},
		"due_date":     {odoo: []string{"invoice_date_due"}, kind: keyDate},
		"amount_total": {odoo: []string{"amount_total"}, kind: keyNumber},
		"amount_due":   {odoo: []string{"amount_residual"}, kind: keyNumber},
		"updated_at":   {odoo: []string{"write_date"}, kind: keyDatetime},
	},
	defaultSort: "-invoice_date",
	base:        is("move_type", "in", stringsAny(invoiceTypes)),
	setID:       func(i *Invoice, id int) { i.ID = id },
	getID:       func(i *Invoice) int { return i.ID },
}).build()

var invoiceLineSchema = (&schema[InvoiceLine]{
	resource: "invoice_lines",
	model:    "account.move.line",
	fields: []field[InvoiceLine]{
		refField("product", []string{"product_id"}, productSchemaOf, func(l *InvoiceLine, ref *Ref, p *Product) {
			l.Product, l.ProductRecord = ref, p
		}),
		scalarField("description", []string{"name"}, func(l *InvoiceLine, r record, f string) { l.Description = r.optStr(f) }),
		scalarField("quantity", []string{"quantity"}, func(l *InvoiceLine, r record, f string) { l.Quantity = r.float(f) }),
		scalarField("unit_price", []string{"price_unit"}, func(l *InvoiceLine, r record, f string) { l.UnitPrice = r.float(f) }),
		scalarField("discount", []string{"discount"}, func(l *InvoiceLine, r record, f string) { l.Discount = r.float(f) }),
		scalarField("subtotal", []string{"price_subtotal"}, func(l *InvoiceLine, r record, f string) { l.Subtotal = r.float(f) }),
		scalarField("total", []string{"price_total"}, func(l *InvoiceLine, r record, f string) { l.Total = r.float(f) }),
		refsField("taxes", []string{"tax_ids"}, func(l *InvoiceLine, refs []Ref) { l.Taxes = refs }),
		scalarField("display_type", []string{"display_type"}, func(l *InvoiceLine, r record, f string) { l.DisplayType = r.optStr(f) }),
		relatedField("currency", []string{"currency_id"}, "name", func(l *InvoiceLine, v *string) { l.Currency = v }),
	},
	setID: func(l *InvoiceLine, id int) { l.ID = id },
	getID: func(l *InvoiceLine) int { return l.ID },
}).build()

func invoiceLineSchemaOf() *schema[InvoiceLine] { return invoiceLineSchema }

// InvoiceFields lists the API fields of an invoice.
func InvoiceFields() []string { return invoiceSchema.fieldNames() }

// InvoiceSorts lists the sort keys invoices allow.
func InvoiceSorts() []string { return invoiceSchema.sortNames() }

// InvoiceLineFields lists the API fields of an invoice line.
func InvoiceLineFields() []string { return invoiceLineSchema.fieldNames() }

// InvoiceStates lists the states the invoice filter accepts.
func InvoiceStates() []string { return slices.Clone(invoiceStates) }

// InvoicePaymentStates lists the payment states the invoice filter accepts.
func InvoicePaymentStates() []string { return slices.Clone(invoicePaymentStates) }

// InvoiceTypes lists the invoice types: out_invoice and out_refund.
func InvoiceTypes() []string { return slices.Clone(invoiceTypes) }

// InvoiceFilter narrows an invoice list.
type InvoiceFilter struct {
	// PartnerID matches invoices of a partner and of its contacts.
	PartnerID    *int
	State        *string
	PaymentState *string
	// Type is out_invoice or out_refund.
	Type *string
	// DateFrom and DateTo bound the invoice date (inclusive).
	DateFrom, DateTo *Date
	IDs              []int
}

func (f InvoiceFilter) cond(s *Service) (cond, error) {
	p := Problems{}
	var terms []cond
	if f.PartnerID != nil {
		checkID(p, "partner_id", *f.PartnerID)
		terms = append(terms, is("partner_id", "child_of", *f.PartnerID))
	}
	if f.State != nil {
		checkChoice(p, "state", *f.State, s.choices("account.move", "state", invoiceStates))
		terms = append(terms, is("state", "=", *f.State))
	}
	if f.PaymentState != nil {
		checkChoice(p, "payment_state", *f.PaymentState, s.choices("account.move", "payment_state", invoicePaymentStates))
		terms = append(terms, is("payment_state", "=", *f.PaymentState))
	}
	if f.Type != nil {
		checkChoice(p, "type", *f.Type, invoiceTypes)
		terms = append(terms, is("move_type", "=", *f.Type))
	}
	terms = append(terms, dateRange(p, "invoice_date", false, f.DateFrom, f.DateTo)...)
	if f.IDs != nil {
		terms = append(terms, idsCond(p, "ids", f.IDs))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return and(terms...), nil
}

// Invoices lists customer invoices and credit notes.
func (s *Service) Invoices(ctx context.Context, f InvoiceFilter, opt ListOptions) (*Page[Invoice], error) {
	c, err := f.cond(s)
	if err != nil {
		return nil, err
	}
	return list(ctx, s, invoiceSchema, c, opt)
}

// Invoice reads one invoice; other journal entries are not found.
func (s *Service) Invoice(ctx context.Context, id int, sel Selection) (*Invoice, error) {
	return get(ctx, s, invoiceSchema, id, sel)
}

// InvoicesByID reads invoices in one call, in the order of ids.
func (s *Service) InvoicesByID(ctx context.Context, ids []int, sel Selection) ([]*Invoice, error) {
	return getMany(ctx, s, invoiceSchema, ids, sel)
}

// InvoiceLinesByID reads invoice lines in one call, in the order of ids.
func (s *Service) InvoiceLinesByID(ctx context.Context, ids []int, sel Selection) ([]*InvoiceLine, error) {
	return getMany(ctx, s, invoiceLineSchema, ids, sel)
}
