package odoo

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"
)

// Page sizes, shared by both APIs.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// ListOptions says which page of a list to read and how.
type ListOptions struct {
	// Select names the fields to read; nil means the resource's defaults.
	Select Selection
	// Sort is a comma-separated list of sort keys from the resource's
	// allow-list, "-" for descending, e.g. "name,-id"; empty means the
	// resource's default order. id is always added as the last key.
	Sort string
	// Limit is the page size, 1..MaxLimit; 0 means DefaultLimit.
	Limit int
	// Offset pages by position (REST). It cannot be combined with cursors.
	Offset int
	// After and Before page by keyset cursors (GraphQL): rows after or
	// before the row a cursor was taken from.
	After, Before string
	// Backward takes the page from the end (Relay's last), or from Before.
	Backward bool
	// Count asks for the total number of matches.
	Count bool
}

// Page is one page of a list.
type Page[T any] struct {
	Items []*T
	// Total counts every match when ListOptions.Count was set, else -1.
	Total int
	Limit int
	// Offset is the position of the first item for offset paging.
	Offset      int
	HasNext     bool
	HasPrevious bool
	cursors     []string
}

// Cursor is the opaque cursor of item i, for keyset paging.
func (p *Page[T]) Cursor(i int) string {
	if i < 0 || i >= len(p.cursors) {
		return ""
	}
	return p.cursors[i]
}

// validate checks the paging options, naming the offending parameter.
func (o *ListOptions) validate() error {
	p := Problems{}
	if o.Limit < 0 || o.Limit > MaxLimit {
		p.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxLimit))
	}
	if o.Offset < 0 {
		p.Add("offset", "must be 0 or more")
	}
	if o.Offset > maxXMLRPCInt {
		p.Add("offset", "is too large")
	}
	if o.Offset > 0 && (o.After != "" || o.Before != "") {
		p.Add("offset", "cannot be combined with a cursor")
	}
	if o.After != "" && o.Before != "" {
		p.Add("before", "cannot be combined with after")
	}
	return p.Err()
}

// list reads one page of a resource.
func list[T any](ctx context.Context, s *Service, sc *schema[T], filter cond, opt ListOptions) (*Page[T], error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	p := Problems{}
	sc.check(opt.Select, p, "fields")
	if err := p.Err(); err != nil {
		return nil, err
	}
	keys, err := sc.parseSort(s, opt.Sort)
	if err != nil {
		return nil, err
	}
	limit := opt.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	var after, before *cursor
	if opt.After != "" {
		if after, err = decodeCursor(opt.After, "after", sc.resource, keys); err != nil {
			return nil, err
		}
	}
	if opt.Before != "" {
		if before, err = decodeCursor(opt.Before, "before", sc.resource, keys); err != nil {
			return nil, err
		}
	}
	base := and(sc.base, filter)
	spec := sc.spec(s, opt.Select)
	for _, k := range keys {
		// Sort values make the cursors; id always comes back anyway.
		if _, ok := spec[k.field]; !ok && k.field != "id" {
			spec[k.field] = map[string]any{}
		}
	}
	if after == nil && before == nil && !opt.Backward {
		return offsetPage(ctx, s, sc, base, spec, keys, limit, opt)
	}
	return keysetPage(ctx, s, sc, base, spec, keys, limit, opt, after, before)
}

// offsetPage reads a page by position; one web_search_read answers both
// the rows and, when asked, the total.
func offsetPage[T any](ctx context.Context, s *Service, sc *schema[T], base cond, spec map[string]any, keys []sortKey, limit int, opt ListOptions) (*Page[T], error) {
	kwargs := map[string]any{
		"domain":        domainOf(base),
		"specification": spec,
		"offset":        opt.Offset,
		"limit":         limit,
		"order":         orderOf(keys),
	}
	if !opt.Count {
		// count_limit <= rows read makes Odoo skip its search_count.
		kwargs["count_limit"] = 1
	}
	rows, length, err := s.webSearchRead(ctx, sc.model, kwargs)
	if err != nil {
		return nil, err
	}
	page := &Page[T]{Total: -1, Limit: limit, Offset: opt.Offset}
	if opt.Count {
		page.Total = length
		if len(rows) == 0 && opt.Offset > 0 {
			// Past the end Odoo answers length 0; the total is still wanted.
			if page.Total, err = s.count(ctx, sc.model, base); err != nil {
				return nil, err
			}
		}
		page.HasNext = opt.Offset+len(rows) < page.Total
	} else {
		page.HasNext = len(rows) == limit
	}
	page.HasPrevious = opt.Offset > 0
	page.Items = decodeAll(sc, rows, opt.Select)
	page.cursors = cursorsFor(sc.resource, keys, rows, nil, 0, false)
	return page, nil
}

// keysetPage reads the page after or before a cursor (or the last page).
func keysetPage[T any](ctx context.Context, s *Service, sc *schema[T], base cond, spec map[string]any, keys []sortKey, limit int, opt ListOptions, after, before *cursor) (*Page[T], error) {
	backward := opt.Backward || before != nil
	queryKeys := keys
	from := after
	if backward {
		queryKeys = reversed(keys)
		from = before
	}
	domain := base
	skip := 0
	if from != nil {
		domain = and(base, seek(queryKeys, from))
		if coarse(keys) {
			var err error
			if skip, err = s.skipInGroup(ctx, sc.model, base, keys, from, backward); err != nil {
				return nil, err
			}
		}
	}
	var (
		rows  []record
		total = -1
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		rows, _, err = s.webSearchRead(gctx, sc.model, map[string]any{
			"domain":        domainOf(domain),
			"specification": spec,
			"offset":        skip,
			"limit":         limit + 1,
			"order":         orderOf(queryKeys),
			"count_limit":   1,
		})
		return err
	})
	if opt.Count {
		g.Go(func() error {
			var err error
			total, err = s.count(gctx, sc.model, base)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	cursors := cursorsFor(sc.resource, keys, rows, from, skip, backward)
	if backward {
		slices.Reverse(rows)
		slices.Reverse(cursors)
	}
	page := &Page[T]{Total: total, Limit: limit, cursors: cursors}
	if backward {
		page.HasPrevious, page.HasNext = more, from != nil
	} else {
		page.HasNext, page.HasPrevious = more, from != nil
	}
	page.Items = decodeAll(sc, rows, opt.Select)
	return page, nil
}

// skipInGroup is how many rows of the cursor's group (rows sharing its
// second-precision key values) lie at or before it in the query's
// direction; converting a count taken from the other end needs the
// group's size.
func (s *Service) skipInGroup(ctx context.Context, model string, base cond, keys []sortKey, c *cursor, backward bool) (int, error) {
	have, other := c.N, c.B
	if backward {
		have, other = c.B, c.N
	}
	if have > 0 {
		return have, nil
	}
	if other == 0 {
		return 0, nil
	}
	size, err := s.count(ctx, model, and(base, groupCond(keys[:len(keys)-1], c.Values)))
	if err != nil {
		return 0, err
	}
	return max(size-other+1, 0), nil
}

func decodeAll[T any](sc *schema[T], rows []record, sel Selection) []*T {
	out := make([]*T, len(rows))
	for i, r := range rows {
		out[i] = sc.decode(r, sel)
	}
	return out
}

// webSearchRead calls web_search_read and returns its records and length.
func (s *Service) webSearchRead(ctx context.Context, model string, kwargs map[string]any) ([]record, int, error) {
	v, err := s.execute(ctx, model, "web_search_read", nil, kwargs)
	if err != nil {
		return nil, 0, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, 0, &Error{Code: EInternal, Err: fmt.Errorf("odoo: web_search_read answered %T", v)}
	}
	rows, err := toRecords(m["records"])
	if err != nil {
		return nil, 0, &Error{Code: EInternal, Err: err}
	}
	length, _ := asInt(m["length"])
	return rows, length, nil
}

// count is search_count of a condition.
func (s *Service) count(ctx context.Context, model string, c cond) (int, error) {
	v, err := s.execute(ctx, model, "search_count", []any{domainOf(c)}, nil)
	if err != nil {
		return 0, err
	}
	n, ok := asInt(v)
	if !ok {
		return 0, &Error{Code: EInternal, Err: fmt.Errorf("odoo: search_count answered %T", v)}
	}
	return n, nil
}

// get reads one record by id; a missing id is not_found (Odoo's read of a
// missing id answers an empty list, not a fault).
func get[T any](ctx context.Context, s *Service, sc *schema[T], id int, sel Selection) (*T, error) {
	items, err := getMany(ctx, s, sc, []int{id}, sel)
	if err != nil {
		return nil, err
	}
	if items[0] == nil {
		return nil, Errorf(ENotFound, "No %s with id %d.", singular(sc.resource), id)
	}
	return items[0], nil
}

// getMany reads records by id in one call, answering them in the order of
// ids with nil for the missing ones (the shape data loaders need).
func getMany[T any](ctx context.Context, s *Service, sc *schema[T], ids []int, sel Selection) ([]*T, error) {
	p := Problems{}
	sc.check(sel, p, "fields")
	for _, id := range ids {
		if id <= 0 || id > maxXMLRPCInt {
			p.Add("id", fmt.Sprintf("%d is not a valid id", id))
			break
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	out := make([]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Filtering on the resource's base domain keeps a get from reaching
	// records outside the resource (a vendor bill through /invoices).
	var rows []record
	if sc.base != nil {
		var err error
		rows, _, err = s.webSearchRead(ctx, sc.model, map[string]any{
			"domain":        domainOf(and(sc.base, is("id", "in", intsAny(ids)))),
			"specification": sc.spec(s, sel),
			"count_limit":   1,
		})
		if err != nil {
			return nil, err
		}
	} else {
		v, err := s.execute(ctx, sc.model, "web_read", []any{ids}, map[string]any{"specification": sc.spec(s, sel)})
		if err != nil {
			return nil, err
		}
		if rows, err = toRecords(v); err != nil {
			return nil, &Error{Code: EInternal, Err: err}
		}
	}
	byID := make(map[int]*T, len(rows))
	for _, r := range rows {
		byID[r.id()] = sc.decode(r, sel)
	}
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// singular names one record of a resource in messages.
func singular(resource string) string {
	switch resource {
	case "partners":
		return "partner"
	case "countries":
		return "country"
	case "products":
		return "product"
	case "sale_orders":
		return "sale order"
	case "sale_order_lines":
		return "sale order line"
	case "invoices":
		return "invoice"
	case "invoice_lines":
		return "invoice line"
	}
	return "record"
}
