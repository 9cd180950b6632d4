package rest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"

	"odoo-gateway/access"
	"odoo-gateway/idempotency"
	"odoo-gateway/odoo"
)

// Headers of idempotent writes.
const (
	headerIdempotencyKey = "Idempotency-Key"
	// headerReplayed marks an answer replayed from the store.
	headerReplayed = "Idempotent-Replayed"
)

// storable reports whether the outcome of a write with status is kept for
// replay. Outcomes that say what happened are kept: success, not found, a
// refusal by Odoo (409) and the ambiguous ones (500, 504), where the write
// may have happened and replaying the answer prevents a second write.
// Outcomes the client can fix and retry with the same key are not kept:
// bad input (400, 413, 415, 422), credentials and scopes (401, 403), rate
// limits (429) and Odoo being unreachable (503, nothing was written).
func storable(status int) bool {
	switch {
	case status >= 200 && status < 300:
		return true
	case status == http.StatusNotFound, status == http.StatusConflict,
		status == http.StatusInternalServerError, status == http.StatusGatewayTimeout:
		return true
	}
	return false
}

// replayedHeaders are the headers of a stored answer worth replaying.
var replayedHeaders = []string{"Content-Type", "Location"}

// idempotent runs a write at most once per Idempotency-Key: the first
// answer is stored (scoped by principal, for 24 hours) and replayed to
// retries of the same request with Idempotent-Replayed: true. The same key
// with another request is 422; while the first request runs, a second one
// gets 409. Without the header the write simply runs.
//
// The write itself runs detached from the client's connection: once it has
// started, a client hanging up must not leave it half done and unrecorded.
func idempotent(store *idempotency.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithoutCancel(r.Context()))
		key, ok := r.Header[http.CanonicalHeaderKey(headerIdempotencyKey)]
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) != 1 || idempotency.CheckKey(key[0]) != nil {
			msg := "must be given once"
			if len(key) == 1 {
				msg = idempotency.CheckKey(key[0]).Error()
			}
			p := odoo.Problems{}
			p.Add(headerIdempotencyKey, msg)
			fail(w, r, p.Err())
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			fail(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		principal := ""
		if p, ok := access.PrincipalFrom(r.Context()); ok {
			principal = p.Name
		}
		fp := idempotency.Fingerprint([]byte(r.Method), []byte(r.URL.Path), []byte(principal), body)
		rec, claim, err := store.Begin(r.Context(), principal, key[0], fp)
		switch {
		case errors.Is(err, idempotency.ErrInProgress):
			w.Header().Set("Retry-After", "1")
			fail(w, r, odoo.Errorf(odoo.EConflict,
				"A request with this Idempotency-Key is still in progress; retry it in a moment to get its answer."))
			return
		case errors.Is(err, idempotency.ErrMismatch):
			fail(w, r, access.Unprocessable(
				"This Idempotency-Key was already used for a different request; use a new key for a new request."))
			return
		case errors.Is(err, idempotency.ErrUnavailable):
			fail(w, r, &odoo.Error{Code: odoo.EUpstreamUnavailable,
				Message: "Idempotency keys cannot be checked right now, so the write was not attempted; retry later.", Err: err})
			return
		case err != nil:
			fail(w, r, err)
			return
		case rec != nil:
			replay(w, rec)
			return
		}
		run(w, r, claim, next)
	})
}

// run executes the write under claim and stores or releases its outcome.
func run(w http.ResponseWriter, r *http.Request, claim *idempotency.Claim, next http.Handler) {
	tw := &teeWriter{ResponseWriter: w}
	committed := &atomic.Bool{}
	r = r.WithContext(context.WithValue(r.Context(), committedKey{}, committed))
	finished := false
	defer func() {
		if !finished {
			// A panic: the stack answers 500; the key is released, since
			// nothing was recorded to replay.
			_ = claim.Release(context.WithoutCancel(r.Context()))
		}
	}()
	next.ServeHTTP(tw, r)
	finished = true
	status := tw.statusCode()
	if !storable(status) && !committed.Load() {
		if err := claim.Release(r.Context()); err != nil {
			access.LoggerFrom(r.Context()).Warn("idempotency key release failed", "error", err.Error())
		}
		return
	}
	h := http.Header{}
	for _, name := range replayedHeaders {
		if v := tw.Header().Get(name); v != "" {
			h.Set(name, v)
		}
	}
	if err := claim.Complete(r.Context(), idempotency.Record{Status: status, Header: h, Body: tw.body.Bytes()}); err != nil {
		// The answer went out; only a retry's replay is lost.
		access.LoggerFrom(r.Context()).Warn("idempotency record not stored", "error", err.Error())
	}
}

// replay answers a stored outcome.
func replay(w http.ResponseWriter, rec *idempotency.Record) {
	for k, v := range rec.Header {
		w.Header()[k] = v
	}
	w.Header().Set(headerReplayed, "true")
	w.WriteHeader(rec.Status)
	_, _ = w.Write(rec.Body)
}

type committedKey struct{}

// markCommitted tells the idempotency layer that the write happened even
// though the answer is an error (the record was saved, reading it back
// failed): the outcome must then be stored whatever its status, or a
// retry would write a second time.
func markCommitted(ctx context.Context) {
	if c, ok := ctx.Value(committedKey{}).(*atomic.Bool); ok {
		c.Store(true)
	}
}

// teeWriter passes an answer through and keeps a copy for the store.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the writer underneath.
func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

func (t *teeWriter) statusCode() int {
	if t.status == 0 {
		return http.StatusOK
	}
	return t.status
}
