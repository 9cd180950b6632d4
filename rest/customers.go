package rest

import (
	"net/http"
	"slices"

	"odoo-gateway/odoo"
)

// Customers are partners with a customer rank: Odoo raises the rank when a
// partner is first sold to or invoiced, so this is how Odoo itself tells
// customers apart (the Customers menu filters on it too).

// customerFilters are the partner filters without customer, which the
// endpoint implies.
var customerFilters = slices.DeleteFunc(slices.Clone(partnerFilters), func(f filter[odoo.PartnerFilter]) bool {
	return f.name == "customer"
})

// listCustomers answers GET /api/v1/customers.
func listCustomers(svc Service, d deps) http.Handler {
	yes := true
	return listDef[odoo.Partner, odoo.PartnerFilter]{
		fields: partnerFields, sorts: odoo.PartnerSorts(), filters: customerFilters,
		base: odoo.PartnerFilter{Customer: &yes}, fetch: svc.Partners,
	}.handler(d)
}

// getCustomer answers GET /api/v1/customers/{id}; a partner that is not a
// customer is not found here (it is under /partners).
func getCustomer(svc Service) http.Handler {
	return getDef[odoo.Partner]{
		fields: partnerFields, fetch: svc.Partner, resource: "customer",
		need:   []string{"customer_rank"},
		accept: func(p *odoo.Partner) bool { return p.CustomerRank > 0 },
	}.handler()
}
