package odoo

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// SaleOrder is a quotation or sales order (sale.order).
type SaleOrder struct {
	ID                int        `json:"id"`
	Name              string     `json:"name"`
	Partner           *Ref       `json:"partner"`
	OrderDate         *time.Time `json:"order_date"`
	ValidityDate      *Date      `json:"validity_date"`
	State             string     `json:"state"`
	CustomerReference *string    `json:"customer_reference"`
	Salesperson       *Ref       `json:"salesperson"`
	AmountUntaxed     float64    `json:"amount_untaxed"`
	AmountTax         float64    `json:"amount_tax"`
	AmountTotal       float64    `json:"amount_total"`
	Currency          *string    `json:"currency"`
	// Lines are read only when selected.
	Lines     []*SaleOrderLine `json:"lines,omitempty"`
	CreatedAt *time.Time       `json:"created_at"`
	UpdatedAt *time.Time       `json:"updated_at"`

	// PartnerRecord holds the customer when the caller selected its fields.
	PartnerRecord *Partner `json:"-"`
}

// SaleOrderLine is one line of a sale order (sale.order.line).
type SaleOrderLine struct {
	ID          int     `json:"id"`
	Product     *Ref    `json:"product"`
	Description string  `json:"description"`
	Quantity    float64 `json:"quantity"`
	// Unit is product_uom_id on Odoo 19, product_uom before.
	Unit      *Ref    `json:"unit"`
	UnitPrice float64 `json:"unit_price"`
	Discount  float64 `json:"discount"`
	Subtotal  float64 `json:"subtotal"`
	Total     float64 `json:"total"`
	// Taxes is tax_ids on Odoo 19, tax_id before.
	Taxes    []Ref   `json:"taxes"`
	Currency *string `json:"currency"`

	// ProductRecord holds the product when the caller selected its fields.
	ProductRecord *Product `json:"-"`
}

// The states of a sale order on Odoo 17+ (done was removed in 17).
var saleOrderStates = []string{"draft", "sent", "sale", "cancel"}

var saleOrderSchema = (&schema[SaleOrder]{
	resource: "sale_orders",
	model:    "sale.order",
	fields: []field[SaleOrder]{
		scalarField("name", []string{"name"}, func(o *SaleOrder, r record, f string) { o.Name = r.str(f) }),
		refField("partner", []string{"partner_id"}, partnerSchemaOf, func(o *SaleOrder, ref *Ref, p *Partner) {
			o.Partner, o.PartnerRecord = ref, p
		}),
		scalarField("order_date", []string{"date_order"}, func(o *SaleOrder, r record, f string) { o.OrderDate = r.datetime(f) }),
		scalarField("validity_date", []string{"validity_date"}, func(o *SaleOrder, r record, f string) { o.ValidityDate = r.date(f) }),
		scalarField("state", []string{"state"}, func(o *SaleOrder, r record, f string) { o.State = r.str(f) }),
		scalarField("customer_reference", []string{"client_order_ref"}, func(o *SaleOrder, r record, f string) { o.CustomerReference = r.optStr(f) }),
		refField("salesperson", []string{"user_id"}, noSchema, func(o *SaleOrder, ref *Ref, _ *struct{}) { o.Salesperson = ref }),
		scalarField("amount_untaxed", []string{"amount_untaxed"}, func(o *SaleOrder, r record, f string) { o.AmountUntaxed = r.float(f) }),
		scalarField("amount_tax", []string{"amount_tax"}, func(o *SaleOrder, r record, f string) { o.AmountTax = r.float(f) }),
		scalarField("amount_total", []string{"amount_total"}, func(o *SaleOrder, r record, f string) { o.AmountTotal = r.float(f) }),
		relatedField("currency", []string{"currency_id"}, "name", func(o *SaleOrder, v *string) { o.Currency = v }),
		recordsField("lines", []string{"order_line"}, saleOrderLineSchemaOf, "sequence asc, id asc", func(o *SaleOrder, lines []*SaleOrderLine) {
			o.Lines = lines
		}),
		scalarField("created_at", []string{"create_date"}, func(o *SaleOrder, r record, f string) { o.CreatedAt = r.datetime(f) }),
		scalarField("updated_at", []string{"write_date"}, func(o *SaleOrder, r record, f string) { o.UpdatedAt = r.datetime(f) }),
	},
	sorts: map[string]sortDef{
		"name":         {odoo: []string{"name"}, kind: keyText},
		"order_date":   {odoo: []string{"date_order"}, kind: keyDatetime},
		"amount_total": {odoo: []string{"amount_total"}, kind: keyNumber},
		"updated_at":   {odoo: []string{"write_date"}, kind: keyDatetime},
	},
	defaultSort: "-order_date",
	setID:       func(o *SaleOrder, id int) { o.ID = id },
	getID:       func(o *SaleOrder) int { return o.ID },
}).build()

var saleOrderLineSchema = (&schema[SaleOrderLine]{
	resource: "sale_order_lines",
	model:    "sale.order.line",
	fields: []field[SaleOrderLine]{
		refField("product", []string{"product_id"}, productSchemaOf, func(l *SaleOrderLine, ref *Ref, p *Product) {
			l.Product, l.ProductRecord = ref, p
		}),
		scalarField("description", []string{"name"}, func(l *SaleOrderLine, r record, f string) { l.Description = r.str(f) }),
		scalarField("quantity", []string{"product_uom_qty"}, func(l *SaleOrderLine, r record, f string) { l.Quantity = r.float(f) }),
		refField("unit", []string{"product_uom_id", "product_uom"}, noSchema, func(l *SaleOrderLine, ref *Ref, _ *struct{}) { l.Unit = ref }),
		scalarField("unit_price", []string{"price_unit"}, func(l *SaleOrderLine, r record, f string) { l.UnitPrice = r.float(f) }),
		scalarField("discount", []string{"discount"}, func(l *SaleOrderLine, r record, f string) { l.Discount = r.float(f) }),
		scalarField("subtotal", []string{"price_subtotal"}, func(l *SaleOrderLine, r record, f string) { l.Subtotal = r.float(f) }),
		scalarField("total", []string{"price_total"}, func(l *SaleOrderLine, r record, f string) { l.Total = r.float(f) }),
		refsField("taxes", []string{"tax_ids", "tax_id"}, func(l *SaleOrderLine, refs []Ref) { l.Taxes = refs }),
		relatedField("currency", []string{"currency_id"}, "name", func(l *SaleOrderLine, v *string) { l.Currency = v }),
	},
	setID: func(l *SaleOrderLine, id int) { l.ID = id },
	getID: func(l *SaleOrderLine) int { return l.ID },
}).build()

func saleOrderLineSchemaOf() *schema[SaleOrderLine] { return saleOrderLineSchema }

// SaleOrderFields lists the API fields of a sale order.
func SaleOrderFields() []string { return saleOrderSchema.fieldNames() }

// SaleOrderSorts lists the sort keys sale orders allow.
func SaleOrderSorts() []string { return saleOrderSchema.sortNames() }

// SaleOrderLineFields lists the API fields of a sale order line.
func SaleOrderLineFields() []string { return saleOrderLineSchema.fieldNames() }

// SaleOrderStates lists the states a sale order filter accepts.
func SaleOrderStates() []string { return slices.Clone(saleOrderStates) }

// SaleOrderFilter narrows a sale order list.
type SaleOrderFilter struct {
	// PartnerID matches orders of a partner and of its contacts.
	PartnerID *int
	State     *string
	// DateFrom and DateTo bound the order date (UTC days, inclusive).
	DateFrom, DateTo *Date
	IDs              []int
}

func (f SaleOrderFilter) cond(s *Service) (cond, error) {
	p := Problems{}
	var terms []cond
	if f.PartnerID != nil {
		checkID(p, "partner_id", *f.PartnerID)
		terms = append(terms, is("partner_id", "child_of", *f.PartnerID))
	}
	if f.State != nil {
		checkChoice(p, "state", *f.State, s.choices("sale.order", "state", saleOrderStates))
		terms = append(terms, is("state", "=", *f.State))
	}
	terms = append(terms, dateRange(p, "date_order", true, f.DateFrom, f.DateTo)...)
	if f.IDs != nil {
		terms = append(terms, idsCond(p, "ids", f.IDs))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return and(terms...), nil
}

// choices returns a selection field's values from fields_get, or the
// values known for Odoo 19 when fields_get was not read.
func (s *Service) choices(model, field string, known []string) []string {
	if v := s.selectionValues(model, field); len(v) > 0 {
		return v
	}
	return known
}

func checkChoice(p Problems, param, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		p.Add(param, fmt.Sprintf("must be one of %v", allowed))
	}
}

// dateRange bounds a date or datetime field by whole days.
func dateRange(p Problems, field string, isDatetime bool, from, to *Date) []cond {
	var terms []cond
	if from != nil && to != nil && to.Time().Before(from.Time()) {
		p.Add("date_to", "must not be before date_from")
	}
	if from != nil {
		v := from.String()
		if isDatetime {
			v = formatDatetime(from.Time())
		}
		terms = append(terms, is(field, ">=", v))
	}
	if to != nil {
		if isDatetime {
			terms = append(terms, is(field, "<", formatDatetime(to.Time().AddDate(0, 0, 1))))
		} else {
			terms = append(terms, is(field, "<=", to.String()))
		}
	}
	return terms
}

// SaleOrders lists sale orders.
func (s *Service) SaleOrders(ctx context.Context, f SaleOrderFilter, opt ListOptions) (*Page[SaleOrder], error) {
	c, err := f.cond(s)
	if err != nil {
		return nil, err
	}
	return list(ctx, s, saleOrderSchema, c, opt)
}

// SaleOrder reads one sale order.
func (s *Service) SaleOrder(ctx context.Context, id int, sel Selection) (*SaleOrder, error) {
	return get(ctx, s, saleOrderSchema, id, sel)
}

// SaleOrdersByID reads sale orders in one call, in the order of ids.
func (s *Service) SaleOrdersByID(ctx context.Context, ids []int, sel Selection) ([]*SaleOrder, error) {
	return getMany(ctx, s, saleOrderSchema, ids, sel)
}

// SaleOrderLinesByID reads sale order lines in one call, in the order of
// ids.
func (s *Service) SaleOrderLinesByID(ctx context.Context, ids []int, sel Selection) ([]*SaleOrderLine, error) {
	return getMany(ctx, s, saleOrderLineSchema, ids, sel)
}
