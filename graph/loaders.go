package graph

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vikstrous/dataloadgen"

	"odoo-gateway/odoo"
)

// Relations are normally read with their parent (see selection.go). When
// a parent arrives without its related record (an idempotent replay, a
// record read before the relation was known), the relation resolver loads
// it through a request-scoped loader, which batches the ids of one level of
// the query into one upstream call and caches them for the request.

// loaderWait is how long a loader collects ids before calling upstream.
// gqlgen resolves the items of a list concurrently, so one level's ids
// arrive within microseconds; the wait only has to cover scheduling (a
// stall beyond it splits the batch in two, which costs a call, not a
// wrong answer).
const loaderWait = 5 * time.Millisecond

// recordLoaders loads records of one type by id. Loads with different
// selections cannot share a call, so there is one loader per selection.
type recordLoaders[T any] struct {
	read func(ctx context.Context, ids []int, sel odoo.Selection) ([]*T, error)

	mu    sync.Mutex
	bySel map[string]*dataloadgen.Loader[int, *T]
}

func newRecordLoaders[T any](read func(context.Context, []int, odoo.Selection) ([]*T, error)) *recordLoaders[T] {
	return &recordLoaders[T]{read: read, bySel: map[string]*dataloadgen.Loader[int, *T]{}}
}

// load returns the record with id read with sel, or nil if there is none.
func (l *recordLoaders[T]) load(ctx context.Context, id int, sel odoo.Selection) (*T, error) {
	key := selectionKey(sel)
	l.mu.Lock()
	loader, ok := l.bySel[key]
	if !ok {
		loader = dataloadgen.NewLoader(func(ctx context.Context, ids []int) ([]*T, []error) {
			items, err := l.read(ctx, ids, sel)
			if err != nil {
				return nil, []error{err}
			}
			return items, nil
		}, dataloadgen.WithWait(loaderWait))
		l.bySel[key] = loader
	}
	l.mu.Unlock()
	return loader.Load(ctx, id)
}

// requestState is what one GraphQL request shares between its resolvers.
type requestState struct {
	partners   *recordLoaders[odoo.Partner]
	countries  *recordLoaders[odoo.Country]
	products   *recordLoaders[odoo.Product]
	saleOrders *recordLoaders[odoo.SaleOrder]
	invoices   *recordLoaders[odoo.Invoice]
	// replayed is set when a mutation answered from the idempotency
	// store, for the Idempotent-Replayed header.
	replayed atomic.Bool
}

func newRequestState(o Odoo) *requestState {
	return &requestState{
		partners:   newRecordLoaders(o.PartnersByID),
		countries:  newRecordLoaders(o.CountriesByID),
		products:   newRecordLoaders(o.ProductsByID),
		saleOrders: newRecordLoaders(o.SaleOrdersByID),
		invoices:   newRecordLoaders(o.InvoicesByID),
	}
}

type requestStateKey struct{}

// withRequestState is the HTTP middleware that gives every request its own
// loaders, so that nothing cached outlives the request (or leaks between
// principals).
func withRequestState(o Odoo, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), requestStateKey{}, newRequestState(o))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// stateFrom returns the request's state; outside the middleware (a test
// calling a resolver directly) it returns a fresh one, which still works
// but batches nothing across calls.
func (r *Resolver) stateFrom(ctx context.Context) *requestState {
	if st, ok := ctx.Value(requestStateKey{}).(*requestState); ok {
		return st
	}
	return newRequestState(r.odoo)
}

// related returns a relation's record: the one read with the parent if
// there is one, otherwise a load by id with the field's sub-selection.
func related[T any](ctx context.Context, prefetched *T, ref *odoo.Ref, loaders *recordLoaders[T], typeName string) (*T, error) {
	if prefetched != nil {
		return prefetched, nil
	}
	if ref == nil {
		return nil, nil
	}
	return loaders.load(ctx, ref.ID, recordSelection(ctx, typeName))
}
