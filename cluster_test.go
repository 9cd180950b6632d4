package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"odoo-gateway/internal/redistest"
	"odoo-gateway/odoo/odoosim"
)

// TestTwoInstancesShareOneRedis starts two gateways, as run() starts them,
// on one Odoo and one Redis, and checks that clients see one gateway: one
// rate budget per key across both, and an Idempotency-Key honoured across
// both (concurrent retries spread over the instances create one partner).
func TestTwoInstancesShareOneRedis(t *testing.T) {
	redis := redistest.Start(t)
	sim := odoosim.New()
	odooSrv := httptest.NewServer(sim)
	t.Cleanup(odooSrv.Close)

	keysFile := filepath.Join(t.TempDir(), "keys.json")
	var out strings.Builder
	err := run(context.Background(), []string{"odoo-gateway", "keys", "create", "-name", "shop", "-scopes", "*", "-rate-per-min", "12"},
		env(map[string]string{"GATEWAY_KEYS_FILE": keysFile}), &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(out.String()[strings.LastIndex(strings.TrimSpace(out.String()), "\n")+1:])

	vars := map[string]string{
		"ODOO_URL": odooSrv.URL, "ODOO_DB": odoosim.DB, "ODOO_USER": odoosim.AdminLogin, "ODOO_PASSWORD": odoosim.AdminAPIKey,
		"GATEWAY_KEYS_FILE": keysFile, "REDIS_URL": "redis://" + redis.Addr + "/0", "GATEWAY_REDIS_PREFIX": redistest.Prefix(t),
	}
	a, _, _ := start(t, []string{"odoo-gateway", "-addr", "127.0.0.1:0"}, vars)
	b, _, _ := start(t, []string{"odoo-gateway", "-addr", "127.0.0.1:0"}, vars)
	instances := []string{a, b}

	do := func(base, method, path, idemKey, body string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("X-API-Key", key)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if idemKey != "" {
			req.Header.Set("Idempotency-Key", idemKey)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp, data
	}

	// Concurrent retries of one create, spread over both instances.
	const retries = 6
	var wg sync.WaitGroup
	statuses := make([]int, retries)
	ids := make([]int, retries)
	for i := range retries {
		wg.Go(func() {
			resp, body := do(instances[i%2], "POST", "/api/v1/partners", "create-acme-west-1", `{"name": "Acme West Ltd", "is_company": true}`)
			statuses[i] = resp.StatusCode
			var p struct{ ID int }
			json.Unmarshal(body, &p)
			ids[i] = p.ID
		})
	}
	wg.Wait()
	if n := sim.Count("res.partner", []any{[]any{"name", "=", "Acme West Ltd"}}); n != 1 {
		t.Errorf("%d partners created by %d retries over two instances (statuses %v), want 1", n, retries, statuses)
	}
	created := 0
	for i, st := range statuses {
		switch st {
		case http.StatusCreated:
			created++
			if ids[i] != ids[0] && ids[0] != 0 {
				t.Errorf("retries answered different partners: %v", ids)
			}
		case http.StatusConflict: // another retry was running
		default:
			t.Errorf("retry %d: status %d", i, st)
		}
	}
	if created == 0 {
		t.Errorf("no retry got the created partner: %v", statuses)
	}

	// One budget of 12 per minute across both instances: the creates above
	// spent 6; 6 more are admitted in total, then both refuse.
	var codes []int
	for i := range 8 {
		resp, _ := do(instances[i%2], "GET", "/api/v1/countries?limit=1", "", "")
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	want := []int{200, 200, 200, 200, 200, 200, 429, 429}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Errorf("statuses across two instances = %v, want %v (one shared budget)", codes, want)
	}
}
