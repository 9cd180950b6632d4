package access

import (
	"context"
	"log/slog"
)

// LogHandler wraps h so that every record logged with a request's context
// carries that request's id, for code that logs with a plain logger and a
// context (the Odoo data service) rather than with LoggerFrom.
func LogHandler(h slog.Handler) slog.Handler {
	return &requestIDHandler{inner: h}
}

type requestIDHandler struct {
	inner slog.Handler
	// hasID is set when the attributes already carry request_id (a logger
	// from LoggerFrom), so that it is not written twice.
	hasID bool
}

func (h *requestIDHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if !h.hasID && !recordHasID(r) {
		if id := RequestIDFrom(ctx); id != "" {
			r = r.Clone()
			r.AddAttrs(slog.String("request_id", id))
		}
	}
	return h.inner.Handle(ctx, r)
}

func (h *requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	has := h.hasID
	for _, a := range attrs {
		if a.Key == "request_id" {
			has = true
		}
	}
	return &requestIDHandler{inner: h.inner.WithAttrs(attrs), hasID: has}
}

func (h *requestIDHandler) WithGroup(name string) slog.Handler {
	return &requestIDHandler{inner: h.inner.WithGroup(name), hasID: h.hasID}
}

func recordHasID(r slog.Record) bool {
	found := false
	r.Attrs(func(a slog.Attr) bool {
		found = a.Key == "request_id"
		return !found
	})
	return found
}
