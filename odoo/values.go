package odoo

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file is the one place where Odoo's wire values become Go values.
// Odoo sends false for every empty value (char, date, many2one ...), a
// many2one as [id, "name"] from read or as {id, ...} from web_read, x2many as
// id lists or lists of dicts, and datetimes as UTC strings without a zone.
// Transports hand over int64/float64 (XML-RPC) or float64/json.Number
// (JSON), so numbers are accepted in every form.

// Odoo's datetime and date layouts on the wire.
const (
	datetimeLayout = "2006-01-02 15:04:05"
	dateLayout     = "2006-01-02"
)

// Ref is a link to another record: a many2one value, or one element of an
// x2many, with the related record's display name.
type Ref struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Date is a calendar date without a time zone, as Odoo's date fields are.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("not a date (want YYYY-MM-DD): %q", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// MarshalJSON writes the date as "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "2006-01-02".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// record is one record as Odoo sent it (read, search_read or web_read).
// A field that is absent (not requested, or unknown to this Odoo version)
// reads as empty.
type record map[string]any

// toRecord accepts a decoded struct value.
func toRecord(v any) (record, bool) {
	m, ok := v.(map[string]any)
	return record(m), ok
}

// toRecords accepts a decoded array of structs.
func toRecords(v any) ([]record, error) {
	list, ok := v.([]any)
	if !ok {
		if v == nil || v == false {
			return nil, nil
		}
		return nil, fmt.Errorf("odoo: expected a list of records, got %T", v)
	}
	out := make([]record, 0, len(list))
	for _, item := range list {
		r, ok := toRecord(item)
		if !ok {
			return nil, fmt.Errorf("odoo: expected a record, got %T", item)
		}
		out = append(out, r)
	}
	return out, nil
}

// isEmpty reports Odoo's empty value: false (or a missing/nil value).
func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	}
	return false
}

// asInt converts any numeric wire value to int.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case int32:
		return int(n), true
	case float64:
		if n == math.Trunc(n) {
			return int(n), true
		}
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

// asFloat converts any numeric wire value to float64.
func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// id is the record's id.
func (r record) id() int {
	n, _ := asInt(r["id"])
	return n
}

// str is a char/text/selection field; empty reads as "".
func (r record) str(f string) string {
	s, _ := r[f].(string)
	return s
}

// optStr is a char/text/selection field; empty reads as nil.
func (r record) optStr(f string) *string {
	s, ok := r[f].(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

// boolean is a boolean field.
func (r record) boolean(f string) bool {
	b, _ := r[f].(bool)
	return b
}

// integer is an integer field; empty reads as 0.
func (r record) integer(f string) int {
	n, _ := asInt(r[f])
	return n
}

// float is a float or monetary field; empty reads as 0.
func (r record) float(f string) float64 {
	n, _ := asFloat(r[f])
	return n
}

// datetime is a datetime field in UTC; empty reads as nil.
func (r record) datetime(f string) *time.Time {
	s, ok := r[f].(string)
	if !ok {
		return nil
	}
	t, err := time.ParseInLocation(datetimeLayout, s, time.UTC)
	if err != nil {
		return nil
	}
	return &t
}

// date is a date field; empty reads as nil.
func (r record) date(f string) *Date {
	s, ok := r[f].(string)
	if !ok {
		return nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return nil
	}
	return &d
}

// ref is a many2one field: [id, "name"] from read, {id, display_name, ...}
// from web_read, or a bare id from web_read without sub-fields.
func (r record) ref(f string) *Ref {
	return refOf(r[f])
}

func refOf(v any) *Ref {
	switch v := v.(type) {
	case []any:
		if len(v) >= 1 {
			id, ok := asInt(v[0])
			if !ok {
				return nil
			}
			ref := &Ref{ID: id}
			if len(v) >= 2 {
				ref.Name, _ = v[1].(string)
			}
			return ref
		}
	case map[string]any:
		id, ok := asInt(v["id"])
		if !ok || id == 0 {
			return nil
		}
		name, _ := v["display_name"].(string)
		return &Ref{ID: id, Name: name}
	default:
		if id, ok := asInt(v); ok && id > 0 {
			return &Ref{ID: id}
		}
	}
	return nil
}

// sub is the nested record of a many2one read with sub-fields by web_read.
func (r record) sub(f string) record {
	m, _ := r[f].(map[string]any)
	return m
}

// refs is an x2many field: a list of ids, or of {id, display_name} dicts.
func (r record) refs(f string) []Ref {
	list, ok := r[f].([]any)
	if !ok {
		return nil
	}
	out := make([]Ref, 0, len(list))
	for _, item := range list {
		if ref := refOf(item); ref != nil {
			out = append(out, *ref)
		}
	}
	return out
}

// subs is an x2many field read with sub-fields by web_read.
func (r record) subs(f string) []record {
	list, ok := r[f].([]any)
	if !ok {
		return nil
	}
	out := make([]record, 0, len(list))
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// formatDatetime writes t the way Odoo expects datetimes in domains.
func formatDatetime(t time.Time) string {
	return t.UTC().Format(datetimeLayout)
}

// maxXMLRPCInt is the largest integer XML-RPC can carry (a signed 32-bit
// <int>); Odoo's marshaller refuses anything bigger.
const maxXMLRPCInt = math.MaxInt32

// checkWireValue walks an argument tree before it is sent: integers beyond
// 32 bits would be rejected or mangled by Odoo, nil would be sent as an
// empty string, and NaN or infinities have no XML-RPC form.
func checkWireValue(v any) error {
	switch v := v.(type) {
	case nil:
		return fmt.Errorf("odoo: nil cannot be sent; use false for an empty value")
	case int:
		return checkInt(int64(v))
	case int64:
		return checkInt(v)
	case int32, bool, string:
		return nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Errorf(EValidation, "a number must be finite")
		}
		return nil
	case []int:
		for _, n := range v {
			if err := checkInt(int64(n)); err != nil {
				return err
			}
		}
		return nil
	case []string:
		return nil
	case []any:
		for _, item := range v {
			if err := checkWireValue(item); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for _, item := range v {
			if err := checkWireValue(item); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("odoo: cannot send a %T", v)
}

func checkInt(n int64) error {
	if n > maxXMLRPCInt || n < -maxXMLRPCInt-1 {
		return Errorf(EValidation, "the number %s is too large (at most %d)", strconv.FormatInt(n, 10), maxXMLRPCInt)
	}
	return nil
}

// cleanMessage trims an Odoo user-facing message for clients.
func cleanMessage(s string) string {
	s = strings.TrimSpace(s)
	const max = 2000
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
