// Package browser drives Debian's headless Chromium from Go tests (through
// chromedp), for checks that only a real browser can make: CORS, docs
// pages, the example single-page app. A missing Chromium skips the test,
// except with CI=true, where it fails.
package browser

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is the Chromium binary; Debian installs it here (apt-get install
// chromium).
var Path = "/usr/bin/chromium"

// Flags are the command-line flags Chromium is started with. Without the
// background-networking ones, Chromium's own connections get refused on
// sandboxed machines and page loads stall.
var Flags = map[string]any{
	"headless":                      true,
	"no-sandbox":                    true,
	"disable-gpu":                   true,
	"disable-quic":                  true,
	"no-first-run":                  true,
	"disable-background-networking": true,
	"disable-component-update":      true,
	"disable-sync":                  true,
	"disable-dev-shm-usage":         true,
	"disable-extensions":            true,
	"hide-scrollbars":               true,
	"mute-audio":                    true,
}

// New starts a headless Chromium with a fresh profile and returns a context
// for chromedp actions (one tab), with timeout as an upper bound for the
// whole test's browsing. Everything is shut down when the test ends.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium not found at %s (CI=true: a real-browser test must not be skipped)", Path)
		}
		t.Skipf("Chromium not found at %s; skipping (install it with apt-get install chromium)", Path)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Path),
		chromedp.UserDataDir(t.TempDir()),
	}
	for name, value := range Flags {
		opts = append(opts, chromedp.Flag(name, value))
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	// Start the browser now, so that a broken install fails here with a
	// clear message rather than inside the first action.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return tabCtx
}
