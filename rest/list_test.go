package rest_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"odoo-gateway/odoo"
)

// page is a decoded list answer.
type page struct {
	Results []map[string]any `json:"results"`
	Count   int              `json:"count"`
	Total   int              `json:"total"`
	Limit   int              `json:"limit"`
	Offset  int              `json:"offset"`
}

func (r *response) page(t testing.TB) page {
	t.Helper()
	r.expect(t, http.StatusOK)
	var p page
	if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil {
		t.Fatalf("%s: %v", r.req.URL, err)
	}
	if p.Count != len(p.Results) {
		t.Errorf("%s: count %d but %d results", r.req.URL, p.Count, len(p.Results))
	}
	if got := r.Header().Get("X-Total-Count"); got != strconv.Itoa(p.Total) {
		t.Errorf("%s: X-Total-Count %q, total %d", r.req.URL, got, p.Total)
	}
	return p
}

// ids lists the ids of the results.
func (p page) ids() []int {
	out := make([]int, len(p.Results))
	for i, r := range p.Results {
		out[i] = int(r["id"].(float64))
	}
	return out
}

var linkRe = regexp.MustCompile(`<([^>]*)>; rel="([a-z]+)"`)

// links parses a Link header into rel -> URL.
func links(t testing.TB, h http.Header) map[string]*url.URL {
	t.Helper()
	out := map[string]*url.URL{}
	for _, m := range linkRe.FindAllStringSubmatch(h.Get("Link"), -1) {
		u, err := url.Parse(m[1])
		if err != nil {
			t.Fatalf("link %q: %v", m[1], err)
		}
		if _, dup := out[m[2]]; dup {
			t.Errorf("rel %q twice in %q", m[2], h.Get("Link"))
		}
		out[m[2]] = u
	}
	if n := strings.Count(h.Get("Link"), "rel="); n != len(out) {
		t.Errorf("Link %q: %d rels, parsed %d", h.Get("Link"), n, len(out))
	}
	return out
}

// relParams gives, per rel, the value of param in its URL ("" if absent).
func relParams(t testing.TB, h http.Header, param string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for rel, u := range links(t, h) {
		out[rel] = u.Query().Get(param)
	}
	return out
}

// allPartnerIDs is the reference order of partners sorted by name, read
// from the data service directly.
func allPartnerIDs(t testing.TB, h *harness) []int {
	t.Helper()
	var ids []int
	for offset := 0; ; offset += odoo.MaxLimit {
		p, err := h.env.Odoo.Partners(context.Background(), odoo.PartnerFilter{}, odoo.ListOptions{Limit: odoo.MaxLimit, Offset: offset, Select: odoo.SelectionOf("name")})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if !p.HasNext {
			return ids
		}
	}
}

func TestPaginationEdges(t *testing.T) {
	h := newHarness(t)
	all := allPartnerIDs(t, h)
	n := len(all)
	if want := h.env.Sim.Count("res.partner", []any{}); n != want {
		t.Fatalf("service lists %d partners, simulator has %d", n, want)
	}
	if n < 250 {
		t.Fatalf("demo data has %d partners; the cases below assume more than 250", n)
	}
	lastOffset := (n - 1) / 10 * 10
	phase := (n + 100) % 10
	pastLast := phase + (n-1-phase)/10*10
	for _, tc := range []struct {
		name   string
		query  string
		offset int
		want   []int
		// rels maps each expected rel to its offset or page ("" = absent).
		rels map[string]string
		// param is the paging parameter the links use.
		param string
	}{
		{"default limit", "", 0, all[:50], map[string]string{"first": "0", "next": "50", "last": strconv.Itoa((n - 1) / 50 * 50)}, "offset"},
		{"first page", "limit=10", 0, all[:10], map[string]string{"first": "0", "next": "10", "last": strconv.Itoa(lastOffset)}, "offset"},
		{"middle", "limit=10&offset=30", 30, all[30:40], map[string]string{"first": "0", "prev": "20", "next": "40", "last": strconv.Itoa(lastOffset)}, "offset"},
		{"unaligned offset", "limit=10&offset=5", 5, all[5:15], map[string]string{"first": "0", "prev": "0", "next": "15", "last": strconv.Itoa(5 + (n-1-5)/10*10)}, "offset"},
		{"last partial page", fmt.Sprintf("limit=10&offset=%d", lastOffset), lastOffset, all[lastOffset:], map[string]string{"first": "0", "prev": strconv.Itoa(lastOffset - 10), "last": strconv.Itoa(lastOffset)}, "offset"},
		{"exactly the rest", fmt.Sprintf("limit=10&offset=%d", n-10), n - 10, all[n-10:], map[string]string{"first": "0", "prev": strconv.Itoa(n - 20), "last": strconv.Itoa(n - 10)}, "offset"},
		// Past the end, last (and prev) keep the phase of the offset, as
		// everywhere, so that paging back from there repeats no row.
		{"offset past the end", fmt.Sprintf("limit=10&offset=%d", n+100), n + 100, nil, map[string]string{"first": "0", "prev": strconv.Itoa(pastLast), "last": strconv.Itoa(pastLast)}, "offset"},
		{"max limit", "limit=200&offset=200", 200, all[200:min(400, n)], map[string]string{"first": "0", "prev": "0", "last": "200"}, "offset"},
		{"page 1", "limit=10&page=1", 0, all[:10], map[string]string{"first": "1", "next": "2", "last": strconv.Itoa((n + 9) / 10)}, "page"},
		{"page 3", "limit=10&page=3", 20, all[20:30], map[string]string{"first": "1", "prev": "2", "next": "4", "last": strconv.Itoa((n + 9) / 10)}, "page"},
		{"last page", fmt.Sprintf("limit=10&page=%d", (n+9)/10), lastOffset, all[lastOffset:], map[string]string{"first": "1", "prev": strconv.Itoa((n+9)/10 - 1), "last": strconv.Itoa((n + 9) / 10)}, "page"},
		{"page past the end", "limit=10&page=1000", 9990, nil, map[string]string{"first": "1", "prev": strconv.Itoa((n + 9) / 10), "last": strconv.Itoa((n + 9) / 10)}, "page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.get("/api/v1/partners?fields=name&" + tc.query)
			p := res.page(t)
			if p.Total != n || p.Offset != tc.offset {
				t.Errorf("total %d offset %d, want %d %d", p.Total, p.Offset, n, tc.offset)
			}
			if tc.want == nil {
				tc.want = []int{}
			}
			if diff := cmp.Diff(tc.want, p.ids()); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.rels, relParams(t, res.Header(), tc.param)); diff != "" {
				t.Errorf("Link %s (-want +got):\n%s", tc.param, diff)
			}
		})
	}
}

func TestEmptyList(t *testing.T) {
	h := newHarness(t)
	res := h.get("/api/v1/partners?email=nobody@nowhere.example&limit=5")
	p := res.page(t)
	if p.Total != 0 || p.Count != 0 || len(p.Results) != 0 {
		t.Errorf("page %+v, want empty", p)
	}
	if !strings.Contains(res.Body.String(), `"results":[]`) {
		t.Errorf("results must be an empty array, not null: %s", res.Body)
	}
	if diff := cmp.Diff(map[string]string{"first": "0", "last": "0"}, relParams(t, res.Header(), "offset")); diff != "" {
		t.Errorf("Link (-want +got):\n%s", diff)
	}
}

// TestFollowingLinks walks a filtered, sorted list by its next links, then
// back by its prev links, and finds every row once, in the order of one
// big page.
func TestFollowingLinks(t *testing.T) {
	h := newHarness(t)
	const base = "/api/v1/partners?is_company=true&sort=-name&fields=name"
	want := h.get(base + "&limit=200").page(t).ids()
	if len(want) < 20 {
		t.Fatalf("only %d companies", len(want))
	}
	for _, style := range []string{"offset=0", "page=1"} {
		t.Run(style, func(t *testing.T) {
			var got []int
			target := base + "&limit=7&" + style
			var last string
			for range 100 {
				res := h.get(target)
				got = append(got, res.page(t).ids()...)
				l := links(t, res.Header())
				last = l["last"].RequestURI()
				next, ok := l["next"]
				if !ok {
					if res.req.URL.RequestURI() != last {
						t.Errorf("the page without next is %s, but last is %s", res.req.URL.RequestURI(), last)
					}
					break
				}
				target = next.RequestURI()
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows by next links (-want +got):\n%s", diff)
			}
			var back []int
			target = last
			for range 100 {
				res := h.get(target)
				back = append(res.page(t).ids(), back...)
				prev, ok := links(t, res.Header())["prev"]
				if !ok {
					break
				}
				target = prev.RequestURI()
			}
			if diff := cmp.Diff(want, back); diff != "" {
				t.Errorf("rows by prev links (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLinkURLs(t *testing.T) {
	const target = "/api/v1/partners?q=a%26b&limit=2&sort=-name&fields=name,email&offset=2"
	t.Run("request host", func(t *testing.T) {
		h := newHarness(t)
		res := h.get(target)
		res.expect(t, http.StatusOK)
		want := `<http://example.com/api/v1/partners?q=a%26b&limit=2&sort=-name&fields=name,email&offset=0>; rel="first"`
		if got := res.Header().Get("Link"); !strings.HasPrefix(got, want) {
			t.Errorf("Link %q\nwant it to start with %q (other parameters kept as sent, in order)", got, want)
		}
	})
	t.Run("tls", func(t *testing.T) {
		h := newHarness(t)
		r := newRequest(t, req{target: target})
		r.TLS = &tls.ConnectionState{}
		r.Header.Set("X-API-Key", h.key)
		rec := &response{ResponseRecorder: httptest.NewRecorder(), req: r}
		h.h.ServeHTTP(rec, r)
		if got := links(t, rec.Header())["first"]; got == nil || got.Scheme != "https" {
			t.Errorf("Link over TLS %q, want https URLs", rec.Header().Get("Link"))
		}
	})
	t.Run("forwarded headers are not trusted", func(t *testing.T) {
		h := newHarness(t)
		res := h.do(req{target: target, header: map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}})
		if got := links(t, res.Header())["first"]; got == nil || got.Scheme != "http" || got.Host != "example.com" {
			t.Errorf("Link %q follows X-Forwarded-* headers", res.Header().Get("Link"))
		}
	})
	t.Run("public URL", func(t *testing.T) {
		h := newHarness(t, func(o *options) { o.publicURL = "https://api.example.com/erp/" })
		res := h.get(target)
		for rel, u := range links(t, res.Header()) {
			if !strings.HasPrefix(u.String(), "https://api.example.com/erp/api/v1/partners?") {
				t.Errorf("%s: %s, want it on the public URL", rel, u)
			}
		}
	})
}

func TestPagingParameterErrors(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		query string
		want  []string // parameters named in details
	}{
		{"limit=0", []string{"limit"}},
		{"limit=201", []string{"limit"}},
		{"limit=-5", []string{"limit"}},
		{"limit=ten", []string{"limit"}},
		{"limit=", []string{"limit"}},
		{"limit=1.5", []string{"limit"}},
		{"offset=-1", []string{"offset"}},
		{"offset=x", []string{"offset"}},
		{"offset=2147483648", []string{"offset"}},
		{"offset=99999999999999999999", []string{"offset"}},
		{"page=0", []string{"page"}},
		{"page=-1", []string{"page"}},
		{"page=two", []string{"page"}},
		{"page=2&offset=10", []string{"page"}},
		{"limit=200&page=99999999", []string{"page"}},
		{"limit=2&limit=3", []string{"limit"}},
		{"limit=0&offset=-1&sort=nope&fields=nope&bogus=1", []string{"bogus", "fields", "limit", "offset", "sort"}},
		{"q=%zz", []string{"query"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res := h.get("/api/v1/partners?"+tc.query).expect(t, http.StatusBadRequest)
			p := res.problem(t)
			var got []string
			for k := range p.Details {
				got = append(got, k)
			}
			sort.Strings(got)
			if p.Code != odoo.EValidation || !slices.Equal(got, tc.want) {
				t.Errorf("error %q details %v, want validation naming %v", p.Code, p.Details, tc.want)
			}
		})
	}
	if calls := h.env.Calls("", ""); len(calls) != 0 {
		t.Errorf("invalid requests reached Odoo: %d calls", len(calls))
	}
}
