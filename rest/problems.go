package rest

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/gorilla/mux"

	"odoo-gateway/access"
	"odoo-gateway/odoo"
)

// problemType documents one error code: the page a problem's "type" URI
// points at (/api/docs/problems/<code>).
type problemType struct {
	Code   string
	Title  string
	Status int
	// Meaning says when the code is answered; Action what the client
	// should do about it.
	Meaning, Action string
	// Retry tells whether retrying the same request can succeed.
	Retry string
}

// problemTypes lists every code a REST answer can carry, in the order of
// odoo.Codes followed by the HTTP-only codes. Titles and statuses are the
// access stack's (a test keeps them equal).
var problemTypes = []problemType{
	{odoo.EValidation, "Validation failed", 400,
		"A query parameter or the request body is invalid. The details member names every invalid field or parameter with its problems, all at once. Odoo refusing a value (a constraint) is reported the same way, with Odoo's message.",
		"Fix the fields named in details and send the request again.", "After fixing the request."},
	{odoo.EUnauthorized, "Unauthorized", 401,
		"The request has no credential, or one that is unknown, revoked or expired. The answer never tells which.",
		"Send a valid API key in X-API-Key (or Authorization: Bearer).", "With a valid credential."},
	{odoo.EForbidden, "Forbidden", 403,
		"The credential is valid but may not do this: it lacks the scope named in scope (and in WWW-Authenticate), it is used from a browser origin it is not allowed for, or Odoo's access rules deny the record.",
		"Use a key with the scope, or ask the gateway's operator for one.", "No, not with this credential."},
	{odoo.ENotFound, "Not found", 404,
		"There is no such record (it may have been deleted) or no such route.",
		"Check the id and the path. A customer that is not a customer any more is still under /api/v1/partners.", "No."},
	{odoo.EConflict, "Conflict", 409,
		"Odoo refused the change because of the record's state (e.g. deleting a partner that sale orders or invoices use), or a request with the same Idempotency-Key is still running.",
		"For a refusal, read detail: Odoo's explanation. For a running request, retry after Retry-After to get its answer.", "For a running idempotent request, yes."},
	{odoo.ERateLimited, "Too many requests", 429,
		"The credential's budget of requests per minute is spent, or too many failed authentications came from this address. The request did not reach Odoo.",
		"Wait the number of seconds in Retry-After. The RateLimit-* headers of every answer show the budget.", "Yes, after Retry-After."},
	{odoo.EUpstreamUnavailable, "Odoo unavailable", 503,
		"Odoo cannot be reached, refuses the gateway's own credentials, or keeps failing (the gateway then stops calling it for a few seconds). For a write with an Idempotency-Key it can also mean that the idempotency store is unreachable. Nothing was changed.",
		"Retry later, with backoff.", "Yes, later."},
	{odoo.EUpstreamTimeout, "Odoo timeout", 504,
		"Odoo did not answer in time. A read can simply be retried. A write may have happened: retry it with the same Idempotency-Key, which replays this answer instead of writing twice, then read the record to see its state.",
		"Retry reads with backoff; check writes before repeating them without a key.", "Yes, with care for writes."},
	{odoo.EInternal, "Internal error", 500,
		"Something unexpected failed, in the gateway or in Odoo. The detail is in the gateway's log under the request_id; it is never sent to clients.",
		"Quote the request_id when reporting it. Retrying a write is safe only with the same Idempotency-Key.", "Perhaps."},
	{access.EMethodNotAllowed, "Method not allowed", 405,
		"The resource exists but does not support this HTTP method. The Allow header lists the methods it does.",
		"Use one of the methods in Allow.", "No."},
	{access.ETooLarge, "Payload too large", 413,
		"The request body is larger than the gateway accepts (1 MiB unless configured otherwise).",
		"Send a smaller body.", "No."},
	{access.EUnsupportedMediaType, "Unsupported media type", 415,
		"The body is not application/json (a UTF-8 charset parameter is accepted).",
		"Send the body as JSON with Content-Type: application/json.", "After fixing the request."},
	{access.EUnprocessable, "Unprocessable entity", 422,
		"The Idempotency-Key was already used, in the last 24 hours, for a different request (another body, path or method).",
		"Use a new key for each new request; reuse a key only to retry exactly the same request.", "With a new key."},
}

var problemTemplates = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error codes: odoo-gateway REST API</title>
<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}td,th{text-align:left;padding:.2rem .6rem .2rem 0;vertical-align:top}</style></head>
<body><h1>Error codes</h1>
<p>Every error of the REST API is an <code>application/problem+json</code> document (RFC 9457) whose <code>error</code> member is one of these codes and whose <code>type</code> is the code's page.</p>
<table><tr><th>Code</th><th>Status</th><th>Title</th></tr>
{{range .Types}}<tr><td><a href="problems/{{.Code}}"><code>{{.Code}}</code></a></td><td>{{.Status}}</td><td>{{.Title}}</td></tr>
{{end}}</table>
<p><a href="ui">API reference</a> · {{.Version}}</p></body></html>
`))

var _ = template.Must(problemTemplates.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.T.Title}} ({{.T.Code}}): odoo-gateway REST API</title>
<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code,pre{background:#f3f3f3;padding:0 .2em}pre{padding:.6rem;overflow:auto}</style></head>
<body><h1>{{.T.Title}}</h1>
<p>Code <code>{{.T.Code}}</code>, HTTP status {{.T.Status}}.</p>
<h2>Meaning</h2><p>{{.T.Meaning}}</p>
<h2>What to do</h2><p>{{.T.Action}}</p>
<h2>Retry?</h2><p>{{.T.Retry}}</p>
<h2>Example</h2>
<pre>{"type": "/api/docs/problems/{{.T.Code}}", "title": "{{.T.Title}}", "status": {{.T.Status}},
 "detail": "...", "error": "{{.T.Code}}", "request_id": "JCSSQLKTDS2DK64B7KJKVNKYYJ"}</pre>
<p><a href="../problems">All error codes</a> · <a href="../ui">API reference</a> · {{.Version}}</p></body></html>
`))

// problemIndex serves the list of error codes.
func problemIndex() http.Handler {
	var buf bytes.Buffer
	if err := problemTemplates.ExecuteTemplate(&buf, "index", map[string]any{"Types": problemTypes, "Version": docsVersionLine()}); err != nil {
		panic(err)
	}
	return htmlPage(buf.Bytes())
}

// problemPage serves the page of one error code.
func problemPage() http.Handler {
	pages := map[string]http.Handler{}
	for _, t := range problemTypes {
		var buf bytes.Buffer
		if err := problemTemplates.ExecuteTemplate(&buf, "page", map[string]any{"T": t, "Version": docsVersionLine()}); err != nil {
			panic(err)
		}
		pages[t.Code] = htmlPage(buf.Bytes())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[mux.Vars(r)["code"]]
		if !ok {
			fail(w, r, odoo.Errorf(odoo.ENotFound, "There is no error code %q.", mux.Vars(r)["code"]))
			return
		}
		page.ServeHTTP(w, r)
	})
}

// htmlPage serves a static HTML page under the docs' Content-Security-Policy.
func htmlPage(body []byte) http.Handler {
	a := newAsset("text/html; charset=utf-8", body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", docsCSP)
		a.serve(w, r, "public, max-age=3600")
	})
}
