package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// JSON2Config configures the JSON-2 transport of Odoo 19+.
type JSON2Config struct {
	// URL is Odoo's base URL, e.g. https://erp.example.com.
	URL      string
	Database string
	// APIKey is an Odoo API key (JSON-2 takes no passwords).
	APIKey string
	// Timeout, MaxResponseBytes and Client are as for XML-RPC.
	Timeout          time.Duration
	MaxResponseBytes int64
	Client           *http.Client
}

// JSON2 is the transport over Odoo 19's JSON-2 API
// (POST /json/2/<model>/<method>, bearer API key). XML-RPC is deprecated
// from Odoo 19; this transport speaks the same Transport interface, so the
// service does not care which one it uses.
type JSON2 struct {
	cfg    JSON2Config
	base   string
	client *http.Client
}

// NewJSON2 returns a JSON-2 transport for the Odoo at cfg.URL.
func NewJSON2(cfg JSON2Config) (*JSON2, error) {
	x, err := NewXMLRPC(XMLRPCConfig{URL: cfg.URL, Timeout: cfg.Timeout, MaxResponseBytes: cfg.MaxResponseBytes, Client: cfg.Client})
	if err != nil {
		return nil, err
	}
	cfg.Timeout, cfg.MaxResponseBytes = x.cfg.Timeout, x.cfg.MaxResponseBytes
	u, _ := url.Parse(cfg.URL)
	return &JSON2{cfg: cfg, base: strings.TrimRight(u.String(), "/"), client: x.client}, nil
}

// json2Params names the positional parameters of the methods the service
// calls, since JSON-2 takes only named arguments.
var json2Params = map[string][]string{
	"search_read":     {"domain", "fields", "offset", "limit", "order"},
	"search":          {"domain", "offset", "limit", "order"},
	"search_count":    {"domain", "limit"},
	"read":            {"ids", "fields"},
	"web_read":        {"ids", "specification"},
	"web_search_read": {"domain", "specification", "offset", "limit", "order", "count_limit"},
	"write":           {"ids", "vals"},
	"unlink":          {"ids"},
	"create":          {"vals_list"},
	"fields_get":      {"allfields", "attributes"},
	"name_search":     {"name", "domain", "operator", "limit"},
}

// Version implements Transport with GET /json/version.
func (j *JSON2) Version(ctx context.Context) (Version, error) {
	v, err := j.do(ctx, http.MethodGet, "/json/version", nil)
	if err != nil {
		return Version{}, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Version{}, &Error{Code: EInternal, Err: fmt.Errorf("odoo: /json/version answered %T", v)}
	}
	return parseVersion(map[string]any{"server_version": m["version"], "server_version_info": m["version_info"]})
}

// Authenticate implements Transport: JSON-2 has no login, so it checks the
// key with the cheapest authenticated call. The uid is not needed.
func (j *JSON2) Authenticate(ctx context.Context) (int, error) {
	_, err := j.Execute(ctx, "res.users", "context_get", nil, nil)
	if err != nil {
		if f := faultOf(err); f != nil && f.Code == faultAccessDenied {
			return 0, &Error{Code: EUpstreamUnavailable, Message: fmt.Sprintf("Odoo refused the API key on database %q.", j.cfg.Database), Err: ErrCredentials}
		}
		return 0, err
	}
	return 1, nil
}

// Execute implements Transport: positional args become named ones.
func (j *JSON2) Execute(ctx context.Context, model, method string, args []any, kwargs map[string]any) (any, error) {
	body := make(map[string]any, len(args)+len(kwargs))
	for k, v := range kwargs {
		body[k] = v
	}
	single := false
	names := json2Params[method]
	for i, a := range args {
		if i >= len(names) {
			return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: json2 cannot name argument %d of %s", i, method)}
		}
		if method == "create" {
			if vals, ok := a.(map[string]any); ok {
				// create(dict) answers an id on XML-RPC; JSON-2 always
				// takes a list and answers a list.
				a, single = []any{vals}, true
			}
		}
		body[names[i]] = a
	}
	for _, v := range body {
		if err := checkWireValue(v); err != nil {
			return nil, wrapInternal(err)
		}
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, &Error{Code: EInternal, Err: err}
	}
	v, err := j.do(ctx, http.MethodPost, "/json/2/"+model+"/"+method, payload)
	if err != nil {
		return nil, err
	}
	if single {
		if list, ok := v.([]any); ok && len(list) == 1 {
			return list[0], nil
		}
	}
	return v, nil
}

func (j *JSON2) do(ctx context.Context, verb, path string, payload []byte) (any, error) {
	ctx, cancel := context.WithTimeout(ctx, j.cfg.Timeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, verb, j.base+path, body)
	if err != nil {
		return nil, &Error{Code: EInternal, Err: err}
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "bearer "+j.cfg.APIKey)
	if j.cfg.Database != "" {
		req.Header.Set("X-Odoo-Database", j.cfg.Database)
	}
	resp, err := j.client.Do(req)
	if err != nil {
		return nil, transportError(ctx, j.cfg.Timeout, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, j.cfg.MaxResponseBytes+1))
	if err != nil {
		return nil, transportError(ctx, j.cfg.Timeout, err)
	}
	if int64(len(data)) > j.cfg.MaxResponseBytes {
		return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: %s answer exceeds %d bytes", path, j.cfg.MaxResponseBytes)}
	}
	return decodeJSON2(resp.StatusCode, resp.Header.Get("Content-Type"), data, j.cfg.Database)
}

// json2Error is the body of a failed JSON-2 call.
type json2Error struct {
	Name      string `json:"name"`
	Message   string `json:"message"`
	Arguments []any  `json:"arguments"`
	Debug     string `json:"debug"`
}

// decodeJSON2 decodes an answer; failures become the same Faults XML-RPC
// gives, so that the rest of the service maps them one way.
func decodeJSON2(status int, contentType string, data []byte, db string) (any, error) {
	if status == http.StatusOK {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, &Error{Code: EInternal, Err: fmt.Errorf("odoo: undecodable JSON-2 answer: %w", err)}
		}
		return v, nil
	}
	var e json2Error
	if !strings.Contains(contentType, "json") || json.Unmarshal(data, &e) != nil || e.Name == "" {
		switch {
		case status == http.StatusNotFound && bytes.Contains(data, []byte("No database is selected")):
			return nil, &Error{Code: EUpstreamUnavailable, Message: fmt.Sprintf("Odoo has no database %q.", db), Err: fmt.Errorf("odoo: JSON-2 answered HTTP 404: no database selected")}
		case status == http.StatusNotFound:
			return nil, &Error{Code: EUpstreamUnavailable, Message: "Odoo has no JSON-2 API at this URL (it needs Odoo 19 or later; use XML-RPC).", Err: fmt.Errorf("odoo: JSON-2 answered HTTP 404")}
		}
		return nil, &Error{Code: EUpstreamUnavailable, Err: fmt.Errorf("odoo: JSON-2 answered HTTP %d", status)}
	}
	if e.Name == "werkzeug.exceptions.NotFound" {
		// A model that is not installed: say it the way XML-RPC does, so
		// the service treats both transports alike.
		if rest, ok := strings.CutPrefix(e.Message, "the model '"); ok && strings.HasSuffix(rest, "' does not exist") {
			model := strings.TrimSuffix(rest, "' does not exist")
			return nil, (&Fault{Code: faultUserError, String: "Object " + model + " doesn't exist"}).err()
		}
	}
	msg := e.Message
	if len(e.Arguments) > 0 {
		if first, ok := e.Arguments[0].(string); ok {
			msg = first // RedirectWarning's message carries its action after it
		}
	}
	f := &Fault{Code: faultServerError, String: e.Debug}
	switch {
	case status == http.StatusUnauthorized || e.Name == "odoo.exceptions.AccessDenied":
		f = &Fault{Code: faultAccessDenied, String: msg}
	case e.Name == "odoo.exceptions.AccessError":
		f = &Fault{Code: faultAccessError, String: msg}
	case strings.HasPrefix(e.Name, "odoo.exceptions."):
		f = &Fault{Code: faultUserError, String: msg}
	}
	if f.String == "" {
		f.String = e.Name + ": " + e.Message
	}
	return nil, f.err()
}
