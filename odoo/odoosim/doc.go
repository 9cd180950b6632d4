// Package odoosim is an in-process stand-in for an Odoo 19 server speaking
// Odoo's real XML-RPC protocol and its JSON-2 API. The project's tests and
// the server's -demo mode use it instead of a real Odoo.
//
// # Fidelity
//
// Answers follow the captures of a real Odoo 19.0 Community server kept in
// odoo/testdata/odoo-wire: same XML formatting byte for byte (Python's
// xmlrpc.client marshaller, Odoo's header), same fault codes and texts
// (tracebacks included), same value conventions (False for empty values,
// [id, name] many2one pairs, datetimes as UTC "YYYY-MM-DD HH:MM:SS"
// strings, doubles for floats and monetary fields, base64 strings for
// binaries) and the same demo records with the same ids. TestConformance
// replays every XML-RPC capture, TestJSON2Conformance every JSON-2 one.
//
// # Endpoints
//
//	POST /xmlrpc/2/common  version, authenticate, login, about
//	POST /xmlrpc/2/db      server_version, list, db_exist, list_lang
//	POST /xmlrpc/2/object  execute_kw, execute
//	POST /xmlrpc/<service> the same, with string fault codes (legacy)
//	GET  /json/version     {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}
//	POST /json/2/<model>/<method>   JSON-2 (Odoo 19 profile only)
//
// # JSON-2
//
// A JSON-2 call is authenticated by "Authorization: bearer <API key>"
// (AdminAPIKey, APIUserAPIKey; passwords are refused) and may name the
// database in X-Odoo-Database (absent: the only one; unknown: Odoo's HTML
// 404). The body is a JSON object of named arguments: ids for record
// methods, context (reserved: active_test...), the method's parameters.
// The answer is the bare JSON result, written like Python's json.dumps
// (1740.0 for floats and monetary amounts, ints for integers); create
// always answers a list of ids and a method returning None answers null.
// The same methods run on the same data, users and record rules as over
// XML-RPC. Errors are Odoo's {"name", "message", "arguments", "context",
// "debug"} objects with Odoo's statuses: 401 bad or missing key, 404
// unknown model, method or record (MissingError), 403 private method and
// AccessError, 422 UserError, ValidationError and bad arguments (ids on
// an @api.model method, inspect.Signature.bind's TypeErrors), 400 a body
// json.loads rejects (with its message), 415 a body not declared as JSON,
// 500 other exceptions (RedirectWarning, Python errors; debug holds the
// traceback). Other paths and methods under /json/2 answer the 404 "Did
// you mean POST /json/2/<model>/<method>?". The Odoo 17 profile answers
// every JSON route with a 404 page, as Odoo 17 has no JSON-2.
//
// # Model methods
//
// Through execute_kw(db, uid, password, model, method, args, kwargs) and
// execute(db, uid, password, model, method, *args), arguments bind to
// Python parameter names positionally or by keyword, exactly like Odoo
// (over JSON-2 all are named, and the ids of record methods are the
// body's ids):
//
//	search_read(domain=None, fields=None, offset=0, limit=None, order=None, load=...)
//	search(domain, offset=0, limit=None, order=None)
//	search_count(domain, limit=None)
//	read(ids, fields=None, load='_classic_read')
//	create(vals_list)           dict -> id, list of dicts -> ids
//	write(ids, vals)            -> True
//	unlink(ids)                 -> True
//	fields_get(allfields=None, attributes=None)
//	name_search(name='', domain=None, operator='ilike', limit=100)
//	name_create(name), exists(ids)
//	res.users: context_get() -> {"lang": ..., "tz": ..., "uid": ...}
//	web_search_read(domain, specification, offset=0, limit=None, order=None, count_limit=None)
//	web_read(ids, specification)
//	formatted_read_group(domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None)
//	action_archive(ids), action_unarchive(ids)   archive, then fault 1 "cannot marshal None"
//	message_post(ids, **kwargs) -> [message id]
//	sale.order: action_confirm, action_cancel, action_draft; account.move: action_post
//
// A "context" keyword is taken out of kwargs; its active_test is honoured.
// Models: res.partner, res.partner.category, res.country,
// res.country.state, res.currency, res.company, res.users, product.product,
// product.category, uom.uom, account.tax, sale.order, sale.order.line,
// account.move, account.move.line and mail.message. The fields of the
// captured models are the captured fields_get answers.
//
// # Users
//
// The constants DB, AdminLogin, AdminPassword, AdminAPIKey, APIUserLogin...
// are the captured server's credentials. The API user (uid 7) belongs to
// "Sales / User: Own Documents Only": it cannot modify countries nor create
// products (fault 4), sees only its own orders, and reading another
// salesman's order raises the record-rule fault. demo/demo sees all
// documents.
//
// # Test knobs
//
//	s.SetLatency(d)                         delay every answer
//	s.FailCalls(Match{...}, Failure{...})   fail matching calls (fault, HTTP status, hang, drop);
//	                                        over JSON-2 a fault is the error Odoo sends for its class
//	s.FailNext(n, Failure{...})             fail the next n calls
//	s.ClearFailures()
//	s.Calls(), s.ResetCalls()               the log of every call received (JSON-2: Service "json2")
//	s.Find(model, domain), s.Record(model, id), s.Count(model, domain)
//	s.Reset()                               back to the seed data
//
// Options: WithVersion17 (Odoo 17 version strings and field names),
// WithLatency, WithoutDemoData, WithClock.
//
// # Data
//
// The demo data are deterministic: the captured records (partners 1-43,
// products, quotations S00001-S00020, invoices INV/2026/00001-00009 of two
// companies...) plus generated companies and contacts in ten countries
// (more than 220 partners), about 60 products, orders and invoices over
// 2026. Only values written by calls (create_date, write_date, defaults)
// and the computed sale.order.is_expired use the clock (see WithClock).
package odoosim
