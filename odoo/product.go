package odoo

import (
	"context"
	"strings"
	"time"
)

// Product is a product variant (product.product).
type Product struct {
	ID                int        `json:"id"`
	Name              string     `json:"name"`
	DisplayName       string     `json:"display_name"`
	InternalReference *string    `json:"internal_reference"`
	Barcode           *string    `json:"barcode"`
	ListPrice         float64    `json:"list_price"`
	Currency          *string    `json:"currency"`
	Type              *string    `json:"type"`
	Category          *Ref       `json:"category"`
	Unit              *Ref       `json:"unit"`
	SaleOK            bool       `json:"sale_ok"`
	Active            bool       `json:"active"`
	UpdatedAt         *time.Time `json:"updated_at"`
}

var productSchema = (&schema[Product]{
	resource: "products",
	model:    "product.product",
	fields: []field[Product]{
		scalarField("name", []string{"name"}, func(p *Product, r record, f string) { p.Name = r.str(f) }),
		scalarField("display_name", []string{"display_name"}, func(p *Product, r record, f string) { p.DisplayName = r.str(f) }),
		scalarField("internal_reference", []string{"default_code"}, func(p *Product, r record, f string) { p.InternalReference = r.optStr(f) }),
		scalarField("barcode", []string{"barcode"}, func(p *Product, r record, f string) { p.Barcode = r.optStr(f) }),
		scalarField("list_price", []string{"list_price"}, func(p *Product, r record, f string) { p.ListPrice = r.float(f) }),
		relatedField("currency", []string{"currency_id"}, "name", func(p *Product, v *string) { p.Currency = v }),
		scalarField("type", []string{"type"}, func(p *Product, r record, f string) { p.Type = r.optStr(f) }),
		refField("category", []string{"categ_id"}, noSchema, func(p *Product, ref *Ref, _ *struct{}) { p.Category = ref }),
		refField("unit", []string{"uom_id"}, noSchema, func(p *Product, ref *Ref, _ *struct{}) { p.Unit = ref }),
		scalarField("sale_ok", []string{"sale_ok"}, func(p *Product, r record, f string) { p.SaleOK = r.boolean(f) }),
		scalarField("active", []string{"active"}, func(p *Product, r record, f string) { p.Active = r.boolean(f) }),
		scalarField("updated_at", []string{"write_date"}, func(p *Product, r record, f string) { p.UpdatedAt = r.datetime(f) }),
	},
	sorts: map[string]sortDef{
		"name":               {odoo: []string{"name"}, kind: keyText},
		"internal_reference": {odoo: []string{"default_code"}, kind: keyText},
		"list_price":         {odoo: []string{"list_price"}, kind: keyNumber},
		"updated_at":         {odoo: []string{"write_date"}, kind: keyDatetime},
	},
	defaultSort: "name",
	setID:       func(p *Product, id int) { p.ID = id },
	getID:       func(p *Product) int { return p.ID },
}).build()

func productSchemaOf() *schema[Product] { return productSchema }

// noSchema is the target of relations the API exposes only as a Ref.
func noSchema() *schema[struct{}] { return emptySchema }

var emptySchema = (&schema[struct{}]{
	resource: "records",
	setID:    func(*struct{}, int) {},
	getID:    func(*struct{}) int { return 0 },
}).build()

// ProductFields lists the API fields of a product.
func ProductFields() []string { return productSchema.fieldNames() }

// ProductSorts lists the sort keys products allow.
func ProductSorts() []string { return productSchema.sortNames() }

// ProductFilter narrows a product list.
type ProductFilter struct {
	// Query matches the name, internal reference or barcode.
	Query *string
	// CategoryID matches a category and its subcategories.
	CategoryID *int
	// Active selects active (default) or archived products.
	Active *bool
	IDs    []int
}

func (f ProductFilter) cond() (cond, error) {
	p := Problems{}
	var terms []cond
	if f.Query != nil {
		if q := strings.TrimSpace(*f.Query); q != "" {
			checkLen(p, "q", q, 200)
			terms = append(terms, or(is("name", "ilike", q), is("default_code", "ilike", q), is("barcode", "ilike", q)))
		}
	}
	if f.CategoryID != nil {
		checkID(p, "category", *f.CategoryID)
		terms = append(terms, is("categ_id", "child_of", *f.CategoryID))
	}
	if f.Active != nil {
		terms = append(terms, is("active", "=", *f.Active))
	}
	if f.IDs != nil {
		terms = append(terms, idsCond(p, "ids", f.IDs))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return and(terms...), nil
}

// Products lists products.
func (s *Service) Products(ctx context.Context, f ProductFilter, opt ListOptions) (*Page[Product], error) {
	c, err := f.cond()
	if err != nil {
		return nil, err
	}
	return list(ctx, s, productSchema, c, opt)
}

// Product reads one product.
func (s *Service) Product(ctx context.Context, id int, sel Selection) (*Product, error) {
	return get(ctx, s, productSchema, id, sel)
}

// ProductsByID reads products in one call, in the order of ids.
func (s *Service) ProductsByID(ctx context.Context, ids []int, sel Selection) ([]*Product, error) {
	return getMany(ctx, s, productSchema, ids, sel)
}
