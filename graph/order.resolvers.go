package graph

import (
	"context"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Partner is the order's customer, read with the order.
func (r *saleOrderResolver) Partner(ctx context.Context, obj *odoo.SaleOrder) (*odoo.Partner, error) {
	return related(ctx, obj.PartnerRecord, obj.Partner, r.stateFrom(ctx).partners, "Partner")
}

// AmountUntaxed is the total without taxes.
func (r *saleOrderResolver) AmountUntaxed(ctx context.Context, obj *odoo.SaleOrder) (*model.Money, error) {
	return money(obj.AmountUntaxed, obj.Currency), nil
}

// AmountTax is the total of the taxes.
func (r *saleOrderResolver) AmountTax(ctx context.Context, obj *odoo.SaleOrder) (*model.Money, error) {
	return money(obj.AmountTax, obj.Currency), nil
}

// AmountTotal is the total with taxes.
func (r *saleOrderResolver) AmountTotal(ctx context.Context, obj *odoo.SaleOrder) (*model.Money, error) {
	return money(obj.AmountTotal, obj.Currency), nil
}

// Lines are the order's lines, read with the order.
func (r *saleOrderResolver) Lines(ctx context.Context, obj *odoo.SaleOrder) ([]*odoo.SaleOrderLine, error) {
	if obj.Lines != nil {
		return obj.Lines, nil
	}
	order, err := r.stateFrom(ctx).saleOrders.load(ctx, obj.ID, odoo.Selection{"lines": recordSelection(ctx, "SaleOrderLine")})
	if err != nil || order == nil {
		return nil, err
	}
	return order.Lines, nil
}

// Product is the line's product, read with the line.
func (r *saleOrderLineResolver) Product(ctx context.Context, obj *odoo.SaleOrderLine) (*odoo.Product, error) {
	return related(ctx, obj.ProductRecord, obj.Product, r.stateFrom(ctx).products, "Product")
}

// UnitPrice is the price of one unit.
func (r *saleOrderLineResolver) UnitPrice(ctx context.Context, obj *odoo.SaleOrderLine) (*model.Money, error) {
	return money(obj.UnitPrice, obj.Currency), nil
}

// Subtotal is the line's amount without taxes.
func (r *saleOrderLineResolver) Subtotal(ctx context.Context, obj *odoo.SaleOrderLine) (*model.Money, error) {
	return money(obj.Subtotal, obj.Currency), nil
}

// Total is the line's amount with taxes.
func (r *saleOrderLineResolver) Total(ctx context.Context, obj *odoo.SaleOrderLine) (*model.Money, error) {
	return money(obj.Total, obj.Currency), nil
}
