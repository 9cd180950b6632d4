package odoo_test

import (
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

func TestPartnerWrites(t *testing.T) {
	env := newEnv(t)
	created, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{
		Name: odoo.Some("Wire Test Ltd"), Email: odoo.Some("wire@example.com"), IsCompany: odoo.Some(true),
		CountryCode: odoo.Some("be"), Website: odoo.Some("https://wire.example.com"),
	}, odoo.SelectionOf("name", "email", "country_code", "is_company", "website"))
	if err != nil {
		t.Fatal(err)
	}
	if created.Name != "Wire Test Ltd" || created.CountryCode == nil || *created.CountryCode != "BE" || !created.IsCompany {
		t.Errorf("created = %+v", created)
	}
	updated, err := env.Odoo.UpdatePartner(ctx, created.ID, odoo.PartnerInput{Phone: odoo.Some("+32 2 000 00 00"), Email: odoo.Null[string]()}, odoo.SelectionOf("name", "email", "phone"))
	if err != nil {
		t.Fatal(err)
	}
	if updated.Email != nil || updated.Phone == nil || updated.Name != "Wire Test Ltd" {
		t.Errorf("updated = %+v", updated)
	}
	if err := env.Odoo.DeletePartner(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Odoo.Partner(ctx, created.ID, nil); odoo.ErrorCode(err) != odoo.ENotFound {
		t.Errorf("after delete: %v", err)
	}

	// Every invalid field is reported at once, before any upstream write.
	env.Sim.ResetCalls()
	_, err = env.Odoo.CreatePartner(ctx, odoo.PartnerInput{
		Email: odoo.Some("not-an-email"), Phone: odoo.Some(strings.Repeat("9", 51)),
		CountryCode: odoo.Some("XYZ"), Website: odoo.Some("ftp://x"),
	}, nil)
	want := []string{"country_code", "email", "name", "phone", "website"}
	var got []string
	for f := range odoo.ErrorDetails(err) {
		got = append(got, f)
	}
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("invalid fields (-want +got):\n%s\n%v", diff, err)
	}
	if n := len(env.Calls("", "create")); n != 0 {
		t.Errorf("invalid input reached Odoo %d times", n)
	}
	_, err = env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some("X"), CountryCode: odoo.Some("QQ"), ParentID: odoo.Some(999999)}, nil)
	if d := odoo.ErrorDetails(err); d["country_code"] == nil || d["parent_id"] == nil {
		t.Errorf("unknown country and parent: %v", err)
	}

	// Odoo refuses to delete a partner used elsewhere: a conflict with its
	// message; a missing one is not found.
	err = env.Odoo.DeletePartner(ctx, 3)
	if odoo.ErrorCode(err) != odoo.EConflict || !strings.Contains(odoo.ErrorMessage(err), "linked to an active user") {
		t.Errorf("delete referenced: %v (%q)", err, odoo.ErrorMessage(err))
	}
	if err := env.Odoo.DeletePartner(ctx, 999999); odoo.ErrorCode(err) != odoo.ENotFound {
		t.Errorf("delete missing: %v", err)
	}
	if _, err := env.Odoo.UpdatePartner(ctx, 999999, odoo.PartnerInput{Name: odoo.Some("Ghost")}, nil); odoo.ErrorCode(err) != odoo.ENotFound {
		t.Errorf("update missing: %v", err)
	}
}

func TestVersionAwareFields(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       []odoosim.Option
		wantMobile bool
	}{
		{"odoo19", nil, false},
		{"odoo17", []odoosim.Option{odoosim.WithVersion17()}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newEnv(t, tc.opts...)
			orders, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{}, odoo.ListOptions{Limit: 3, Select: odoo.Selection{"name": nil, "lines": odoo.SelectionOf("unit", "taxes", "quantity")}})
			if err != nil {
				t.Fatal(err)
			}
			units := 0
			for _, o := range orders.Items {
				for _, l := range o.Lines {
					if l.Unit != nil {
						units++
					}
				}
			}
			if units == 0 {
				t.Error("no line has a unit: the version's field name was not used")
			}
			page, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Limit: odoo.MaxLimit, Select: odoo.SelectionOf("name", "mobile")})
			if err != nil {
				t.Fatal(err)
			}
			mobiles := 0
			for _, p := range page.Items {
				if p.Mobile != nil {
					mobiles++
				}
			}
			if (mobiles > 0) != tc.wantMobile {
				t.Errorf("%d partners with a mobile; want some: %v", mobiles, tc.wantMobile)
			}
		})
	}
}

func TestUpstreamFailures(t *testing.T) {
	env := newEnv(t)
	for _, tc := range []struct {
		name    string
		failure odoosim.Failure
		code    string
	}{
		{"traceback", odoosim.Failure{FaultCode: 1, FaultString: "Traceback (most recent call last):\n  File \"x\"\nKeyError: 'boom'"}, odoo.EInternal},
		{"access error", odoosim.Failure{FaultCode: 4, FaultString: "You are not allowed to access 'Contact' (res.partner) records."}, odoo.EForbidden},
		{"proxy error", odoosim.Failure{HTTPStatus: 502}, odoo.EUpstreamUnavailable},
		{"dropped connection", odoosim.Failure{Drop: true}, odoo.EUpstreamUnavailable},
		{"hang", odoosim.Failure{Hang: true}, odoo.EUpstreamTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env.Sim.ClearFailures()
			env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Count: 1}, tc.failure)
			_, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Limit: 1})
			if code := odoo.ErrorCode(err); code != tc.code {
				t.Fatalf("code = %q, want %q (%v)", code, tc.code, err)
			}
			if msg := odoo.ErrorMessage(err); strings.Contains(msg, "Traceback") || strings.Contains(msg, "KeyError") {
				t.Errorf("internal detail leaked: %q", msg)
			}
		})
	}
}

func TestCircuitBreakerOpensAndRecovers(t *testing.T) {
	const cooldown = 100 * time.Millisecond
	env := gatewaytest.New(t, gatewaytest.Options{Timeout: 2 * time.Second, Service: []odoo.Option{odoo.WithCircuitBreaker(3, cooldown)}})
	list := func() error {
		_, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Limit: 1})
		return err
	}
	env.Sim.FailCalls(odoosim.Match{Model: "res.partner"}, odoosim.Failure{HTTPStatus: 503})
	// Odoo refusing a request is not Odoo failing: it never opens the breaker.
	env.Sim.FailCalls(odoosim.Match{Model: "res.country"}, odoosim.Failure{FaultCode: 2, FaultString: "nope"})
	for range 5 {
		env.Odoo.Countries(ctx, odoo.CountryFilter{}, odoo.ListOptions{Limit: 1})
	}
	env.Sim.ResetCalls()
	list()
	if len(env.Sim.Calls()) == 0 {
		t.Fatal("refused calls opened the breaker")
	}
	for range 2 {
		list()
	}
	env.Sim.ResetCalls()
	if err := list(); odoo.ErrorCode(err) != odoo.EUpstreamUnavailable {
		t.Fatalf("open breaker: %v", err)
	}
	if n := len(env.Sim.Calls()); n != 0 {
		t.Errorf("open breaker still called Odoo %d times", n)
	}
	// Odoo is back: after the cooldown one probe goes through and closes it.
	env.Sim.ClearFailures()
	time.Sleep(cooldown + 50*time.Millisecond)
	if err := list(); err != nil {
		t.Fatalf("probe after the cooldown: %v", err)
	}
	if err := list(); err != nil {
		t.Errorf("after recovery: %v", err)
	}
}

func TestIdenticalReadsAreCoalesced(t *testing.T) {
	env := newEnv(t)
	env.Sim.SetLatency(100 * time.Millisecond)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Limit: 5}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := len(env.Calls("res.partner", "web_search_read")); n >= 8 {
		t.Errorf("8 identical concurrent reads made %d upstream calls", n)
	}
}

func TestOtherResources(t *testing.T) {
	env := newEnv(t)
	str := func(s string) *string { return &s }
	orders, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{State: str("sale")}, odoo.ListOptions{Limit: 50, Count: true, Select: odoo.Selection{"name": nil, "state": nil, "partner": {"name": nil, "country": {"code": nil}}, "lines": {"quantity": nil, "product": {"name": nil}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders.Items) == 0 || orders.Total < len(orders.Items) {
		t.Fatalf("orders: %d items, total %d", len(orders.Items), orders.Total)
	}
	for _, o := range orders.Items {
		if o.State != "sale" || o.PartnerRecord == nil || len(o.Lines) == 0 || o.Lines[0].ProductRecord == nil {
			t.Errorf("order %d = %+v", o.ID, o)
		}
	}
	if _, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{State: str("shipped")}, odoo.ListOptions{}); odoo.ErrorDetails(err)["state"] == nil {
		t.Errorf("unknown state: %v", err)
	}
	products, err := env.Odoo.Products(ctx, odoo.ProductFilter{Query: str("desk")}, odoo.ListOptions{Sort: "-list_price", Count: true})
	if err != nil || len(products.Items) == 0 {
		t.Fatalf("products: %v", err)
	}
	countries, err := env.Odoo.Countries(ctx, odoo.CountryFilter{Codes: []string{"be", "US"}}, odoo.ListOptions{})
	if err != nil || len(countries.Items) != 2 {
		t.Fatalf("countries: %+v %v", countries, err)
	}
	from, to := odoo.Date{Year: 2000, Month: 1, Day: 1}, odoo.Date{Year: 2100, Month: 1, Day: 1}
	invoices, err := env.Odoo.Invoices(ctx, odoo.InvoiceFilter{DateFrom: &from, DateTo: &to}, odoo.ListOptions{Select: odoo.Selection{"name": nil, "lines": nil}, Count: true})
	if err != nil || len(invoices.Items) == 0 || len(invoices.Items[0].Lines) == 0 {
		t.Fatalf("invoices: %v", err)
	}
}

// TestOdooWithoutAnApp: an Odoo without the Sales app still serves the
// rest of the API, and says plainly why orders are not available.
func TestOdooWithoutAnApp(t *testing.T) {
	sim := odoosim.New()
	sim.FailCalls(odoosim.Match{Model: "sale.order"}, odoosim.Failure{FaultCode: 2, FaultString: "Object sale.order doesn't exist"})
	sim.FailCalls(odoosim.Match{Model: "sale.order.line"}, odoosim.Failure{FaultCode: 2, FaultString: "Object sale.order.line doesn't exist"})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	tr, err := odoo.NewXMLRPC(odoo.XMLRPCConfig{URL: srv.URL, Database: odoosim.DB, Login: odoosim.AdminLogin, Password: odoosim.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	svc := odoo.NewService(tr)
	if err := svc.Start(ctx); err != nil {
		t.Fatalf("start without the Sales app: %v", err)
	}
	if _, err := svc.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Limit: 1}); err != nil {
		t.Errorf("partners: %v", err)
	}
	_, err = svc.SaleOrders(ctx, odoo.SaleOrderFilter{}, odoo.ListOptions{Limit: 1})
	if odoo.ErrorCode(err) != odoo.EUpstreamUnavailable || !strings.Contains(odoo.ErrorMessage(err), "no sale.order model") {
		t.Errorf("orders: %v (%q)", err, odoo.ErrorMessage(err))
	}
}

// TestSavedButNotReadBack: when Odoo saves a partner but the read that
// follows fails, the error says the write happened (odoo.Saved) and
// carries the new id, so that no API tells the client to write again.
func TestSavedButNotReadBack(t *testing.T) {
	env := newEnv(t)
	env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "web_read", Count: 1}, odoosim.Failure{HTTPStatus: 502})
	p, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some("Saved Not Read")}, nil)
	if !odoo.Saved(err) || odoo.ErrorCode(err) != odoo.EUpstreamUnavailable {
		t.Fatalf("err = %v, want an upstream error marked saved", err)
	}
	if p == nil || p.ID == 0 || env.Sim.Record("res.partner", p.ID) == nil {
		t.Fatalf("partner = %+v: the saved partner's id must come with the error", p)
	}
	if !strings.Contains(odoo.ErrorMessage(err), "was saved") {
		t.Errorf("message %q does not say the partner was saved", odoo.ErrorMessage(err))
	}
	// An error before anything was written is not marked saved.
	env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "create", Count: 1}, odoosim.Failure{HTTPStatus: 502})
	if _, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some("Never Saved")}, nil); err == nil || odoo.Saved(err) {
		t.Errorf("failed create: %v, saved %v", err, odoo.Saved(err))
	}
}
