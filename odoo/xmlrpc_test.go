package odoo

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// replayServer answers XML-RPC calls with captured responses, chosen by the
// method name of the call.
type replayServer struct {
	t         *testing.T
	responses map[string]string // methodName -> raw response
	calls     sync.Map          // methodName -> *atomic.Int64
	hook      func(w http.ResponseWriter, r *http.Request, method string) bool
	lastBody  atomic.Value
}

func newReplay(t *testing.T, responses map[string]string) (*replayServer, *httptest.Server) {
	t.Helper()
	rs := &replayServer{t: t, responses: responses}
	srv := httptest.NewServer(rs)
	t.Cleanup(srv.Close)
	return rs, srv
}

func (rs *replayServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rs.lastBody.Store(string(body))
	method := between(string(body), "<methodName>", "</methodName>")
	n, _ := rs.calls.LoadOrStore(method, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
	if rs.hook != nil && rs.hook(w, r, method) {
		return
	}
	resp, ok := rs.responses[method]
	if !ok {
		http.Error(w, "no capture for "+method, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	io.WriteString(w, resp)
}

func (rs *replayServer) count(method string) int64 {
	n, ok := rs.calls.Load(method)
	if !ok {
		return 0
	}
	return n.(*atomic.Int64).Load()
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(rest, b)
	return v
}

func newTestXMLRPC(t *testing.T, url string, mod func(*XMLRPCConfig)) *XMLRPC {
	t.Helper()
	cfg := XMLRPCConfig{URL: url, Database: "odoo", Login: "admin", Password: "admin", Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	x, err := NewXMLRPC(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestXMLRPCAuthenticatesOnceAndDecodes(t *testing.T) {
	caps := loadCaptures(t)
	rs, srv := newReplay(t, map[string]string{
		"authenticate": caps["02-common-authenticate-ok"].Response,
		"execute_kw":   caps["12-res.partner-search_read-limit5"].Response,
		"version":      caps["01-common-version"].Response,
	})
	x := newTestXMLRPC(t, srv.URL, nil)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			v, err := x.Execute(context.Background(), "res.partner", "search_read", []any{[]any{}}, map[string]any{"fields": []any{"name"}, "limit": 5})
			if err != nil {
				t.Error(err)
				return
			}
			if rows, err := toRecords(v); err != nil || len(rows) != 5 {
				t.Errorf("rows = %v, %v", rows, err)
			}
		})
	}
	wg.Wait()
	if n := rs.count("authenticate"); n != 1 {
		t.Errorf("authenticate called %d times, want 1", n)
	}
	// The call carries db, uid, password, model, method, args and kwargs.
	ref, err := referenceParseCall(rs.lastBody.Load().(string))
	if err != nil {
		t.Fatal(err)
	}
	if len(ref) != 7 || ref[0] != "odoo" || ref[1] != int64(2) || ref[2] != "admin" || ref[3] != "res.partner" || ref[4] != "search_read" {
		t.Errorf("execute_kw params = %v", ref)
	}
	v, err := x.Version(context.Background())
	if err != nil || v.Major != 19 {
		t.Errorf("version = %v, %v", v, err)
	}
}

// referenceParseCall reads the params of a methodCall with the test's
// independent parser.
func referenceParseCall(body string) ([]any, error) {
	var params []any
	rest := body
	for {
		i := strings.Index(rest, "<param>")
		if i < 0 {
			return params, nil
		}
		rest = rest[i+len("<param>"):]
		end := strings.Index(rest, "</param>")
		p, err := referenceParse([]byte("<methodResponse><params><param>" + rest[:end] + "</param></params></methodResponse>"))
		if err != nil {
			return nil, err
		}
		params = append(params, p.value)
		rest = rest[end:]
	}
}

func TestXMLRPCCallsRunConcurrently(t *testing.T) {
	caps := loadCaptures(t)
	const n = 4
	arrived := make(chan struct{}, n)
	release := make(chan struct{})
	rs, srv := newReplay(t, map[string]string{
		"authenticate": caps["02-common-authenticate-ok"].Response,
		"execute_kw":   caps["47-res.partner-search-ids"].Response,
	})
	rs.hook = func(w http.ResponseWriter, r *http.Request, method string) bool {
		if method == "execute_kw" {
			arrived <- struct{}{}
			<-release
		}
		return false
	}
	x := newTestXMLRPC(t, srv.URL, nil)
	if _, err := x.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := x.Execute(context.Background(), "res.partner", "search", []any{[]any{}}, nil)
			errs <- err
		}()
	}
	// All calls must be in flight at once: a client that serialised them
	// would never get past the first.
	for i := range n {
		select {
		case <-arrived:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d calls reached Odoo concurrently", i, n)
		}
	}
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestXMLRPCFailures(t *testing.T) {
	caps := loadCaptures(t)
	ok := caps["02-common-authenticate-ok"].Response
	for _, tc := range []struct {
		name      string
		responses map[string]string
		hook      func(w http.ResponseWriter, r *http.Request, method string) bool
		mod       func(*XMLRPCConfig)
		args      []any
		code      string
		msg       string
		cause     error
	}{
		{name: "bad credentials", responses: map[string]string{"authenticate": caps["03-common-authenticate-bad-password"].Response},
			code: EUpstreamUnavailable, msg: `Odoo refused the login "admin" on database "odoo".`, cause: ErrCredentials},
		{name: "unknown database", responses: map[string]string{"authenticate": caps["08-common-authenticate-unknown-db"].Response},
			code: EUpstreamUnavailable, msg: `Odoo has no database "odoo".`},
		{name: "access error", responses: map[string]string{"authenticate": ok, "execute_kw": caps["33-restricted-user-write-country-acl"].Response},
			code: EForbidden, msg: "You are not allowed to modify 'Country' (res.country) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary."},
		{name: "server error keeps traceback internal", responses: map[string]string{"authenticate": ok, "execute_kw": caps["26-res.partner-search_read-invalid-field"].Response},
			code: EInternal, msg: "An internal error occurred."},
		{name: "HTTP 502 from a proxy", responses: map[string]string{"authenticate": ok},
			hook: func(w http.ResponseWriter, r *http.Request, method string) bool {
				if method == "execute_kw" {
					http.Error(w, "bad gateway", http.StatusBadGateway)
					return true
				}
				return false
			}, code: EUpstreamUnavailable},
		{name: "slow Odoo", responses: map[string]string{"authenticate": ok},
			hook: func(w http.ResponseWriter, r *http.Request, method string) bool {
				if method == "execute_kw" {
					<-r.Context().Done()
					return true
				}
				return false
			}, mod: func(c *XMLRPCConfig) { c.Timeout = 50 * time.Millisecond }, code: EUpstreamTimeout},
		{name: "response too large", responses: map[string]string{"authenticate": ok, "execute_kw": caps["41-res.partner-search_read-limit200"].Response},
			mod: func(c *XMLRPCConfig) { c.MaxResponseBytes = 1000 }, code: EInternal},
		{name: "integer beyond 32 bits", responses: map[string]string{"authenticate": ok},
			args: []any{[]any{[]any{"id", "=", 1 << 31}}}, code: EValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, srv := newReplay(t, tc.responses)
			rs.hook = tc.hook
			x := newTestXMLRPC(t, srv.URL, tc.mod)
			args := tc.args
			if args == nil {
				args = []any{[]any{}}
			}
			_, err := x.Execute(context.Background(), "res.partner", "search", args, nil)
			if code := ErrorCode(err); code != tc.code {
				t.Fatalf("code = %q, want %q (%v)", code, tc.code, err)
			}
			if tc.msg != "" && ErrorMessage(err) != tc.msg {
				t.Errorf("message = %q, want %q", ErrorMessage(err), tc.msg)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("error %v does not wrap %v", err, tc.cause)
			}
			if tc.code == EValidation && rs.count("execute_kw") != 0 {
				t.Error("an invalid argument reached Odoo")
			}
		})
	}
}

func TestXMLRPCUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	x := newTestXMLRPC(t, "http://"+addr, nil)
	_, err = x.Version(context.Background())
	if code := ErrorCode(err); code != EUpstreamUnavailable {
		t.Fatalf("code = %q, want %q (%v)", code, EUpstreamUnavailable, err)
	}
}

func TestNewXMLRPCRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "localhost:8069", "ftp://odoo", "http://"} {
		if _, err := NewXMLRPC(XMLRPCConfig{URL: u}); err == nil {
			t.Errorf("URL %q accepted", u)
		}
	}
}

func BenchmarkDecodeCapture(b *testing.B) {
	for _, name := range []string{
		"40-account.move-search_read-out_invoice",
		"41-res.partner-search_read-limit200",
		"42-res.country-search_read-limit200",
	} {
		data := []byte(loadCapture(b, name).Response)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := decodeResponse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
