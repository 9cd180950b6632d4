package odoosim

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// The JSON-2 API of Odoo 19 (addons/rpc/controllers/json2.py):
//
//	GET  /json/version                  {"version_info": [...], "version": "19.0"}
//	POST /json/2/<model>/<method>       body: the named arguments
//
// It runs the same methods as XML-RPC on the same data, as the user whose
// API key is in "Authorization: bearer <key>"; only the transport differs.

// json2Route is the URL rule of web_json_2_rpc, as Odoo names it.
const json2Route = "/json/2/<__model__>/<__method__>"

// serveJSON answers the JSON routes; an Odoo 17 has none of them.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request) {
	if s.cfg.major < 19 {
		writeNotFound(w)
		return
	}
	switch p := r.URL.Path; {
	case p == "/json/version":
		s.serveJSONVersion(w, r)
	case p == "/json/2" || strings.HasPrefix(p, "/json/2/"):
		s.serveJSON2(w, r)
	default:
		writeNotFound(w)
	}
}

// serveJSONVersion answers GET /json/version, which needs no login.
func (s *Server) serveJSONVersion(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeHTML(w, http.StatusMethodNotAllowed, "405 Method Not Allowed", "Method Not Allowed", "The method is not allowed for the requested URL.")
		return
	}
	if !s.knobs.wait(r.Context()) {
		return
	}
	c := s.knobs.log(Call{Service: "json", Method: "version"})
	if f, ok := s.knobs.match(c); ok && s.failJSON(w, r, f) {
		return
	}
	d := newDict()
	d.Set("version_info", []any{s.cfg.major, 0, 0, "final", 0, ""})
	d.Set("version", s.version())
	writeJSON(w, http.StatusOK, d)
}

// serveJSON2 answers everything under /json/2 in the order Odoo checks
// it: database, route, Content-Type, API key, body, then the call.
func (s *Server) serveJSON2(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/json/2"), "/")
	model, method, _ := strings.Cut(rest, "/")
	rpc := r.Method == http.MethodPost && model != "" && method != "" && !strings.Contains(method, "/")
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return
	}
	if !rpc {
		s.serveJSON2Hint(w, r, body)
		return
	}
	if !s.knobs.wait(r.Context()) {
		return
	}
	var params any
	var perr error
	if len(body) > 0 {
		params, perr = decodePyJSON(body)
	}
	token, hasToken := bearerToken(r.Header.Get("Authorization"))
	uid := 0
	if hasToken {
		uid = s.apiKeyUID(token)
	}
	c := s.knobs.log(json2CallLog(model, method, uid, params))
	if f, ok := s.knobs.match(c); ok && s.failJSON(w, r, f) {
		return
	}
	if !knownDatabase(r) {
		writeNoDatabase(w)
		return
	}
	if mt := mimetype(r); len(body) > 0 && mt != "application/json" {
		writeUnsupportedMediaType(w, mt, json2Route)
		return
	}
	switch {
	case !hasToken:
		errNotAuthenticated().write(w)
		return
	case uid == 0:
		errInvalidAPIKey().write(w)
		return
	case perr != nil:
		bodyError(perr).write(w)
		return
	}
	// A body that is not an object is ignored (params = path args).
	kwargs, _ := params.(*dict)
	result, jerr := s.json2Call(uid, model, method, kwargs)
	if jerr != nil {
		jerr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// serveJSON2Hint is web_json_2_404, the catch-all of /json/2 for any other
// path or HTTP method. It needs no key, but the body is still parsed.
func (s *Server) serveJSON2Hint(w http.ResponseWriter, r *http.Request, body []byte) {
	if !knownDatabase(r) {
		writeNoDatabase(w)
		return
	}
	if mt := mimetype(r); len(body) > 0 && mt != "application/json" {
		writeUnsupportedMediaType(w, mt, "/json/2")
		return
	}
	if len(body) > 0 {
		if _, err := decodePyJSON(body); err != nil {
			bodyError(err).write(w)
			return
		}
	}
	errRouteHint().write(w)
}

// bodyError renders a body json.loads rejected.
func bodyError(err error) *json2Error {
	if je, ok := err.(*jsonDecodeError); ok {
		return errBadJSON(je)
	}
	return json2FromOdoo(pyError("RecursionError", err.Error()))
}

// json2Call is web_json_2_rpc: model, public method, ids for record
// methods only, the signature check, then the call itself.
func (s *Server) json2Call(uid int, modelName, method string, params *dict) (any, *json2Error) {
	m := s.reg.model(modelName)
	if m == nil {
		return nil, errUnknownModel(modelName)
	}
	spec, lerr := lookupMethod(m, method)
	if lerr != nil {
		return nil, errMethodLookup(asOdooError(lerr))
	}
	kwargs := newDict()
	var idsArg any
	var ctx *dict
	if params != nil {
		for _, k := range params.Keys() {
			v, _ := params.Get(k)
			switch k {
			case "ids":
				idsArg = v
			case "context":
				ctx, _ = v.(*dict)
			case "__model__", "__method__":
				// The route's own arguments win over the body's.
			default:
				kwargs.Set(k, v)
			}
		}
	}
	if !spec.record && truthy(idsArg) {
		return nil, errIDsOnModelMethod(modelName, method)
	}
	var ids []int
	if truthy(idsArg) {
		// browse() takes an id or a list of ids; anything empty is none.
		var ok bool
		if ids, ok = idList(idsArg); !ok {
			return nil, json2FromOdoo(typeError(fmt.Sprintf("unhashable type: '%s'", pyTypeName(idsArg))))
		}
	}
	if e := checkSignature(spec, kwargs); e != nil {
		return nil, e
	}
	if v, _ := kwargs.Get("vals_list"); method == "create" && isDict(v) {
		// @api.model_create_multi turns one dict into a list, and the
		// controller answers the ids of the created recordset.
		kwargs.Set("vals_list", []any{v})
	}
	bound, extra, berr := bind(spec, nil, kwargs)
	if berr != nil {
		return nil, json2FromOdoo(asOdooError(berr))
	}
	result, rerr := s.run(uid, m, spec, ids, bound, extra, ctx)
	if rerr != nil {
		return nil, json2FromOdoo(asOdooError(rerr))
	}
	return result, nil
}

func isDict(v any) bool {
	_, ok := v.(*dict)
	return ok
}

// checkSignature is inspect.Signature.bind(records, **kwargs): records
// fills self, then the first missing required parameter, then the first
// unexpected keyword, are TypeErrors.
func checkSignature(spec *methodSpec, kwargs *dict) *json2Error {
	if kwargs.Has("self") {
		return errSignature("multiple values for argument 'self'", 3151, "raise TypeError(")
	}
	known := map[string]bool{}
	for _, p := range spec.params {
		known[p.name] = true
		if p.required && !kwargs.Has(p.name) {
			return errSignature("missing a required argument: "+pyStr(p.name), 3182, `raise TypeError('missing a required argument: {arg!r}'. \`)
		}
	}
	if spec.varkw {
		return nil
	}
	for _, k := range kwargs.Keys() {
		if !known[k] {
			return errSignature("got an unexpected keyword argument "+pyStr(k), 3201, "raise TypeError(")
		}
	}
	return nil
}

// bearerRE is how _auth_method_bearer reads the Authorization header.
var bearerRE = regexp.MustCompile(`(?i)^bearer\s+(.+)$`)

func bearerToken(header string) (string, bool) {
	m := bearerRE.FindStringSubmatch(header)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// apiKeyUID is res.users.apikeys._check_credentials: the active user
// owning the key, or 0. Passwords are not keys.
func (s *Server) apiKeyUID(key string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.st.tables["res.users"]
	if t == nil || key == "" {
		return 0
	}
	for _, id := range t.sortedIDs() {
		r := t.recs[id]
		if k, _ := r.vals["api_key"].(string); k == key {
			if active, _ := r.vals["active"].(bool); active {
				return id
			}
		}
	}
	return 0
}

// knownDatabase checks X-Odoo-Database; without it the single database
// is used.
func knownDatabase(r *http.Request) bool {
	db := r.Header.Get("X-Odoo-Database")
	return db == "" || db == DB
}

func mimetype(r *http.Request) string {
	mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// json2CallLog is the call log entry of a JSON-2 call: Args holds the ids
// (the only positional argument, as in execute_kw), Kwargs the rest of
// the body.
func json2CallLog(model, method string, uid int, params any) Call {
	c := Call{Service: "json2", Method: method, Model: model, ModelMethod: method, UID: uid}
	d, ok := params.(*dict)
	if !ok {
		return c
	}
	c.Kwargs = map[string]any{}
	for _, k := range d.Keys() {
		v, _ := d.Get(k)
		if k == "ids" {
			c.Args = []any{plain(v)}
			continue
		}
		c.Kwargs[k] = plain(v)
	}
	return c
}
