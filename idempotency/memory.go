package idempotency

import (
	"context"
	"sync"
	"time"
)

// NewMemory returns a Store kept in this process, for a gateway without
// Redis (one instance only).
func NewMemory() *Store {
	return &Store{b: &memory{entries: map[string]*memEntry{}, now: time.Now}}
}

type memEntry struct {
	token   string
	fp      string
	rec     *Record // nil while pending
	expires time.Time
}

type memory struct {
	mu      sync.Mutex
	entries map[string]*memEntry
	now     func() time.Time
	ops     int
}

func (m *memory) begin(_ context.Context, key, token, fp string) (*Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	if e, ok := m.entries[key]; ok && now.Before(e.expires) {
		switch {
		case e.fp != fp:
			return nil, ErrMismatch
		case e.rec == nil:
			return nil, ErrInProgress
		}
		rec := *e.rec
		return &rec, nil
	}
	m.entries[key] = &memEntry{token: token, fp: fp, expires: now.Add(PendingTTL)}
	return nil, nil
}

func (m *memory) complete(_ context.Context, key, token, fp string, rec Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok && e.token != token {
		return nil // the claim expired and someone else holds the key now
	}
	m.entries[key] = &memEntry{token: token, fp: fp, rec: &rec, expires: m.now().Add(TTL)}
	return nil
}

func (m *memory) release(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok && e.token == token && e.rec == nil {
		delete(m.entries, key)
	}
	return nil
}

// sweep drops expired entries now and then, so memory stays bounded by the
// traffic of one TTL.
func (m *memory) sweep(now time.Time) {
	m.ops++
	if m.ops%256 != 0 {
		return
	}
	for k, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, k)
		}
	}
}
