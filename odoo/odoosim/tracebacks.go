package odoosim

import (
	"fmt"
	"strings"
)

// The frames below reproduce the tracebacks a real Odoo 19 server sends
// (see the wire captures): clients log them and some match on their last
// line, so they follow the real file names, functions and source lines.

const (
	odooRoot   = "/opt/odoo/odoo"
	addonsRoot = "/opt/odoo/addons"
)

// frame formats one traceback entry like Python 3.11, including the caret
// line under the failing expression (omitted when it would underline the
// whole line, as Python does). caret, when given, is that line verbatim
// (for subscripts, "~~~^^^", and expressions the heuristic misses).
func frame(file string, line int, fn, code string, caret ...string) string {
	s := fmt.Sprintf("  File \"%s\", line %d, in %s\n    %s\n", file, line, fn, code)
	if len(caret) > 0 {
		if caret[0] == "" {
			return s
		}
		return s + "    " + caret[0] + "\n"
	}
	start := 0
	switch {
	case strings.HasPrefix(code, "return "):
		start = len("return ")
	case strings.HasPrefix(code, "raise "):
		start = 0
	default:
		if i := strings.Index(code, " = "); i >= 0 && !strings.Contains(code[:i], "(") {
			start = i + 3
		}
	}
	end := len(code)
	if i := strings.Index(code, "  #"); i >= 0 {
		end = i
	}
	if start == 0 && end == len(code) {
		return s
	}
	return s + "    " + strings.Repeat(" ", start) + strings.Repeat("^", end-start) + "\n"
}

func odooFrame(path string, line int, fn, code string, caret ...string) string {
	return frame(odooRoot+"/"+path, line, fn, code, caret...)
}

// outerFrames are the frames from the HTTP controller to the service
// dispatcher.
func outerFrames(ep endpoint) []string {
	ctrl := frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 162, "xmlrpc_2", "response = self._xmlrpc(service)")
	if ep.legacy {
		ctrl = frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 147, "xmlrpc_1", "response = self._xmlrpc(service)")
	}
	out := []string{ctrl}
	switch ep.service {
	case "", "parse":
		return out
	case "unknown-service":
		return append(out,
			frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 134, "_xmlrpc", "result = dispatch_rpc(service, method, params)"),
			odooFrame("http.py", 438, "dispatch_rpc", "dispatch = rpc_dispatchers[service_name]", "           ~~~~~~~~~~~~~~~^^^^^^^^^^^^^^"),
		)
	case "marshal":
		return append(out,
			frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 135, "_xmlrpc", "return dumps((result,))"),
		)
	}
	out = append(out,
		frame(addonsRoot+"/rpc/controllers/xmlrpc.py", 134, "_xmlrpc", "result = dispatch_rpc(service, method, params)"),
		odooFrame("http.py", 439, "dispatch_rpc", "return dispatch(method, params)"),
	)
	switch ep.service {
	case "common":
		return append(out, odooFrame("service/common.py", 60, "dispatch", "return g[exp_method_name](*params)"))
	case "db":
		return append(out, odooFrame("service/db.py", 481, "dispatch", "return g[exp_method_name](*params)"))
	case "object-auth":
		return append(out, odooFrame("service/model.py", 114, "dispatch", "security.check(db, uid, passwd)"))
	case "object-dispatch":
		return out
	case "object-method":
		return append(out,
			odooFrame("service/model.py", 129, "dispatch", "res = execute_cr(cr, uid, model, method_, args, kw)"),
			odooFrame("service/model.py", 146, "execute_cr", "result = retrying(partial(call_kw, recs, method, args, kw), env)"),
			odooFrame("service/model.py", 184, "retrying", "result = func()"),
			odooFrame("service/model.py", 75, "call_kw", "method = get_public_method(model, name)"),
		)
	}
	// "object": a model method that raised.
	return append(out,
		odooFrame("service/model.py", 129, "dispatch", "res = execute_cr(cr, uid, model, method_, args, kw)"),
		odooFrame("service/model.py", 146, "execute_cr", "result = retrying(partial(call_kw, recs, method, args, kw), env)"),
		odooFrame("service/model.py", 184, "retrying", "result = func()"),
		odooFrame("service/model.py", 93, "call_kw", "result = method(recs, *args, **kwargs)"),
	)
}

// Frames of the ORM entry points, as they appear under call_kw.
var (
	frameSearchRead  = odooFrame("orm/models.py", 5774, "search_read", "records = self.search_fetch(domain or [], fields, offset=offset, limit=limit, order=order)")
	frameFetchFields = odooFrame("orm/models.py", 1416, "search_fetch", "fields_to_fetch = self._determine_fields_to_fetch(field_names)")
	frameReadFormat  = odooFrame("orm/models.py", 5785, "search_read", "return records._read_format(fnames=fields, **read_kwargs)")
	frameFetchSearch = odooFrame("orm/models.py", 1408, "search_fetch", "query = self._search(domain, offset=offset, limit=limit, order=order or self._order)")
	frameRead        = odooFrame("orm/models.py", 3786, "read", "fields = self._determine_fields_to_fetch(fields)")
	frameSearch      = odooFrame("orm/models.py", 1352, "search", "return self.search_fetch(domain, [], offset=offset, limit=limit, order=order)")
	frameSearchCount = odooFrame("orm/models.py", 1322, "search_count", "query = self._search(domain, limit=limit)")
	frameWebSearch   = frame(addonsRoot+"/web/models/models.py", 60, "web_search_read", "records = self.search_fetch(domain, specification.keys(), offset=offset, limit=limit, order=order)")
	frameNameSearch  = odooFrame("orm/models.py", 1905, "name_search", "ids = self._search(domain, limit=limit, order=self._order)")
	frameCreate      = odooFrame("orm/models.py", 4832, "create", "self._check_field_names(vals_list)")
	frameWrite       = odooFrame("orm/models.py", 4520, "write", "self._check_field_names([vals])")
)

// fieldsFrames builds the frames of an unknown name in a fields list: the
// KeyError in _determine_fields_to_fetch is chained as the direct cause.
func invalidFieldsError(model, name string, entry ...string) *odooError {
	cause := "Traceback (most recent call last):\n" +
		odooFrame("orm/models.py", 3851, "_determine_fields_to_fetch", "field = self._fields[field_name]", "        ~~~~~~~~~~~~^^^^^^^^^^^^") +
		"KeyError: " + pyStr(name) + "\n"
	frames := append(append([]string{}, entry...),
		odooFrame("orm/models.py", 3853, "_determine_fields_to_fetch", "raise ValueError(f\"Invalid field {field_name!r} on {self._name!r}\") from e"))
	e := valueError(fmt.Sprintf("Invalid field %s on %s", pyStr(name), pyStr(model)), frames...)
	e.cause = cause
	e.chain = "The above exception was the direct cause of the following exception:"
	return e
}

// domainFrames are the frames of Domain() construction errors.
func domainParseFrames(entry []string, invalidItem bool) []string {
	out := append([]string{}, entry...)
	out = append(out, odooFrame("orm/models.py", 5353, "_search", "domain = Domain(domain)"))
	if invalidItem {
		return append(out, odooFrame("orm/domains.py", 269, "__new__", "raise ValueError(f\"Domain() invalid item in domain: {item!r}\")"))
	}
	return append(out,
		odooFrame("orm/domains.py", 259, "__new__", "stack.append(Domain(*item))", "             ^^^^^^^^^^^^^"),
		odooFrame("orm/domains.py", 225, "__new__", "return DomainCondition(*args).checked()"),
		odooFrame("orm/domains.py", 822, "checked", "self._raise(\"Invalid operator\")"),
		odooFrame("orm/domains.py", 901, "_raise", "raise error(message % (*args, self.field_expr, self.operator, self.value))"),
	)
}

// invalidDomainFieldError is Odoo 19's error for an unknown field in a
// condition, raised while optimizing the domain after a KeyError.
func invalidDomainFieldError(entry []string, model, fname string, cond pyTuple) *odooError {
	cause := "Traceback (most recent call last):\n" +
		odooFrame("orm/domains.py", 914, "__get_field", "field = model._fields[field_name]", "        ~~~~~~~~~~~~~^^^^^^^^^^^^") +
		"KeyError: " + pyStr(fname) + "\n"
	frames := append(append([]string{}, entry...),
		odooFrame("orm/models.py", 5364, "_search", "domain = domain.optimize_full(self)"),
		odooFrame("orm/domains.py", 445, "optimize_full", "return self._optimize(model, OptimizationLevel.FULL)"),
		odooFrame("orm/domains.py", 459, "_optimize", "previous, domain = domain, domain._optimize_step(model, next_level)", "                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"),
		odooFrame("orm/domains.py", 653, "_optimize_step", "children = self._flatten(child._optimize(model, level) for child in self.children)"),
		odooFrame("orm/domains.py", 608, "_flatten", "for child in children:", ""),
		odooFrame("orm/domains.py", 653, "<genexpr>", "children = self._flatten(child._optimize(model, level) for child in self.children)", "                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"),
		odooFrame("orm/domains.py", 459, "_optimize", "previous, domain = domain, domain._optimize_step(model, next_level)", "                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"),
		odooFrame("orm/domains.py", 938, "_optimize_step", "field, property_name = self.__get_field(model)"),
		odooFrame("orm/domains.py", 916, "__get_field", "self._raise(\"Invalid field %s.%s\", model._name, field_name)"),
		odooFrame("orm/domains.py", 901, "_raise", "raise error(message % (*args, self.field_expr, self.operator, self.value))"),
	)
	e := valueError(fmt.Sprintf("Invalid field %s.%s in condition %s", model, fname, pyRepr(cond)), frames...)
	e.cause = cause
	e.chain = "During handling of the above exception, another exception occurred:"
	return e
}

// unknownDBError is the psycopg2 failure Odoo lets through when a database
// does not exist.
func unknownDBError(ep endpoint, db string) *odooError {
	cause := "Traceback (most recent call last):\n" +
		odooFrame("orm/registry.py", 118, "__new__", "return cls.registries[db_name]", "       ~~~~~~~~~~~~~~^^^^^^^^^") +
		odooFrame("tools/lru.py", 57, "__getitem__", "val = self._values[key]", "      ~~~~~~~~~~~~^^^^^") +
		"KeyError: " + pyStr(db) + "\n"
	var entry []string
	if ep.service == "common" {
		entry = append(entry, odooFrame("service/common.py", 26, "exp_authenticate", "with Registry(db).cursor() as cr:", "     ^^^^^^^^^^^^"))
	} else {
		entry = append(entry, odooFrame("service/model.py", 108, "dispatch", "registry = Registry(db).check_signaling()"))
	}
	entry = append(entry,
		odooFrame("orm/registry.py", 120, "__new__", "return cls.new(db_name)"),
		odooFrame("tools/func.py", 88, "locked", "return func(inst, *args, **kwargs)"),
		odooFrame("orm/registry.py", 164, "new", "registry.init(db_name)"),
		odooFrame("orm/registry.py", 301, "init", "with closing(self.cursor()) as cr:", "             ^^^^^^^^^^^^^"),
		odooFrame("orm/registry.py", 1166, "cursor", "return self._db.cursor()"),
		odooFrame("sql_db.py", 763, "cursor", "return Cursor(self.__pool, self.__dbname, self.__dsn)"),
		odooFrame("sql_db.py", 365, "__init__", "self._cnx: PsycoConnection = pool.borrow(dsn)"),
		odooFrame("tools/func.py", 88, "locked", "return func(inst, *args, **kwargs)"),
		odooFrame("sql_db.py", 687, "borrow", "result = psycopg2.connect("),
		frame("/usr/lib/python3/dist-packages/psycopg2/__init__.py", 122, "connect", "conn = _connect(dsn, connection_factory=connection_factory, **kwasync)"),
	)
	svc := ep.service
	if svc != "common" {
		svc = "object-dispatch"
	}
	e := pyError("psycopg2.OperationalError", fmt.Sprintf("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database %s does not exist\n", pyDQ(db)), entry...)
	e.cause = cause
	e.chain = "During handling of the above exception, another exception occurred:"
	e.raw = e.withEndpoint(endpoint{legacy: ep.legacy, service: svc})
	return e
}

// withEndpoint renders the traceback now, for errors whose outer frames
// differ from the endpoint they are reported on.
func (e *odooError) withEndpoint(ep endpoint) string {
	raw := e.raw
	e.raw = ""
	s := e.traceback(ep)
	e.raw = raw
	return s
}

func pyDQ(s string) string { return "\"" + s + "\"" }
