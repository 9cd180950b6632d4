package rest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"odoo-gateway/access"
	"odoo-gateway/idempotency"
	"odoo-gateway/internal/redistest"
	"odoo-gateway/odoo/odoosim"
)

// stores runs a test against the in-memory store and a real Redis.
func stores(t *testing.T, test func(t *testing.T, newStore func() *idempotency.Store)) {
	t.Run("memory", func(t *testing.T) {
		test(t, idempotency.NewMemory)
	})
	t.Run("redis", func(t *testing.T) {
		client := redistest.Shared(t)
		prefix := redistest.Prefix(t)
		test(t, func() *idempotency.Store { return idempotency.NewRedis(client, prefix, time.Second) })
	})
}

func withStore(s *idempotency.Store) func(*options) {
	return func(o *options) { o.store = s }
}

// partnersNamed counts the partners with exactly this name in Odoo.
func partnersNamed(h *harness, name string) int {
	return h.env.Sim.Count("res.partner", []any{[]any{"name", "=", name}})
}

func TestIdempotentCreateReplays(t *testing.T) {
	stores(t, func(t *testing.T, newStore func() *idempotency.Store) {
		h := newHarness(t, withStore(newStore()))
		name := uniqueName("Idem")
		post := func(body string, key string) *response {
			return h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: map[string]string{"Idempotency-Key": key}})
		}
		body := fmt.Sprintf(`{"name": %q}`, name)
		first := post(body, "create-1").expect(t, http.StatusCreated)
		if first.Header().Get("Idempotent-Replayed") != "" {
			t.Error("the first answer is marked replayed")
		}
		again := post(body, "create-1").expect(t, http.StatusCreated)
		if again.Header().Get("Idempotent-Replayed") != "true" {
			t.Error("the retry is not marked Idempotent-Replayed")
		}
		if again.Body.String() != first.Body.String() || again.Header().Get("Location") != first.Header().Get("Location") {
			t.Errorf("replay differs:\n%s %s\n%s %s", first.Header().Get("Location"), first.Body, again.Header().Get("Location"), again.Body)
		}
		if n := partnersNamed(h, name); n != 1 {
			t.Errorf("%d partners named %q, want 1", n, name)
		}

		// The same key with another body is refused, and writes nothing.
		res := post(fmt.Sprintf(`{"name": %q}`, name+" bis"), "create-1").expect(t, http.StatusUnprocessableEntity)
		if p := res.problem(t); p.Code != access.EUnprocessable {
			t.Errorf("problem %+v", p)
		}
		if n := partnersNamed(h, name+" bis"); n != 0 {
			t.Errorf("a mismatched retry created %d partners", n)
		}
		// Same key and body on another path is another request too.
		h.do(req{method: http.MethodPatch, target: "/api/v1/partners/9", body: body, header: map[string]string{"Idempotency-Key": "create-1"}}).expect(t, http.StatusUnprocessableEntity)

		// A key belongs to its principal: another client's same key is a
		// new request.
		other := h.env.Access.Key(access.ScopePartnersWrite)
		h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, key: other, header: map[string]string{"Idempotency-Key": "create-1"}}).expect(t, http.StatusCreated)
		if n := partnersNamed(h, name); n != 2 {
			t.Errorf("%d partners named %q, want 2 (one per principal)", n, name)
		}
	})
}

// TestIdempotencyDoesNotStoreFixableErrors: a 400 (or a 503: nothing was
// written) releases the key, so the client can fix the request or wait
// and retry with the same key.
func TestIdempotencyDoesNotStoreFixableErrors(t *testing.T) {
	stores(t, func(t *testing.T, newStore func() *idempotency.Store) {
		h := newHarness(t, withStore(newStore()))
		hdr := map[string]string{"Idempotency-Key": "fix-me"}
		h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: `{"email": "x"}`, header: hdr}).expect(t, http.StatusBadRequest)
		name := uniqueName("Fixed")
		body := fmt.Sprintf(`{"name": %q}`, name)

		h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "create", Count: 1}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
		h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusServiceUnavailable)

		res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusCreated)
		if res.Header().Get("Idempotent-Replayed") != "" {
			t.Error("a fixed request was answered from the store")
		}
		if n := partnersNamed(h, name); n != 1 {
			t.Errorf("%d partners, want 1", n)
		}
	})
}

// TestIdempotencyStoresAmbiguousOutcomes: a timeout may hide a write that
// happened, so its answer is replayed rather than the write retried.
func TestIdempotencyStoresAmbiguousOutcomes(t *testing.T) {
	h := newHarness(t, func(o *options) { o.gw.Timeout = 300 * time.Millisecond })
	h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "create", Count: 1}, odoosim.Failure{Hang: true})
	hdr := map[string]string{"Idempotency-Key": "slow"}
	body := fmt.Sprintf(`{"name": %q}`, uniqueName("Slow"))
	h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusGatewayTimeout)
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusGatewayTimeout)
	if res.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("the timeout was not replayed")
	}
	if n := len(h.env.Calls("res.partner", "create")); n != 1 {
		t.Errorf("%d create calls, want 1", n)
	}
}

// TestIdempotencyAfterReadBackFailure: the partner was created but reading
// it back failed; the answer (503) is stored anyway, since a retry must
// not create the partner a second time.
func TestIdempotencyAfterReadBackFailure(t *testing.T) {
	h := newHarness(t)
	h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "web_read", Count: 1}, odoosim.Failure{HTTPStatus: http.StatusBadGateway})
	name := uniqueName("Saved")
	hdr := map[string]string{"Idempotency-Key": "saved"}
	body := fmt.Sprintf(`{"name": %q}`, name)
	h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusServiceUnavailable)
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: hdr}).expect(t, http.StatusServiceUnavailable)
	if res.Header().Get("Idempotent-Replayed") != "true" || res.Header().Get("Location") == "" {
		t.Errorf("retry: replayed %q Location %q", res.Header().Get("Idempotent-Replayed"), res.Header().Get("Location"))
	}
	if n := partnersNamed(h, name); n != 1 {
		t.Errorf("%d partners, want 1", n)
	}
}

// TestConcurrentRetriesCreateOnePartner fires many copies of one create
// at once: one runs, the others are told it is in progress (409) or get
// its answer, and Odoo ends up with exactly one partner.
func TestConcurrentRetriesCreateOnePartner(t *testing.T) {
	stores(t, func(t *testing.T, newStore func() *idempotency.Store) {
		h := newHarness(t, withStore(newStore()))
		// Slow Odoo down so that the copies overlap the first one.
		h.env.Sim.SetLatency(20 * time.Millisecond)
		name := uniqueName("Concurrent")
		body := fmt.Sprintf(`{"name": %q, "email": "c@concurrent.example"}`, name)
		const n = 20
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			res   = make([]*response, n)
		)
		for i := range n {
			wg.Go(func() {
				<-start
				res[i] = h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: map[string]string{"Idempotency-Key": "one-create"}})
			})
		}
		close(start)
		wg.Wait()
		created, replayed, inProgress := 0, 0, 0
		for _, r := range res {
			switch {
			case r.Code == http.StatusCreated && r.Header().Get("Idempotent-Replayed") == "":
				created++
			case r.Code == http.StatusCreated:
				replayed++
			case r.Code == http.StatusConflict:
				inProgress++
				if p := r.problem(t); !strings.Contains(p.Detail, "in progress") || r.Header().Get("Retry-After") == "" {
					t.Errorf("409 %+v Retry-After %q", p, r.Header().Get("Retry-After"))
				}
			default:
				t.Errorf("unexpected answer %d: %s", r.Code, r.Body)
			}
		}
		t.Logf("%d created, %d replayed, %d told in progress", created, replayed, inProgress)
		if created != 1 {
			t.Errorf("%d requests ran the create, want 1", created)
		}
		if got := partnersNamed(h, name); got != 1 {
			t.Errorf("%d partners named %q in Odoo, want 1", got, name)
		}
		if got := len(h.env.Calls("res.partner", "create")); got != 1 {
			t.Errorf("%d create calls reached Odoo, want 1", got)
		}
		// After the dust settles, a retry gets the stored answer.
		final := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: body, header: map[string]string{"Idempotency-Key": "one-create"}}).expect(t, http.StatusCreated)
		if final.Header().Get("Idempotent-Replayed") != "true" {
			t.Error("the final retry was not replayed")
		}
	})
}

func TestIdempotentUpdateAndDelete(t *testing.T) {
	h := newHarness(t)
	id := h.create(map[string]any{"name": uniqueName("Idem delete")})
	target := fmt.Sprintf("/api/v1/partners/%d", id)
	hdr := map[string]string{"Idempotency-Key": "patch-1"}
	first := h.do(req{method: http.MethodPatch, target: target, body: `{"city": "Namur"}`, header: hdr}).expect(t, http.StatusOK)
	again := h.do(req{method: http.MethodPatch, target: target, body: `{"city": "Namur"}`, header: hdr}).expect(t, http.StatusOK)
	if again.Header().Get("Idempotent-Replayed") != "true" || again.Body.String() != first.Body.String() {
		t.Error("PATCH retry not replayed")
	}
	hdr = map[string]string{"Idempotency-Key": "delete-1"}
	h.do(req{method: http.MethodDelete, target: target, header: hdr}).expect(t, http.StatusNoContent)
	// Without the key, deleting again is 404; with it, the retry gets the
	// 204 it missed.
	res := h.do(req{method: http.MethodDelete, target: target, header: hdr}).expect(t, http.StatusNoContent)
	if res.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("DELETE retry not replayed")
	}
	h.do(req{method: http.MethodDelete, target: target}).expect(t, http.StatusNotFound)
}

func TestIdempotencyKeyChecks(t *testing.T) {
	h := newHarness(t)
	for _, key := range []string{strings.Repeat("k", 256), "caf\u00e9", "tab\tkey"} {
		res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: `{"name": "X"}`, header: map[string]string{"Idempotency-Key": key}}).expect(t, http.StatusBadRequest)
		if p := res.problem(t); len(p.Details["Idempotency-Key"]) == 0 {
			t.Errorf("key %q: %+v", key, p)
		}
	}
	// On GET the header means nothing and is ignored.
	h.do(req{target: "/api/v1/partners?limit=1", header: map[string]string{"Idempotency-Key": "read"}}).expect(t, http.StatusOK)
	h.do(req{target: "/api/v1/partners?limit=1", header: map[string]string{"Idempotency-Key": "read"}}).expect(t, http.StatusOK)
	if c := h.env.Calls("res.partner", "create"); len(c) != 0 {
		t.Error("an invalid key let the write run")
	}
}

// TestRedisRecordsExpire checks that completed records are kept in Redis
// for 24 hours, under the gateway's prefix.
func TestRedisRecordsExpire(t *testing.T) {
	client := redistest.Shared(t)
	prefix := redistest.Prefix(t)
	h := newHarness(t, withStore(idempotency.NewRedis(client, prefix, time.Second)))
	h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: fmt.Sprintf(`{"name": %q}`, uniqueName("TTL")), header: map[string]string{"Idempotency-Key": "ttl"}}).expect(t, http.StatusCreated)
	keys, err := client.Keys(context.Background(), prefix+"idem:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys under %s: %v %v, want one record", prefix, keys, err)
	}
	ttl, err := client.PTTL(context.Background(), keys[0]).Result()
	if err != nil || ttl <= 23*time.Hour || ttl > 24*time.Hour {
		t.Errorf("record TTL %v (%v), want about 24h", ttl, err)
	}
}

// TestRedisDownRefusesIdempotentWrites: without its store, a write with a
// key cannot be made safe, so it is refused (503) before reaching Odoo.
func TestRedisDownRefusesIdempotentWrites(t *testing.T) {
	srv := redistest.Start(t)
	h := newHarness(t, withStore(idempotency.NewRedis(srv.Client(), "t:", 200*time.Millisecond)))
	srv.Stop()
	res := h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: `{"name": "X"}`, header: map[string]string{"Idempotency-Key": "down"}}).expect(t, http.StatusServiceUnavailable)
	if p := res.problem(t); p.Code != "upstream_unavailable" {
		t.Errorf("problem %+v", p)
	}
	noTraceback(t, res)
	if c := h.env.Calls("res.partner", "create"); len(c) != 0 {
		t.Error("the write ran without its idempotency record")
	}
	// Without a key the write does not need the store.
	h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: fmt.Sprintf(`{"name": %q}`, uniqueName("No key")), header: nil}).expect(t, http.StatusCreated)
}

// TestSavedButNotReadBackIsStored: a create that Odoo saved but whose
// read-back failed answers an error, and that answer is kept for the key:
// a retry replays it instead of creating a second partner.
func TestSavedButNotReadBackIsStored(t *testing.T) {
	h := newHarness(t)
	name := uniqueName("Saved")
	h.env.Sim.FailCalls(odoosim.Match{Model: "res.partner", Method: "web_read", Count: 1}, odoosim.Failure{HTTPStatus: 502})
	post := func() *response {
		return h.do(req{method: http.MethodPost, target: "/api/v1/partners", body: fmt.Sprintf(`{"name": %q}`, name),
			header: map[string]string{"Idempotency-Key": "saved-1"}})
	}
	first := post().expect(t, http.StatusServiceUnavailable)
	if first.Header().Get("Location") == "" {
		t.Error("the saved partner's Location is missing")
	}
	again := post().expect(t, http.StatusServiceUnavailable)
	if again.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("the retry ran again instead of replaying")
	}
	if n := partnersNamed(h, name); n != 1 {
		t.Errorf("%d partners named %q, want 1", n, name)
	}
}
