package rest

import (
	"net/http"

	"odoo-gateway/odoo"
)

// countryFilters are the filters of /countries.
var countryFilters = []filter[odoo.CountryFilter]{
	textParam("q", 200, func(f *odoo.CountryFilter, v string) { f.Query = &v }),
	codesParam("code", func(f *odoo.CountryFilter, v []string) { f.Codes = v }),
	idsParam("ids", func(f *odoo.CountryFilter, v []int) { f.IDs = v }),
}

var countryFields = fieldsDef{all: odoo.CountryFields()}

// listCountries answers GET /api/v1/countries.
func listCountries(svc Service, d deps) http.Handler {
	return listDef[odoo.Country, odoo.CountryFilter]{
		fields: countryFields, sorts: odoo.CountrySorts(), filters: countryFilters,
		fetch: svc.Countries,
	}.handler(d)
}

// getCountry answers GET /api/v1/countries/{id}.
func getCountry(svc Service) http.Handler {
	return getDef[odoo.Country]{fields: countryFields, fetch: svc.Country, resource: "country"}.handler()
}
