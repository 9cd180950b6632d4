package access

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"odoo-gateway/odoo"
)

// Scopes a principal can hold. Every REST route and every GraphQL field that
// reads or writes data requires one of them.
const (
	ScopePartnersRead  = "partners:read"
	ScopePartnersWrite = "partners:write"
	ScopeProductsRead  = "products:read"
	ScopeOrdersRead    = "orders:read"
	ScopeInvoicesRead  = "invoices:read"
	ScopeCountriesRead = "countries:read"
	// ScopeAll grants every scope, including ones added later.
	ScopeAll = "*"
)

// Scopes lists every concrete scope (not ScopeAll), in a stable order, for
// tables, tests and the demo keys.
var Scopes = []string{
	ScopePartnersRead, ScopePartnersWrite, ScopeProductsRead,
	ScopeOrdersRead, ScopeInvoicesRead, ScopeCountriesRead,
}

// ReadScopes lists the scopes that only read, for read-only keys.
var ReadScopes = []string{
	ScopePartnersRead, ScopeProductsRead, ScopeOrdersRead,
	ScopeInvoicesRead, ScopeCountriesRead,
}

// IsScope reports whether s is a known scope or ScopeAll.
func IsScope(s string) bool {
	return s == ScopeAll || slices.Contains(Scopes, s)
}

// ParseScopes splits a comma- or space-separated list of scopes, as given on
// a command line, and rejects unknown ones so that a typo never creates a
// key that silently cannot do what was meant. Duplicates are dropped.
func ParseScopes(list string) ([]string, error) {
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' })
	return normalizeScopes(fields)
}

// normalizeScopes validates scopes, drops duplicates and keeps their order.
func normalizeScopes(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !IsScope(s) {
			return nil, fmt.Errorf("unknown scope %q (known: %s, %s)", s, strings.Join(Scopes, ", "), ScopeAll)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// Kind says how a principal proved who it is.
type Kind string

// Kinds of principal.
const (
	KindKey Kind = "key"
	KindJWT Kind = "jwt"
)

// Principal is who a request acts for: the holder of an API key or the
// subject of a JWT. It travels in the request context.
type Principal struct {
	// Name identifies the principal in logs and rate-limit budgets: the
	// key's name (overlapping keys of one client share it, and so share one
	// budget) or "jwt:" followed by the token's subject.
	Name string
	// Kind is KindKey or KindJWT.
	Kind Kind
	// KeyID is the id of the API key used (empty for a JWT), so that logs
	// can tell two overlapping keys of one name apart.
	KeyID string
	// Scopes are the scopes granted; ScopeAll grants every scope.
	Scopes []string
	// RatePerMin is the principal's budget of requests per minute.
	RatePerMin int
	// Origins narrows the CORS origins the principal may be used from;
	// empty means every origin the gateway allows.
	Origins []string
	// ExpiresAt is when the key or token stops working; zero means never.
	ExpiresAt time.Time
}

// Can reports whether the principal holds scope (directly or through
// ScopeAll). A nil principal can do nothing.
func (p *Principal) Can(scope string) bool {
	if p == nil {
		return false
	}
	return slices.ContainsFunc(p.Scopes, func(held string) bool { return Grants(held, scope) })
}

// implied maps a scope to the scope it includes: who may write partners
// may read them, since every write answers the record it wrote (and an
// empty update would otherwise read any partner without partners:read).
var implied = map[string]string{
	ScopePartnersWrite: ScopePartnersRead,
}

// Grants reports whether holding scope held allows what wanted guards:
// the same scope, "*", or a scope that includes it (partners:write
// includes partners:read).
func Grants(held, wanted string) bool {
	return held == ScopeAll || held == wanted || implied[held] == wanted
}

type principalKey struct{}

// WithPrincipal returns a context carrying p. Authenticate does this for
// every request; tests and in-process callers (a GraphQL resolver test, a
// job acting for a known client) may do it directly.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of ctx, if the request was
// authenticated.
func PrincipalFrom(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	return p, ok && p != nil
}

// ScopeError is the cause inside the forbidden error of a missing scope, so
// that error writers can name the scope (REST in WWW-Authenticate, GraphQL
// in extensions).
type ScopeError struct {
	// Scope is the scope the principal lacks.
	Scope string
}

// Error names the missing scope.
func (e *ScopeError) Error() string { return "missing scope " + e.Scope }

// MissingScope returns the scope that err says is missing, if err is the
// refusal of Allow or Require.
func MissingScope(err error) (string, bool) {
	var se *ScopeError
	if errors.As(err, &se) {
		return se.Scope, true
	}
	return "", false
}

// Allow answers "may the principal of ctx do what scope grants": nil, an
// unauthorized error when there is no principal, or a forbidden error
// naming the scope. It is the one place where scopes are checked: REST
// routes (through Require) and the GraphQL @hasScope directive call it.
func Allow(ctx context.Context, scope string) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return &odoo.Error{Code: odoo.EUnauthorized, Message: "Authentication is required."}
	}
	if p.Can(scope) {
		return nil
	}
	return &odoo.Error{
		Code:    odoo.EForbidden,
		Message: fmt.Sprintf("This request needs the %q scope, which the credential does not have.", scope),
		Err:     &ScopeError{Scope: scope},
	}
}

// Require returns middleware that lets a request through only if its
// principal holds scope, and otherwise answers 403 naming the scope (with
// WWW-Authenticate: Bearer error="insufficient_scope"). It panics on an
// unknown scope, so that a typo in a route table fails at startup.
func Require(scope string) func(http.Handler) http.Handler {
	if !IsScope(scope) {
		panic(fmt.Sprintf("access.Require: unknown scope %q", scope))
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := Allow(r.Context(), scope); err != nil {
				WriteError(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
