package odoosim

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func post(ctx context.Context, url string, method string, params ...any) (*http.Response, error) {
	body, err := EncodeCall(method, params...)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

func TestLatency(t *testing.T) {
	srv := New(WithLatency(time.Millisecond))
	if got := mustCall(t, srv, "res.partner", "search_count", []any{[]any{[]any{"id", "=", 9}}}, nil); got != 1 {
		t.Errorf("count %v", got)
	}
	// A long latency gives up as soon as the request ends.
	srv.SetLatency(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body, _ := EncodeCall("version")
	req := httptest.NewRequest(http.MethodPost, "/xmlrpc/2/common", bytes.NewReader(body)).WithContext(ctx)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Body.Len() != 0 {
		t.Errorf("answered a cancelled request: %s", rec.Body.String())
	}
	srv.SetLatency(0)
}

func TestFailNextFault(t *testing.T) {
	srv := New()
	srv.FailNext(1, Failure{FaultCode: 2, FaultString: "Injected"})
	_, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "search_count", []any{[]any{}}, nil)
	if f == nil || f.Code != 2 || f.String != "Injected" {
		t.Errorf("first call %v", f)
	}
	if _, f := callAs(t, srv, AdminUID, AdminPassword, "res.partner", "search_count", []any{[]any{}}, nil); f != nil {
		t.Errorf("second call %v", f)
	}
}

func TestFailCallsMatching(t *testing.T) {
	srv := New()
	srv.FailCalls(Match{Model: "res.partner", Method: "search_read", Count: 2}, Failure{HTTPStatus: http.StatusBadGateway})
	status := func(model, method string) int {
		body, _ := EncodeCall("execute_kw", DB, AdminUID, AdminPassword, model, method, []any{[]any{}}, map[string]any{"limit": 1})
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/xmlrpc/2/object", bytes.NewReader(body)))
		return rec.Code
	}
	got := []int{
		status("res.partner", "search_count"),
		status("res.country", "search_read"),
		status("res.partner", "search_read"),
		status("res.partner", "search_read"),
		status("res.partner", "search_read"),
	}
	if diff := cmp.Diff([]int{200, 200, 502, 502, 200}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	srv.FailCalls(Match{Service: "common"}, Failure{FaultCode: 3, FaultString: "Access Denied"})
	for i := 0; i < 3; i++ {
		resp := rpc(t, srv, "/xmlrpc/2/common", "version")
		if resp.Fault == nil || faultOf(*resp.Fault).Code != 3 {
			t.Fatalf("call %d not failed", i)
		}
	}
	resp := rpc(t, srv, "/xmlrpc/common", "version")
	if code, _ := resp.Fault.Get("faultCode"); code.Str != "AccessDenied" {
		t.Errorf("legacy rendering %q", code.Str)
	}
	srv.ClearFailures()
	if resp := rpc(t, srv, "/xmlrpc/2/common", "version"); resp.Fault != nil {
		t.Errorf("failure survived ClearFailures")
	}
}

func TestDropAndHang(t *testing.T) {
	srv := New()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	url := ts.URL + "/xmlrpc/2/common"

	srv.FailNext(1, Failure{Drop: true})
	if resp, err := post(context.Background(), url, "version"); err == nil {
		resp.Body.Close()
		t.Errorf("dropped call answered %s", resp.Status)
	}

	srv.FailNext(1, Failure{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	resp, err := post(ctx, url, "version")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("hanging call answered %s", resp.Status)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the client's deadline", err)
	}

	resp, err = post(context.Background(), url, "version")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !bytes.Contains(body, []byte("<name>server_version</name>")) {
		t.Errorf("server did not recover: %s", body)
	}
}

func TestCallLog(t *testing.T) {
	srv := New()
	srv.ResetCalls()
	mustCall(t, srv, "res.partner", "search_read", []any{[]any{[]any{"id", "=", 9}}}, map[string]any{"fields": []any{"name"}, "limit": 1})
	rpc(t, srv, "/xmlrpc/2/object", "execute", DB, AdminUID, AdminPassword, "res.partner", "search_count", []any{})
	rpc(t, srv, "/xmlrpc/2/common", "version")
	want := []Call{
		{Service: "object", Method: "execute_kw", Model: "res.partner", ModelMethod: "search_read", UID: 2,
			Args: []any{[]any{[]any{"id", "=", 9}}}, Kwargs: map[string]any{"fields": []any{"name"}, "limit": 1}},
		{Service: "object", Method: "execute", Model: "res.partner", ModelMethod: "search_count", UID: 2, Args: []any{[]any{}}},
		{Service: "common", Method: "version"},
	}
	if diff := cmp.Diff(want, srv.Calls()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	srv.ResetCalls()
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls after ResetCalls", n)
	}
}

func TestHTTPErrors(t *testing.T) {
	srv := New()
	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/xmlrpc/2/object", http.StatusMethodNotAllowed},
		{http.MethodPost, "/web/login", http.StatusNotFound},
		{http.MethodPost, "/xmlrpc/2/", http.StatusNotFound},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
	}
}
