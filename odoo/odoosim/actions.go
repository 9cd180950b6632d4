package odoosim

import (
	"fmt"
	"strings"
)

// runArchive is action_archive/action_unarchive. They return None, which
// XML-RPC cannot marshal: the change is kept and the caller gets fault 1.
func runArchive(active bool) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		if err := c.e.checkAccess(c.m, operationWrite); err != nil {
			return nil, err
		}
		var missing []int
		var targets []int
		for _, id := range c.ids {
			r := c.e.rec(c.m.name, id)
			if r == nil {
				missing = append(missing, id)
				continue
			}
			if c.e.isActive(c.m, r) != active {
				targets = append(targets, id)
			}
		}
		if len(missing) > 0 {
			return nil, missingError(c.m.name, missing, c.e.uid)
		}
		if len(targets) > 0 {
			vals := newDict()
			vals.Set("active", active)
			if err := c.e.write(c.m, targets, vals); err != nil {
				return nil, err
			}
		}
		c.noneResult = true
		return nil, nil
	}
}

// runMessagePost is message_post: it stores the message and returns its
// id in a list, as Odoo serializes the returned recordset.
func runMessagePost(c *call) (any, error) {
	if len(c.ids) != 1 || c.e.rec(c.m.name, c.ids[0]) == nil {
		return nil, missingError(c.m.name, c.ids, c.e.uid)
	}
	get := func(k string) any { v, _ := c.extra.Get(k); return v }
	body, _ := get("body").(string)
	mtype, _ := get("message_type").(string)
	if mtype == "" {
		mtype = "notification"
	}
	author := 0
	if u := c.e.userRecord(c.e.uid); u != nil {
		author, _ = u.vals["partner_id"].(int)
	}
	r := c.e.insert("mail.message", map[string]any{
		"model": c.m.name, "res_id": c.ids[0], "body": htmlValue(body), "message_type": mtype,
		"subtype_xmlid": get("subtype_xmlid"), "author_id": author, "date": c.e.stamp(),
		"create_date": c.e.stamp(), "write_date": c.e.stamp(), "create_uid": c.e.uid, "write_uid": c.e.uid,
	})
	if s, ok := get("subject").(string); ok {
		r.vals["subject"] = s
	}
	return []int{r.id}, nil
}

// runSaleState moves sale orders between states (confirm, cancel, reset).
func runSaleState(to string, from ...string) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		if err := c.e.checkAccess(c.m, operationWrite); err != nil {
			return nil, err
		}
		for _, r := range c.e.browse(c.m, c.ids) {
			st := c.e.str(saleModel, r, "state")
			ok := false
			for _, f := range from {
				ok = ok || f == st
			}
			if !ok && st != to {
				return nil, userError("Some orders are not in a state requiring confirmation.")
			}
		}
		vals := newDict()
		vals.Set("state", to)
		if err := c.e.write(c.m, c.ids, vals); err != nil {
			return nil, err
		}
		return true, nil
	}
}

// runMovePost is action_post: it numbers and posts draft moves.
func runMovePost(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationWrite); err != nil {
		return nil, err
	}
	for _, r := range c.e.browse(c.m, c.ids) {
		if c.e.str(moveModel, r, "state") == "posted" {
			return nil, userError("The entry %s (id %d) is already posted.", moveDisplayName(c.e, r), r.id)
		}
		if len(c.e.referrers(moveLineModel, "move_id", r.id)) == 0 && c.e.str(moveModel, r, "move_type") != "entry" {
			return nil, userError("You need to add a line before posting.")
		}
		vals := newDict()
		vals.Set("state", "posted")
		if name := c.e.str(moveModel, r, "name"); name == "" || name == "/" {
			vals.Set("name", nextMoveName(c.e, r))
		}
		if c.e.str(moveModel, r, "invoice_date") == "" && strings.Contains(c.e.str(moveModel, r, "move_type"), "_") {
			vals.Set("invoice_date", c.e.now.UTC().Format("2006-01-02"))
		}
		if err := c.e.write(c.m, []int{r.id}, vals); err != nil {
			return nil, err
		}
	}
	return false, nil
}

// nextMoveName continues the journal sequence of the move's company,
// type and year ("INV/2026/00010").
func nextMoveName(e *env, r *record) string {
	prefix := map[string]string{"out_invoice": "INV", "out_refund": "RINV", "in_invoice": "BILL", "in_refund": "RBILL"}[e.str(moveModel, r, "move_type")]
	if prefix == "" {
		prefix = "MISC"
	}
	year := e.str(moveModel, r, "date")
	if len(year) >= 4 {
		year = year[:4]
	}
	base := prefix + "/" + year + "/"
	company := e.m2o(moveModel, r, "company_id")
	high := 0
	for _, other := range e.st.table(moveModel).recs {
		name, _ := other.vals["name"].(string)
		if c, _ := other.vals["company_id"].(int); c != company || !strings.HasPrefix(name, base) {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(name[len(base):], "%d", &n); err == nil && n > high {
			high = n
		}
	}
	return fmt.Sprintf("%s%05d", base, high+1)
}
