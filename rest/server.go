// Package rest serves the REST API under /api/v1 with gorilla/mux: offset
// pagination, filters, sparse fieldsets, strict validation, idempotent
// writes and RFC 9457 problem errors, all through the shared Odoo data
// service and access stack, plus the OpenAPI document and its docs page
// under /api/docs.
package rest

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"odoo-gateway/access"
	"odoo-gateway/idempotency"
	"odoo-gateway/odoo"
)

// Service is the part of the Odoo data service the REST API uses;
// *odoo.Service satisfies it.
type Service interface {
	OdooHealth
	Partners(ctx context.Context, f odoo.PartnerFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Partner], error)
	Partner(ctx context.Context, id int, sel odoo.Selection) (*odoo.Partner, error)
	CreatePartner(ctx context.Context, in odoo.PartnerInput, sel odoo.Selection) (*odoo.Partner, error)
	UpdatePartner(ctx context.Context, id int, in odoo.PartnerInput, sel odoo.Selection) (*odoo.Partner, error)
	DeletePartner(ctx context.Context, id int) error
	Products(ctx context.Context, f odoo.ProductFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Product], error)
	Product(ctx context.Context, id int, sel odoo.Selection) (*odoo.Product, error)
	SaleOrders(ctx context.Context, f odoo.SaleOrderFilter, opt odoo.ListOptions) (*odoo.Page[odoo.SaleOrder], error)
	SaleOrder(ctx context.Context, id int, sel odoo.Selection) (*odoo.SaleOrder, error)
	Invoices(ctx context.Context, f odoo.InvoiceFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Invoice], error)
	Invoice(ctx context.Context, id int, sel odoo.Selection) (*odoo.Invoice, error)
	Countries(ctx context.Context, f odoo.CountryFilter, opt odoo.ListOptions) (*odoo.Page[odoo.Country], error)
	Country(ctx context.Context, id int, sel odoo.Selection) (*odoo.Country, error)
}

// The data service is what the REST API is written against.
var _ Service = (*odoo.Service)(nil)

// Config is what the REST API needs.
type Config struct {
	// Odoo is the data service (and reports Odoo's health). Required.
	Odoo Service
	// Redis reports the rate limiter's Redis; nil means no Redis.
	Redis RedisHealth
	// Stack authenticates and authorises requests. Required.
	Stack *access.Stack
	// Idempotency remembers the outcome of writes sent with an
	// Idempotency-Key: idempotency.NewRedis when the gateway has Redis (so
	// that every instance sees them), nil for an in-memory store.
	Idempotency *idempotency.Store
	// PublicURL is the gateway's address as clients see it, e.g.
	// https://api.example.com (GATEWAY_PUBLIC_URL). Link and Location
	// headers are built on it; empty means the request's own scheme and
	// Host, which is right unless a proxy terminates TLS or rewrites paths.
	PublicURL string
}

// NewServer returns the handler of everything under /api/. It panics
// without Odoo or Stack, a wiring mistake that must fail at start.
func NewServer(cfg Config) http.Handler {
	if cfg.Odoo == nil || cfg.Stack == nil {
		panic("rest.NewServer: Config.Odoo and Config.Stack are required")
	}
	if cfg.Idempotency == nil {
		cfg.Idempotency = idempotency.NewMemory()
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	r := mux.NewRouter()
	r.Use(access.MuxRoute)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		access.WriteError(w, req, odoo.Errorf(odoo.ENotFound, "There is no %s.", req.URL.Path))
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		access.WriteError(w, req, access.MethodNotAllowed(allowedMethods(r, req)...))
	})
	routes(r, cfg)
	return r
}

// routes lists the whole REST API. Each version is a group of routes
// under its own prefix, so that a /api/v2 can be added beside v1 without
// touching it. (Groups register full paths on the one router rather than
// using mux subrouters: inside a subrouter, gorilla/mux loses a method
// mismatch and answers 404 instead of 405.)
func routes(r *mux.Router, cfg Config) {
	docsRoutes(group{r, "/api/docs"})
	v1Routes(group{r, "/api/v1"}, cfg)
}

// group registers routes under a path prefix.
type group struct {
	r      *mux.Router
	prefix string
}

// handle registers h for the prefixed path and method.
func (g group) handle(method, path string, h http.Handler) {
	g.r.Handle(g.prefix+path, h).Methods(method)
}

// v1Routes lists /api/v1. Every data route names its scope; writes also
// go through the idempotency layer.
func v1Routes(g group, cfg Config) {
	svc, d := cfg.Odoo, deps{stack: cfg.Stack, idem: cfg.Idempotency, base: cfg.PublicURL}
	g.handle(http.MethodGet, "/health", handleHealth(svc, cfg.Redis))

	d.read(g, "/partners", access.ScopePartnersRead, listPartners(svc, d))
	d.write(g, http.MethodPost, "/partners", access.ScopePartnersWrite, createPartner(svc, d))
	d.read(g, "/partners/{id}", access.ScopePartnersRead, getPartner(svc))
	d.write(g, http.MethodPatch, "/partners/{id}", access.ScopePartnersWrite, updatePartner(svc))
	d.write(g, http.MethodDelete, "/partners/{id}", access.ScopePartnersWrite, deletePartner(svc))

	d.read(g, "/customers", access.ScopePartnersRead, listCustomers(svc, d))
	d.read(g, "/customers/{id}", access.ScopePartnersRead, getCustomer(svc))

	d.read(g, "/products", access.ScopeProductsRead, listProducts(svc, d))
	d.read(g, "/products/{id}", access.ScopeProductsRead, getProduct(svc))

	d.read(g, "/sale-orders", access.ScopeOrdersRead, listSaleOrders(svc, d))
	d.read(g, "/sale-orders/{id}", access.ScopeOrdersRead, getSaleOrder(svc))

	d.read(g, "/invoices", access.ScopeInvoicesRead, listInvoices(svc, d))
	d.read(g, "/invoices/{id}", access.ScopeInvoicesRead, getInvoice(svc))

	d.read(g, "/countries", access.ScopeCountriesRead, listCountries(svc, d))
	d.read(g, "/countries/{id}", access.ScopeCountriesRead, getCountry(svc))
}

// deps are what route registration and URL building share.
type deps struct {
	stack *access.Stack
	idem  *idempotency.Store
	// base is Config.PublicURL without a trailing slash.
	base string
}

// read registers a GET route that needs scope.
func (d deps) read(g group, path, scope string, h http.Handler) {
	g.handle(http.MethodGet, path, d.stack.Authenticate(access.Require(scope)(h)))
}

// write registers a write route that needs scope; Idempotency-Key
// handling sits inside the scope check, so that a refused request never
// claims a key.
func (d deps) write(g group, method, path, scope string, h http.Handler) {
	g.handle(method, path, d.stack.Authenticate(access.Require(scope)(idempotent(d.idem, h))))
}

// absURL turns a path (with query) into the absolute URL clients should
// follow: on PublicURL when configured, else on the request's own scheme
// and Host. X-Forwarded-* headers are not trusted for this: anyone can
// send them, and behind a proxy PublicURL says it reliably.
func absURL(base string, r *http.Request, pathAndQuery string) string {
	if base != "" {
		return base + pathAndQuery
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + pathAndQuery
}

// allowedMethods lists the methods some route serves for the request's
// path, asking the router itself so that the Allow header can never
// disagree with the routes.
func allowedMethods(router *mux.Router, r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if router.Match(probe, &match) && match.MatchErr == nil && match.Route != nil {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// fail answers err with access.WriteError. A validation error that carries
// only the generic message gets one that names the invalid fields, so that
// a log line or an alert showing just "detail" is still useful.
func fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *odoo.Error
	if errors.As(err, &e) && e.Code == odoo.EValidation && len(e.Details) > 0 && e.Message == "Validation failed." {
		names := slices.Sorted(maps.Keys(e.Details))
		err = &odoo.Error{Code: e.Code, Details: e.Details, Err: e.Err,
			Message: "Validation failed for " + strings.Join(names, ", ") + "; details lists every problem."}
	}
	access.WriteError(w, r, err)
}
