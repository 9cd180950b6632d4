package odoosim

import (
	"fmt"
	"strings"
)

// Roles decide model access and record rules. They stand for the Odoo
// groups of the demo users.
const (
	roleAdmin       = "admin"     // Settings / Administrator
	roleSalesOwn    = "sales_own" // Sales / User: Own Documents Only
	roleSalesAll    = "sales_all" // Sales / User: All Documents
	rolePortal      = "portal"    // Portal
	roleSystem      = "system"    // OdooBot, never logs in
	rolePublic      = "public"    // Public user, archived
	operationRead   = "read"
	operationWrite  = "write"
	operationCreate = "create"
	operationUnlink = "unlink"
)

// userRecord returns the res.users record of uid, or nil.
func (e *env) userRecord(uid int) *record { return e.rec("res.users", uid) }

func (e *env) role() string {
	if e.sudo {
		return roleAdmin
	}
	r := e.userRecord(e.uid)
	if r == nil {
		return ""
	}
	s, _ := r.vals["role"].(string)
	return s
}

// login checks credentials like res.users._login: the password or an RPC
// API key of an active user. It returns 0 when they are wrong.
func (st *store) login(login, secret string) int {
	t := st.tables["res.users"]
	if t == nil || secret == "" {
		return 0
	}
	for _, id := range t.sortedIDs() {
		r := t.recs[id]
		if l, _ := r.vals["login"].(string); l != login {
			continue
		}
		if active, _ := r.vals["active"].(bool); !active {
			return 0
		}
		if checkSecret(r, secret) {
			return id
		}
		return 0
	}
	return 0
}

func checkSecret(r *record, secret string) bool {
	if pw, _ := r.vals["password"].(string); pw != "" && pw == secret {
		return true
	}
	if key, _ := r.vals["api_key"].(string); key != "" && key == secret {
		return true
	}
	return false
}

// checkUID validates the credentials of an object call: an unknown uid is
// a MissingError (capture 10), a bad secret AccessDenied.
func (st *store) checkUID(uid int, secret string) *odooError {
	t := st.tables["res.users"]
	var r *record
	if t != nil {
		r = t.recs[uid]
	}
	if r == nil {
		return missingError("res.users", []int{uid}, uid)
	}
	active, _ := r.vals["active"].(bool)
	if !active || !checkSecret(r, secret) {
		return &odooError{kind: errAccessDenied, msg: "Access Denied"}
	}
	return nil
}

// modelACL is what a non-admin role may do on a model, and which groups
// Odoo would name in the refusal.
type modelACL struct {
	read, write, create, unlink bool
	groups                      string
}

var readOnlyACL = modelACL{read: true, groups: "\t- Role / Administrator"}

// salesACL is the access of the Sales / User groups.
var salesACL = map[string]modelACL{
	"res.partner":          {read: true, write: true, create: true, groups: "\t- Role / Administrator\n\t- Extra Rights / Contact Creation"},
	"res.partner.category": {read: true, groups: "\t- Extra Rights / Contact Creation"},
	"product.product":      {read: true, groups: "\t- Products/Create"},
	"product.category":     {read: true, groups: "\t- Products/Create"},
	"sale.order":           {read: true, write: true, create: true, unlink: true},
	"sale.order.line":      {read: true, write: true, create: true, unlink: true},
	"account.move":         {read: true, groups: "\t- Invoicing / Billing"},
	"account.move.line":    {read: true, groups: "\t- Invoicing / Billing"},
	"mail.message":         {read: true, create: true},
}

var operationWords = map[string]string{
	operationRead:   "access",
	operationWrite:  "modify",
	operationCreate: "create",
	operationUnlink: "delete",
}

// checkAccess enforces model access rights (ir.model.access).
func (e *env) checkAccess(m *model, op string) error {
	role := e.role()
	if role == roleAdmin || role == roleSystem {
		return nil
	}
	acl, ok := salesACL[m.name]
	if !ok {
		acl = readOnlyACL
	}
	if role == rolePortal || role == rolePublic || role == "" {
		acl = modelACL{read: m.name == "res.country" || m.name == "res.country.state" || m.name == "res.currency", groups: "\t- Role / User"}
	}
	allowed := map[string]bool{operationRead: acl.read, operationWrite: acl.write, operationCreate: acl.create, operationUnlink: acl.unlink}[op]
	if allowed {
		return nil
	}
	return accessError(fmt.Sprintf("You are not allowed to %s '%s' (%s) records.\n\nThis operation is allowed for the following groups:\n%s\n\nContact your administrator to request access if necessary.",
		operationWords[op], m.description, m.name, acl.groups))
}

// ruleDomain is the record rule domain of the user on m, or nil. The
// own-documents sales group sees its own orders and unassigned ones.
func (e *env) ruleDomain(m *model) []any {
	if e.role() != roleSalesOwn {
		return nil
	}
	switch m.name {
	case "sale.order":
		return []any{"|", []any{"user_id", "=", e.uid}, []any{"user_id", "=", false}}
	case "sale.order.line":
		return []any{"|", []any{"order_id.user_id", "=", e.uid}, []any{"order_id.user_id", "=", false}}
	case "account.move":
		return []any{"|", []any{"invoice_user_id", "=", e.uid}, []any{"invoice_user_id", "=", false}}
	}
	return nil
}

// rulePred compiles the record rules of m for the current user.
func (e *env) rulePred(m *model) pred {
	d := e.ruleDomain(m)
	if d == nil {
		return nil
	}
	saved := e.sudo
	e.sudo = true
	p, err := e.compileDomain(m, d, domainCtx{})
	e.sudo = saved
	if err != nil {
		return matchNone
	}
	return p
}

// checkRules raises Odoo's record-rule AccessError when some of recs are
// outside the user's rules.
func (e *env) checkRules(m *model, recs []*record, op string) error {
	p := e.rulePred(m)
	if p == nil {
		return nil
	}
	for _, r := range recs {
		if !p(r) {
			return accessError(fmt.Sprintf("Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, %s (id=%d) doesn't have '%s' access to:\n- %s (%s)\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.",
				e.displayNameOf("res.users", e.uid), e.uid, op, m.description, m.name))
		}
	}
	return nil
}

// activeUsersOf lists the active internal users linked to partner ids.
func (e *env) activeUsersOf(partnerIDs []int) []*record {
	set := idSet(partnerIDs)
	var out []*record
	t := e.st.table("res.users")
	for _, id := range t.sortedIDs() {
		r := t.recs[id]
		if active, _ := r.vals["active"].(bool); !active {
			continue
		}
		if p, _ := r.vals["partner_id"].(int); set[p] {
			out = append(out, r)
		}
	}
	return out
}

func (e *env) userNames(users []*record) string {
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = e.displayNameOf("res.users", u.id)
	}
	return strings.Join(names, ", ")
}

// runContextGet is res.users.context_get: the current user's lang and tz
// (False when unset) and uid, whatever the model's access rights.
func runContextGet(c *call) (any, error) {
	d := newDict()
	u := c.e.userRecord(c.e.uid)
	for _, name := range []string{"lang", "tz"} {
		var v any = false
		if f := c.m.byName[name]; f != nil && u != nil {
			v = c.e.readValue(c.m, u, f, true)
		}
		d.Set(name, v)
	}
	d.Set("uid", c.e.uid)
	return d, nil
}
