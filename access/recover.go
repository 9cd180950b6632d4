package access

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"odoo-gateway/odoo"
)

// recovered turns a panic in a handler into a 500 internal answer with the
// request id; the panic value and stack go to the log only.
func (s *Stack) recovered(w *statusWriter, r *http.Request, v any) {
	if v == http.ErrAbortHandler {
		return
	}
	LoggerFrom(r.Context()).Error("panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	if w.written() {
		return // too late for an error answer; the client sees a cut response
	}
	err := &odoo.Error{Code: odoo.EInternal, Err: fmt.Errorf("panic: %v", v)}
	// The handler may have set headers for a success answer; drop them.
	h := w.Header()
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Location"} {
		h.Del(k)
	}
	WriteError(w, r, err)
}
