package rest

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

func TestLinks(t *testing.T) {
	type rels struct{ First, Prev, Next, Last int }
	for _, tc := range []struct {
		name  string
		pg    paging
		total int
		want  rels
	}{
		{"empty", paging{limit: 10}, 0, rels{0, -1, -1, 0}},
		{"one page", paging{limit: 10}, 7, rels{0, -1, -1, 0}},
		{"exactly one page", paging{limit: 10}, 10, rels{0, -1, -1, 0}},
		{"first of three", paging{limit: 10}, 25, rels{0, -1, 10, 20}},
		{"middle", paging{limit: 10, offset: 10}, 25, rels{0, 0, 20, 20}},
		{"last", paging{limit: 10, offset: 20}, 25, rels{0, 10, -1, 20}},
		{"unaligned", paging{limit: 10, offset: 3}, 25, rels{0, 0, 13, 23}},
		{"past the end", paging{limit: 10, offset: 100}, 25, rels{0, 20, -1, 20}},
		{"past the end, empty list", paging{limit: 10, offset: 30}, 0, rels{0, 0, -1, 0}},
		{"page 1", paging{limit: 10, page: 1}, 25, rels{1, -1, 2, 3}},
		{"page 3 of 3", paging{limit: 10, page: 3, offset: 20}, 25, rels{1, 2, -1, 3}},
		{"page past the end", paging{limit: 10, page: 9, offset: 80}, 25, rels{1, 3, -1, 3}},
		{"page 1 of nothing", paging{limit: 10, page: 1}, 0, rels{1, -1, -1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got rels
			got.First, got.Prev, got.Next, got.Last = links(tc.pg, tc.total)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithParam(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", "offset=5"},
		{"limit=2", "limit=2&offset=5"},
		{"offset=1&limit=2", "offset=5&limit=2"},
		{"limit=2&offset=1&offset=3", "limit=2&offset=5"},
		{"q=a%26b&fields=name,email", "q=a%26b&fields=name,email&offset=5"},
		{"q=<script>&x=\"y\"", "q=%3Cscript%3E&x=%22y%22&offset=5"},
		{"off%73et=1", "offset=5"},
	} {
		if got := withParam(tc.raw, "offset", "5"); got != tc.want {
			t.Errorf("withParam(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestPosition(t *testing.T) {
	b := []byte("{\n  \"név\": 'x'\n}")
	for _, tc := range []struct {
		offset int64
		want   string
	}{
		{0, "line 1, column 1"},
		{2, "line 2, column 1"},
		{12, "line 2, column 10"},
		{int64(len(b)), "line 3, column 2"},
		{-4, "line 1, column 1"},
		{999, "line 3, column 2"},
	} {
		if got := position(b, tc.offset); got != tc.want {
			t.Errorf("position(%d) = %q, want %q", tc.offset, got, tc.want)
		}
	}
}

func TestEncoder(t *testing.T) {
	email := "a&b@example.com"
	updated := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, tc := range []struct {
		name string
		v    any
		emit []string
		want string
	}{
		{"id always", &odoo.Partner{ID: 3, Name: "X"}, nil, `{"id":3}`},
		{"struct order, nulls, no HTML escaping", &odoo.Partner{ID: 3, Name: "X", Email: &email, UpdatedAt: &updated},
			[]string{"updated_at", "email", "phone", "name", "country"},
			`{"id":3,"name":"X","email":"a&b@example.com","phone":null,"country":null,"updated_at":"2026-03-04T05:06:07Z"}`},
		{"related records stay out", &odoo.Partner{ID: 3, CountryRecord: &odoo.Country{ID: 1}}, []string{"country"}, `{"id":3,"country":null}`},
		{"lines when selected", &odoo.SaleOrder{ID: 1, Lines: []*odoo.SaleOrderLine{}}, []string{"lines"}, `{"id":1,"lines":[]}`},
		{"lines left out", &odoo.SaleOrder{ID: 1, Lines: []*odoo.SaleOrderLine{{ID: 2}}}, []string{"name"}, `{"id":1,"name":""}`},
		{"dates", &odoo.Invoice{ID: 1, InvoiceDate: &odoo.Date{Year: 2026, Month: 1, Day: 2}}, []string{"invoice_date", "due_date"}, `{"id":1,"invoice_date":"2026-01-02","due_date":null}`},
		{"nil record", (*odoo.Partner)(nil), nil, `null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := newEncoder(&buf).object(tc.v, newOutput(tc.emit).emit); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got  %s\nwant %s", buf.String(), tc.want)
			}
		})
	}
}

func TestStorable(t *testing.T) {
	var got []int
	for s := 100; s < 600; s++ {
		if storable(s) {
			got = append(got, s)
		}
	}
	var want []int
	for s := 200; s < 300; s++ {
		want = append(want, s)
	}
	want = append(want, 404, 409, 500, 504)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored statuses (-want +got):\n%s", diff)
	}
}
