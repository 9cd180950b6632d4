package odoosim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

// The gateway's JSON-2 transport against the simulator: the data service
// must behave over JSON-2 exactly as over XML-RPC. Both services run on
// the same simulator, so every answer can be compared.

func json2Service(t *testing.T, url, key string, timeout time.Duration) (*odoo.Service, error) {
	t.Helper()
	tr, err := odoo.NewJSON2(odoo.JSON2Config{URL: url, Database: odoosim.DB, APIKey: key, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	svc := odoo.NewService(tr)
	return svc, svc.Start(context.Background())
}

func xmlrpcService(t *testing.T, url string) *odoo.Service {
	t.Helper()
	tr, err := odoo.NewXMLRPC(odoo.XMLRPCConfig{URL: url, Database: odoosim.DB, Login: odoosim.AdminLogin, Password: odoosim.AdminPassword, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	svc := odoo.NewService(tr)
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return svc
}

func partnerIDs(ps []*odoo.Partner) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestGatewayOverJSON2(t *testing.T) {
	ctx := context.Background()
	sim := odoosim.New()
	ts := httptest.NewServer(sim)
	defer ts.Close()
	j2, err := json2Service(t, ts.URL, odoosim.AdminAPIKey, 2*time.Second)
	if err != nil {
		t.Fatalf("Start over JSON-2: %v", err)
	}
	if v := j2.Version(); v.Major != 19 || v.Server != "19.0" {
		t.Errorf("version %+v", v)
	}
	// Start spoke JSON-2 only: the version, the key check, fields_get.
	calls := sim.Calls()
	if len(calls) < 3 || calls[0].Service != "json" || calls[0].Method != "version" ||
		calls[1].Service != "json2" || calls[1].Model != "res.users" || calls[1].ModelMethod != "context_get" || calls[1].UID != odoosim.AdminUID {
		t.Fatalf("start calls: %+v", calls)
	}
	for _, c := range calls[2:] {
		if c.Service != "json2" || c.ModelMethod != "fields_get" {
			t.Errorf("unexpected start call %+v", c)
		}
	}
	x := xmlrpcService(t, ts.URL)
	sim.ResetCalls()

	t.Run("keyset pages with a filter", func(t *testing.T) {
		isCompany := true
		filter := odoo.PartnerFilter{IsCompany: &isCompany}
		walk := func(svc *odoo.Service) []int {
			var ids []int
			after := ""
			for range 100 {
				page, err := svc.Partners(ctx, filter, odoo.ListOptions{Sort: "name", Limit: 7, After: after, Select: odoo.SelectionOf("name", "email", "updated_at")})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, partnerIDs(page.Items)...)
				if !page.HasNext {
					return ids
				}
				after = page.Cursor(len(page.Items) - 1)
			}
			t.Fatal("paging does not end")
			return nil
		}
		got := walk(j2)
		if len(got) < 20 {
			t.Fatalf("%d companies", len(got))
		}
		if diff := cmp.Diff(walk(x), got); diff != "" {
			t.Errorf("JSON-2 pages differ from XML-RPC (-xmlrpc +json2):\n%s", diff)
		}
		query := "wood"
		pj, err := j2.Partners(ctx, odoo.PartnerFilter{Query: &query}, odoo.ListOptions{Limit: 5, Count: true})
		if err != nil {
			t.Fatal(err)
		}
		px, err := x.Partners(ctx, odoo.PartnerFilter{Query: &query}, odoo.ListOptions{Limit: 5, Count: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(pj.Items) == 0 || pj.Total != px.Total {
			t.Errorf("query page: %d items, total %d (XML-RPC %d)", len(pj.Items), pj.Total, px.Total)
		}
		if diff := cmp.Diff(px.Items, pj.Items); diff != "" {
			t.Errorf("partners differ (-xmlrpc +json2):\n%s", diff)
		}
		for _, c := range sim.Calls() {
			if c.Service == "json2" && c.ModelMethod == "web_search_read" && c.Model == "res.partner" {
				return
			}
		}
		t.Errorf("no JSON-2 web_search_read in %+v", sim.Calls())
	})

	t.Run("order with its lines", func(t *testing.T) {
		sel := odoo.Selection{"name": nil, "partner": nil, "state": nil, "amount_total": nil, "currency": nil, "lines": nil}
		oj, err := j2.SaleOrder(ctx, 1, sel)
		if err != nil {
			t.Fatal(err)
		}
		ox, err := x.SaleOrder(ctx, 1, sel)
		if err != nil {
			t.Fatal(err)
		}
		if oj.Name != "S00001" || oj.AmountTotal != 1740 || len(oj.Lines) != 3 || oj.Lines[0].Quantity != 3 {
			t.Errorf("order %+v with %d lines", oj, len(oj.Lines))
		}
		if diff := cmp.Diff(ox, oj); diff != "" {
			t.Errorf("order differs (-xmlrpc +json2):\n%s", diff)
		}
		if _, err := j2.SaleOrder(ctx, 999999, sel); odoo.ErrorCode(err) != odoo.ENotFound {
			t.Errorf("missing order: %v", err)
		}
	})

	t.Run("partner writes", func(t *testing.T) {
		sel := odoo.SelectionOf("name", "email", "phone", "country_code", "is_company")
		created, err := j2.CreatePartner(ctx, odoo.PartnerInput{
			Name: odoo.Some("JSON-2 Ltd"), Email: odoo.Some("json2@example.com"), IsCompany: odoo.Some(true), CountryCode: odoo.Some("be"),
		}, sel)
		if err != nil {
			t.Fatal(err)
		}
		if created.Name != "JSON-2 Ltd" || created.CountryCode == nil || *created.CountryCode != "BE" || !created.IsCompany {
			t.Errorf("created %+v", created)
		}
		if c := sim.Calls(); c[len(c)-2].ModelMethod != "create" || c[len(c)-2].Service != "json2" {
			t.Errorf("create went %+v", c[len(c)-2])
		}
		updated, err := j2.UpdatePartner(ctx, created.ID, odoo.PartnerInput{Phone: odoo.Some("+32 2 000 00 00"), Email: odoo.Null[string]()}, sel)
		if err != nil {
			t.Fatal(err)
		}
		viaXML, err := x.Partner(ctx, created.ID, sel)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(viaXML, updated); diff != "" || updated.Email != nil || updated.Phone == nil {
			t.Errorf("updated %+v (-xmlrpc +json2):\n%s", updated, diff)
		}
		if err := j2.DeletePartner(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Partner(ctx, created.ID, nil); odoo.ErrorCode(err) != odoo.ENotFound {
			t.Errorf("after delete: %v", err)
		}
		// Odoo refuses to delete the partner of a user: a conflict, with
		// Odoo's message and no Python repr, as over XML-RPC.
		errJ, errX := j2.DeletePartner(ctx, 3), x.DeletePartner(ctx, 3)
		if odoo.ErrorCode(errJ) != odoo.EConflict || odoo.ErrorMessage(errJ) != odoo.ErrorMessage(errX) ||
			!strings.Contains(odoo.ErrorMessage(errJ), "linked to an active user") {
			t.Errorf("refused delete: %v (%q), XML-RPC %q", errJ, odoo.ErrorMessage(errJ), odoo.ErrorMessage(errX))
		}
		if err := j2.DeletePartner(ctx, 999999); odoo.ErrorCode(err) != odoo.ENotFound {
			t.Errorf("delete missing: %v", err)
		}
		if _, err := j2.UpdatePartner(ctx, 999999, odoo.PartnerInput{Name: odoo.Some("Ghost")}, nil); odoo.ErrorCode(err) != odoo.ENotFound {
			t.Errorf("update missing: %v", err)
		}
	})
}

func TestGatewayOverJSON2Failures(t *testing.T) {
	ctx := context.Background()
	sim := odoosim.New()
	ts := httptest.NewServer(sim)
	defer ts.Close()

	// A password is not an API key.
	if _, err := json2Service(t, ts.URL, odoosim.AdminPassword, 2*time.Second); err == nil || !strings.Contains(err.Error(), "cannot log in") {
		t.Errorf("Start with a password: %v", err)
	}
	j2, err := json2Service(t, ts.URL, odoosim.APIUserAPIKey, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	// Record rules and ACLs apply to the key's user.
	if _, err := j2.SaleOrder(ctx, 5, nil); odoo.ErrorCode(err) != odoo.EForbidden {
		t.Errorf("another salesman's order: %v", err)
	}
	if _, err := j2.SaleOrder(ctx, 1, nil); err != nil {
		t.Errorf("own order: %v", err)
	}
	for _, tc := range []struct {
		failure odoosim.Failure
		code    string
	}{
		{odoosim.Failure{FaultCode: 2, FaultString: "Refused by a rule"}, odoo.EValidation},
		{odoosim.Failure{FaultCode: 4, FaultString: "Not yours"}, odoo.EForbidden},
		{odoosim.Failure{FaultCode: 1, FaultString: "boom"}, odoo.EInternal},
		{odoosim.Failure{FaultCode: 3, FaultString: "Access Denied"}, odoo.EUpstreamUnavailable},
		{odoosim.Failure{HTTPStatus: http.StatusBadGateway}, odoo.EUpstreamUnavailable},
	} {
		sim.FailNext(1, tc.failure)
		if _, err := j2.Partner(ctx, 9, nil); odoo.ErrorCode(err) != tc.code {
			t.Errorf("%+v: %v, want %s", tc.failure, err, tc.code)
		}
	}
	sim.FailNext(1, odoosim.Failure{Hang: true})
	if _, err := j2.Partner(ctx, 9, nil); odoo.ErrorCode(err) != odoo.EUpstreamTimeout {
		t.Errorf("hang: %v", err)
	}

	// Odoo 17 has no JSON-2: Start must fail.
	old := httptest.NewServer(odoosim.New(odoosim.WithVersion17()))
	defer old.Close()
	if _, err := json2Service(t, old.URL, odoosim.AdminAPIKey, 2*time.Second); err == nil {
		t.Error("Start over JSON-2 succeeded against Odoo 17")
	} else {
		t.Logf("Odoo 17 over JSON-2: %v", err)
	}
}
