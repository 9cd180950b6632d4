package rest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"odoo-gateway/odoo"
)

// maxOffset is the largest offset that can travel to Odoo over XML-RPC
// (a 32-bit signed integer).
const maxOffset = math.MaxInt32

// query is a request's query string checked against the parameters a route
// accepts. Problems collect every bad parameter, so that one answer names
// them all instead of one per retry.
type query struct {
	values url.Values
	p      odoo.Problems
}

// newQuery parses r's query string; parameters outside allowed, repeated
// parameters and a malformed query string are problems. Silently ignoring
// an unknown parameter would turn a typo (`is_comapny=true`) into an
// unfiltered answer that looks right.
func newQuery(r *http.Request, allowed []string) *query {
	q := &query{p: odoo.Problems{}}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		q.p.Add("query", "is not a valid URL query string: "+err.Error())
	}
	q.values = values
	accepts := "this endpoint takes no query parameters"
	if len(allowed) > 0 {
		accepts = "this endpoint accepts " + strings.Join(allowed, ", ")
	}
	for name, vs := range values {
		switch {
		case !slices.Contains(allowed, name):
			q.p.Add(name, "unknown parameter; "+accepts)
		case len(vs) > 1:
			q.p.Add(name, "given more than once")
		}
	}
	return q
}

// get returns the value of a parameter and whether it was given.
func (q *query) get(name string) (string, bool) {
	vs, ok := q.values[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// err is the validation error of every problem found, or nil.
func (q *query) err() error { return q.p.Err() }

// paging is the requested page: by offset, or by page number (which is
// turned into an offset, and kept so that Link headers use the same style).
type paging struct {
	limit, offset int
	// page is the 1-based page number when the client paged by page.
	page int
}

// pagingParams are the parameters every list accepts for paging.
var pagingParams = []string{"limit", "offset", "page"}

// parsePaging reads limit, offset and page. Out-of-range values are
// refused, not clamped: a client asking for 500 rows and silently getting
// 200 would think it has everything.
func parsePaging(q *query) paging {
	pg := paging{limit: odoo.DefaultLimit}
	if v, ok := q.get("limit"); ok {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > odoo.MaxLimit {
			q.p.Add("limit", fmt.Sprintf("must be a whole number from 1 to %d", odoo.MaxLimit))
		} else {
			pg.limit = n
		}
	}
	offset, hasOffset := q.get("offset")
	page, hasPage := q.get("page")
	switch {
	case hasOffset && hasPage:
		q.p.Add("page", "cannot be combined with offset; use one or the other")
	case hasOffset:
		if n, err := strconv.Atoi(offset); err != nil || n < 0 || n > maxOffset {
			q.p.Add("offset", fmt.Sprintf("must be a whole number from 0 to %d", maxOffset))
		} else {
			pg.offset = n
		}
	case hasPage:
		n, err := strconv.Atoi(page)
		switch {
		case err != nil || n < 1:
			q.p.Add("page", "must be a whole number of at least 1")
		case int64(n-1)*int64(pg.limit) > maxOffset:
			q.p.Add("page", "is too large")
		default:
			pg.page, pg.offset = n, (n-1)*pg.limit
		}
	}
	return pg
}

// parseSort checks a sort parameter against a resource's allow-list, so
// that a bad key is reported with the other problems of the request.
func parseSort(q *query, allowed []string) string {
	v, ok := q.get("sort")
	if !ok {
		return ""
	}
	seen := map[string]bool{}
	for key := range strings.SplitSeq(v, ",") {
		name := strings.TrimPrefix(strings.TrimSpace(key), "-")
		switch {
		case name == "":
			q.p.Add("sort", "has an empty sort key")
		case !slices.Contains(allowed, name):
			q.p.Add("sort", fmt.Sprintf("cannot sort by %q; allowed: %s (prefix - for descending)", name, strings.Join(allowed, ", ")))
		case seen[name]:
			q.p.Add("sort", fmt.Sprintf("sort key %q given twice", name))
		}
		seen[name] = true
	}
	return v
}

// links computes the rel=first/prev/next/last targets of a page as
// offsets (or page numbers), -1 for a link that does not exist: prev on
// the first page, next on the last. Offsets stay in the phase of the
// requested offset (offset 5, limit 10: 5, 15, 25...), so that following
// the links never skips or repeats a row.
func links(pg paging, total int) (first, prev, next, last int) {
	if pg.page > 0 {
		lastPage := max(1, (total+pg.limit-1)/pg.limit)
		prev, next = -1, -1
		if pg.page > 1 {
			prev = min(pg.page-1, lastPage)
		}
		if pg.page < lastPage {
			next = pg.page + 1
		}
		return 1, prev, next, lastPage
	}
	phase := pg.offset % pg.limit
	last = phase
	if total > phase {
		last = phase + (total-1-phase)/pg.limit*pg.limit
	}
	prev, next = -1, -1
	if pg.offset > 0 {
		prev = max(0, min(pg.offset-pg.limit, last))
	}
	if pg.offset+pg.limit < total {
		next = pg.offset + pg.limit
	}
	return 0, prev, next, last
}

// setPageHeaders sets X-Total-Count and the RFC 8288 Link header. The
// links keep every other parameter of the request as the client wrote it
// (filters, sort, fields, limit), replacing only offset or page.
func setPageHeaders(w http.ResponseWriter, r *http.Request, base string, pg paging, total int) {
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	param := "offset"
	if pg.page > 0 {
		param = "page"
	}
	first, prev, next, last := links(pg, total)
	var parts []string
	for _, l := range []struct {
		rel string
		at  int
	}{{"first", first}, {"prev", prev}, {"next", next}, {"last", last}} {
		if l.at < 0 {
			continue
		}
		target := absURL(base, r, r.URL.EscapedPath()+"?"+withParam(r.URL.RawQuery, param, strconv.Itoa(l.at)))
		parts = append(parts, fmt.Sprintf(`<%s>; rel="%s"`, target, l.rel))
	}
	w.Header().Set("Link", strings.Join(parts, ", "))
}

// withParam returns rawQuery with name set to value, keeping the order
// and encoding of the other parameters (only characters that may not
// appear in a URI are escaped, so that a raw "<" or ">" sent by a client
// cannot break the Link header's syntax).
func withParam(rawQuery, name, value string) string {
	var out []string
	done := false
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == name {
			if !done {
				out = append(out, name+"="+value)
				done = true
			}
			continue
		}
		out = append(out, uriSafe(part))
	}
	if !done {
		out = append(out, name+"="+value)
	}
	return strings.Join(out, "&")
}

// uriSafe percent-encodes the bytes of s that RFC 3986 does not allow in
// a query (existing %XX escapes are kept).
func uriSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// filter is one typed filter parameter of a list: parse reads the raw
// value into the filter struct F, or returns a problem.
type filter[F any] struct {
	name  string
	parse func(f *F, v string) string
}

// listDef describes one list endpoint.
type listDef[T, F any] struct {
	fields  fieldsDef
	sorts   []string
	filters []filter[F]
	base    F
	fetch   func(ctx context.Context, f F, opt odoo.ListOptions) (*odoo.Page[T], error)
}

// handler answers the list: {"results", "count", "total", "limit",
// "offset"} with X-Total-Count and Link. Every parameter is checked before
// Odoo is called, and all problems are reported together.
func (ld listDef[T, F]) handler(d deps) http.Handler {
	allowed := append([]string{"fields", "sort"}, pagingParams...)
	for _, f := range ld.filters {
		allowed = append(allowed, f.name)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r, allowed)
		pg := parsePaging(q)
		sort := parseSort(q, ld.sorts)
		out := ld.fields.parse(q, false)
		f := ld.base
		for _, flt := range ld.filters {
			if v, ok := q.get(flt.name); ok {
				if msg := flt.parse(&f, v); msg != "" {
					q.p.Add(flt.name, msg)
				}
			}
		}
		if err := q.err(); err != nil {
			fail(w, r, err)
			return
		}
		page, err := ld.fetch(r.Context(), f, odoo.ListOptions{
			Select: out.sel, Sort: sort, Limit: pg.limit, Offset: pg.offset, Count: true,
		})
		if err != nil {
			fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		enc := newEncoder(&buf)
		buf.WriteString(`{"results":[`)
		for i, item := range page.Items {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := enc.object(item, out.emit); err != nil {
				fail(w, r, err)
				return
			}
		}
		fmt.Fprintf(&buf, `],"count":%d,"total":%d,"limit":%d,"offset":%d}`+"\n", len(page.Items), page.Total, pg.limit, pg.offset)
		setPageHeaders(w, r, d.base, pg, page.Total)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(buf.Bytes())
	})
}

// getDef describes one get-by-id endpoint.
type getDef[T any] struct {
	fields fieldsDef
	fetch  func(ctx context.Context, id int, sel odoo.Selection) (*T, error)
	// need are fields read whatever the client selected, for accept.
	need []string
	// accept, when set, decides whether the record belongs to the
	// endpoint (a customer must have a customer rank); others are 404.
	accept   func(*T) bool
	resource string
}

// handler answers one record, with sparse fields.
func (gd getDef[T]) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			fail(w, r, notFound(gd.resource, r))
			return
		}
		q := newQuery(r, []string{"fields"})
		out := gd.fields.parse(q, true)
		if err := q.err(); err != nil {
			fail(w, r, err)
			return
		}
		sel := out.sel
		if len(gd.need) > 0 {
			sel = withFields(sel, gd.need...)
		}
		item, err := gd.fetch(r.Context(), id, sel)
		if err == nil && gd.accept != nil && !gd.accept(item) {
			err = notFound(gd.resource, r)
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		writeItem(w, r, http.StatusOK, item, out.emit)
	})
}
