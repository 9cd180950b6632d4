package odoosim

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Credentials of the simulated database, identical to those of the
// captured server (odoo/testdata/odoo-wire/server.json).
const (
	DB = "odoo"

	AdminUID      = 2
	AdminLogin    = "admin"
	AdminPassword = "admin"
	AdminAPIKey   = "1065776f38965399bd451b473118baf4406da8ce"

	// The API user belongs to "Sales / User: Own Documents Only".
	APIUserUID      = 7
	APIUserLogin    = "apiuser"
	APIUserPassword = "apiuser"
	APIUserAPIKey   = "4376caa61cc26cc002c7aebe49b2f0055273ef3f"

	// Marc Demo, a salesman who sees all documents.
	DemoUID      = 5
	DemoLogin    = "demo"
	DemoPassword = "demo"
)

// Server is an in-process Odoo answering the XML-RPC protocol and, with
// the Odoo 19 profile, the JSON-2 API. It is safe for concurrent use.
type Server struct {
	cfg config
	reg *registry

	mu sync.RWMutex
	st *store

	knobs knobs
}

type config struct {
	major   int
	latency time.Duration
	demo    bool
	clock   func() time.Time
}

// Option configures a Server.
type Option func(*config)

// WithVersion17 makes the server behave like Odoo 17: version strings,
// res.partner.mobile, and sale.order.line.product_uom / tax_id instead of
// product_uom_id / tax_ids.
func WithVersion17() Option { return func(c *config) { c.major = 17 } }

// WithLatency adds a delay before every call is answered.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithoutDemoData starts with the base data only (companies, users,
// countries, currencies, units, taxes): no customers, products, orders or
// invoices.
func WithoutDemoData() Option { return func(c *config) { c.demo = false } }

// WithClock sets the clock used for create_date, write_date and defaults
// of new records; the demo data never depends on it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// New returns a server with the demo data loaded and the Odoo 19 profile.
func New(opts ...Option) *Server {
	cfg := config{major: 19, demo: true, clock: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, reg: newRegistry(profile{major: cfg.major})}
	s.knobs.latency = cfg.latency
	s.st = s.seed()
	return s
}

// Reset restores the data to the seed. Failures, latency and the call log
// are left alone.
func (s *Server) Reset() {
	st := s.seed()
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
}

func (s *Server) seed() *store {
	st := newStore()
	for name := range s.reg.models {
		st.table(name)
	}
	seedBase(st)
	if s.cfg.demo {
		seedDemo(st)
	}
	return st
}

func (s *Server) version() string { return strconv.Itoa(s.cfg.major) + ".0" }

// ServeHTTP answers /xmlrpc/2/<service> and the legacy /xmlrpc/<service>,
// and for the Odoo 19 profile GET /json/version and the JSON-2 API
// (POST /json/2/<model>/<method>).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/json" || strings.HasPrefix(r.URL.Path, "/json/") {
		s.serveJSON(w, r)
		return
	}
	ep, ok := parseEndpoint(r.URL.Path)
	if !ok {
		writeNotFound(w)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeHTML(w, http.StatusMethodNotAllowed, "405 Method Not Allowed", "Method Not Allowed", "The method is not allowed for the requested URL.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return
	}
	if !s.knobs.wait(r.Context()) {
		return
	}
	method, params, perr := ParseCall(body)
	c := s.knobs.record(ep, method, params, perr == nil)
	if f, ok := s.knobs.match(c); ok {
		if s.fail(w, r, ep, f) {
			return
		}
	}
	var out []byte
	if perr != nil {
		out = parseFault(ep, perr)
	} else {
		out = s.dispatch(ep, method, params)
	}
	writeXML(w, out)
}

func parseEndpoint(path string) (endpoint, bool) {
	rest, ok := strings.CutPrefix(path, "/xmlrpc/")
	if !ok || rest == "" {
		return endpoint{}, false
	}
	if svc, ok := strings.CutPrefix(rest, "2/"); ok {
		if svc == "" || strings.Contains(svc, "/") {
			return endpoint{}, false
		}
		return endpoint{service: svc}, true
	}
	if strings.Contains(rest, "/") {
		return endpoint{}, false
	}
	return endpoint{legacy: true, service: rest}, true
}

func writeXML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// writeNotFound is werkzeug's 404 page.
func writeNotFound(w http.ResponseWriter) {
	writeHTML(w, http.StatusNotFound, "404 Not Found", "Not Found", "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
}

// writeHTML answers like werkzeug's default error pages.
func writeHTML(w http.ResponseWriter, status int, title, heading, text string) {
	body := fmt.Sprintf("<!doctype html>\n<html lang=en>\n<title>%s</title>\n<h1>%s</h1>\n<p>%s</p>\n", title, heading, text)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// parseFault is the fault for a body xmlrpc.client.loads rejects.
func parseFault(ep endpoint, err error) []byte {
	var se *SyntaxError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Msg
	}
	e := pyError("xml.parsers.expat.ExpatError", msg,
		frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 133, "_xmlrpc", "params, method = xmlrpc.client.loads(data, use_datetime=True)"))
	if strings.HasPrefix(msg, "no element found") {
		e.frames = append(e.frames,
			frame("/usr/lib/python3.11/xmlrpc/client.py", 1030, "loads", "p.close()"),
			frame("/usr/lib/python3.11/xmlrpc/client.py", 460, "close", "parser.Parse(b\"\", True) # end of data", "^^^^^^^^^^^^^^^^^^^^^^^"))
	} else {
		e.frames = append(e.frames,
			frame("/usr/lib/python3.11/xmlrpc/client.py", 1029, "loads", "p.feed(data)"),
			frame("/usr/lib/python3.11/xmlrpc/client.py", 456, "feed", "self._parser.Parse(data, False)"))
		// Errors of the unmarshaller itself are Python exceptions raised
		// from expat's callbacks.
		switch {
		case strings.HasPrefix(msg, "bad boolean"):
			e.exc = "TypeError"
		case strings.HasPrefix(msg, "invalid literal"), strings.HasPrefix(msg, "could not convert"):
			e.exc = "ValueError"
		case strings.HasPrefix(msg, "unknown tag"):
			e.exc = "xmlrpc.client.ResponseError"
		}
	}
	return e.render(endpoint{legacy: ep.legacy, service: "parse"})
}

// dispatch runs one call and renders its answer or fault.
func (s *Server) dispatch(ep endpoint, method string, params []Value) []byte {
	args := make([]any, len(params))
	for i, p := range params {
		args[i] = p.ordered()
	}
	var result any
	var err error
	switch ep.service {
	case "common":
		result, err = s.common(ep, method, args)
	case "db":
		result, err = s.db(method, args)
	case "object":
		result, err = s.object(ep, method, args)
	default:
		e := pyError("KeyError", ep.service)
		return e.render(endpoint{legacy: ep.legacy, service: "unknown-service"})
	}
	if err != nil {
		oe := asOdooError(err)
		frames := ep
		if oe.svc != "" {
			frames.service = oe.svc
		}
		return oe.render(frames)
	}
	out, err := encodeResponse(result)
	if err != nil {
		e := typeError(err.Error(),
			frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 114, "dumps", "response = OdooMarshaller(allow_none=False).dumps(params)"),
			frame("/usr/lib/python3.11/xmlrpc/client.py", 514, "dumps", "dump(v, write)"),
			frame("/usr/lib/python3.11/xmlrpc/client.py", 536, "__dump", "f(self, value, write)"),
			frame("/usr/lib/python3.11/xmlrpc/client.py", 540, "dump_nil", "raise TypeError(\"cannot marshal None unless allow_none is enabled\")"),
		)
		return e.render(endpoint{legacy: ep.legacy, service: "marshal"})
	}
	return out
}
