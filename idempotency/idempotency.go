// Package idempotency remembers the outcome of writes by Idempotency-Key,
// so that a client retrying a write (after a timeout, a dropped connection)
// gets the first answer again instead of a second write. Records live in
// Redis when the gateway has one, so every instance sees them, and in
// memory otherwise.
//
// A key is first claimed (a pending marker with a short lifetime), the
// write runs, and its outcome is stored for 24 hours. A second request with
// the same key while the first runs gets ErrInProgress; one with a
// different body gets ErrMismatch; one after completion gets the record.
package idempotency

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
	"unicode"
)

// Defaults for how long records live.
const (
	// TTL is how long a completed outcome is replayed.
	TTL = 24 * time.Hour
	// PendingTTL bounds a claim whose owner died before completing it.
	PendingTTL = 5 * time.Minute
	// MaxKeyLength is the longest Idempotency-Key accepted.
	MaxKeyLength = 255
)

var (
	// ErrInProgress means another request with the same key is running.
	ErrInProgress = errors.New("idempotency: a request with this key is in progress")
	// ErrMismatch means the key was used for a different request.
	ErrMismatch = errors.New("idempotency: this key was used with a different request")
	// ErrUnavailable means the store cannot be reached; the write must not
	// run, since its retry could not be recognised.
	ErrUnavailable = errors.New("idempotency: store unavailable")
)

// Record is the stored outcome of a write.
type Record struct {
	// Status is the HTTP status of the answer (REST) or 200 (GraphQL).
	Status int `json:"status"`
	// Header keeps the headers worth replaying (Location, Content-Type).
	Header http.Header `json:"header,omitempty"`
	// Body is the answer's body.
	Body []byte `json:"body"`
	// Created is when the write ran, for the Idempotent-Replayed answer.
	Created time.Time `json:"created"`
}

// Claim is the right to run a write for a key; exactly one of Complete or
// Release must be called.
type Claim struct {
	store backend
	key   string
	token string
	fp    string
}

// Complete stores the outcome of the write.
func (c *Claim) Complete(ctx context.Context, rec Record) error {
	if rec.Created.IsZero() {
		rec.Created = time.Now().UTC()
	}
	return c.store.complete(ctx, c.key, c.token, c.fp, rec)
}

// Release gives the key up without storing anything, so that the request
// can be retried with it (e.g. when the write certainly did not run).
func (c *Claim) Release(ctx context.Context) error {
	return c.store.release(ctx, c.key, c.token)
}

// backend is what Redis and memory implement.
type backend interface {
	// begin claims key, or returns the stored record or an error.
	begin(ctx context.Context, key, token, fp string) (*Record, error)
	complete(ctx context.Context, key, token, fp string, rec Record) error
	release(ctx context.Context, key, token string) error
}

// Store hands out claims and replays records.
type Store struct {
	b backend
}

// Begin starts an idempotent write: scope separates clients (a principal's
// name), key is the client's Idempotency-Key and fingerprint identifies the
// request (method, path, body). It returns either a Record to replay, or a
// Claim to run the write under.
func (s *Store) Begin(ctx context.Context, scope, key, fingerprint string) (*Record, *Claim, error) {
	token, err := randomToken()
	if err != nil {
		return nil, nil, err
	}
	k := storageKey(scope, key)
	rec, err := s.b.begin(ctx, k, token, fingerprint)
	if err != nil || rec != nil {
		return rec, nil, err
	}
	return nil, &Claim{store: s.b, key: k, token: token, fp: fingerprint}, nil
}

// CheckKey validates a client's Idempotency-Key: 1 to 255 printable ASCII
// characters.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLength {
		return fmt.Errorf("must be 1 to %d characters", MaxKeyLength)
	}
	for _, r := range key {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return fmt.Errorf("must be printable ASCII")
		}
	}
	return nil
}

// Fingerprint identifies a request by its parts (method, path, body...).
func Fingerprint(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// storageKey hashes scope and key, so that any client string makes a safe,
// bounded storage key.
func storageKey(scope, key string) string {
	return Fingerprint([]byte(scope), []byte(key))
}

func randomToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
