package graph

import (
	"context"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// ListPrice is the product's sales price in its currency.
func (r *productResolver) ListPrice(ctx context.Context, obj *odoo.Product) (*model.Money, error) {
	return money(obj.ListPrice, obj.Currency), nil
}

// money pairs an amount with its currency code.
func money(amount float64, currency *string) *model.Money {
	return &model.Money{Amount: amount, Currency: currency}
}
