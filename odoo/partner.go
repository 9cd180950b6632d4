package odoo

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Partner is a contact or company (res.partner). Empty values are nil.
type Partner struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"`
	// Mobile exists up to Odoo 18; on Odoo 19 it is always null.
	Mobile       *string    `json:"mobile"`
	IsCompany    bool       `json:"is_company"`
	Street       *string    `json:"street"`
	Street2      *string    `json:"street2"`
	City         *string    `json:"city"`
	Zip          *string    `json:"zip"`
	Country      *Ref       `json:"country"`
	CountryCode  *string    `json:"country_code"`
	Parent       *Ref       `json:"parent"`
	Children     []Ref      `json:"children"`
	Tags         []Ref      `json:"tags"`
	VAT          *string    `json:"vat"`
	Website      *string    `json:"website"`
	Reference    *string    `json:"reference"`
	Function     *string    `json:"function"`
	CustomerRank int        `json:"customer_rank"`
	SupplierRank int        `json:"supplier_rank"`
	Active       bool       `json:"active"`
	CreatedAt    *time.Time `json:"created_at"`
	UpdatedAt    *time.Time `json:"updated_at"`

	// CountryRecord and ParentRecord hold the related records when the
	// caller selected their fields; they came in the same upstream call.
	CountryRecord *Country `json:"-"`
	ParentRecord  *Partner `json:"-"`
}

var partnerSchema *schema[Partner]

func init() {
	str := func(name, odoo string, set func(p *Partner, v *string)) field[Partner] {
		return scalarField(name, []string{odoo}, func(p *Partner, r record, f string) { set(p, r.optStr(f)) })
	}
	partnerSchema = (&schema[Partner]{
		resource: "partners",
		model:    "res.partner",
		fields: []field[Partner]{
			scalarField("name", []string{"name"}, func(p *Partner, r record, f string) { p.Name = r.str(f) }),
			str("email", "email", func(p *Partner, v *string) { p.Email = v }),
			str("phone", "phone", func(p *Partner, v *string) { p.Phone = v }),
			str("mobile", "mobile", func(p *Partner, v *string) { p.Mobile = v }),
			scalarField("is_company", []string{"is_company"}, func(p *Partner, r record, f string) { p.IsCompany = r.boolean(f) }),
			str("street", "street", func(p *Partner, v *string) { p.Street = v }),
			str("street2", "street2", func(p *Partner, v *string) { p.Street2 = v }),
			str("city", "city", func(p *Partner, v *string) { p.City = v }),
			str("zip", "zip", func(p *Partner, v *string) { p.Zip = v }),
			refField("country", []string{"country_id"}, countrySchemaOf, func(p *Partner, ref *Ref, c *Country) {
				p.Country, p.CountryRecord = ref, c
			}),
			relatedField("country_code", []string{"country_id"}, "code", func(p *Partner, v *string) { p.CountryCode = v }),
			refField("parent", []string{"parent_id"}, partnerSchemaOf, func(p *Partner, ref *Ref, parent *Partner) {
				p.Parent, p.ParentRecord = ref, parent
			}),
			refsField("children", []string{"child_ids"}, func(p *Partner, refs []Ref) { p.Children = refs }),
			refsField("tags", []string{"category_id"}, func(p *Partner, refs []Ref) { p.Tags = refs }),
			str("vat", "vat", func(p *Partner, v *string) { p.VAT = v }),
			str("website", "website", func(p *Partner, v *string) { p.Website = v }),
			str("reference", "ref", func(p *Partner, v *string) { p.Reference = v }),
			str("function", "function", func(p *Partner, v *string) { p.Function = v }),
			scalarField("customer_rank", []string{"customer_rank"}, func(p *Partner, r record, f string) { p.CustomerRank = r.integer(f) }),
			scalarField("supplier_rank", []string{"supplier_rank"}, func(p *Partner, r record, f string) { p.SupplierRank = r.integer(f) }),
			scalarField("active", []string{"active"}, func(p *Partner, r record, f string) { p.Active = r.boolean(f) }),
			scalarField("created_at", []string{"create_date"}, func(p *Partner, r record, f string) { p.CreatedAt = r.datetime(f) }),
			scalarField("updated_at", []string{"write_date"}, func(p *Partner, r record, f string) { p.UpdatedAt = r.datetime(f) }),
		},
		sorts: map[string]sortDef{
			"name":          {odoo: []string{"name"}, kind: keyText},
			"email":         {odoo: []string{"email"}, kind: keyText},
			"city":          {odoo: []string{"city"}, kind: keyText},
			"customer_rank": {odoo: []string{"customer_rank"}, kind: keyNumber},
			"supplier_rank": {odoo: []string{"supplier_rank"}, kind: keyNumber},
			"created_at":    {odoo: []string{"create_date"}, kind: keyDatetime},
			"updated_at":    {odoo: []string{"write_date"}, kind: keyDatetime},
		},
		defaultSort: "name",
		setID:       func(p *Partner, id int) { p.ID = id },
		getID:       func(p *Partner) int { return p.ID },
	}).build()
}

func partnerSchemaOf() *schema[Partner] { return partnerSchema }

// PartnerFields lists the API fields of a partner, in document order.
func PartnerFields() []string { return partnerSchema.fieldNames() }

// PartnerSorts lists the sort keys partners allow.
func PartnerSorts() []string { return partnerSchema.sortNames() }

// PartnerFilter narrows a partner list. Nil fields do not filter.
type PartnerFilter struct {
	// Query matches name, email or internal reference, case-insensitively.
	Query       *string
	IsCompany   *bool
	Customer    *bool
	Supplier    *bool
	CountryCode *string
	// Email matches the whole address, case-insensitively.
	Email        *string
	UpdatedSince *time.Time
	IDs          []int
	// ParentID lists the contacts of one company.
	ParentID *int
}

var countryCodeRe = regexp.MustCompile(`^[A-Za-z]{2}$`)

// cond validates the filter and builds its domain.
func (f PartnerFilter) cond() (cond, error) {
	p := Problems{}
	var terms []cond
	if f.Query != nil {
		if q := strings.TrimSpace(*f.Query); q != "" {
			checkLen(p, "q", q, 200)
			terms = append(terms, or(is("name", "ilike", q), is("email", "ilike", q), is("ref", "ilike", q)))
		}
	}
	if f.IsCompany != nil {
		terms = append(terms, is("is_company", "=", *f.IsCompany))
	}
	if f.Customer != nil {
		terms = append(terms, rankCond("customer_rank", *f.Customer))
	}
	if f.Supplier != nil {
		terms = append(terms, rankCond("supplier_rank", *f.Supplier))
	}
	if f.CountryCode != nil {
		if !countryCodeRe.MatchString(*f.CountryCode) {
			p.Add("country", "must be a two-letter ISO country code")
		}
		terms = append(terms, is("country_id.code", "=", strings.ToUpper(*f.CountryCode)))
	}
	if f.Email != nil {
		checkLen(p, "email", *f.Email, 254)
		terms = append(terms, is("email", "=ilike", escapeLike(strings.TrimSpace(*f.Email))))
	}
	if f.UpdatedSince != nil {
		terms = append(terms, is("write_date", ">=", formatDatetime(*f.UpdatedSince)))
	}
	if f.IDs != nil {
		terms = append(terms, idsCond(p, "ids", f.IDs))
	}
	if f.ParentID != nil {
		checkID(p, "parent_id", *f.ParentID)
		terms = append(terms, is("parent_id", "=", *f.ParentID))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return and(terms...), nil
}

func rankCond(field string, want bool) cond {
	if want {
		return is(field, ">", 0)
	}
	return or(is(field, "=", 0), is(field, "=", false))
}

// escapeLike makes a value match literally under =ilike.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

func checkLen(p Problems, param, v string, max int) {
	if len([]rune(v)) > max {
		p.Add(param, fmt.Sprintf("must be at most %d characters", max))
	}
}

func checkID(p Problems, param string, id int) {
	if id <= 0 || id > maxXMLRPCInt {
		p.Add(param, fmt.Sprintf("%d is not a valid id", id))
	}
}

func idsCond(p Problems, param string, ids []int) cond {
	if len(ids) > MaxLimit {
		p.Add(param, fmt.Sprintf("at most %d ids", MaxLimit))
	}
	for _, id := range ids {
		if id <= 0 || id > maxXMLRPCInt {
			p.Add(param, fmt.Sprintf("%d is not a valid id", id))
			break
		}
	}
	return is("id", "in", intsAny(ids))
}

// Partners lists partners.
func (s *Service) Partners(ctx context.Context, f PartnerFilter, opt ListOptions) (*Page[Partner], error) {
	c, err := f.cond()
	if err != nil {
		return nil, err
	}
	return list(ctx, s, partnerSchema, c, opt)
}

// Partner reads one partner.
func (s *Service) Partner(ctx context.Context, id int, sel Selection) (*Partner, error) {
	return get(ctx, s, partnerSchema, id, sel)
}

// PartnersByID reads partners in one call, in the order of ids, nil for
// missing ones.
func (s *Service) PartnersByID(ctx context.Context, ids []int, sel Selection) ([]*Partner, error) {
	return getMany(ctx, s, partnerSchema, ids, sel)
}
