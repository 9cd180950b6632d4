package browser

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Watcher records what a page does that tests assert on: every request it
// makes, and every error it raises (exceptions, console.error, browser log
// errors such as a Content-Security-Policy violation).
type Watcher struct {
	mu       sync.Mutex
	requests []string
	problems []string
	// failed lists responses with an error status, by URL.
	failed []string
}

// Watch starts recording the page of ctx (from New).
func Watch(t testing.TB, ctx context.Context) *Watcher {
	t.Helper()
	w := &Watcher{}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			w.problems = append(w.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				w.problems = append(w.problems, "console.error: "+strings.Join(args, " "))
			}
		case *log.EventEntryAdded:
			switch {
			case e.Entry.Level != log.EntryLevelError:
			case e.Entry.Source == log.EntrySourceNetwork:
				w.failed = append(w.failed, e.Entry.URL)
			default:
				w.problems = append(w.problems, fmt.Sprintf("log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("watch the page: %v", err)
	}
	return w
}

// Requests returns the URLs the page requested so far.
func (w *Watcher) Requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.requests...)
}

// ExpectSelfContained fails the test if the page requested anything from
// another origin than origin (data: URLs aside), made fewer than min
// requests (so that a page that loaded nothing does not pass), raised any
// error, or got an error status for anything but the URLs mayFail lists
// (an API call made before the user typed a key): the pages the gateway
// serves must work offline and within their Content-Security-Policy.
func (w *Watcher) ExpectSelfContained(t testing.TB, origin string, min int, mayFail ...string) {
	t.Helper()
	self, err := url.Parse(origin)
	if err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != self.Host) {
			t.Errorf("the page requested another origin: %s", r)
		}
	}
	if len(w.requests) < min {
		t.Errorf("only %d requests seen, want at least %d: %v", len(w.requests), min, w.requests)
	}
	for _, p := range w.problems {
		t.Errorf("the browser reported: %s", p)
	}
	for _, u := range w.failed {
		if !slices.Contains(mayFail, u) {
			t.Errorf("the page got an error status for %s", u)
		}
	}
}
