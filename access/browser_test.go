package access

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gorilla/mux"

	"odoo-gateway/internal/browser"
)

// fetchResult is what the page's fetch reports back.
type fetchResult struct {
	OK        bool   `json:"ok"`
	Status    int    `json:"status"`
	Body      string `json:"body"`
	Remaining string `json:"remaining"`
	RequestID string `json:"requestId"`
	Error     string `json:"error"`
}

// TestCORSInRealBrowser starts the gateway and two pages on other loopback
// origins, and drives headless Chromium: the allowed origin calls the API
// with X-API-Key (a preflighted request) and reads the answer and its
// exposed headers; the other origin is blocked by the browser itself.
func TestCORSInRealBrowser(t *testing.T) {
	ctx := browser.New(t, 2*time.Minute)

	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!doctype html><title>client</title><p>client page</p>")
	}))
	t.Cleanup(page.Close)
	// Another origin: same page, other port.
	evil := httptest.NewServer(page.Config.Handler)
	t.Cleanup(evil.Close)

	s := newStack(t, Config{CORS: CORSConfig{Origins: []string{page.URL}}})
	key := addKey(t, s, KeySpec{Name: "spa", Scopes: []string{ScopePartnersRead}})
	narrowed := addKey(t, s, KeySpec{Name: "elsewhere", Scopes: []string{ScopePartnersRead}, Origins: []string{"https://elsewhere.example"}})
	inner := &okHandler{}
	r := mux.NewRouter()
	r.Use(MuxRoute)
	r.Handle("/api/v1/partners", s.Authenticate(Require(ScopePartnersRead)(inner))).Methods("GET")
	gateway := httptest.NewServer(s.Wrap(r))
	t.Cleanup(gateway.Close)

	call := func(origin, apiKey string) fetchResult {
		t.Helper()
		script := fmt.Sprintf(`(async () => {
			try {
				const r = await fetch(%q, {headers: {"X-API-Key": %q}});
				return {ok: true, status: r.status, body: await r.text(),
					remaining: r.headers.get("RateLimit-Remaining") || "",
					requestId: r.headers.get("X-Request-ID") || ""};
			} catch (e) {
				return {ok: false, error: String(e)};
			}
		})()`, gateway.URL+"/api/v1/partners", apiKey)
		if err := chromedp.Do(ctx, chromedp.Navigate(origin+"/")); err != nil {
			t.Fatalf("open %s: %v", origin, err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[fetchResult](script, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("fetch from %s: %v", origin, err)
		}
		return res
	}

	got := call(page.URL, key)
	if !got.OK || got.Status != 200 || got.Body != "ok" {
		t.Fatalf("allowed origin: %+v, want a readable 200", got)
	}
	if got.Remaining == "" || got.RequestID == "" {
		t.Errorf("exposed headers not readable from the page: %+v", got)
	}
	if inner.Calls() != 1 {
		t.Fatalf("handler calls %d, want 1", inner.Calls())
	}

	// A key narrowed to another origin is refused with a readable 403.
	got = call(page.URL, narrowed)
	if !got.OK || got.Status != 403 || !strings.Contains(got.Body, "forbidden") {
		t.Errorf("narrowed key: %+v, want a readable 403", got)
	}

	got = call(evil.URL, key)
	if got.OK {
		t.Errorf("disallowed origin could read the answer: %+v", got)
	}
	if !strings.Contains(got.Error, "Failed to fetch") {
		t.Errorf("disallowed origin: error %q, want the browser's network error", got.Error)
	}
	if inner.Calls() != 1 {
		t.Errorf("the disallowed origin's request reached the handler (calls %d)", inner.Calls())
	}
}
