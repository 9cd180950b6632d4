// Package graph serves the GraphQL API at /graphql: gqlgen resolvers over
// the shared Odoo data service, the @hasScope directive, request-scoped
// loaders, the error presenter, query limits, automatic persisted queries
// and the GraphiQL page. The executable schema is generated from
// schema.graphqls into graph/generated; see gqlgen.yml.
//
// A query's whole selection tree, except nested connections, is read with
// one upstream call: the root resolver turns the selection set into an
// odoo.Selection, which the data service sends to Odoo as the
// specification of web_search_read or web_read, and relation resolvers
// return the records that came back with it.
package graph

import (
	"context"

	"odoo-gateway/graph/generated"
	"odoo-gateway/odoo"
)

// Odoo is what the GraphQL API needs of the data service; *odoo.Service
// has it.
type Odoo interface {
	Partners(ctx context.Context, f odoo.PartnerFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Partner], error)
	Partner(ctx context.Context, id int, sel odoo.Selection) (*odoo.Partner, error)
	PartnersByID(ctx context.Context, ids []int, sel odoo.Selection) ([]*odoo.Partner, error)
	CreatePartner(ctx context.Context, in odoo.PartnerInput, sel odoo.Selection) (*odoo.Partner, error)
	UpdatePartner(ctx context.Context, id int, in odoo.PartnerInput, sel odoo.Selection) (*odoo.Partner, error)
	DeletePartner(ctx context.Context, id int) error

	Countries(ctx context.Context, f odoo.CountryFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Country], error)
	CountriesByID(ctx context.Context, ids []int, sel odoo.Selection) ([]*odoo.Country, error)

	Products(ctx context.Context, f odoo.ProductFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Product], error)
	Product(ctx context.Context, id int, sel odoo.Selection) (*odoo.Product, error)
	ProductsByID(ctx context.Context, ids []int, sel odoo.Selection) ([]*odoo.Product, error)

	SaleOrders(ctx context.Context, f odoo.SaleOrderFilter, opt odoo.ListOptions) (*odoo.Page[odoo.SaleOrder], error)
	SaleOrder(ctx context.Context, id int, sel odoo.Selection) (*odoo.SaleOrder, error)
	SaleOrdersByID(ctx context.Context, ids []int, sel odoo.Selection) ([]*odoo.SaleOrder, error)

	Invoices(ctx context.Context, f odoo.InvoiceFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Invoice], error)
	Invoice(ctx context.Context, id int, sel odoo.Selection) (*odoo.Invoice, error)
	InvoicesByID(ctx context.Context, ids []int, sel odoo.Selection) ([]*odoo.Invoice, error)
}

var _ Odoo = (*odoo.Service)(nil)

// Resolver is the root of the resolvers; it holds their dependencies.
// Request-scoped state (loaders) travels in the context instead.
type Resolver struct {
	odoo        Odoo
	idempotency idempotencyStore
}

// Invoice returns the resolvers of Invoice fields.
func (r *Resolver) Invoice() generated.InvoiceResolver { return &invoiceResolver{r} }

// InvoiceLine returns the resolvers of InvoiceLine fields.
func (r *Resolver) InvoiceLine() generated.InvoiceLineResolver { return &invoiceLineResolver{r} }

// Mutation returns the resolvers of mutations.
func (r *Resolver) Mutation() generated.MutationResolver { return &mutationResolver{r} }

// Partner returns the resolvers of Partner fields.
func (r *Resolver) Partner() generated.PartnerResolver { return &partnerResolver{r} }

// Product returns the resolvers of Product fields.
func (r *Resolver) Product() generated.ProductResolver { return &productResolver{r} }

// Query returns the resolvers of queries.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

// SaleOrder returns the resolvers of SaleOrder fields.
func (r *Resolver) SaleOrder() generated.SaleOrderResolver { return &saleOrderResolver{r} }

// SaleOrderLine returns the resolvers of SaleOrderLine fields.
func (r *Resolver) SaleOrderLine() generated.SaleOrderLineResolver { return &saleOrderLineResolver{r} }

type (
	invoiceResolver       struct{ *Resolver }
	invoiceLineResolver   struct{ *Resolver }
	mutationResolver      struct{ *Resolver }
	partnerResolver       struct{ *Resolver }
	productResolver       struct{ *Resolver }
	queryResolver         struct{ *Resolver }
	saleOrderResolver     struct{ *Resolver }
	saleOrderLineResolver struct{ *Resolver }
)
