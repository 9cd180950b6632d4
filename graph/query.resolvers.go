package graph

import (
	"context"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Root queries: each list is one page of a connection, each get one record
// read with the whole selection tree under it.

// Partners lists partners.
func (r *queryResolver) Partners(ctx context.Context, first *int, after *string, last *int, before *string, filter *odoo.PartnerFilter, orderBy []*model.PartnerSort) (*model.PartnerConnection, error) {
	return r.partners(ctx, pageArgs{first, last, after, before}, deref(filter), partnerSort(orderBy))
}

// Customers lists the partners that are customers.
func (r *queryResolver) Customers(ctx context.Context, first *int, after *string, last *int, before *string, filter *model.CustomerFilter, orderBy []*model.PartnerSort) (*model.PartnerConnection, error) {
	return r.partners(ctx, pageArgs{first, last, after, before}, customerFilter(filter), partnerSort(orderBy))
}

// Partner reads one partner.
func (r *queryResolver) Partner(ctx context.Context, id int) (*odoo.Partner, error) {
	return r.odoo.Partner(ctx, id, recordSelection(ctx, "Partner"))
}

// Products lists products.
func (r *queryResolver) Products(ctx context.Context, first *int, after *string, last *int, before *string, filter *odoo.ProductFilter, orderBy []*model.ProductSort) (*model.ProductConnection, error) {
	return list(ctx, "Product", pageArgs{first, last, after, before}, productSort(orderBy),
		func(opt odoo.ListOptions) (*odoo.Page[odoo.Product], error) {
			return r.odoo.Products(ctx, deref(filter), opt)
		},
		productConnection)
}

// Product reads one product.
func (r *queryResolver) Product(ctx context.Context, id int) (*odoo.Product, error) {
	return r.odoo.Product(ctx, id, recordSelection(ctx, "Product"))
}

// SaleOrders lists sale orders.
func (r *queryResolver) SaleOrders(ctx context.Context, first *int, after *string, last *int, before *string, filter *odoo.SaleOrderFilter, orderBy []*model.SaleOrderSort) (*model.SaleOrderConnection, error) {
	return r.saleOrders(ctx, pageArgs{first, last, after, before}, deref(filter), saleOrderSort(orderBy))
}

// SaleOrder reads one sale order.
func (r *queryResolver) SaleOrder(ctx context.Context, id int) (*odoo.SaleOrder, error) {
	return r.odoo.SaleOrder(ctx, id, recordSelection(ctx, "SaleOrder"))
}

// Invoices lists invoices.
func (r *queryResolver) Invoices(ctx context.Context, first *int, after *string, last *int, before *string, filter *odoo.InvoiceFilter, orderBy []*model.InvoiceSort) (*model.InvoiceConnection, error) {
	return r.invoices(ctx, pageArgs{first, last, after, before}, deref(filter), invoiceSort(orderBy))
}

// Invoice reads one invoice.
func (r *queryResolver) Invoice(ctx context.Context, id int) (*odoo.Invoice, error) {
	return r.odoo.Invoice(ctx, id, recordSelection(ctx, "Invoice"))
}

// Countries lists countries.
func (r *queryResolver) Countries(ctx context.Context, first *int, after *string, last *int, before *string, filter *odoo.CountryFilter, orderBy []*model.CountrySort) (*model.CountryConnection, error) {
	return list(ctx, "Country", pageArgs{first, last, after, before}, countrySort(orderBy),
		func(opt odoo.ListOptions) (*odoo.Page[odoo.Country], error) {
			return r.odoo.Countries(ctx, deref(filter), opt)
		},
		countryConnection)
}

// Viewer describes the principal of the request.
func (r *queryResolver) Viewer(ctx context.Context) (*model.Viewer, error) {
	p, ok := access.PrincipalFrom(ctx)
	if !ok {
		return nil, errUnauthenticated
	}
	v := &model.Viewer{Name: p.Name, Kind: string(p.Kind), Scopes: append([]string{}, p.Scopes...)}
	if rl, ok := access.RateLimitFrom(ctx); ok {
		v.RateLimit = &model.RateLimit{
			Limit:     rl.Limit,
			Remaining: rl.Remaining,
			ResetAt:   time.Now().Add(rl.Reset).Truncate(time.Second),
		}
	}
	return v, nil
}

// customerFilter is a partner filter narrowed to customers.
func customerFilter(f *model.CustomerFilter) odoo.PartnerFilter {
	yes := true
	if f == nil {
		return odoo.PartnerFilter{Customer: &yes}
	}
	return odoo.PartnerFilter{
		Query: f.Query, IsCompany: f.IsCompany, Customer: &yes, Supplier: f.Supplier,
		CountryCode: f.CountryCode, Email: f.Email, UpdatedSince: f.UpdatedSince,
		IDs: f.Ids, ParentID: f.ParentID,
	}
}

// The lists that nested connections share with the root queries.

func (r *Resolver) partners(ctx context.Context, args pageArgs, f odoo.PartnerFilter, sort string) (*model.PartnerConnection, error) {
	return list(ctx, "Partner", args, sort,
		func(opt odoo.ListOptions) (*odoo.Page[odoo.Partner], error) { return r.odoo.Partners(ctx, f, opt) },
		partnerConnection)
}

func (r *Resolver) saleOrders(ctx context.Context, args pageArgs, f odoo.SaleOrderFilter, sort string) (*model.SaleOrderConnection, error) {
	return list(ctx, "SaleOrder", args, sort,
		func(opt odoo.ListOptions) (*odoo.Page[odoo.SaleOrder], error) { return r.odoo.SaleOrders(ctx, f, opt) },
		saleOrderConnection)
}

func (r *Resolver) invoices(ctx context.Context, args pageArgs, f odoo.InvoiceFilter, sort string) (*model.InvoiceConnection, error) {
	return list(ctx, "Invoice", args, sort,
		func(opt odoo.ListOptions) (*odoo.Page[odoo.Invoice], error) { return r.odoo.Invoices(ctx, f, opt) },
		invoiceConnection)
}
