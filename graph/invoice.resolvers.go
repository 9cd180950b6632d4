package graph

import (
	"context"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Partner is the invoice's customer, read with the invoice.
func (r *invoiceResolver) Partner(ctx context.Context, obj *odoo.Invoice) (*odoo.Partner, error) {
	return related(ctx, obj.PartnerRecord, obj.Partner, r.stateFrom(ctx).partners, "Partner")
}

// AmountUntaxed is the total without taxes.
func (r *invoiceResolver) AmountUntaxed(ctx context.Context, obj *odoo.Invoice) (*model.Money, error) {
	return money(obj.AmountUntaxed, obj.Currency), nil
}

// AmountTax is the total of the taxes.
func (r *invoiceResolver) AmountTax(ctx context.Context, obj *odoo.Invoice) (*model.Money, error) {
	return money(obj.AmountTax, obj.Currency), nil
}

// AmountTotal is the total with taxes.
func (r *invoiceResolver) AmountTotal(ctx context.Context, obj *odoo.Invoice) (*model.Money, error) {
	return money(obj.AmountTotal, obj.Currency), nil
}

// AmountDue is what remains to be paid.
func (r *invoiceResolver) AmountDue(ctx context.Context, obj *odoo.Invoice) (*model.Money, error) {
	return money(obj.AmountDue, obj.Currency), nil
}

// Lines are the invoice's lines, read with the invoice.
func (r *invoiceResolver) Lines(ctx context.Context, obj *odoo.Invoice) ([]*odoo.InvoiceLine, error) {
	if obj.Lines != nil {
		return obj.Lines, nil
	}
	want := odoo.Selection{"lines": selectorFor(ctx).record("InvoiceLine", fieldSelections(ctx))}
	loaded, err := r.stateFrom(ctx).invoices.load(ctx, obj.ID, want)
	if err != nil || loaded == nil {
		return nil, err
	}
	return loaded.Lines, nil
}

// Product is the line's product, read with the line.
func (r *invoiceLineResolver) Product(ctx context.Context, obj *odoo.InvoiceLine) (*odoo.Product, error) {
	return related(ctx, obj.ProductRecord, obj.Product, r.stateFrom(ctx).products, "Product")
}

// UnitPrice is the price of one unit.
func (r *invoiceLineResolver) UnitPrice(ctx context.Context, obj *odoo.InvoiceLine) (*model.Money, error) {
	return money(obj.UnitPrice, obj.Currency), nil
}

// Subtotal is the line's amount without taxes.
func (r *invoiceLineResolver) Subtotal(ctx context.Context, obj *odoo.InvoiceLine) (*model.Money, error) {
	return money(obj.Subtotal, obj.Currency), nil
}

// Total is the line's amount with taxes.
func (r *invoiceLineResolver) Total(ctx context.Context, obj *odoo.InvoiceLine) (*model.Money, error) {
	return money(obj.Total, obj.Currency), nil
}
