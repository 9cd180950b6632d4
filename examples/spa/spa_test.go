package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"odoo-gateway/access"
	"odoo-gateway/graph"
	"odoo-gateway/internal/browser"
	"odoo-gateway/internal/gatewaytest"
	"odoo-gateway/odoo"
)

// TestSPAInBrowser serves the example app from one loopback origin and the
// gateway (the real access stack and GraphQL endpoint, over the Odoo
// simulator) from another, with CORS allowing exactly the app's origin,
// and drives headless Chromium through the app: list customers, page
// forward and back, open a partner with its orders, create a partner (then
// found in Odoo), and the same app from a disallowed origin failing.
func TestSPAInBrowser(t *testing.T) {
	ctx := browser.New(t, 3*time.Minute)
	app := httptest.NewServer(newHandler())
	t.Cleanup(app.Close)
	other := httptest.NewServer(newHandler())
	t.Cleanup(other.Close)

	env := gatewaytest.New(t, gatewaytest.Options{Access: access.Config{CORS: access.CORSConfig{Origins: []string{app.URL}}}})
	gateway := httptest.NewServer(env.Access.Stack.Wrap(graph.NewHandler(graph.Config{Odoo: env.Odoo, Stack: env.Access.Stack})))
	t.Cleanup(gateway.Close)
	key := env.Access.Key(access.ScopePartnersRead, access.ScopePartnersWrite, access.ScopeOrdersRead)

	want, ids := customers(t, env)
	connect(t, ctx, app.URL, gateway.URL, key)

	// Page 1, forward to page 2, back to page 1.
	if diff := cmp.Diff(want[0:5], rows(t, ctx, want[0])); diff != "" {
		t.Fatalf("page 1 (-want +got):\n%s", diff)
	}
	click(t, ctx, "#next")
	if diff := cmp.Diff(want[5:10], rows(t, ctx, want[5])); diff != "" {
		t.Errorf("page 2 (-want +got):\n%s", diff)
	}
	if label := text(t, ctx, "#page-label"); !strings.HasPrefix(label, "Page 2 of") {
		t.Errorf("page label = %q", label)
	}
	click(t, ctx, "#prev")
	if diff := cmp.Diff(want[0:5], rows(t, ctx, want[0])); diff != "" {
		t.Errorf("back to page 1 (-want +got):\n%s", diff)
	}
	if disabled := evaluate[bool](t, ctx, `document.getElementById("prev").disabled`); !disabled {
		t.Error("Previous is enabled on the first page")
	}

	// Open a customer of page 1 that has orders.
	id, name, orders := customerWithOrders(t, env, ids[0:5], want[0:5])
	click(t, ctx, fmt.Sprintf(`#customers tr[data-id="%d"] button.open`, id))
	poll(t, ctx, fmt.Sprintf(`document.getElementById("detail-name").textContent === %q &&
		document.querySelectorAll("#orders li").length === %d`, name, len(orders)))
	shown := evaluate[[]string](t, ctx, `[...document.querySelectorAll("#orders li")].map(li => li.textContent.split(" · ")[0])`)
	if diff := cmp.Diff(orders, shown); diff != "" {
		t.Errorf("orders of %s (-want +got):\n%s", name, diff)
	}

	// Create a partner; a bad email first shows the user error.
	newName := fmt.Sprintf("SPA Created %d", time.Now().UnixNano())
	fill(t, ctx, map[string]string{"#new-name": newName, "#new-email": "not-an-email", "#new-country": "BE"})
	click(t, ctx, "#create")
	poll(t, ctx, `document.querySelectorAll("#create-errors li").length > 0`)
	if errs := text(t, ctx, "#create-errors"); !strings.Contains(errs, "email") {
		t.Errorf("user errors = %q, want the email's", errs)
	}
	if found := env.Sim.Find("res.partner", []any{[]any{"name", "=", newName}}); len(found) != 0 {
		t.Fatal("a refused partner was created")
	}
	fill(t, ctx, map[string]string{"#new-email": "spa@example.com"})
	click(t, ctx, "#create")
	poll(t, ctx, `document.getElementById("create-status").textContent.startsWith("Created partner #")`)
	found := env.Sim.Find("res.partner", []any{[]any{"name", "=", newName}})
	if len(found) != 1 || found[0]["email"] != "spa@example.com" {
		t.Errorf("in Odoo: %v, want one partner %q with the email", found, newName)
	}

	// The same app from an origin the gateway does not allow: the browser
	// blocks the call, and nothing reaches Odoo.
	env.Sim.ResetCalls()
	connect(t, ctx, other.URL, gateway.URL, key)
	poll(t, ctx, `!document.getElementById("error").hidden`)
	if msg := text(t, ctx, "#error"); !strings.Contains(msg, "Could not reach the gateway") {
		t.Errorf("error = %q, want the network failure", msg)
	}
	if n := evaluate[int](t, ctx, `document.querySelectorAll("#customers tr").length`); n != 0 {
		t.Errorf("%d rows shown from a disallowed origin", n)
	}
	if calls := env.Sim.Calls(); len(calls) != 0 {
		t.Errorf("the disallowed origin's request reached Odoo: %d calls", len(calls))
	}
}

// customers lists every customer's name and id in the app's order.
func customers(t *testing.T, env *gatewaytest.Env) ([]string, []int) {
	t.Helper()
	yes := true
	page, err := env.Odoo.Partners(context.Background(), odoo.PartnerFilter{Customer: &yes}, odoo.ListOptions{Limit: 200, Select: odoo.SelectionOf("name")})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) < 10 {
		t.Fatalf("only %d customers", len(page.Items))
	}
	names, ids := make([]string, len(page.Items)), make([]int, len(page.Items))
	for i, p := range page.Items {
		names[i], ids[i] = p.Name, p.ID
	}
	return names, ids
}

// customerWithOrders finds a customer with orders among ids, and the
// names of its first ten orders (newest first, as the app shows them).
func customerWithOrders(t *testing.T, env *gatewaytest.Env, ids []int, names []string) (int, string, []string) {
	t.Helper()
	ctx := context.Background()
	for i, id := range ids {
		orders, err := env.Odoo.SaleOrders(ctx, odoo.SaleOrderFilter{PartnerID: &id}, odoo.ListOptions{Limit: 10, Select: odoo.SelectionOf("name")})
		if err != nil {
			t.Fatal(err)
		}
		if len(orders.Items) > 0 {
			out := make([]string, len(orders.Items))
			for i, o := range orders.Items {
				out[i] = o.Name
			}
			return id, names[i], out
		}
	}
	t.Fatal("no customer on the first page has orders")
	return 0, "", nil
}

// connect opens the app at origin and connects it to the gateway.
func connect(t *testing.T, ctx context.Context, origin, gateway, key string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(origin+"/?gateway="+url.QueryEscape(gateway)),
		chromedp.WaitVisible(chromedp.CSS("#connect")),
		chromedp.SetValue(chromedp.CSS("#apikey"), key),
		chromedp.Click(chromedp.CSS("#connect")),
	); err != nil {
		t.Fatalf("connect from %s: %v", origin, err)
	}
}

// rows waits for the table to start with first and returns its names.
func rows(t *testing.T, ctx context.Context, first string) []string {
	t.Helper()
	poll(t, ctx, fmt.Sprintf(`(document.querySelector("#customers tr td") || {}).textContent === %q`, first))
	return evaluate[[]string](t, ctx, `[...document.querySelectorAll("#customers tr")].map(tr => tr.cells[0].textContent)`)
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitEnabled(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func fill(t *testing.T, ctx context.Context, values map[string]string) {
	t.Helper()
	for sel, v := range values {
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
			t.Fatalf("fill %s: %v", sel, err)
		}
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return evaluate[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).textContent`, sel))
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// poll waits until the expression is true, showing the page's error if it
// never is.
func poll(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(waitCtx, chromedp.Poll[bool](js)); err != nil {
		t.Fatalf("waiting for %s: %v (page error: %q)", js, err, text(t, ctx, "#error"))
	}
}
