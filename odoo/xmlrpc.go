package odoo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kolo/xmlrpc"
	"golang.org/x/sync/singleflight"
)

// XMLRPCConfig configures the XML-RPC transport.
type XMLRPCConfig struct {
	// URL is Odoo's base URL, e.g. https://erp.example.com.
	URL      string
	Database string
	Login    string
	// Password is the user's password or, better, an Odoo API key.
	Password string
	// Timeout bounds every call (default 30s); the request's context may
	// end it sooner.
	Timeout time.Duration
	// MaxResponseBytes bounds a response body (default 64 MiB), so that a
	// runaway read cannot exhaust the gateway's memory.
	MaxResponseBytes int64
	// Client is the HTTP client to use; nil means a pooled client suited to
	// many concurrent calls.
	Client *http.Client
}

// XMLRPC is the transport over Odoo's /xmlrpc/2 endpoints. It uses
// github.com/kolo/xmlrpc only to encode and decode: its Client serialises
// every call behind one lock, ignores contexts and loses fault codes.
type XMLRPC struct {
	cfg    XMLRPCConfig
	common string
	object string
	client *http.Client

	mu    sync.RWMutex
	uid   int
	login singleflight.Group
}

// ErrCredentials reports that Odoo refused the configured login and
// password (Odoo answers false, not a fault).
var ErrCredentials = errors.New("odoo: login or password refused")

// NewXMLRPC returns a transport for the Odoo at cfg.URL.
func NewXMLRPC(cfg XMLRPCConfig) (*XMLRPC, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("odoo: URL %q is not an http(s) URL", cfg.URL)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = 64 << 20
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        128,
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 5 * time.Second,
			ForceAttemptHTTP2:   true,
		}}
	}
	base := strings.TrimRight(u.String(), "/")
	return &XMLRPC{
		cfg:    cfg,
		common: base + "/xmlrpc/2/common",
		object: base + "/xmlrpc/2/object",
		client: client,
	}, nil
}

// Version implements Transport.
func (x *XMLRPC) Version(ctx context.Context) (Version, error) {
	v, err := x.call(ctx, x.common, "version")
	if err != nil {
		return Version{}, err
	}
	return parseVersion(v)
}

// parseVersion reads common.version's struct.
func parseVersion(v any) (Version, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Version{}, &Error{Code: EInternal, Err: fmt.Errorf("odoo: version answered %T", v)}
	}
	out := Version{}
	out.Server, _ = m["server_version"].(string)
	if info, ok := m["server_version_info"].([]any); ok && len(info) > 0 {
		out.Major, _ = asInt(info[0])
	}
	if out.Major == 0 {
		// "saas~18.4" or "18.0+e": take the first number.
		s := strings.TrimPrefix(out.Server, "saas~")
		n, _, _ := strings.Cut(s, ".")
		out.Major, _ = strconv.Atoi(n)
	}
	return out, nil
}

// Authenticate implements Transport: it logs in once and keeps the uid.
func (x *XMLRPC) Authenticate(ctx context.Context) (int, error) {
	x.mu.RLock()
	uid := x.uid
	x.mu.RUnlock()
	if uid != 0 {
		return uid, nil
	}
	v, err, _ := x.login.Do("login", func() (any, error) {
		v, err := x.call(ctx, x.common, "authenticate", x.cfg.Database, x.cfg.Login, x.cfg.Password, map[string]any{})
		if err != nil {
			if f := faultOf(err); f != nil && strings.Contains(f.String, "does not exist") && strings.Contains(f.String, "database") {
				return 0, &Error{Code: EUpstreamUnavailable, Message: fmt.Sprintf("Odoo has no database %q.", x.cfg.Database), Err: err}
			}
			return 0, err
		}
		uid, ok := asInt(v)
		if !ok || uid == 0 {
			return 0, &Error{Code: EUpstreamUnavailable, Message: fmt.Sprintf("Odoo refused the login %q on database %q.", x.cfg.Login, x.cfg.Database), Err: ErrCredentials}
		}
		x.mu.Lock()
		x.uid = uid
		x.mu.Unlock()
		return uid, nil
	})
	if err != nil {
		return 0, err
	}
	return v.(int), nil
}

// Execute implements Transport with object.execute_kw.
func (x *XMLRPC) Execute(ctx context.Context, model, method string, args []any, kwargs map[string]any) (any, error) {
	uid, err := x.Authenticate(ctx)
	if err != nil {
		return nil, err
	}
	if args == nil {
		args = []any{}
	}
	if kwargs == nil {
		kwargs = map[string]any{}
	}
	return x.call(ctx, x.object, "execute_kw", x.cfg.Database, uid, x.cfg.Password, model, method, args, kwargs)
}

// call POSTs one method call and decodes its answer.
func (x *XMLRPC) call(ctx context.Context, endpoint, method string, params ...any) (any, error) {
	for _, p := range params {
		if err := checkWireValue(p); err != nil {
			return nil, wrapInternal(err)
		}
	}
	body, err := xmlrpc.EncodeMethodCall(method, params...)
	if err != nil {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: encoding %s: %w", method, err)}
	}
	ctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, &Error{Code: EInternal, Err: err}
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := x.client.Do(req)
	if err != nil {
		return nil, transportError(ctx, x.cfg.Timeout, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, x.cfg.MaxResponseBytes+1))
	if err != nil {
		return nil, transportError(ctx, x.cfg.Timeout, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{Code: EUpstreamUnavailable, Err: fmt.Errorf("odoo: %s answered HTTP %d", endpoint, resp.StatusCode)}
	}
	if int64(len(data)) > x.cfg.MaxResponseBytes {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: %s answer exceeds %d bytes", method, x.cfg.MaxResponseBytes)}
	}
	return decodeResponse(data)
}

// decodeResponse decodes a methodResponse: its value, or its fault mapped
// onto the shared error model.
func decodeResponse(data []byte) (any, error) {
	if isFault(data) {
		var f map[string]any
		if err := xmlrpc.Response(data).Unmarshal(&f); err != nil {
			return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: undecodable fault: %w", err)}
		}
		str, _ := f["faultString"].(string)
		return nil, newFault(f["faultCode"], str).err()
	}
	var v any
	if err := xmlrpc.Response(data).Unmarshal(&v); err != nil {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: undecodable response: %w", err)}
	}
	return v, nil
}

// isFault looks for <fault> where Odoo puts it, right after
// <methodResponse>, without scanning a large body.
func isFault(data []byte) bool {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	return bytes.Contains(head, []byte("<fault>"))
}

// transportError maps a failed exchange: our own deadline is a timeout,
// anything else (refused connection, reset, DNS) means Odoo is unavailable.
func transportError(ctx context.Context, timeout time.Duration, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Code: EUpstreamTimeout, Message: "Odoo did not answer in time.", Err: fmt.Errorf("odoo: no answer within %s: %w", timeout, err)}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Code: EUpstreamTimeout, Message: "Odoo did not answer in time.", Err: err}
	}
	return &Error{Code: EUpstreamUnavailable, Err: err}
}

// wrapInternal keeps an *Error as it is and makes anything else internal.
func wrapInternal(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: EInternal, Err: err}
}
