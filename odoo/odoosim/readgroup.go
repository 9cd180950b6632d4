package odoosim

import (
	"fmt"
	"strings"
	"time"
)

// runFormattedReadGroup implements Odoo 19's formatted_read_group for
// plain and date-granularity groupbys with sum/min/max/avg/count
// aggregates, groups ordered by the groupby values.
func runFormattedReadGroup(c *call) (any, error) {
	if err := c.e.checkAccess(c.m, operationRead); err != nil {
		return nil, err
	}
	groupby, ok := stringList(c.arg("groupby"))
	if !ok {
		return nil, valueError("groupby must be a list")
	}
	aggregates, _ := stringList(c.arg("aggregates"))
	type gb struct {
		spec, gran string
		f          *field
	}
	var gbs []gb
	for _, s := range groupby {
		name, gran, _ := strings.Cut(s, ":")
		f := c.m.field(name)
		if f == nil {
			return nil, valueError(fmt.Sprintf("Invalid field %s on model %s", pyStr(name), pyStr(c.m.name)))
		}
		gbs = append(gbs, gb{s, gran, f})
	}
	for _, a := range aggregates {
		if a == "__count" {
			continue
		}
		name, fn, _ := strings.Cut(a, ":")
		if c.m.field(name) == nil {
			return nil, valueError(fmt.Sprintf("Invalid field %s on model %s", pyStr(name), pyStr(c.m.name)))
		}
		switch fn {
		case "sum", "min", "max", "avg", "count", "count_distinct", "array_agg", "bool_and", "bool_or":
		default:
			return nil, valueError(fmt.Sprintf("Invalid aggregate %s", pyStr(a)))
		}
	}
	recs, err := c.e.search(c.m, c.arg("domain"), 0, 0, "", []string{frameSearchCount})
	if err != nil {
		return nil, err
	}
	type group struct {
		keys []any
		rep  *record
		recs []*record
	}
	var groups []*group
	index := map[string]*group{}
	for _, r := range recs {
		keys := make([]any, len(gbs))
		for i, g := range gbs {
			v := c.e.get(c.m, r, g.f)
			if g.gran != "" {
				v = dateBucket(v, g.gran)
			}
			keys[i] = v
		}
		k := pyRepr(keys)
		grp := index[k]
		if grp == nil {
			grp = &group{keys: keys, rep: r}
			index[k] = grp
			groups = append(groups, grp)
		}
		grp.recs = append(grp.recs, r)
	}
	// Order groups by their groupby values (comodel order for many2one).
	reps := make([]*record, len(groups))
	byRep := map[*record]*group{}
	for i, g := range groups {
		reps[i] = g.rep
		byRep[g.rep] = g
	}
	var keys []sortKey
	for i, g := range gbs {
		idx := i
		if g.f.typ == "many2one" {
			keys = append(keys, c.e.fieldKeys(c.m, g.f, false, 0)...)
			continue
		}
		keys = append(keys, sortKey{get: func(r *record) any { return byRep[r].keys[idx] }})
	}
	sortRecords(reps, keys)
	out := make([]any, 0, len(reps))
	for _, rep := range reps {
		g := byRep[rep]
		d := newDict()
		var extra []any
		for i, gbf := range gbs {
			v := g.keys[i]
			switch {
			case gbf.f.typ == "many2one" && v != nil:
				d.Set(gbf.spec, []any{v, c.e.displayNameOf(gbf.f.relation, v.(int))})
				extra = append(extra, []any{gbf.f.name, "=", v})
			case v == nil:
				d.Set(gbf.spec, false)
				extra = append(extra, []any{gbf.f.name, "=", false})
			case gbf.gran != "":
				start, label := v.(string), dateLabel(v.(string), gbf.gran)
				d.Set(gbf.spec, []any{start, label})
				extra = append(extra, "&", []any{gbf.f.name, ">=", start}, []any{gbf.f.name, "<", dateBucketEnd(start, gbf.gran)})
			default:
				d.Set(gbf.spec, v)
				extra = append(extra, []any{gbf.f.name, "=", v})
			}
		}
		d.Set("__extra_domain", extra)
		for _, a := range aggregates {
			if a == "__count" {
				d.Set(a, len(g.recs))
				continue
			}
			name, fn, _ := strings.Cut(a, ":")
			d.Set(a, aggregate(c.e, c.m, c.m.field(name), fn, g.recs))
		}
		out = append(out, d)
	}
	return out, nil
}

func aggregate(e *env, m *model, f *field, fn string, recs []*record) any {
	switch fn {
	case "count":
		return len(recs)
	case "count_distinct":
		seen := map[string]bool{}
		for _, r := range recs {
			seen[pyRepr(e.get(m, r, f))] = true
		}
		return len(seen)
	case "bool_and", "bool_or":
		acc := fn == "bool_and"
		for _, r := range recs {
			b := truthy(e.get(m, r, f))
			if fn == "bool_and" {
				acc = acc && b
			} else {
				acc = acc || b
			}
		}
		return acc
	case "array_agg":
		out := []any{}
		for _, r := range recs {
			out = append(out, e.readValue(m, r, f, false))
		}
		return out
	}
	var sum float64
	var min, max float64
	for i, r := range recs {
		x := 0.0
		switch v := e.get(m, r, f).(type) {
		case int:
			x = float64(v)
		case float64:
			x = v
		}
		sum += x
		if i == 0 || x < min {
			min = x
		}
		if i == 0 || x > max {
			max = x
		}
	}
	var res float64
	switch fn {
	case "sum":
		res = sum
	case "min":
		res = min
	case "max":
		res = max
	case "avg":
		if len(recs) > 0 {
			res = sum / float64(len(recs))
		}
	}
	if f.typ == "integer" {
		return int(res)
	}
	return round(res, 6)
}

func dateBucket(v any, gran string) any {
	s, ok := v.(string)
	if !ok || len(s) < 10 {
		return nil
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return nil
	}
	switch gran {
	case "year":
		t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		t = time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	case "month":
		t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "week":
		t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	}
	return t.Format("2006-01-02")
}

func dateBucketEnd(start, gran string) string {
	t, _ := time.Parse("2006-01-02", start)
	switch gran {
	case "year":
		t = t.AddDate(1, 0, 0)
	case "quarter":
		t = t.AddDate(0, 3, 0)
	case "month":
		t = t.AddDate(0, 1, 0)
	case "week":
		t = t.AddDate(0, 0, 7)
	default:
		t = t.AddDate(0, 0, 1)
	}
	return t.Format("2006-01-02")
}

func dateLabel(start, gran string) string {
	t, _ := time.Parse("2006-01-02", start)
	switch gran {
	case "year":
		return t.Format("2006")
	case "quarter":
		return fmt.Sprintf("Q%d %d", (int(t.Month())-1)/3+1, t.Year())
	case "month":
		return t.Format("January 2006")
	case "week":
		_, w := t.ISOWeek()
		return fmt.Sprintf("W%d %d", w, t.Year())
	}
	return t.Format("02 Jan 2006")
}
