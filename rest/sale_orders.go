package rest

import (
	"net/http"

	"odoo-gateway/odoo"
)

// saleOrderFilters are the filters of /sale-orders.
var saleOrderFilters = []filter[odoo.SaleOrderFilter]{
	idParam("partner_id", func(f *odoo.SaleOrderFilter, v int) { f.PartnerID = &v }),
	choiceParam("state", func(f *odoo.SaleOrderFilter, v string) { f.State = &v }),
	dateParam("date_from", func(f *odoo.SaleOrderFilter, v odoo.Date) { f.DateFrom = &v }),
	dateParam("date_to", func(f *odoo.SaleOrderFilter, v odoo.Date) { f.DateTo = &v }),
	idsParam("ids", func(f *odoo.SaleOrderFilter, v []int) { f.IDs = v }),
}

// saleOrderFields: a list leaves lines out unless fields asks for them; one
// order includes them.
var saleOrderFields = fieldsDef{all: odoo.SaleOrderFields(), extra: []string{"lines"}, extraInOne: true}

// listSaleOrders answers GET /api/v1/sale-orders.
func listSaleOrders(svc Service, d deps) http.Handler {
	return listDef[odoo.SaleOrder, odoo.SaleOrderFilter]{
		fields: saleOrderFields, sorts: odoo.SaleOrderSorts(), filters: saleOrderFilters,
		fetch: svc.SaleOrders,
	}.handler(d)
}

// getSaleOrder answers GET /api/v1/sale-orders/{id}, with its lines.
func getSaleOrder(svc Service) http.Handler {
	return getDef[odoo.SaleOrder]{fields: saleOrderFields, fetch: svc.SaleOrder, resource: "sale order"}.handler()
}
