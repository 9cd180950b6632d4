package rest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"odoo-gateway/odoo"
)

// partnerFields are the fields of a partner in REST.
var partnerFields = fieldsDef{all: odoo.PartnerFields()}

// partnerFilters are the filters of /partners; /customers uses them too,
// without customer (which it implies).
var partnerFilters = []filter[odoo.PartnerFilter]{
	textParam("q", 200, func(f *odoo.PartnerFilter, v string) { f.Query = &v }),
	boolParam("is_company", func(f *odoo.PartnerFilter, v bool) { f.IsCompany = &v }),
	boolParam("customer", func(f *odoo.PartnerFilter, v bool) { f.Customer = &v }),
	boolParam("supplier", func(f *odoo.PartnerFilter, v bool) { f.Supplier = &v }),
	countryParam("country", func(f *odoo.PartnerFilter, v string) { f.CountryCode = &v }),
	textParam("email", 254, func(f *odoo.PartnerFilter, v string) { f.Email = &v }),
	timeParam("updated_since", func(f *odoo.PartnerFilter, v time.Time) { f.UpdatedSince = &v }),
	idsParam("ids", func(f *odoo.PartnerFilter, v []int) { f.IDs = v }),
	idParam("parent_id", func(f *odoo.PartnerFilter, v int) { f.ParentID = &v }),
}

// listPartners answers GET /api/v1/partners.
func listPartners(svc Service, d deps) http.Handler {
	return listDef[odoo.Partner, odoo.PartnerFilter]{
		fields: partnerFields, sorts: odoo.PartnerSorts(), filters: partnerFilters,
		fetch: svc.Partners,
	}.handler(d)
}

// getPartner answers GET /api/v1/partners/{id}.
func getPartner(svc Service) http.Handler {
	return getDef[odoo.Partner]{fields: partnerFields, fetch: svc.Partner, resource: "partner"}.handler()
}

// partnerWritable are the members of a partner body, in document order.
var partnerWritable = []string{
	"name", "email", "phone", "is_company", "street", "street2", "city", "zip",
	"country_code", "parent_id", "vat", "website", "reference", "function",
}

// partnerReadOnly explains the partner fields a body cannot set.
var partnerReadOnly = map[string]string{
	"country": "is read-only; set country_code instead",
	"parent":  "is read-only; set parent_id instead",
}

// decodePartner turns a body into a PartnerInput, checking every member:
// unknown and read-only members, wrong JSON types, and the shared partner
// rules (odoo.ValidatePartner), all reported at once.
func decodePartner(r *http.Request, create bool) (odoo.PartnerInput, error) {
	var in odoo.PartnerInput
	members, err := readObject(r)
	if err != nil && members == nil {
		// Not a JSON object at all (or not JSON, or too large).
		return in, err
	}
	p := odoo.Problems{}
	for f, msgs := range odoo.ErrorDetails(err) {
		p[f] = msgs
	}
	text := map[string]*odoo.Optional[string]{
		"name": &in.Name, "email": &in.Email, "phone": &in.Phone, "street": &in.Street,
		"street2": &in.Street2, "city": &in.City, "zip": &in.Zip, "country_code": &in.CountryCode,
		"vat": &in.VAT, "website": &in.Website, "reference": &in.Reference, "function": &in.Function,
	}
	for _, m := range members {
		var msg string
		switch {
		case text[m.name] != nil:
			*text[m.name], msg = textValue(m.raw)
		case m.name == "is_company":
			in.IsCompany, msg = boolValue(m.raw)
		case m.name == "parent_id":
			in.ParentID, msg = idValue(m.raw)
		case partnerReadOnly[m.name] != "":
			msg = partnerReadOnly[m.name]
		case m.name == "id" || slices.Contains(odoo.PartnerFields(), m.name):
			msg = "is read-only"
		default:
			msg = "unknown field; a partner body may set " + strings.Join(partnerWritable, ", ")
		}
		if msg != "" {
			p.Add(m.name, msg)
		}
	}
	for f, msgs := range odoo.ValidatePartner(in, create) {
		// A member with the wrong type is unset in the input; the rules
		// would only add noise such as "required field" about it.
		if _, bad := p[f]; !bad {
			p[f] = msgs
		}
	}
	return in, p.Err()
}

// createPartner answers POST /api/v1/partners: 201 with Location and the
// partner as GET would show it.
func createPartner(svc Service, d deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := newQuery(r, []string{"fields"})
		out := partnerFields.parse(q, true)
		in, err := decodePartner(r, true)
		err = mergeProblems(q.err(), err)
		if err != nil {
			fail(w, r, err)
			return
		}
		p, err := svc.CreatePartner(r.Context(), in, out.sel)
		if p != nil && p.ID > 0 {
			w.Header().Set("Location", absURL(d.base, r, r.URL.EscapedPath()+"/"+strconv.Itoa(p.ID)))
		}
		if err != nil {
			if odoo.Saved(err) {
				markCommitted(r.Context())
			}
			fail(w, r, err)
			return
		}
		writeItem(w, r, http.StatusCreated, p, out.emit)
	})
}

// updatePartner answers PATCH /api/v1/partners/{id}: members present are
// changed (null clears), absent ones are left alone.
func updatePartner(svc Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			fail(w, r, notFound("partner", r))
			return
		}
		q := newQuery(r, []string{"fields"})
		out := partnerFields.parse(q, true)
		in, err := decodePartner(r, false)
		if err = mergeProblems(q.err(), err); err != nil {
			fail(w, r, err)
			return
		}
		p, err := svc.UpdatePartner(r.Context(), id, in, out.sel)
		if err != nil {
			if odoo.Saved(err) {
				markCommitted(r.Context())
			}
			fail(w, r, err)
			return
		}
		writeItem(w, r, http.StatusOK, p, out.emit)
	})
}

// deletePartner answers DELETE /api/v1/partners/{id}: 204, 404, or 409
// when Odoo refuses because other records use the partner.
func deletePartner(svc Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			fail(w, r, notFound("partner", r))
			return
		}
		if err := newQuery(r, nil).err(); err != nil {
			fail(w, r, err)
			return
		}
		if err := svc.DeletePartner(r.Context(), id); err != nil {
			fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// mergeProblems combines the validation errors of the query and the body
// into one, so that both are reported in one answer; any other error wins
// as it is.
func mergeProblems(errs ...error) error {
	p := odoo.Problems{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		if odoo.ErrorCode(err) != odoo.EValidation || odoo.ErrorDetails(err) == nil {
			return err
		}
		for f, msgs := range odoo.ErrorDetails(err) {
			p[f] = append(p[f], msgs...)
		}
	}
	return p.Err()
}
