package odoo_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/odoo"
	"odoo-gateway/odoo/odoosim"
)

var ctx = context.Background()

func newEnv(t *testing.T, opts ...odoosim.Option) *gatewaytest.Env {
	t.Helper()
	return gatewaytest.New(t, gatewaytest.Options{Sim: opts, Timeout: 2 * time.Second})
}

func ids[T any](items []*T, id func(*T) int) []int {
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func partnerIDs(ps []*odoo.Partner) []int { return ids(ps, func(p *odoo.Partner) int { return p.ID }) }

// allPartners reads every partner by offset pages, the reference order.
func allPartners(t *testing.T, svc *odoo.Service, sort string) []*odoo.Partner {
	t.Helper()
	var out []*odoo.Partner
	for offset := 0; ; offset += odoo.MaxLimit {
		page, err := svc.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: sort, Limit: odoo.MaxLimit, Offset: offset, Select: odoo.SelectionOf("name", "updated_at", "email")})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if !page.HasNext {
			return out
		}
	}
}

func TestListPartnersOffsetPages(t *testing.T) {
	env := newEnv(t)
	all := allPartners(t, env.Odoo, "name")
	if len(all) < 200 {
		t.Fatalf("demo data has %d partners, want at least 200", len(all))
	}
	for _, tc := range []struct {
		name          string
		limit, offset int
		wantCount     int
		next, prev    bool
	}{
		{"first page", 10, 0, 10, true, false},
		{"middle", 10, 50, 10, true, true},
		{"last partial page", 10, len(all) - 3, 3, false, true},
		{"past the end", 10, len(all) + 5, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: "name", Limit: tc.limit, Offset: tc.offset, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != len(all) {
				t.Errorf("total = %d, want %d", page.Total, len(all))
			}
			if len(page.Items) != tc.wantCount || page.HasNext != tc.next || page.HasPrevious != tc.prev {
				t.Errorf("count %d next %v prev %v, want %d %v %v", len(page.Items), page.HasNext, page.HasPrevious, tc.wantCount, tc.next, tc.prev)
			}
			want := partnerIDs(all[min(tc.offset, len(all)):min(tc.offset+tc.limit, len(all))])
			if diff := cmp.Diff(want, partnerIDs(page.Items)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldPushdown(t *testing.T) {
	env := newEnv(t)
	_, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Select: odoo.SelectionOf("name"), Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	calls := env.Calls("res.partner", "web_search_read")
	if len(calls) != 1 {
		t.Fatalf("%d web_search_read calls, want 1: %+v", len(calls), env.Sim.Calls())
	}
	spec, _ := calls[0].Kwargs["specification"].(map[string]any)
	var keys []string
	for k := range spec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// name is asked for; name is also the sort key, and id is implicit.
	if diff := cmp.Diff([]string{"name"}, keys); diff != "" {
		t.Errorf("fields read upstream (-want +got):\n%s", diff)
	}
	for _, c := range env.Sim.Calls() {
		if c.ModelMethod == "read" || c.ModelMethod == "search_read" {
			if f, ok := c.Kwargs["fields"]; !ok || len(f.([]any)) == 0 {
				t.Errorf("%s.%s without fields", c.Model, c.ModelMethod)
			}
		}
	}
}

// pageAll walks a list with keyset cursors, forward or backward, and
// returns the ids in list order.
func pageAll(t *testing.T, svc *odoo.Service, sortBy string, limit int, backward bool) []int {
	t.Helper()
	var out []int
	cursor := ""
	for range 1000 {
		opt := odoo.ListOptions{Sort: sortBy, Limit: limit, Select: odoo.SelectionOf("name")}
		if backward {
			opt.Backward, opt.Before = true, cursor
		} else {
			opt.After = cursor
		}
		page, err := svc.Partners(ctx, odoo.PartnerFilter{}, opt)
		if err != nil {
			t.Fatal(err)
		}
		got := partnerIDs(page.Items)
		if backward {
			out = append(got, out...)
			if !page.HasPrevious {
				return out
			}
			cursor = page.Cursor(0)
		} else {
			out = append(out, got...)
			if !page.HasNext {
				return out
			}
			cursor = page.Cursor(len(page.Items) - 1)
		}
	}
	t.Fatal("paging does not end")
	return nil
}

func TestKeysetPagesMatchOffsetOrder(t *testing.T) {
	env := newEnv(t)
	for _, sortBy := range []string{"name", "-name", "email", "-email", "updated_at", "-updated_at", "created_at,name", "-customer_rank,name"} {
		t.Run(sortBy, func(t *testing.T) {
			want := partnerIDs(allPartners(t, env.Odoo, sortBy))
			for _, backward := range []bool{false, true} {
				got := pageAll(t, env.Odoo, sortBy, 7, backward)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("backward=%v: keyset order differs from offset order (-want +got):\n%s", backward, diff)
				}
			}
		})
	}
}

func TestKeysetStableAcrossInserts(t *testing.T) {
	env := newEnv(t)
	first, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: "name", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: "name", Limit: 10, After: first.Cursor(9)})
	if err != nil {
		t.Fatal(err)
	}
	// Records inserted before the cursor would shift an offset page.
	for i := range 3 {
		if _, err := env.Odoo.CreatePartner(ctx, odoo.PartnerInput{Name: odoo.Some(fmt.Sprintf("  AAA inserted %d", i))}, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: "name", Limit: 10, After: first.Cursor(9)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(partnerIDs(want.Items), partnerIDs(got.Items)); diff != "" {
		t.Errorf("page after cursor changed (-want +got):\n%s", diff)
	}
}

func TestCursorsAreChecked(t *testing.T) {
	env := newEnv(t)
	page, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: "name", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	country, err := env.Odoo.Countries(ctx, odoo.CountryFilter{}, odoo.ListOptions{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, cursor, sort string }{
		{"garbage", "%%%not-base64", "name"},
		{"not json", "bm90IGpzb24", "name"},
		{"other sort", page.Cursor(1), "-name"},
		{"other resource", country.Cursor(0), "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{}, odoo.ListOptions{Sort: tc.sort, After: tc.cursor})
			if odoo.ErrorCode(err) != odoo.EValidation || odoo.ErrorDetails(err)["after"] == nil {
				t.Errorf("err = %v, want a validation error on after", err)
			}
		})
	}
}

func TestPartnerFilters(t *testing.T) {
	env := newEnv(t)
	yes, no := true, false
	str := func(s string) *string { return &s }
	id := func(n int) *int { return &n }
	since := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		filter odoo.PartnerFilter
		check  func(p *odoo.Partner) bool
	}{
		{"companies", odoo.PartnerFilter{IsCompany: &yes}, func(p *odoo.Partner) bool { return p.IsCompany }},
		{"people", odoo.PartnerFilter{IsCompany: &no}, func(p *odoo.Partner) bool { return !p.IsCompany }},
		{"customers", odoo.PartnerFilter{Customer: &yes}, func(p *odoo.Partner) bool { return p.CustomerRank > 0 }},
		{"suppliers", odoo.PartnerFilter{Supplier: &yes}, func(p *odoo.Partner) bool { return p.SupplierRank > 0 }},
		{"country", odoo.PartnerFilter{CountryCode: str("us")}, func(p *odoo.Partner) bool { return p.CountryCode != nil && *p.CountryCode == "US" }},
		{"query", odoo.PartnerFilter{Query: str("wood")}, func(p *odoo.Partner) bool {
			return strings.Contains(strings.ToLower(p.Name), "wood") || (p.Email != nil && strings.Contains(strings.ToLower(*p.Email), "wood")) ||
				(p.Reference != nil && strings.Contains(strings.ToLower(*p.Reference), "wood"))
		}},
		{"email exact", odoo.PartnerFilter{Email: str("ACME_CORP@yourcompany.example.com")}, func(p *odoo.Partner) bool {
			return p.Email != nil && strings.EqualFold(*p.Email, "acme_corp@yourcompany.example.com")
		}},
		{"updated since", odoo.PartnerFilter{UpdatedSince: &since}, func(p *odoo.Partner) bool { return p.UpdatedAt != nil && !p.UpdatedAt.Before(since) }},
		{"ids", odoo.PartnerFilter{IDs: []int{9, 15, 999999}}, func(p *odoo.Partner) bool { return p.ID == 9 || p.ID == 15 }},
		{"contacts of a company", odoo.PartnerFilter{ParentID: id(9)}, func(p *odoo.Partner) bool { return p.Parent != nil && p.Parent.ID == 9 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := env.Odoo.Partners(ctx, tc.filter, odoo.ListOptions{Limit: odoo.MaxLimit, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) == 0 {
				t.Fatal("no partner matched; the filter is untested")
			}
			for _, p := range page.Items {
				if !tc.check(p) {
					t.Errorf("partner %d %q does not match: %+v", p.ID, p.Name, p)
				}
			}
		})
	}
	// The email filter matches literally: a wildcard in it is no wildcard.
	page, err := env.Odoo.Partners(ctx, odoo.PartnerFilter{Email: str("%")}, odoo.ListOptions{})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("email %% matched %d partners (%v)", len(page.Items), err)
	}
	_, err = env.Odoo.Partners(ctx, odoo.PartnerFilter{CountryCode: str("USA"), IDs: []int{1 << 40}}, odoo.ListOptions{})
	details := odoo.ErrorDetails(err)
	if details["country"] == nil || details["ids"] == nil {
		t.Errorf("want validation errors naming country and ids, got %v", err)
	}
}

func TestGetAndBatch(t *testing.T) {
	env := newEnv(t)
	p, err := env.Odoo.Partner(ctx, 9, odoo.Selection{"name": nil, "country": {"code": nil}, "children": nil})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Acme Corporation" || p.CountryRecord == nil || p.CountryRecord.Code != "US" || len(p.Children) == 0 {
		t.Errorf("partner 9 = %+v", p)
	}
	_, err = env.Odoo.Partner(ctx, 999999, nil)
	if odoo.ErrorCode(err) != odoo.ENotFound {
		t.Errorf("missing partner: %v, want not_found", err)
	}
	env.Sim.ResetCalls()
	got, err := env.Odoo.PartnersByID(ctx, []int{15, 999999, 9}, odoo.SelectionOf("name"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] == nil || got[0].ID != 15 || got[1] != nil || got[2] == nil || got[2].ID != 9 {
		t.Errorf("batch = %+v", got)
	}
	if n := len(env.Sim.Calls()); n != 1 {
		t.Errorf("batch read cost %d calls, want 1", n)
	}
	// An invoice id that is a vendor bill or journal entry is not an invoice.
	invoices, err := env.Odoo.Invoices(ctx, odoo.InvoiceFilter{}, odoo.ListOptions{Limit: 1, Select: odoo.SelectionOf("name", "type")})
	if err != nil || len(invoices.Items) == 0 {
		t.Fatalf("invoices: %v", err)
	}
	inv, err := env.Odoo.Invoice(ctx, invoices.Items[0].ID, nil)
	if err != nil || !slices.Contains(odoo.InvoiceTypes(), inv.Type) {
		t.Errorf("invoice = %+v, %v", inv, err)
	}
}
