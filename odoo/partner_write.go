package odoo

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode"
)

// Optional is a field of a write: unset (leave as is), null (clear it), or
// a value. Both APIs distinguish the three.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// Some is an Optional holding v.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// Null is an Optional that clears the field.
func Null[T any]() Optional[T] { return Optional[T]{Set: true, Null: true} }

// has reports a non-null value.
func (o Optional[T]) has() bool { return o.Set && !o.Null }

// PartnerInput is the body of a partner create or update.
type PartnerInput struct {
	Name        Optional[string]
	Email       Optional[string]
	Phone       Optional[string]
	IsCompany   Optional[bool]
	Street      Optional[string]
	Street2     Optional[string]
	City        Optional[string]
	Zip         Optional[string]
	CountryCode Optional[string]
	ParentID    Optional[int]
	VAT         Optional[string]
	Website     Optional[string]
	Reference   Optional[string]
	Function    Optional[string]
}

// Field limits of partner writes, shared by both APIs.
const (
	maxNameLen  = 200
	maxEmailLen = 254
	maxPhoneLen = 50
	maxTextLen  = 200
	maxURLLen   = 500
)

// PartnerRules documents the validation rules, for API docs.
var PartnerRules = map[string]string{
	"name":         fmt.Sprintf("required on create; 1 to %d characters; cannot be null", maxNameLen),
	"email":        fmt.Sprintf("an email address (name@example.com), at most %d characters", maxEmailLen),
	"phone":        fmt.Sprintf("at most %d characters", maxPhoneLen),
	"country_code": "a two-letter ISO code of a country Odoo knows, e.g. BE",
	"parent_id":    "the id of an existing company partner",
	"website":      "an http or https URL",
}

// checkPartner applies the rules that need no upstream call and builds the
// Odoo values of the valid fields.
func checkPartner(in PartnerInput, create bool, selfID int) (map[string]any, Problems) {
	p := Problems{}
	vals := map[string]any{}
	text := func(param, odoo string, o Optional[string], max int, check func(string) string) {
		if !o.Set {
			return
		}
		if o.Null {
			vals[odoo] = false
			return
		}
		v := strings.TrimSpace(o.Value)
		switch {
		case len([]rune(v)) > max:
			p.Add(param, fmt.Sprintf("must be at most %d characters", max))
		case hasControl(v):
			p.Add(param, "must not contain control characters")
		case v == "":
			vals[odoo] = false
		case check != nil:
			if msg := check(v); msg != "" {
				p.Add(param, msg)
				return
			}
			vals[odoo] = v
		default:
			vals[odoo] = v
		}
	}

	switch {
	case create && !in.Name.Set:
		p.Add("name", "required field")
	case in.Name.Null:
		p.Add("name", "cannot be null")
	case in.Name.Set:
		name := strings.TrimSpace(in.Name.Value)
		switch {
		case name == "":
			p.Add("name", "must not be empty")
		case len([]rune(name)) > maxNameLen:
			p.Add("name", fmt.Sprintf("must be at most %d characters", maxNameLen))
		case hasControl(name):
			p.Add("name", "must not contain control characters")
		default:
			vals["name"] = name
		}
	}
	text("email", "email", in.Email, maxEmailLen, checkEmail)
	text("phone", "phone", in.Phone, maxPhoneLen, nil)
	text("street", "street", in.Street, maxTextLen, nil)
	text("street2", "street2", in.Street2, maxTextLen, nil)
	text("city", "city", in.City, maxTextLen, nil)
	text("zip", "zip", in.Zip, 20, nil)
	text("vat", "vat", in.VAT, 50, nil)
	text("website", "website", in.Website, maxURLLen, checkURL)
	text("reference", "ref", in.Reference, maxTextLen, nil)
	text("function", "function", in.Function, maxTextLen, nil)
	if in.IsCompany.Set {
		vals["is_company"] = in.IsCompany.has() && in.IsCompany.Value
	}
	if in.CountryCode.has() && !countryCodeRe.MatchString(in.CountryCode.Value) {
		p.Add("country_code", "must be a two-letter ISO country code")
	} else if in.CountryCode.Null {
		vals["country_id"] = false
	}
	if in.ParentID.has() {
		switch id := in.ParentID.Value; {
		case id <= 0 || id > maxXMLRPCInt:
			p.Add("parent_id", fmt.Sprintf("%d is not a valid id", id))
		case id == selfID:
			p.Add("parent_id", "a partner cannot be its own parent")
		}
	} else if in.ParentID.Null {
		vals["parent_id"] = false
	}
	return vals, p
}

// ValidatePartner checks in against the partner rules without calling
// Odoo, so that an API can report these problems together with its own
// (unknown or mistyped fields) in one answer. Whether a country code or a
// parent exists is checked when writing.
func ValidatePartner(in PartnerInput, create bool) map[string][]string {
	_, p := checkPartner(in, create, 0)
	if len(p) == 0 {
		return nil
	}
	return p
}

// partnerVals validates the input and turns it into Odoo write values,
// listing every problem at once. Lookups (country, parent) happen only
// when the rest is valid, so bad input costs no upstream call.
func (s *Service) partnerVals(ctx context.Context, in PartnerInput, create bool, selfID int) (map[string]any, error) {
	vals, p := checkPartner(in, create, selfID)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if in.CountryCode.has() {
		id, ok, err := s.countryID(ctx, in.CountryCode.Value)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.Add("country_code", fmt.Sprintf("unknown country code %q", strings.ToUpper(in.CountryCode.Value)))
		}
		vals["country_id"] = id
	}
	if in.ParentID.has() {
		parents, err := s.PartnersByID(ctx, []int{in.ParentID.Value}, SelectionOf("name"))
		if err != nil {
			return nil, err
		}
		if parents[0] == nil {
			p.Add("parent_id", fmt.Sprintf("no partner with id %d", in.ParentID.Value))
		}
		vals["parent_id"] = in.ParentID.Value
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return vals, nil
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

func checkEmail(v string) string {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" {
		return "must be an email address like name@example.com"
	}
	_, domain, _ := strings.Cut(v, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "must be an email address like name@example.com"
	}
	return ""
}

func checkURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " \t") {
		return "must be an http or https URL"
	}
	return ""
}

// CreatePartner validates in, creates the partner and reads it back with
// sel. Odoo's own refusals (constraints) come back as validation errors
// with Odoo's message.
func (s *Service) CreatePartner(ctx context.Context, in PartnerInput, sel Selection) (*Partner, error) {
	vals, err := s.partnerVals(ctx, in, true, 0)
	if err != nil {
		return nil, err
	}
	v, err := s.execute(ctx, "res.partner", "create", []any{vals}, nil)
	if err != nil {
		return nil, err
	}
	id, ok := asInt(v)
	if !ok {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: create answered %T", v)}
	}
	return s.readBack(ctx, id, sel)
}

// UpdatePartner validates in and writes the given fields; an empty input
// changes nothing and answers the partner as it is.
func (s *Service) UpdatePartner(ctx context.Context, id int, in PartnerInput, sel Selection) (*Partner, error) {
	if id <= 0 || id > maxXMLRPCInt {
		return nil, Errorf(ENotFound, "No partner with id %d.", id)
	}
	vals, err := s.partnerVals(ctx, in, false, id)
	if err != nil {
		return nil, err
	}
	if len(vals) > 0 {
		if _, err := s.execute(ctx, "res.partner", "write", []any{[]any{id}, vals}, nil); err != nil {
			if ErrorCode(err) == ENotFound {
				return nil, Errorf(ENotFound, "No partner with id %d.", id)
			}
			return nil, err
		}
	}
	return s.readBack(ctx, id, sel)
}

// errSaved marks the failure of a call whose write nevertheless happened.
var errSaved = errors.New("odoo: the write was saved")

// Saved reports whether err comes from a write that happened although the
// call failed (the record was saved, reading it back failed). An API must
// then keep the answer for retries (idempotency) rather than let the
// client write a second time.
func Saved(err error) bool { return errors.Is(err, errSaved) }

// readBack reads a partner just written. The write has happened, so a
// failure here must not look like the write failed: the error says so
// (Saved), and the partner's id comes with it.
func (s *Service) readBack(ctx context.Context, id int, sel Selection) (*Partner, error) {
	p, err := s.Partner(ctx, id, sel)
	if err != nil && ErrorCode(err) != ENotFound {
		return &Partner{ID: id}, &Error{
			Code:    ErrorCode(err),
			Message: fmt.Sprintf("Partner %d was saved, but reading it back failed: %s", id, ErrorMessage(err)),
			Err:     errors.Join(errSaved, err),
		}
	}
	return p, err
}

// DeletePartner deletes a partner. Odoo refuses to delete a partner that
// other records use (orders, invoices, users): that is a conflict, with
// Odoo's explanation.
func (s *Service) DeletePartner(ctx context.Context, id int) error {
	if id <= 0 || id > maxXMLRPCInt {
		return Errorf(ENotFound, "No partner with id %d.", id)
	}
	existing, err := s.PartnersByID(ctx, []int{id}, SelectionOf("name"))
	if err != nil {
		return err
	}
	if existing[0] == nil {
		return Errorf(ENotFound, "No partner with id %d.", id)
	}
	_, err = s.execute(ctx, "res.partner", "unlink", []any{[]any{id}}, nil)
	if err != nil {
		if f := faultOf(err); f != nil && f.Code == faultUserError {
			if ErrorCode(err) == ENotFound {
				return Errorf(ENotFound, "No partner with id %d.", id)
			}
			return &Error{Code: EConflict, Message: userMessage(f.String), Err: err}
		}
		return err
	}
	return nil
}
