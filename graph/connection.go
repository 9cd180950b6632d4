package graph

import (
	"context"
	"fmt"
	"strings"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Relay cursor connections over the data service's keyset pages: first
// and after page forwards, last and before backwards, and every item's
// cursor holds its sort key values and id, so a page never shifts when
// records are inserted or deleted before it.

// pageArgs are the Relay arguments of a connection field.
type pageArgs struct {
	first, last   *int
	after, before *string
}

// options turns the arguments into the service's list options. empty is
// set for first: 0 or last: 0, which ask for no items (only totalCount or
// pageInfo): the service still reads one row, to tell whether there is one.
func (a pageArgs) options(sort string, sel odoo.Selection, count bool) (opt odoo.ListOptions, empty bool, err error) {
	p := odoo.Problems{}
	checkSize := func(name string, n *int) {
		if n != nil && (*n < 0 || *n > odoo.MaxLimit) {
			p.Add(name, fmt.Sprintf("must be between 0 and %d", odoo.MaxLimit))
		}
	}
	checkSize("first", a.first)
	checkSize("last", a.last)
	if a.first != nil && a.last != nil {
		p.Add("last", "cannot be combined with first")
	}
	if a.after != nil && a.last != nil {
		p.Add("after", "cannot be combined with last; page backwards with before")
	}
	if a.before != nil && a.first != nil {
		p.Add("before", "cannot be combined with first; page forwards with after")
	}
	if err := p.Err(); err != nil {
		return opt, false, err
	}
	opt = odoo.ListOptions{Select: sel, Sort: sort, Count: count, Limit: odoo.DefaultLimit}
	n := a.first
	if a.last != nil || (a.before != nil && a.first == nil) {
		opt.Backward = true
		n = a.last
	}
	if n != nil {
		opt.Limit = *n
	}
	if opt.Limit == 0 {
		opt.Limit, empty = 1, true
	}
	if a.after != nil {
		opt.After = *a.after
	}
	if a.before != nil {
		opt.Before = *a.before
	}
	return opt, empty, nil
}

// connection is the part every connection type shares.
type connection[T any] struct {
	cursors []string
	nodes   []*T
	info    *model.PageInfo
	total   int
}

// connectionOf renders a page. For an empty request (first: 0), the one row
// read only tells whether the list continues in the direction of paging.
func connectionOf[T any](page *odoo.Page[T], opt odoo.ListOptions, empty bool) connection[T] {
	c := connection[T]{
		nodes: page.Items,
		info:  &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: page.HasPrevious},
		total: max(page.Total, 0),
	}
	if empty {
		more := len(page.Items) > 0
		if opt.Backward {
			c.info.HasPreviousPage = more
		} else {
			c.info.HasNextPage = more
		}
		c.nodes = []*T{}
		return c
	}
	c.cursors = make([]string, len(page.Items))
	for i := range page.Items {
		c.cursors[i] = page.Cursor(i)
	}
	if n := len(c.cursors); n > 0 {
		c.info.StartCursor, c.info.EndCursor = &c.cursors[0], &c.cursors[n-1]
	}
	return c
}

// list reads one page of a connection field: the Selection comes from the
// field's selection set, the total is counted only when selected.
func list[T, C any](ctx context.Context, nodeType string, args pageArgs, sort string,
	read func(odoo.ListOptions) (*odoo.Page[T], error), build func(connection[T]) C) (C, error) {
	var zero C
	sel, count := connectionSelection(ctx, nodeType)
	opt, empty, err := args.options(sort, sel, count)
	if err != nil {
		return zero, err
	}
	page, err := read(opt)
	if err != nil {
		return zero, err
	}
	return build(connectionOf(page, opt, empty)), nil
}

// Builders of the generated connection types.

func partnerConnection(c connection[odoo.Partner]) *model.PartnerConnection {
	edges := make([]*model.PartnerEdge, len(c.cursors))
	for i, cur := range c.cursors {
		edges[i] = &model.PartnerEdge{Cursor: cur, Node: c.nodes[i]}
	}
	return &model.PartnerConnection{Edges: edges, Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total}
}

func countryConnection(c connection[odoo.Country]) *model.CountryConnection {
	edges := make([]*model.CountryEdge, len(c.cursors))
	for i, cur := range c.cursors {
		edges[i] = &model.CountryEdge{Cursor: cur, Node: c.nodes[i]}
	}
	return &model.CountryConnection{Edges: edges, Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total}
}

func productConnection(c connection[odoo.Product]) *model.ProductConnection {
	edges := make([]*model.ProductEdge, len(c.cursors))
	for i, cur := range c.cursors {
		edges[i] = &model.ProductEdge{Cursor: cur, Node: c.nodes[i]}
	}
	return &model.ProductConnection{Edges: edges, Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total}
}

func saleOrderConnection(c connection[odoo.SaleOrder]) *model.SaleOrderConnection {
	edges := make([]*model.SaleOrderEdge, len(c.cursors))
	for i, cur := range c.cursors {
		edges[i] = &model.SaleOrderEdge{Cursor: cur, Node: c.nodes[i]}
	}
	return &model.SaleOrderConnection{Edges: edges, Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total}
}

func invoiceConnection(c connection[odoo.Invoice]) *model.InvoiceConnection {
	edges := make([]*model.InvoiceEdge, len(c.cursors))
	for i, cur := range c.cursors {
		edges[i] = &model.InvoiceEdge{Cursor: cur, Node: c.nodes[i]}
	}
	return &model.InvoiceConnection{Edges: edges, Nodes: c.nodes, PageInfo: c.info, TotalCount: c.total}
}

// sortKey is one orderBy entry: a sort field enum value and a direction.
type sortKey struct {
	field string
	dir   *model.SortDirection
}

// sortOf renders orderBy as the service's sort ("name,-id"); the enum
// values are the service's sort keys in upper case. No entries means the
// resource's default order.
func sortOf(keys []sortKey) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		name := strings.ToLower(k.field)
		if k.dir != nil && *k.dir == model.SortDirectionDesc {
			name = "-" + name
		}
		parts = append(parts, name)
	}
	return strings.Join(parts, ",")
}

// sortKeys adapts a list of generated sort inputs for sortOf.
func sortKeys[S any](in []*S, key func(*S) sortKey) []sortKey {
	out := make([]sortKey, 0, len(in))
	for _, s := range in {
		if s != nil {
			out = append(out, key(s))
		}
	}
	return out
}

func partnerSort(in []*model.PartnerSort) string {
	return sortOf(sortKeys(in, func(s *model.PartnerSort) sortKey { return sortKey{string(s.Field), s.Direction} }))
}

func productSort(in []*model.ProductSort) string {
	return sortOf(sortKeys(in, func(s *model.ProductSort) sortKey { return sortKey{string(s.Field), s.Direction} }))
}

func saleOrderSort(in []*model.SaleOrderSort) string {
	return sortOf(sortKeys(in, func(s *model.SaleOrderSort) sortKey { return sortKey{string(s.Field), s.Direction} }))
}

func invoiceSort(in []*model.InvoiceSort) string {
	return sortOf(sortKeys(in, func(s *model.InvoiceSort) sortKey { return sortKey{string(s.Field), s.Direction} }))
}

func countrySort(in []*model.CountrySort) string {
	return sortOf(sortKeys(in, func(s *model.CountrySort) sortKey { return sortKey{string(s.Field), s.Direction} }))
}

// deref returns *p, or the zero value for nil (no filter).
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
