package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"odoo-gateway/odoo"
)

// Query limits, checked after parsing and validation and before any
// resolver runs, so that a query over a limit never reaches Odoo.

// Defaults of the limits (Config overrides them).
const (
	DefaultMaxDepth      = 10
	DefaultMaxComplexity = 5000
	DefaultMaxTokens     = 15000
)

// Cost model. Every field costs 1. A field that makes an upstream call (a
// root field, a mutation, any connection, nested ones included) adds
// callCost, so that the limit also bounds the calls a query can cause: at
// the default limit, a query makes at most 100. A connection's items cost
// its page size (first or last, default 50) times their own cost; a plain
// list of records (an order's lines) counts as listEstimate items, while a
// list of Refs (tags, taxes: ids and names) counts once.
const (
	callCost     = 50
	listEstimate = 10
)

// Codes of the limit errors in extensions.code.
const (
	CodeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	CodeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"
)

// limits is a gqlgen extension that refuses operations deeper or costlier
// than allowed. gqlgen's own ComplexityLimit multiplies a connection's
// pageInfo and totalCount by its page size as well, which would refuse an
// ordinary page of 200 items; this cost model multiplies only the items.
type limits struct {
	maxDepth, maxComplexity int
	// observe, if set, records each operation's cost.
	observe func(float64)
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = limits{}

// ExtensionName names the extension in gqlgen.
func (limits) ExtensionName() string { return "QueryLimits" }

// Validate accepts any schema.
func (limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses an operation over a limit.
func (l limits) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	set := op.Operation.SelectionSet
	if d := depth(set); d > l.maxDepth {
		return limitError(CodeDepthLimit,
			fmt.Sprintf("The query is %d levels deep, more than the limit of %d.", d, l.maxDepth),
			map[string]any{"depth": d, "limit": l.maxDepth})
	}
	c := cost(set, op.Variables)
	if l.observe != nil {
		l.observe(float64(c))
	}
	if c > l.maxComplexity {
		return limitError(CodeComplexityLimit,
			fmt.Sprintf("The query has a complexity of %d, more than the limit of %d; ask for fewer items (first/last) or fewer nested connections.", c, l.maxComplexity),
			map[string]any{"complexity": c, "limit": l.maxComplexity})
	}
	return nil
}

func limitError(code, msg string, ext map[string]any) *gqlerror.Error {
	ext["code"] = code
	return &gqlerror.Error{Message: msg, Extensions: ext}
}

// fields expands fragments: the fields a selection set selects, whatever
// type condition they come under (so the count is the worst case).
func fields(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			// Introspection has its own depth rule in the validator and
			// never reaches Odoo.
			if !strings.HasPrefix(s.Name, "__") {
				out = append(out, s)
			}
		case *ast.InlineFragment:
			out = append(out, fields(s.SelectionSet)...)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				out = append(out, fields(s.Definition.SelectionSet)...)
			}
		}
	}
	return out
}

// depth is the number of nested fields of the deepest path.
func depth(set ast.SelectionSet) int {
	d := 0
	for _, f := range fields(set) {
		d = max(d, 1+depth(f.SelectionSet))
	}
	return d
}

// cost adds up the cost of a selection set (see the cost model above).
func cost(set ast.SelectionSet, vars map[string]any) int {
	total := 0
	for _, f := range fields(set) {
		total = add(total, fieldCost(f, vars))
	}
	return total
}

func fieldCost(f *ast.Field, vars map[string]any) int {
	c := 1
	if callsUpstream(f) {
		c += callCost
	}
	if f.Definition == nil || f.Definition.Type == nil {
		return c
	}
	t := f.Definition.Type
	switch {
	case strings.HasSuffix(t.Name(), "Connection") && t.Elem == nil:
		n := pageSize(f.ArgumentMap(vars))
		for _, sub := range fields(f.SelectionSet) {
			if sub.Name == "nodes" || sub.Name == "edges" {
				c = add(c, add(1, mul(n, cost(sub.SelectionSet, vars))))
			} else {
				c = add(c, fieldCost(sub, vars))
			}
		}
	case t.Elem != nil && t.Name() != "Ref" && len(f.SelectionSet) > 0:
		c = add(c, mul(listEstimate, cost(f.SelectionSet, vars)))
	default:
		c = add(c, cost(f.SelectionSet, vars))
	}
	return c
}

// callsUpstream reports whether resolving f calls Odoo: root fields but
// viewer, mutations, and connections.
func callsUpstream(f *ast.Field) bool {
	if f.ObjectDefinition != nil {
		switch f.ObjectDefinition.Name {
		case "Query":
			return f.Name != "viewer"
		case "Mutation":
			return true
		}
	}
	return f.Definition != nil && f.Definition.Type != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection")
}

// pageSize is the number of items a connection asks for; out-of-range
// values count as the maximum (the resolver refuses them with a clearer
// message than a complexity error would give).
func pageSize(args map[string]any) int {
	n := odoo.DefaultLimit
	for _, name := range []string{"first", "last"} {
		if v, ok := args[name]; ok && v != nil {
			n = toInt(v)
		}
	}
	return min(max(n, 0), odoo.MaxLimit)
}

func toInt(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(min(max(v, -1), odoo.MaxLimit+1))
	case interface{ Int64() (int64, error) }:
		n, err := v.Int64()
		if err != nil {
			return odoo.MaxLimit
		}
		return int(min(max(n, -1), odoo.MaxLimit+1))
	}
	return odoo.MaxLimit
}

// add and mul saturate, so that no query can overflow its way under the
// limit.
const maxCost = 1 << 40

func add(a, b int) int { return min(a+b, maxCost) }

func mul(a, b int) int {
	if a != 0 && b > maxCost/a {
		return maxCost
	}
	return min(a*b, maxCost)
}
