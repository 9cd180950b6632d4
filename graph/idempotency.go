package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/99designs/gqlgen/graphql"

	"odoo-gateway/access"
	"odoo-gateway/idempotency"
	"odoo-gateway/odoo"
)

// Idempotent mutations: with an idempotencyKey argument, a mutation's
// outcome is stored under the principal and the key, and a retry (after a
// timeout, a dropped connection) gets the stored outcome instead of writing
// twice. The semantics are REST's Idempotency-Key: outcomes that say what
// happened (success, not found, conflict, and the uncertain internal error
// and upstream timeout) are stored; refusals that wrote nothing (validation,
// rate limit, Odoo unavailable) release the key so that a corrected retry
// may use it.

// idempotencyStore is what mutations need of the idempotency store;
// *idempotency.Store has it.
type idempotencyStore interface {
	Begin(ctx context.Context, scope, key, fingerprint string) (*idempotency.Record, *idempotency.Claim, error)
}

// outcome is the stored result of a mutation: its payload, or the error it
// ended with (code and client-safe message).
type outcome[P any] struct {
	Payload *P           `json:"payload,omitempty"`
	Error   *storedError `json:"error,omitempty"`
}

type storedError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// written is an error after which the write has certainly happened (the
// partner was saved, only reading it back failed): its outcome is stored
// whatever its code, or a retry would write again.
type written struct{ error }

// Unwrap exposes the write's error to errors.Is and errors.As.
func (w written) Unwrap() error { return w.error }

// idempotent runs write at most once per idempotency key. Without a key it
// just runs it. The fingerprint covers the mutation, its arguments and the
// selection of its payload, like REST's covers the method, path and body.
//
// As in REST, the write runs detached from the client's connection: once
// started, a client hanging up must not leave it half done and unrecorded.
func idempotent[P any](ctx context.Context, store idempotencyStore, key *string, sel odoo.Selection, write func(context.Context) (*P, error)) (*P, error) {
	ctx = context.WithoutCancel(ctx)
	if key == nil {
		p, err := write(ctx)
		return p, settle(err)
	}
	if err := idempotency.CheckKey(*key); err != nil {
		return nil, invalidArgument("idempotencyKey", err.Error())
	}
	principal, ok := access.PrincipalFrom(ctx)
	if !ok {
		return nil, errUnauthenticated
	}
	rec, claim, err := store.Begin(ctx, principal.Name, *key, fingerprint(ctx, sel))
	switch {
	case errors.Is(err, idempotency.ErrMismatch):
		return nil, invalidArgument("idempotencyKey", "was already used for a different request")
	case errors.Is(err, idempotency.ErrInProgress):
		return nil, odoo.Errorf(odoo.EConflict, "A request with this idempotency key is still in progress; retry it later.")
	case err != nil:
		return nil, &odoo.Error{Code: odoo.EUpstreamUnavailable,
			Message: "Idempotency keys cannot be checked right now; nothing was written. Retry later.", Err: err}
	case rec != nil:
		return replay[P](ctx, rec)
	}
	finished := false
	defer func() {
		if !finished {
			// A panic: nothing is recorded to replay, so the key is freed.
			_ = claim.Release(ctx)
		}
	}()
	p, err := write(ctx)
	finished = true
	if !storable(err) {
		if rerr := claim.Release(ctx); rerr != nil {
			access.LoggerFrom(ctx).Warn("idempotency key not released; it stays pending until it expires", "error", rerr.Error())
		}
		return p, settle(err)
	}
	body := outcome[P]{Payload: p}
	if err != nil {
		body.Error = &storedError{Code: odoo.ErrorCode(err), Message: odoo.ErrorMessage(err)}
	}
	b, merr := json.Marshal(body)
	if merr == nil {
		merr = claim.Complete(ctx, idempotency.Record{Status: http.StatusOK, Body: b})
	}
	if merr != nil {
		access.LoggerFrom(ctx).Warn("idempotent mutation not stored; a retry would write again", "error", merr.Error())
	}
	return p, settle(err)
}

// storable mirrors REST: success, not found, conflict, internal errors
// and upstream timeouts are stored (the last two because the write may
// have happened); rejected input and anything else wrote nothing and
// releases the key.
func storable(err error) bool {
	var w written
	switch {
	case errors.Is(err, errRejected):
		return false
	case err == nil || errors.As(err, &w):
		return true
	}
	switch odoo.ErrorCode(err) {
	case odoo.ENotFound, odoo.EConflict, odoo.EInternal, odoo.EUpstreamTimeout:
		return true
	}
	return false
}

// settle is the error a mutation answers with: none for a rejection (the
// payload has the userErrors), the cause for a write whose read-back
// failed.
func settle(err error) error {
	var w written
	switch {
	case errors.Is(err, errRejected):
		return nil
	case errors.As(err, &w):
		return w.error
	}
	return err
}

// replay answers a stored outcome and marks the response as replayed.
func replay[P any](ctx context.Context, rec *idempotency.Record) (*P, error) {
	var body outcome[P]
	if err := json.Unmarshal(rec.Body, &body); err != nil {
		return nil, &odoo.Error{Code: odoo.EInternal, Err: err}
	}
	if st, ok := ctx.Value(requestStateKey{}).(*requestState); ok {
		st.replayed.Store(true)
	}
	if body.Error != nil {
		return body.Payload, &odoo.Error{Code: body.Error.Code, Message: body.Error.Message}
	}
	return body.Payload, nil
}

// fingerprint identifies a mutation request: the field, its arguments as
// sent (variables substituted; null and absent differ), and the selection
// its payload reads.
func fingerprint(ctx context.Context, sel odoo.Selection) string {
	fc := graphql.GetFieldContext(ctx)
	args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	delete(args, "idempotencyKey")
	a, _ := json.Marshal(args)
	return idempotency.Fingerprint([]byte("graphql"), []byte(fc.Field.Name), a, []byte(selectionKey(sel)))
}

// invalidArgument is a validation error naming one argument.
func invalidArgument(name, problem string) error {
	p := odoo.Problems{}
	p.Add(name, problem)
	return p.Err()
}
