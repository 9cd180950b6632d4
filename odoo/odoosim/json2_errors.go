package odoosim

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// json2Error is an exception as Odoo's Json2Dispatcher.handle_error sends
// it: an HTTP status and serialize_exception's object (name, message,
// arguments, context, debug).
type json2Error struct {
	status  int
	name    string
	message string
	args    []any
	debug   string
}

func (e *json2Error) write(w http.ResponseWriter) {
	d := newDict()
	d.Set("name", e.name)
	d.Set("message", e.message)
	args := e.args
	if args == nil {
		args = []any{}
	}
	d.Set("arguments", args)
	d.Set("context", newDict())
	d.Set("debug", e.debug)
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", "Bearer")
	}
	writeJSON(w, e.status, d)
}

// writeJSON answers like Request.make_json_response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := encodePyJSON(v)
	if err != nil {
		json2FromOdoo(asOdooError(err)).write(w)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Frames of a JSON-2 request, from the WSGI entry to the controller.
var (
	j2Serve = []string{
		odooFrame("http.py", 2273, "_serve_db", "return service_model.retrying(serve_func, env=self.env)"),
		odooFrame("service/model.py", 184, "retrying", "result = func()"),
	}
	j2ServeIrHTTP = odooFrame("http.py", 2328, "_serve_ir_http", "response = self.dispatcher.dispatch(rule.endpoint, args)")
	j2Dispatch    = []string{
		j2ServeIrHTTP,
		odooFrame("http.py", 2608, "dispatch", "result = self.request.registry['ir.http']._dispatch(endpoint)"),
		odooFrame("addons/base/models/ir_http.py", 355, "_dispatch", "result = endpoint(**request.params)"),
		odooFrame("http.py", 788, "route_wrapper", "result = endpoint(self, *args, **params_ok)"),
	}
	j2CallFrame = json2Frame(86, "result = func(records, **kwargs)")
)

func json2Frame(line int, code string, caret ...string) string {
	return frame(addonsRoot+"/rpc/controllers/json2.py", line, "web_json_2_rpc", code, caret...)
}

// json2Traceback formats a traceback: an optional chained cause, the
// frames, and the exception line.
func json2Traceback(cause, chain string, frames [][]string, last string) string {
	var b strings.Builder
	if cause != "" {
		b.WriteString(cause + "\n" + chain + "\n\n")
	}
	b.WriteString("Traceback (most recent call last):\n")
	for _, fs := range frames {
		for _, f := range fs {
			b.WriteString(f)
		}
	}
	b.WriteString(last + "\n")
	return b.String()
}

const (
	chainCause   = "The above exception was the direct cause of the following exception:"
	chainContext = "During handling of the above exception, another exception occurred:"
)

// httpError is a werkzeug HTTPException raised under the controller:
// message is its description, arguments (description, code).
func httpError(status int, desc, cause, chain string, frames ...[]string) *json2Error {
	cls := map[int]string{
		http.StatusBadRequest:          "BadRequest",
		http.StatusUnauthorized:        "Unauthorized",
		http.StatusNotFound:            "NotFound",
		http.StatusUnprocessableEntity: "UnprocessableEntity",
	}[status]
	name := "werkzeug.exceptions." + cls
	last := fmt.Sprintf("%s: %d %s: %s", name, status, http.StatusText(status), desc)
	return &json2Error{status: status, name: name, message: desc, args: []any{desc, status},
		debug: json2Traceback(cause, chain, frames, last)}
}

// unauthorized is _auth_method_bearer's refusal; line is the raise.
func unauthorized(desc string, line int) *json2Error {
	auth := func(l int, fn, code string) string {
		return odooFrame("addons/base/models/ir_http.py", l, fn, code)
	}
	return httpError(http.StatusUnauthorized, desc, "", "", j2Serve, []string{
		odooFrame("http.py", 2326, "_serve_ir_http", "self.registry['ir.http']._authenticate(rule.endpoint)"),
		auth(275, "_authenticate", "cls._authenticate_explicit(auth)"),
		auth(284, "_authenticate_explicit", "getattr(cls, f'_auth_method_{auth}')()"),
		auth(line, "_auth_method_bearer", "raise Unauthorized(e, www_authenticate=WWWAuthenticate('bearer'))"),
	})
}

func errInvalidAPIKey() *json2Error { return unauthorized("Invalid apikey", 242) }

func errNotAuthenticated() *json2Error {
	return unauthorized("User not authenticated, use an API Key with a Bearer Authorization header.", 250)
}

// errRouteHint is web_json_2_404, the catch-all of /json/2.
func errRouteHint() *json2Error {
	return httpError(http.StatusNotFound, "Did you mean POST /json/2/<model>/<method>?", "", "", j2Serve, j2Dispatch,
		[]string{frame(addonsRoot+"/rpc/controllers/json2.py", 47, "web_json_2_404", "raise request.not_found(e)")})
}

// errBadJSON is the dispatcher's refusal of a body json.loads rejects.
func errBadJSON(err *jsonDecodeError) *json2Error {
	lib := "/usr/lib/python3.11/json/"
	frames := []string{
		odooFrame("http.py", 2598, "dispatch", "self.jsonrequest = self.request.get_json_data()"),
		odooFrame("http.py", 1962, "get_json_data", "return json.loads(self.httprequest.get_data(as_text=True))"),
	}
	decode := frame(lib+"decoder.py", 337, "decode", "obj, end = self.raw_decode(s, idx=_w(s, 0).end())")
	loads := frame(lib+"__init__.py", 346, "loads", "return _default_decoder.decode(s)")
	switch err.site {
	case siteBOM:
		frames = append(frames, frame(lib+"__init__.py", 335, "loads", `raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)",`))
	case siteExtra:
		frames = append(frames, loads, frame(lib+"decoder.py", 340, "decode", `raise JSONDecodeError("Extra data", s, end)`))
	case siteValue:
		frames = append(frames, loads, decode, frame(lib+"decoder.py", 355, "raw_decode", `raise JSONDecodeError("Expecting value", s, err.value) from None`))
	default:
		frames = append(frames, loads, decode, frame(lib+"decoder.py", 353, "raw_decode", "obj, end = self.scan_once(s, idx)"))
	}
	cause := json2Traceback("", "", [][]string{frames}, "json.decoder.JSONDecodeError: "+err.Error())
	desc := "could not parse the body as json: " + err.Error()
	return httpError(http.StatusBadRequest, desc, cause, chainCause, j2Serve,
		[]string{j2ServeIrHTTP, odooFrame("http.py", 2601, "dispatch", "raise werkzeug.exceptions.BadRequest(e) from exc")})
}

// errUnknownModel is web_json_2_rpc's 404 for a model the registry lacks.
func errUnknownModel(model string) *json2Error {
	cause := json2Traceback("", "", [][]string{{
		json2Frame(66, "Model = request.env[__model__].with_context(context)", "        ~~~~~~~~~~~^^^^^^^^^^^"),
		odooFrame("orm/environments.py", 107, "__getitem__", "return self.registry[model_name](self, (), ())", "       ~~~~~~~~~~~~~^^^^^^^^^^^^"),
		odooFrame("orm/registry.py", 335, "__getitem__", "return self.models[model_name]", "       ~~~~~~~~~~~^^^^^^^^^^^^"),
	}}, "KeyError: "+pyStr(model))
	return httpError(http.StatusNotFound, fmt.Sprintf("the model %s does not exist", pyStr(model)), cause, chainCause,
		j2Serve, j2Dispatch, []string{json2Frame(69, "raise NotFound(e) from exc")})
}

// errMethodLookup converts get_public_method's errors: AttributeError
// becomes a 404, the AccessError of private methods stays a 403.
func errMethodLookup(oe *odooError) *json2Error {
	lookup := json2Frame(72, "func = get_public_method(Model, __method__)")
	if oe.kind == errAccessError {
		e := json2FromOdoo(oe)
		e.debug = json2Traceback("", "", [][]string{j2Serve, j2Dispatch,
			{lookup, odooFrame("service/model.py", 65, "get_public_method", "raise AccessError(e)")}}, "odoo.exceptions.AccessError: "+oe.msg)
		return e
	}
	cause := json2Traceback("", "", [][]string{{lookup}, oe.frames}, oe.lastLine())
	return httpError(http.StatusNotFound, oe.msg, cause, chainCause, j2Serve, j2Dispatch,
		[]string{json2Frame(74, "raise NotFound(exc.args[0]) from exc")})
}

// errIDsOnModelMethod refuses ids given to an @api.model method.
func errIDsOnModelMethod(model, method string) *json2Error {
	return httpError(http.StatusUnprocessableEntity, fmt.Sprintf("cannot call %s.%s with ids", model, method), "", "",
		j2Serve, j2Dispatch, []string{json2Frame(77, "raise UnprocessableEntity(e)")})
}

// errSignature is inspect.Signature.bind's TypeError, raised again as a
// 422; line is where _bind raised it.
func errSignature(msg string, line int, code string) *json2Error {
	inspect := "/usr/lib/python3.11/inspect.py"
	cause := json2Traceback("", "", [][]string{{
		json2Frame(82, "signature.bind(records, **kwargs)"),
		frame(inspect, 3212, "bind", "return self._bind(args, kwargs)"),
		frame(inspect, line, "_bind", code),
	}}, "TypeError: "+msg)
	return httpError(http.StatusUnprocessableEntity, msg, cause, chainContext, j2Serve, j2Dispatch,
		[]string{json2Frame(84, "raise UnprocessableEntity(exc.args[0])")})
}

// json2Exceptions maps Odoo's exception families to their class and the
// status handle_error gives them (UserError.http_status; anything that is
// not a UserError is a 500).
var json2Exceptions = map[errKind]struct {
	cls    string
	status int
}{
	errUser:         {"UserError", http.StatusUnprocessableEntity},
	errValidation:   {"ValidationError", http.StatusUnprocessableEntity},
	errMissing:      {"MissingError", http.StatusNotFound},
	errRedirect:     {"RedirectWarning", http.StatusInternalServerError},
	errAccessDenied: {"AccessDenied", http.StatusForbidden},
	errAccessError:  {"AccessError", http.StatusForbidden},
}

// json2FromOdoo renders an exception a model method raised.
func json2FromOdoo(oe *odooError) *json2Error {
	e := &json2Error{status: http.StatusInternalServerError, message: oe.msg}
	if oe.msg != "" {
		e.args = []any{oe.msg}
	}
	last := oe.lastLine()
	if x, ok := json2Exceptions[oe.kind]; ok {
		e.status, e.name = x.status, "odoo.exceptions."+x.cls
		last = e.name + ": " + oe.msg
	} else if strings.Contains(oe.exc, ".") {
		e.name = oe.exc
	} else {
		e.name = "builtins." + oe.exc
	}
	if oe.args != nil {
		// exception_to_unicode joins str() of every argument.
		e.args = oe.args
		parts := make([]string, len(oe.args))
		for i, a := range oe.args {
			if s, ok := a.(string); ok {
				parts[i] = s
			} else {
				parts[i] = pyRepr(a)
			}
		}
		e.message = strings.Join(parts, "\n")
	}
	e.debug = oe.raw
	if e.debug == "" {
		e.debug = json2Traceback(oe.cause, oe.chain, [][]string{j2Serve, j2Dispatch, {j2CallFrame}, oe.frames}, last)
	}
	return e
}

// injectedJSON2 is the JSON-2 form of a Failure's fault: the error a real
// Odoo sends for an exception of that fault class.
func injectedJSON2(f Failure) *json2Error {
	switch f.FaultCode {
	case 2:
		return json2FromOdoo(&odooError{kind: errUser, msg: f.FaultString})
	case 3:
		desc := f.FaultString
		if desc == "" {
			desc = "Invalid apikey"
		}
		return unauthorized(desc, 242)
	case 4:
		return json2FromOdoo(accessError(f.FaultString))
	}
	// Fault 1 (and unknown codes): an internal error. A traceback keeps
	// its exception line as name and message.
	e := pyError("Exception", f.FaultString)
	if strings.HasPrefix(f.FaultString, "Traceback") {
		lines := strings.Split(strings.TrimRight(f.FaultString, "\n"), "\n")
		i := len(lines) - 1
		for i > 0 && !strings.HasPrefix(lines[i-1], " ") {
			i--
		}
		exc, msg, _ := strings.Cut(strings.Join(lines[i:], "\n"), ": ")
		e = pyError(exc, msg)
		e.raw = f.FaultString
	}
	return json2FromOdoo(e)
}

// noDatabasePage is Odoo's answer when X-Odoo-Database names no database.
const noDatabasePage = "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n" +
	"<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n" +
	"<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n" +
	"<!-- Alternatively, use the X-Odoo-Database header. -->\n"

func writeNoDatabase(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(noDatabasePage)))
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, noDatabasePage)
}

// writeUnsupportedMediaType is the 415 of a json2 route whose body is not
// declared as JSON; route is the route's first URL rule.
func writeUnsupportedMediaType(w http.ResponseWriter, mimetype, route string) {
	compatible := "[&#39;http&#39;]"
	if mimetype == "application/json-rpc" {
		compatible = "[&#39;http&#39;, &#39;jsonrpc&#39;]"
	}
	route = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(route)
	w.Header().Set("Accept", "application/json")
	writeHTML(w, http.StatusUnsupportedMediaType, "415 Unsupported Media Type", "Unsupported Media Type",
		"Request inferred type is compatible with "+compatible+" but &#39;"+route+"&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.")
}
