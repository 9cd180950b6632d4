package rest_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"odoo-gateway/internal/browser"
)

// TestDocsUIInBrowser opens the reference page in headless Chromium: it
// must render every operation of the document, raise no error (a CSP
// violation included), and request nothing from another host.
func TestDocsUIInBrowser(t *testing.T) {
	ctx := browser.New(t, 2*time.Minute)
	h := newHarness(t)
	srv := httptest.NewServer(h.h)
	t.Cleanup(srv.Close)

	watch := browser.Watch(t, ctx)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/api/docs/ui"),
		chromedp.WaitVisible(chromedp.CSS(".opblock-summary-path")),
	); err != nil {
		t.Fatalf("the docs page did not render operations: %v", err)
	}
	type op struct {
		Method string `json:"method"`
		Path   string `json:"path"`
	}
	ops, err := chromedp.Run(ctx, chromedp.Evaluate[[]op](`[...document.querySelectorAll('.opblock')].map(e => ({
		method: e.querySelector('.opblock-summary-method').textContent.trim(),
		path: e.querySelector('.opblock-summary-path').getAttribute('data-path')}))`))
	if err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".info .title")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "odoo-gateway REST API") {
		t.Errorf("page title %q", title)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.ArtifactDir(), "docs-ui.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the docs page: %s (%d bytes; keep it with go test -artifacts)", shot, len(png))

	var got, want []string
	for _, o := range ops {
		got = append(got, o.Method+" "+o.Path)
	}
	for r := range docOperations(t) {
		want = append(want, r.method+" "+r.path)
	}
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got, cmp.Transformer("lower", strings.ToLower)); diff != "" {
		t.Errorf("operations on the page (-document +page):\n%s", diff)
	}

	watch.ExpectSelfContained(t, srv.URL, 4)
}
