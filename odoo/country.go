package odoo

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Country is a country (res.country).
type Country struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Code      string `json:"code"`
	PhoneCode int    `json:"phone_code"`
}

var countrySchema = (&schema[Country]{
	resource: "countries",
	model:    "res.country",
	fields: []field[Country]{
		scalarField("name", []string{"name"}, func(c *Country, r record, f string) { c.Name = r.str(f) }),
		scalarField("code", []string{"code"}, func(c *Country, r record, f string) { c.Code = r.str(f) }),
		scalarField("phone_code", []string{"phone_code"}, func(c *Country, r record, f string) { c.PhoneCode = r.integer(f) }),
	},
	sorts: map[string]sortDef{
		"name": {odoo: []string{"name"}, kind: keyText},
		"code": {odoo: []string{"code"}, kind: keyText},
	},
	defaultSort: "name",
	setID:       func(c *Country, id int) { c.ID = id },
	getID:       func(c *Country) int { return c.ID },
}).build()

func countrySchemaOf() *schema[Country] { return countrySchema }

// CountryFields lists the API fields of a country.
func CountryFields() []string { return countrySchema.fieldNames() }

// CountrySorts lists the sort keys countries allow.
func CountrySorts() []string { return countrySchema.sortNames() }

// CountryFilter narrows a country list.
type CountryFilter struct {
	// Query matches the name, or the code exactly.
	Query *string
	// Codes lists ISO codes.
	Codes []string
	IDs   []int
}

func (f CountryFilter) cond() (cond, error) {
	p := Problems{}
	var terms []cond
	if f.Query != nil {
		if q := strings.TrimSpace(*f.Query); q != "" {
			checkLen(p, "q", q, 200)
			terms = append(terms, or(is("name", "ilike", q), is("code", "=ilike", escapeLike(q))))
		}
	}
	if f.Codes != nil {
		codes := make([]string, 0, len(f.Codes))
		for _, c := range f.Codes {
			if !countryCodeRe.MatchString(c) {
				p.Add("code", "must be two-letter ISO country codes")
				break
			}
			codes = append(codes, strings.ToUpper(c))
		}
		terms = append(terms, is("code", "in", stringsAny(codes)))
	}
	if f.IDs != nil {
		terms = append(terms, idsCond(p, "ids", f.IDs))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return and(terms...), nil
}

// Countries lists countries.
func (s *Service) Countries(ctx context.Context, f CountryFilter, opt ListOptions) (*Page[Country], error) {
	c, err := f.cond()
	if err != nil {
		return nil, err
	}
	return list(ctx, s, countrySchema, c, opt)
}

// Country reads one country.
func (s *Service) Country(ctx context.Context, id int, sel Selection) (*Country, error) {
	return get(ctx, s, countrySchema, id, sel)
}

// CountriesByID reads countries in one call, in the order of ids.
func (s *Service) CountriesByID(ctx context.Context, ids []int, sel Selection) ([]*Country, error) {
	return getMany(ctx, s, countrySchema, ids, sel)
}

// countryCache maps ISO codes to ids for partner writes; countries change
// rarely, so one read serves many writes.
type countryCache struct {
	mu      sync.Mutex
	byCode  map[string]int
	fetched time.Time
}

const countryCacheTTL = 10 * time.Minute

// countryID returns the id of the country with an ISO code, or false.
func (s *Service) countryID(ctx context.Context, code string) (int, bool, error) {
	c := &s.countries
	c.mu.Lock()
	fresh := c.byCode != nil && time.Since(c.fetched) < countryCacheTTL
	c.mu.Unlock()
	if !fresh {
		v, err := s.execute(ctx, "res.country", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"code"}})
		if err != nil {
			return 0, false, err
		}
		rows, err := toRecords(v)
		if err != nil {
			return 0, false, &Error{Code: EInternal, Err: err}
		}
		byCode := make(map[string]int, len(rows))
		for _, r := range rows {
			byCode[strings.ToUpper(r.str("code"))] = r.id()
		}
		c.mu.Lock()
		c.byCode, c.fetched = byCode, time.Now()
		c.mu.Unlock()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.byCode[strings.ToUpper(code)]
	return id, ok, nil
}
