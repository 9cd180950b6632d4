package rest

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"odoo-gateway/odoo"
)

// Typed filter parameters. Each parses the raw query value strictly (an
// empty value is a problem, not "no filter": a no-code tool sending
// is_company= must hear that it filtered on nothing) and hands the typed
// value to set. Semantic checks (known states, date order) stay in the
// data service, which both APIs share.

// boolParam accepts true or false only: "1", "yes" or "on" would be
// guesses.
func boolParam[F any](name string, set func(*F, bool)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		switch v {
		case "true":
			set(f, true)
		case "false":
			set(f, false)
		default:
			return "must be true or false"
		}
		return ""
	}}
}

// textParam accepts up to max characters; q may be empty (it then matches
// everything, as a search box left blank does).
func textParam[F any](name string, max int, set func(*F, string)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		if strings.TrimSpace(v) == "" && name != "q" {
			return "must not be empty"
		}
		if len([]rune(v)) > max {
			return fmt.Sprintf("must be at most %d characters", max)
		}
		set(f, v)
		return ""
	}}
}

// choiceParam accepts one value (a state); the data service checks it
// against what this Odoo allows.
func choiceParam[F any](name string, set func(*F, string)) filter[F] {
	return textParam(name, 64, set)
}

// idParam accepts one record id.
func idParam[F any](name string, set func(*F, int)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		id, ok := parseID(v)
		if !ok {
			return "must be a record id (a whole number from 1)"
		}
		set(f, id)
		return ""
	}}
}

// idsParam accepts a comma-separated list of ids, at most a page's worth.
func idsParam[F any](name string, set func(*F, []int)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		parts := strings.Split(v, ",")
		if len(parts) > odoo.MaxLimit {
			return fmt.Sprintf("lists at most %d ids", odoo.MaxLimit)
		}
		ids := make([]int, 0, len(parts))
		for _, part := range parts {
			id, ok := parseID(strings.TrimSpace(part))
			if !ok {
				return fmt.Sprintf("must be comma-separated record ids; %q is not one", part)
			}
			ids = append(ids, id)
		}
		set(f, ids)
		return ""
	}}
}

var countryCode = regexp.MustCompile(`^[A-Za-z]{2}$`)

// countryParam accepts a two-letter ISO country code.
func countryParam[F any](name string, set func(*F, string)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		if !countryCode.MatchString(v) {
			return "must be a two-letter ISO country code such as BE"
		}
		set(f, strings.ToUpper(v))
		return ""
	}}
}

// codesParam accepts a comma-separated list of country codes.
func codesParam[F any](name string, set func(*F, []string)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		parts := strings.Split(v, ",")
		if len(parts) > odoo.MaxLimit {
			return fmt.Sprintf("lists at most %d codes", odoo.MaxLimit)
		}
		codes := make([]string, 0, len(parts))
		for _, part := range parts {
			part = strings.TrimSpace(part)
			if !countryCode.MatchString(part) {
				return fmt.Sprintf("must be comma-separated two-letter ISO country codes; %q is not one", part)
			}
			codes = append(codes, strings.ToUpper(part))
		}
		set(f, codes)
		return ""
	}}
}

// dateParam accepts a calendar date, YYYY-MM-DD.
func dateParam[F any](name string, set func(*F, odoo.Date)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		d, err := odoo.ParseDate(v)
		if err != nil {
			return "must be a date like 2026-01-31"
		}
		set(f, d)
		return ""
	}}
}

// timeParam accepts an RFC 3339 time with a zone (Z or an offset), so that
// nobody has to guess which zone a bare time is in.
func timeParam[F any](name string, set func(*F, time.Time)) filter[F] {
	return filter[F]{name: name, parse: func(f *F, v string) string {
		t, err := time.Parse(time.RFC3339, v)
		switch {
		case err != nil && strings.Contains(v, " "):
			// A + offset sent unencoded arrives as a space.
			return "must be an RFC 3339 time like 2026-01-31T08:00:00Z (encode + in an offset as %2B)"
		case err != nil:
			return "must be an RFC 3339 time like 2026-01-31T08:00:00Z"
		}
		set(f, t.UTC())
		return ""
	}}
}

// parseID reads a record id: a canonical decimal from 1 to 2^31-1, the
// largest integer XML-RPC carries.
func parseID(s string) (int, bool) {
	if s == "" || s[0] < '1' || s[0] > '9' || len(s) > 10 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > math.MaxInt32 {
		return 0, false
	}
	return n, true
}
