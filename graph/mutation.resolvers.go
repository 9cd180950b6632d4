package graph

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"odoo-gateway/graph/model"
	"odoo-gateway/odoo"
)

// Partner mutations. Input problems (the shared partner rules, an unknown
// country code or parent, Odoo's own constraints) come back as userErrors
// with nothing written; the other failures are errors with their code.

// CreatePartner creates a partner.
func (r *mutationResolver) CreatePartner(ctx context.Context, input model.CreatePartnerInput, idempotencyKey *string) (*model.CreatePartnerPayload, error) {
	in := createInput(input)
	rejected := func(errs []*model.UserError) *model.CreatePartnerPayload {
		return &model.CreatePartnerPayload{UserErrors: errs}
	}
	if problems := odoo.ValidatePartner(in, true); problems != nil {
		return rejected(userErrors(problems)), nil
	}
	sel := payloadSelection(ctx, "CreatePartnerPayload", "partner", "Partner")
	return idempotent(ctx, r.idempotency, idempotencyKey, sel, func(ctx context.Context) (*model.CreatePartnerPayload, error) {
		p, err := r.odoo.CreatePartner(ctx, in, sel)
		if errs, ok := inputErrors(err); ok {
			return rejected(errs), errRejected
		}
		if err != nil {
			return nil, afterWrite(err)
		}
		return &model.CreatePartnerPayload{Partner: p, UserErrors: []*model.UserError{}}, nil
	})
}

// UpdatePartner changes the given fields of a partner.
func (r *mutationResolver) UpdatePartner(ctx context.Context, id int, input model.UpdatePartnerInput, idempotencyKey *string) (*model.UpdatePartnerPayload, error) {
	in := updateInput(input)
	rejected := func(errs []*model.UserError) *model.UpdatePartnerPayload {
		return &model.UpdatePartnerPayload{UserErrors: errs}
	}
	if problems := odoo.ValidatePartner(in, false); problems != nil {
		return rejected(userErrors(problems)), nil
	}
	sel := payloadSelection(ctx, "UpdatePartnerPayload", "partner", "Partner")
	return idempotent(ctx, r.idempotency, idempotencyKey, sel, func(ctx context.Context) (*model.UpdatePartnerPayload, error) {
		p, err := r.odoo.UpdatePartner(ctx, id, in, sel)
		if errs, ok := inputErrors(err); ok {
			return rejected(errs), errRejected
		}
		if err != nil {
			return nil, afterWrite(err)
		}
		return &model.UpdatePartnerPayload{Partner: p, UserErrors: []*model.UserError{}}, nil
	})
}

// DeletePartner deletes a partner.
func (r *mutationResolver) DeletePartner(ctx context.Context, id int, idempotencyKey *string) (*model.DeletePartnerPayload, error) {
	return idempotent(ctx, r.idempotency, idempotencyKey, nil, func(ctx context.Context) (*model.DeletePartnerPayload, error) {
		if err := r.odoo.DeletePartner(ctx, id); err != nil {
			return nil, err
		}
		return &model.DeletePartnerPayload{DeletedID: &id, UserErrors: []*model.UserError{}}, nil
	})
}

// errRejected marks a write refused for its input: the payload carries
// userErrors, nothing was written, and an idempotency key is released.
var errRejected = errors.New("graph: input rejected")

// afterWrite marks the error of a write that happened but whose read-back
// failed (odoo.Saved), so that its outcome is stored for retries.
func afterWrite(err error) error {
	if odoo.Saved(err) {
		return written{err}
	}
	return err
}

// inputErrors turns a validation error of a write into userErrors.
func inputErrors(err error) ([]*model.UserError, bool) {
	if err == nil || odoo.ErrorCode(err) != odoo.EValidation {
		return nil, false
	}
	if details := odoo.ErrorDetails(err); len(details) > 0 {
		return userErrors(details), true
	}
	// Odoo's own constraint, with its message and no field.
	return []*model.UserError{{Message: odoo.ErrorMessage(err)}}, true
}

// userErrors lists per-field problems, naming the input field of each
// ("country_code" is ["input", "countryCode"]), in a stable order.
func userErrors(problems map[string][]string) []*model.UserError {
	fields := make([]string, 0, len(problems))
	for f := range problems {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var out []*model.UserError
	for _, f := range fields {
		for _, msg := range problems[f] {
			out = append(out, &model.UserError{Field: []string{"input", camelCase(f)}, Message: msg})
		}
	}
	return out
}

// camelCase turns an API field name into the GraphQL one.
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// createInput converts a create input; an absent field is not written.
func createInput(in model.CreatePartnerInput) odoo.PartnerInput {
	return odoo.PartnerInput{
		Name:        odoo.Some(in.Name),
		Email:       fromPtr(in.Email),
		Phone:       fromPtr(in.Phone),
		IsCompany:   fromPtr(in.IsCompany),
		Street:      fromPtr(in.Street),
		Street2:     fromPtr(in.Street2),
		City:        fromPtr(in.City),
		Zip:         fromPtr(in.Zip),
		CountryCode: fromPtr(in.CountryCode),
		ParentID:    fromPtr(in.ParentID),
		VAT:         fromPtr(in.Vat),
		Website:     fromPtr(in.Website),
		Reference:   fromPtr(in.Reference),
		Function:    fromPtr(in.Function),
	}
}

// updateInput converts an update input, where null clears a field and an
// absent field is kept.
func updateInput(in model.UpdatePartnerInput) odoo.PartnerInput {
	return odoo.PartnerInput{
		Name:        fromOmittable(in.Name),
		Email:       fromOmittable(in.Email),
		Phone:       fromOmittable(in.Phone),
		IsCompany:   fromOmittable(in.IsCompany),
		Street:      fromOmittable(in.Street),
		Street2:     fromOmittable(in.Street2),
		City:        fromOmittable(in.City),
		Zip:         fromOmittable(in.Zip),
		CountryCode: fromOmittable(in.CountryCode),
		ParentID:    fromOmittable(in.ParentID),
		VAT:         fromOmittable(in.Vat),
		Website:     fromOmittable(in.Website),
		Reference:   fromOmittable(in.Reference),
		Function:    fromOmittable(in.Function),
	}
}

func fromPtr[T any](p *T) odoo.Optional[T] {
	if p == nil {
		return odoo.Optional[T]{}
	}
	return odoo.Some(*p)
}

func fromOmittable[T any](o graphql.Omittable[*T]) odoo.Optional[T] {
	v, set := o.ValueOK()
	switch {
	case !set:
		return odoo.Optional[T]{}
	case v == nil:
		return odoo.Null[T]()
	}
	return odoo.Some(*v)
}
