package rest

import (
	"net/http"

	"odoo-gateway/odoo"
)

// productFilters are the filters of /products.
var productFilters = []filter[odoo.ProductFilter]{
	textParam("q", 200, func(f *odoo.ProductFilter, v string) { f.Query = &v }),
	idParam("category", func(f *odoo.ProductFilter, v int) { f.CategoryID = &v }),
	boolParam("active", func(f *odoo.ProductFilter, v bool) { f.Active = &v }),
	idsParam("ids", func(f *odoo.ProductFilter, v []int) { f.IDs = v }),
}

var productFields = fieldsDef{all: odoo.ProductFields()}

// listProducts answers GET /api/v1/products.
func listProducts(svc Service, d deps) http.Handler {
	return listDef[odoo.Product, odoo.ProductFilter]{
		fields: productFields, sorts: odoo.ProductSorts(), filters: productFilters,
		fetch: svc.Products,
	}.handler(d)
}

// getProduct answers GET /api/v1/products/{id}.
func getProduct(svc Service) http.Handler {
	return getDef[odoo.Product]{fields: productFields, fetch: svc.Product, resource: "product"}.handler()
}
