package graph

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"odoo-gateway/internal/browser"
)

// TestGraphiQLInBrowser opens /graphql in headless Chromium: the editor
// renders from the embedded assets alone (no request leaves the gateway's
// origin, nothing breaks the page's Content-Security-Policy), and a query
// runs with the API key typed into the headers editor.
func TestGraphiQLInBrowser(t *testing.T) {
	ctx := browser.New(t, 2*time.Minute)
	env := newTestEnv(t)
	srv := httptest.NewServer(env.handler)
	t.Cleanup(srv.Close)

	watch := browser.Watch(t, ctx)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/graphql"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-container .graphiql-query-editor .CodeMirror")),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-execute-button")),
	); err != nil {
		t.Fatalf("GraphiQL did not render: %v", err)
	}

	// The key goes into the headers editor, as the docs tell users to.
	setHeaders := fmt.Sprintf(`(() => {
		// The headers tab is open (the page asks for it); the variables
		// editor is the hidden one.
		const editors = [...document.querySelectorAll(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")];
		editors[0].CodeMirror.setValue(JSON.stringify({"X-API-Key": %q}));
		document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue("query FirstCustomers { viewer { name } }");
		return editors.length;
	})()`, env.key)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](setHeaders)); err != nil {
		t.Fatalf("set the headers: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".graphiql-execute-button"))); err != nil {
		t.Fatal(err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	result, err := chromedp.Run(waitCtx, chromedp.Poll[string](
		`(document.querySelector(".result-window .CodeMirror") || {}).CodeMirror?.getValue().includes('"viewer"') &&
		 document.querySelector(".result-window .CodeMirror").CodeMirror.getValue()`))
	if err != nil {
		shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".result-window .CodeMirror")?.CodeMirror.getValue() || ""`))
		t.Fatalf("the query's result did not show: %v; result window: %s", err, shown)
	}
	if !strings.Contains(result, `"name": "test-`) {
		t.Errorf("result = %s, want the viewer's name", result)
	}

	// GraphiQL asks for the schema as it loads, before the key is typed.
	watch.ExpectSelfContained(t, srv.URL, 6, srv.URL+"/graphql")
}
