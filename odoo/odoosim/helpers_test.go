package odoosim

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// rpc posts a call to h and returns the parsed answer.
func rpc(t testing.TB, h http.Handler, path, method string, params ...any) Response {
	t.Helper()
	body, err := EncodeCall(method, params...)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s %s: HTTP %d: %s", path, method, rec.Code, rec.Body.String())
	}
	resp, err := ParseResponse(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", path, method, err, rec.Body.String())
	}
	return resp
}

// callAs runs execute_kw as a user and returns the result or the fault.
func callAs(t testing.TB, h http.Handler, uid int, password, model, method string, args []any, kwargs map[string]any) (any, *Fault) {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	if kwargs == nil {
		kwargs = map[string]any{}
	}
	resp := rpc(t, h, "/xmlrpc/2/object", "execute_kw", DB, uid, password, model, method, args, kwargs)
	if resp.Fault != nil {
		return nil, faultOf(*resp.Fault)
	}
	return resp.Params[0].Native(), nil
}

// Fault is a decoded fault, for tests.
type Fault struct {
	Code   int
	String string
}

func (f *Fault) Error() string { return fmt.Sprintf("fault %d: %s", f.Code, f.String) }

func faultOf(v Value) *Fault {
	c, _ := v.Get("faultCode")
	s, _ := v.Get("faultString")
	return &Fault{Code: int(c.Int), String: s.Str}
}

// mustCall runs execute_kw as admin and fails the test on a fault.
func mustCall(t testing.TB, h http.Handler, model, method string, args []any, kwargs map[string]any) any {
	t.Helper()
	res, f := callAs(t, h, AdminUID, AdminPassword, model, method, args, kwargs)
	if f != nil {
		t.Fatalf("%s.%s: %v", model, method, f)
	}
	return res
}

// mustFault runs execute_kw as admin and returns the fault it must raise.
func mustFault(t testing.TB, h http.Handler, model, method string, args []any, kwargs map[string]any) *Fault {
	t.Helper()
	res, f := callAs(t, h, AdminUID, AdminPassword, model, method, args, kwargs)
	if f == nil {
		t.Fatalf("%s.%s: want a fault, got %v", model, method, res)
	}
	return f
}
