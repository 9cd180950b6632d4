package odoosim

import (
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// partnerFamily is the partner and all its descendants (child_of).
func partnerFamily(e *env, id int) []int {
	out := []int{id}
	for i := 0; i < len(out); i++ {
		out = append(out, e.referrers("res.partner", "parent_id", out[i])...)
	}
	return out
}

func commercialPartner(e *env, r *record) *record {
	seen := map[int]bool{}
	for cur := r; cur != nil && !seen[cur.id]; {
		seen[cur.id] = true
		parent := e.ref("res.partner", cur, "parent_id")
		if e.flag("res.partner", cur, "is_company") || parent == nil {
			return cur
		}
		cur = parent
	}
	return r
}

// partnerCompleteName is res.partner._get_complete_name.
func partnerCompleteName(e *env, r *record) string {
	const model = "res.partner"
	name := e.str(model, r, "name")
	parent := e.ref(model, r, "parent_id")
	if e.str(model, r, "company_name") != "" || parent != nil {
		typ := e.str(model, r, "type")
		if name == "" && (typ == "invoice" || typ == "delivery" || typ == "other") {
			name = e.reg.model(model).selectionLabel("type", typ)
		}
		if !e.flag(model, r, "is_company") {
			company, _ := e.value(model, r, "commercial_company_name").(string)
			if company == "" && parent != nil {
				company = e.str(model, parent, "name")
			}
			name = company + ", " + name
		}
	}
	return strings.TrimSpace(name)
}

// partnerAddress is _display_address with the company line.
func partnerAddress(e *env, r *record) string {
	const model = "res.partner"
	stateCode, countryName := "", ""
	if s := e.ref(model, r, "state_id"); s != nil {
		stateCode = e.str("res.country.state", s, "code")
	}
	if c := e.ref(model, r, "country_id"); c != nil {
		countryName = e.str("res.country", c, "name")
	}
	addr := fmt.Sprintf("%s\n%s\n%s %s %s\n%s",
		e.str(model, r, "street"), e.str(model, r, "street2"),
		e.str(model, r, "city"), stateCode, e.str(model, r, "zip"), countryName)
	if company, _ := e.value(model, r, "commercial_company_name").(string); company != "" {
		addr = company + "\n" + addr
	}
	return addr
}

func hierarchicalName(e *env, model string, r *record, sep string) string {
	var parts []string
	seen := map[int]bool{}
	for cur := r; cur != nil && !seen[cur.id]; cur = e.ref(model, cur, "parent_id") {
		seen[cur.id] = true
		parts = append([]string{e.str(model, cur, "name")}, parts...)
	}
	return strings.Join(parts, sep)
}

func messagesOf(e *env, model string, id int) []int {
	var out []int
	for _, mid := range e.referrers("mail.message", "res_id", id) {
		if e.rec("mail.message", mid).vals["model"] == model {
			out = append(out, mid)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// avatarSVG is avatar.mixin._avatar_generate_svg: the initial on a colour
// derived from the name and creation date.
func avatarSVG(name, createDate string) any {
	if name == "" {
		return nil
	}
	seed := name
	if t, err := time.Parse("2006-01-02 15:04:05", truncSeconds(createDate)); err == nil {
		seed += strconv.FormatFloat(float64(t.Unix()), 'f', 1, 64)
	}
	sum := fmt.Sprintf("%x", sha512.Sum512([]byte(seed)))
	h, _ := strconv.ParseInt(sum[0:2], 16, 64)
	s, _ := strconv.ParseInt(sum[2:4], 16, 64)
	hue := float64(h) * 360 / 255
	sat := float64(s)*((70-40)/255.0) + 40
	initial := xmlEscape(strings.ToUpper(string([]rune(name)[:1])))
	svg := "<?xml version='1.0' encoding='UTF-8' ?>" +
		"<svg height='180' width='180' xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>" +
		fmt.Sprintf("<rect fill='hsl(%.0f, %.0f%%, 45%%)' height='180' width='180'/>", hue, sat) +
		"<text fill='#ffffff' font-size='96' text-anchor='middle' x='90' y='125' font-family='sans-serif'>" + initial + "</text></svg>"
	return base64.StdEncoding.EncodeToString([]byte(svg))
}

func truncSeconds(s string) string {
	if len(s) > 19 {
		return s[:19]
	}
	return s
}

func partnerBeforeCreate(e *env, vals map[string]any) error {
	if w, ok := vals["website"].(string); ok {
		vals["website"] = cleanWebsite(w)
	}
	return nil
}

// cleanWebsite adds the scheme Odoo adds to bare websites.
func cleanWebsite(w string) string {
	if w == "" || strings.Contains(w, "://") {
		return w
	}
	return "http://" + w
}

// partnerAfterWrite syncs address and commercial fields between companies
// and their contacts.
func partnerAfterWrite(e *env, r *record, changed map[string]any) error {
	const model = "res.partner"
	if w, ok := changed["website"].(string); ok && cleanWebsite(w) != w {
		e.set(model, r, "website", cleanWebsite(w))
	}
	parent := e.ref(model, r, "parent_id")
	_, parentChanged := changed["parent_id"]
	if parent != nil && parentChanged {
		if e.str(model, r, "type") == "contact" {
			for _, k := range partnerAddressFields {
				e.set(model, r, k, parent.vals[k])
			}
		}
	}
	if parent != nil && (parentChanged || changed["is_company"] == false) {
		cp := commercialPartner(e, parent)
		for _, k := range commercialFields {
			e.set(model, r, k, cp.vals[k])
		}
	}
	// Propagate to children.
	for _, cid := range e.referrers(model, "parent_id", r.id) {
		child := e.rec(model, cid)
		for _, k := range partnerAddressFields {
			if _, ok := changed[k]; ok && e.str(model, child, "type") == "contact" {
				e.set(model, child, k, r.vals[k])
			}
		}
		if e.flag(model, r, "is_company") || commercialPartner(e, r) != r {
			for _, k := range commercialFields {
				if _, ok := changed[k]; ok && !e.flag(model, child, "is_company") {
					e.set(model, child, k, r.vals[k])
				}
			}
		}
	}
	return nil
}

func partnerCheck(e *env, r *record) error {
	const model = "res.partner"
	if e.str(model, r, "type") == "contact" && r.vals["name"] == nil {
		return validationError("The operation cannot be completed: Contacts require a name")
	}
	seen := map[int]bool{}
	for cur := r; cur != nil; cur = e.ref(model, cur, "parent_id") {
		if seen[cur.id] {
			return validationError("You cannot create recursive Partner hierarchies.")
		}
		seen[cur.id] = true
	}
	if !e.flag(model, r, "active") {
		if users := e.activeUsersOf([]int{r.id}); len(users) > 0 {
			return validationError("You cannot archive contacts linked to an active user.\nAsk an administrator to archive their associated user first.\n\nLinked active users :\n" + e.userNames(users))
		}
	}
	return nil
}

// partnerBeforeUnlink refuses to delete partners of active users with
// Odoo's RedirectWarning, whose str() is the repr of its arguments.
func partnerBeforeUnlink(e *env, ids []int) error {
	users := e.activeUsersOf(ids)
	if len(users) == 0 {
		return nil
	}
	msg := "You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : " + e.userNames(users)
	ctx := newDict()
	ctx.Set("create", false)
	action := newDict()
	action.Set("type", "ir.actions.act_window")
	action.Set("res_model", "res.users")
	action.Set("context", ctx)
	if len(users) == 1 {
		action.Set("view_mode", "form")
		action.Set("views", []any{[]any{167, "form"}})
		action.Set("res_id", users[0].id)
	} else {
		uids := make([]any, len(users))
		for i, u := range users {
			uids[i] = u.id
		}
		action.Set("view_mode", "list")
		action.Set("views", []any{[]any{false, "list"}, []any{167, "form"}})
		action.Set("domain", []any{[]any{"id", "in", uids}})
	}
	args := []any{msg, action, "Go to users", nil}
	return &odooError{kind: errRedirect, msg: pyRepr(pyTuple(args)), args: args}
}
