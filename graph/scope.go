package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"odoo-gateway/access"
)

// hasScope implements @hasScope: the field resolves only if the request's
// principal holds scope; otherwise it is null with a FORBIDDEN error naming
// the scope, and the rest of the query still answers. The check is the
// access stack's, the same one REST routes use.
func hasScope(ctx context.Context, _ any, next graphql.Resolver, scope string) (any, error) {
	if err := access.Allow(ctx, scope); err != nil {
		return nil, err
	}
	return next(ctx)
}
