package access

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gorilla/mux"
)

// HeaderRequestID carries the request id in both directions.
const HeaderRequestID = "X-Request-ID"

// maxRequestIDLen bounds an incoming request id: longer ones are replaced,
// so that a client cannot bloat every log line.
const maxRequestIDLen = 128

// requestID returns the incoming id if it is sane, otherwise a new one.
func requestID(r *http.Request) string {
	if id := r.Header.Get(HeaderRequestID); saneRequestID(id) {
		return id
	}
	return rand.Text()
}

// saneRequestID accepts the characters that ids of common proxies and
// tracing systems use, and nothing that could forge log structure.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=':
		default:
			return false
		}
	}
	return true
}

// requestState is what Wrap knows about a request and what inner layers
// tell it (the route template, the principal), so that the access log and
// metrics written by the outermost layer can include them.
type requestState struct {
	id    string
	stack *Stack

	mu            sync.Mutex
	route         string
	principal     string
	principalKind Kind
	logger        *slog.Logger
}

type stateKey struct{}

func stateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	return st
}

// RequestIDFrom returns the id of the request ctx belongs to, or "" outside
// Wrap.
func RequestIDFrom(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.id
	}
	return ""
}

// SetRoute records the route template that matched r (e.g.
// "/api/v1/partners/{id}"), so that the access log and metrics label the
// request by template rather than raw path. Requests that never get one are
// labelled "unmatched", which keeps metric cardinality bounded.
func SetRoute(r *http.Request, template string) {
	if st := stateFrom(r.Context()); st != nil {
		st.mu.Lock()
		st.route = template
		st.mu.Unlock()
	}
}

// MuxRoute is gorilla/mux middleware (router.Use(access.MuxRoute)) that
// calls SetRoute with the matched route's path template.
func MuxRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if route := mux.CurrentRoute(r); route != nil {
			if tmpl, err := route.GetPathTemplate(); err == nil {
				SetRoute(r, tmpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// setPrincipal tells the access log who the request acts for.
func (st *requestState) setPrincipal(p *Principal) {
	st.mu.Lock()
	st.principal, st.principalKind = p.Name, p.Kind
	st.mu.Unlock()
}

// snapshot returns the route and principal for the access log.
func (st *requestState) snapshot() (route, principal string, kind Kind) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.route, st.principal, st.principalKind
}

// LoggerFrom returns the logger for the request of ctx, with its request id
// attached, so that every line logged on behalf of a request can be found
// by that id. Outside Wrap it returns slog.Default().
func LoggerFrom(ctx context.Context) *slog.Logger {
	st := stateFrom(ctx)
	if st == nil || st.stack == nil {
		return slog.Default()
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.logger == nil {
		st.logger = st.stack.log.With("request_id", st.id)
	}
	return st.logger
}
