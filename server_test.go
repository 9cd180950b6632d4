package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"odoo-gateway/odoo/odoosim"
)

// syncBuffer collects output written by run's goroutines.
type syncBuffer struct {
	mu   sync.Mutex
	b    strings.Builder
	cond *sync.Cond
}

func newSyncBuffer() *syncBuffer {
	s := &syncBuffer{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	s.cond.Broadcast()
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor blocks until the output matches re, or the test's deadline.
func (s *syncBuffer) waitFor(t *testing.T, re *regexp.Regexp, done <-chan error) []string {
	t.Helper()
	found := make(chan []string, 1)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for {
			if m := re.FindStringSubmatch(s.b.String()); m != nil {
				found <- m
				return
			}
			s.cond.Wait()
		}
	}()
	select {
	case m := <-found:
		return m
	case err := <-done:
		t.Fatalf("run returned before printing %s: %v\n%s", re, err, s.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("no %s in output:\n%s", re, s.String())
	}
	return nil
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// start runs the server in the background and returns its base URL.
func start(t *testing.T, args []string, vars map[string]string) (base string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := newSyncBuffer(), newSyncBuffer()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, env(vars), stdout, stderr) }()
	m := stdout.waitFor(t, regexp.MustCompile(`listening on (http://\S+)`), done)
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Error("run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("stderr:\n%s", stderr.String())
		}
	})
	return m[1], stdout, stop
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	sim := httptest.NewServer(odoosim.New())
	t.Cleanup(sim.Close)
	good := map[string]string{"ODOO_URL": sim.URL, "ODOO_DB": odoosim.DB, "ODOO_USER": odoosim.AdminLogin, "ODOO_PASSWORD": odoosim.AdminPassword}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	for _, tc := range []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"no odoo url", nil, with("ODOO_URL", ""), "ODOO_URL: is required"},
		{"no database", nil, with("ODOO_DB", ""), "ODOO_DB: is required"},
		{"bad url", nil, with("ODOO_URL", "erp.example.com"), "ODOO_URL:"},
		{"bad timeout", nil, with("ODOO_TIMEOUT", "soon"), "ODOO_TIMEOUT:"},
		{"bad addr", []string{"-addr", "8080"}, good, "GATEWAY_ADDR:"},
		{"bad redis url", nil, with("REDIS_URL", "http://localhost"), "REDIS_URL:"},
		{"bad policy", nil, with("GATEWAY_REDIS_FAILURE_POLICY", "maybe"), "GATEWAY_REDIS_FAILURE_POLICY:"},
		{"bad rate", nil, with("GATEWAY_DEFAULT_RATE_PER_MIN", "0"), "GATEWAY_DEFAULT_RATE_PER_MIN:"},
		{"missing keys file", nil, with("GATEWAY_KEYS_FILE", filepath.Join(t.TempDir(), "nope.json")), "keys file"},
		{"unknown flag", []string{"-nope"}, good, "flag provided but not defined"},
		{"wrong password", nil, with("ODOO_PASSWORD", "wrong"), `Odoo refused the login "admin" on database "odoo"`},
		{"unknown database", nil, with("ODOO_DB", "nope"), `Odoo has no database "nope"`},
		{"unreachable odoo", nil, with("ODOO_URL", "http://"+closedAddr(t)), "cannot reach Odoo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"odoo-gateway", "-addr", "127.0.0.1:0"}, tc.args...)
			var stdout, stderr strings.Builder
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := run(ctx, args, env(tc.vars), &stdout, &stderr)
			if err == nil {
				t.Fatal("run succeeded")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") || strings.Contains(msg, odoosim.AdminPassword+",") {
				t.Errorf("error is not one clean line: %q", msg)
			}
		})
	}
}

func closedAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestDemoServesHealthAndKeys(t *testing.T) {
	base, stdout, stop := start(t, []string{"odoo-gateway", "-demo", "-addr", "127.0.0.1:0"}, nil)
	out := stdout.String()
	key := regexp.MustCompile(`DEMO_API_KEY=(\S+)`).FindStringSubmatch(out)
	if key == nil || !regexp.MustCompile(`DEMO_READONLY_KEY=\S+`).MatchString(out) {
		t.Fatalf("demo keys not printed:\n%s", out)
	}
	resp, err := http.Get(base + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health struct {
		Status string `json:"status"`
		Checks struct {
			Odoo struct {
				Status  string  `json:"status"`
				Version string  `json:"version"`
				Latency float64 `json:"latency_ms"`
			} `json:"odoo"`
			Redis struct {
				Status string `json:"status"`
			} `json:"redis"`
		} `json:"checks"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || health.Status != "ok" || health.Checks.Odoo.Status != "ok" || health.Checks.Odoo.Version != "19.0" || health.Checks.Redis.Status != "disabled" {
		t.Errorf("health = %d %+v", resp.StatusCode, health)
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID")
	}
	if err := stop(); err != nil {
		t.Errorf("run after shutdown: %v", err)
	}
}

func TestHealthReportsOdooDown(t *testing.T) {
	sim := odoosim.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	base, _, _ := start(t, []string{"odoo-gateway", "-addr", "127.0.0.1:0"}, map[string]string{
		"ODOO_URL": srv.URL, "ODOO_DB": odoosim.DB, "ODOO_USER": odoosim.AdminLogin, "ODOO_PASSWORD": odoosim.AdminAPIKey,
	})
	sim.FailCalls(odoosim.Match{Service: "common"}, odoosim.Failure{HTTPStatus: 502})
	time.Sleep(1100 * time.Millisecond) // let the cached healthy answer expire
	resp, err := http.Get(base + "/api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"status":"down"`) {
		t.Errorf("health with Odoo down = %d %s", resp.StatusCode, body)
	}
}

func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	sim := odoosim.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	base, _, stop := start(t, []string{"odoo-gateway", "-addr", "127.0.0.1:0"}, map[string]string{
		"ODOO_URL": srv.URL, "ODOO_DB": odoosim.DB, "ODOO_USER": odoosim.AdminLogin, "ODOO_PASSWORD": odoosim.AdminPassword,
	})
	time.Sleep(1100 * time.Millisecond) // let the startup health answer expire
	sim.SetLatency(500 * time.Millisecond)
	sim.ResetCalls()
	result := make(chan int, 1)
	go func() {
		resp, err := http.Get(base + "/api/v1/health")
		if err != nil {
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	// Wait until the request is inside the gateway (it reached Odoo).
	for deadline := time.Now().Add(10 * time.Second); !hasVersionCall(sim); {
		if time.Now().After(deadline) {
			t.Fatal("the request never reached Odoo")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if code := <-result; code != http.StatusOK {
		t.Errorf("in-flight request got %d, want 200", code)
	}
}

func hasVersionCall(sim *odoosim.Server) bool {
	for _, c := range sim.Calls() {
		if c.Method == "version" {
			return true
		}
	}
	return false
}

func TestKeysCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.json")
	vars := map[string]string{"GATEWAY_KEYS_FILE": file}
	var out strings.Builder
	err := run(context.Background(), []string{"odoo-gateway", "keys", "create", "-name", "shop", "-scopes", "partners:read,products:read", "-rate-per-min", "120"}, env(vars), &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`ogw_[A-Za-z0-9_-]{40,}`).FindString(out.String())
	if key == "" {
		t.Fatalf("no key printed:\n%s", out.String())
	}
	stored, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored), key) {
		t.Error("the keys file holds the key itself, not only its hash")
	}
	out.Reset()
	if err := run(context.Background(), []string{"odoo-gateway", "keys", "list"}, env(vars), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "shop") || strings.Contains(out.String(), key) {
		t.Errorf("keys list:\n%s", out.String())
	}

	// The key works against a running gateway using that file.
	sim := httptest.NewServer(odoosim.New())
	t.Cleanup(sim.Close)
	base, _, _ := start(t, []string{"odoo-gateway", "-addr", "127.0.0.1:0"}, map[string]string{
		"ODOO_URL": sim.URL, "ODOO_DB": odoosim.DB, "ODOO_USER": odoosim.AdminLogin, "ODOO_PASSWORD": odoosim.AdminPassword,
		"GATEWAY_KEYS_FILE": file,
	})
	req, _ := http.NewRequest("GET", base+"/api/v1/partners?limit=1", nil)
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("RateLimit-Limit") != "120" {
		t.Errorf("GET partners with the new key: %d, RateLimit-Limit %q", resp.StatusCode, resp.Header.Get("RateLimit-Limit"))
	}
	// The key has no orders:read scope.
	req, _ = http.NewRequest("GET", base+"/api/v1/sale-orders", nil)
	req.Header.Set("X-API-Key", key)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("GET sale-orders without orders:read: %d, want 403", resp.StatusCode)
	}
}
