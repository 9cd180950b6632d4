package odoosim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSON2Knobs(t *testing.T) {
	srv := New()
	count := func() j2Answer { return j2Call(t, srv, "res.partner", "search_count", `{"domain": []}`) }
	for _, tc := range []struct {
		failure Failure
		status  int
		name    string
	}{
		{Failure{FaultCode: 1, FaultString: "boom"}, 500, "builtins.Exception"},
		{Failure{FaultCode: 1, FaultString: "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    g()\nValueError: bad value\n"}, 500, "builtins.ValueError"},
		{Failure{FaultCode: 2, FaultString: "Refused"}, 422, "odoo.exceptions.UserError"},
		{Failure{FaultCode: 3, FaultString: "Access Denied"}, 401, "werkzeug.exceptions.Unauthorized"},
		{Failure{FaultCode: 4, FaultString: "Not yours"}, 403, "odoo.exceptions.AccessError"},
		{Failure{HTTPStatus: http.StatusBadGateway}, 502, ""},
	} {
		srv.FailNext(1, tc.failure)
		a := count()
		if a.status != tc.status || a.errName() != tc.name {
			t.Errorf("%+v: %d %s", tc.failure, a.status, a.errName())
		}
		if a := count(); a.status != http.StatusOK {
			t.Errorf("after %+v: %d", tc.failure, a.status)
		}
	}
	srv.FailNext(1, Failure{FaultCode: 1, FaultString: "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: bad value\n"})
	if a := count(); a.errMessage() != "bad value" || !strings.HasPrefix(a.field("debug"), "Traceback") {
		t.Errorf("injected traceback: %q %q", a.errMessage(), a.field("debug"))
	}

	// Rules match JSON-2 calls by service, model and method.
	srv.FailCalls(Match{Service: "json2", Model: "res.partner", Method: "search_count", Count: 1}, Failure{FaultCode: 4, FaultString: "x"})
	if a := j2Call(t, srv, "res.country", "search_count", `{"domain": []}`); a.status != http.StatusOK {
		t.Errorf("other model failed: %d", a.status)
	}
	if a := count(); a.status != http.StatusForbidden {
		t.Errorf("matching call: %d", a.status)
	}
	srv.FailCalls(Match{Service: "object"}, Failure{HTTPStatus: 500})
	if a := count(); a.status != http.StatusOK {
		t.Errorf("an XML-RPC rule failed a JSON-2 call: %d", a.status)
	}
	srv.ClearFailures()

	// The call log.
	srv.ResetCalls()
	j2Do(t, srv, http.MethodGet, "/json/version", "", "")
	j2Call(t, srv, "res.partner", "write", `{"ids": [9], "vals": {"phone": "+1"}, "context": {"lang": "en_US"}}`)
	j2Do(t, srv, http.MethodPost, "/json/2/res.partner/search_count", APIUserAPIKey, `{"domain": [["id", ">", 1.5]]}`)
	j2Do(t, srv, http.MethodPost, "/json/2/res.partner/search_count", "", `{"domain": [`)
	want := []Call{
		{Service: "json", Method: "version"},
		{Service: "json2", Method: "write", Model: "res.partner", ModelMethod: "write", UID: AdminUID, Args: []any{[]any{9}},
			Kwargs: map[string]any{"vals": map[string]any{"phone": "+1"}, "context": map[string]any{"lang": "en_US"}}},
		{Service: "json2", Method: "search_count", Model: "res.partner", ModelMethod: "search_count", UID: APIUserUID,
			Kwargs: map[string]any{"domain": []any{[]any{"id", ">", 1.5}}}},
		{Service: "json2", Method: "search_count", Model: "res.partner", ModelMethod: "search_count"},
	}
	if diff := cmp.Diff(want, srv.Calls()); diff != "" {
		t.Errorf("call log (-want +got):\n%s", diff)
	}
}

func TestJSON2LatencyHangDrop(t *testing.T) {
	srv := New(WithLatency(5 * time.Millisecond))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	post := func(ctx context.Context) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/json/2/res.partner/search_count", strings.NewReader(`{"domain": []}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "bearer "+AdminAPIKey)
		return http.DefaultClient.Do(req)
	}
	start := time.Now()
	resp, err := post(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); resp.StatusCode != http.StatusOK || d < 5*time.Millisecond {
		t.Errorf("latency: %d after %s", resp.StatusCode, d)
	}
	srv.SetLatency(0)

	srv.FailNext(1, Failure{Drop: true})
	if resp, err := post(context.Background()); err == nil {
		resp.Body.Close()
		t.Errorf("dropped call answered %s", resp.Status)
	}
	srv.FailNext(1, Failure{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if resp, err := post(ctx); err == nil {
		resp.Body.Close()
		t.Errorf("hanging call answered %s", resp.Status)
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hang: %v", err)
	}
	resp, err = post(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("server did not recover: %s", resp.Status)
	}
}

// TestJSON2Concurrent is meant for -race: JSON-2 and XML-RPC writers and
// readers on the same records.
func TestJSON2Concurrent(t *testing.T) {
	srv := New()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				a := j2Call(t, srv, "res.partner", "create", fmt.Sprintf(`{"vals_list": [{"name": "J2 Writer %d-%d", "parent_id": 9}]}`, w, i))
				if a.status != http.StatusOK {
					errs <- fmt.Errorf("create: %d %s", a.status, a.errMessage())
					return
				}
				id := a.value.([]any)[0].(int)
				if a := j2Call(t, srv, "res.partner", "write", fmt.Sprintf(`{"ids": [%d], "vals": {"phone": "+1"}}`, id)); a.status != http.StatusOK {
					errs <- fmt.Errorf("write: %d", a.status)
					return
				}
				if i%2 == 0 {
					if _, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "unlink", []any{[]any{id}}, nil); f != nil {
						errs <- f
						return
					}
				}
			}
		}(w)
	}
	for r := 0; r < 6; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				a := j2Call(t, srv, "res.partner", "search_read", `{"domain": [["parent_id", "=", 9]], "fields": ["name", "display_name"]}`)
				if a.status != http.StatusOK {
					errs <- fmt.Errorf("search_read: %d", a.status)
					return
				}
				for _, row := range a.value.([]any) {
					m := row.(map[string]any)
					if m["display_name"] != "Acme Corporation, "+m["name"].(string) {
						errs <- fmt.Errorf("torn record %v", m)
						return
					}
				}
				if a := j2Do(t, srv, http.MethodPost, "/json/2/sale.order/search_read", APIUserAPIKey, `{"domain": [], "fields": ["name"]}`); a.status != http.StatusOK {
					errs <- fmt.Errorf("apiuser search_read: %d", a.status)
					return
				}
				srv.Calls()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Count("res.partner", []any{[]any{"name", "=like", "J2 Writer %"}}); n != 20 {
		t.Errorf("%d writer partners left, want 20", n)
	}
}
