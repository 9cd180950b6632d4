package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"odoo-gateway/access"
)

// httpTransport serves GraphQL over HTTP: POST with a JSON body, and GET
// with the query in the URL (queries only, so that a link or an image tag
// can never run a mutation). gqlgen's own transports answer some failures
// without the error presenter (no request id) and echo undecodable bodies;
// this one sends every error through the presenter, and writes its headers
// after execution so that a mutation can mark its answer as replayed.
//
// Statuses: 200 for an executed operation (field errors included) and for
// PERSISTED_QUERY_NOT_FOUND (the client is expected to retry with the
// query); 400 for a request that cannot run (malformed, parse, validation
// or limit errors); 405 for a mutation over GET; 413 for a body over the
// access stack's limit; 415 for a POST body that is not JSON.
type httpTransport struct{}

var _ graphql.Transport = httpTransport{}

// Supports claims GET and POST requests.
func (httpTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodPost
}

// Do runs one GraphQL request.
func (httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	start := graphql.Now()
	params, status, err := readParams(r)
	if err != nil {
		writeResponse(w, r, status, exec.DispatchError(ctx, gqlerror.List{err}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		for _, e := range errs {
			// What gqlgen leaves without a code here is the request's
			// fault (an APQ hash that is not the query's, say).
			if e.Extensions["code"] == nil {
				errcode.Set(e, CodeBadRequest)
			}
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		writeResponse(w, r, requestErrorStatus(errs), resp)
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", http.MethodPost)
		e := &gqlerror.Error{
			Message:    "Only queries may be sent with GET; send mutations with POST.",
			Extensions: map[string]any{"code": codeOf(access.EMethodNotAllowed)},
		}
		writeResponse(w, r, http.StatusMethodNotAllowed, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), gqlerror.List{e}))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, r, http.StatusOK, responses(ctx))
}

// readParams reads the operation from the URL (GET) or the JSON body
// (POST). A failure comes with its status.
func readParams(r *http.Request) (*graphql.RawParams, int, *gqlerror.Error) {
	params := &graphql.RawParams{}
	if r.Method == http.MethodGet {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, http.StatusBadRequest, badRequest("The URL's query string is malformed.")
		}
		params.Query, params.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := decodeJSON(strings.NewReader(v), &params.Variables); err != nil {
				return nil, http.StatusBadRequest, badRequest("The variables parameter is not a JSON object.")
			}
		}
		if v := q.Get("extensions"); v != "" {
			if err := decodeJSON(strings.NewReader(v), &params.Extensions); err != nil {
				return nil, http.StatusBadRequest, badRequest("The extensions parameter is not a JSON object.")
			}
		}
		return params, 0, nil
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		e := access.UnsupportedMediaType("application/json")
		return nil, access.Status(e), &gqlerror.Error{Message: e.Message, Extensions: map[string]any{"code": codeOf(e.Code)}}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			e := access.TooLarge(tooLarge.Limit)
			return nil, access.Status(e), &gqlerror.Error{Message: e.Message, Extensions: map[string]any{"code": codeOf(e.Code)}}
		}
		return nil, http.StatusBadRequest, badRequest("The request body could not be read.")
	}
	if err := decodeJSON(bytes.NewReader(body), params); err != nil {
		return nil, http.StatusBadRequest, badRequest("The request body is not a GraphQL request: send a JSON object with query, and optionally operationName, variables and extensions.")
	}
	return params, 0, nil
}

func badRequest(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": CodeBadRequest}}
}

// decodeJSON decodes one JSON value, keeping numbers exact.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// requestErrorStatus is the status of an operation that could not start:
// 200 when the client is only asked to send the full persisted query
// (Apollo clients expect it), 400 otherwise.
func requestErrorStatus(errs gqlerror.List) int {
	for _, e := range errs {
		if e.Extensions["code"] != "PERSISTED_QUERY_NOT_FOUND" {
			return http.StatusBadRequest
		}
	}
	return http.StatusOK
}

// wireResponse is a response as sent: without data when the operation
// never ran (GraphQL over HTTP), with data (maybe null) when it did.
type wireResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// writeResponse writes a GraphQL response; a replayed idempotent mutation
// is marked with Idempotent-Replayed, as REST does.
func writeResponse(w http.ResponseWriter, r *http.Request, status int, resp *graphql.Response) {
	if st, ok := r.Context().Value(requestStateKey{}).(*requestState); ok && st.replayed.Load() {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	out := wireResponse{}
	if resp != nil {
		out = wireResponse{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions}
	}
	b, err := json.Marshal(out)
	if err != nil {
		access.LoggerFrom(r.Context()).Error("GraphQL response not encodable", "error", err.Error())
		b = []byte(`{"errors":[{"message":"An internal error occurred.","extensions":{"code":"INTERNAL"}}]}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
