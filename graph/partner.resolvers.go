package graph

import (
	"context"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Country is the partner's country, read with the partner.
func (r *partnerResolver) Country(ctx context.Context, obj *odoo.Partner) (*odoo.Country, error) {
	return related(ctx, obj.CountryRecord, obj.Country, r.stateFrom(ctx).countries, "Country")
}

// Parent is the company of a contact, read with the contact.
func (r *partnerResolver) Parent(ctx context.Context, obj *odoo.Partner) (*odoo.Partner, error) {
	return related(ctx, obj.ParentRecord, obj.Parent, r.stateFrom(ctx).partners, "Partner")
}

// Children lists a company's contacts: one upstream call per partner.
func (r *partnerResolver) Children(ctx context.Context, obj *odoo.Partner, first *int, after *string, last *int, before *string, orderBy []*model.PartnerSort) (*model.PartnerConnection, error) {
	return r.partners(ctx, pageArgs{first, last, after, before}, odoo.PartnerFilter{ParentID: &obj.ID}, partnerSort(orderBy))
}

// SaleOrders lists the partner's orders: one upstream call per partner.
func (r *partnerResolver) SaleOrders(ctx context.Context, obj *odoo.Partner, first *int, after *string, last *int, before *string, orderBy []*model.SaleOrderSort) (*model.SaleOrderConnection, error) {
	return r.saleOrders(ctx, pageArgs{first, last, after, before}, odoo.SaleOrderFilter{PartnerID: &obj.ID}, saleOrderSort(orderBy))
}

// Invoices lists the partner's invoices: one upstream call per partner.
func (r *partnerResolver) Invoices(ctx context.Context, obj *odoo.Partner, first *int, after *string, last *int, before *string, orderBy []*model.InvoiceSort) (*model.InvoiceConnection, error) {
	return r.invoices(ctx, pageArgs{first, last, after, before}, odoo.InvoiceFilter{PartnerID: &obj.ID}, invoiceSort(orderBy))
}
