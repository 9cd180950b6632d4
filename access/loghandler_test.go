package access

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLogHandlerAddsRequestIDOnce(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(LogHandler(slog.NewJSONHandler(&buf, nil)))
	s, err := New(Config{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logger.InfoContext(r.Context(), "plain")
		LoggerFrom(r.Context()).InfoContext(r.Context(), "scoped")
	}))
	req := httptest.NewRequest("GET", "/x", nil)
	req.Header.Set(HeaderRequestID, "req-12345678")
	h.ServeHTTP(httptest.NewRecorder(), req)
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if n := strings.Count(line, `"request_id":"req-12345678"`); n != 1 {
			t.Errorf("line has request_id %d times: %s", n, line)
		}
	}
	// Outside a request nothing is added.
	buf.Reset()
	logger.InfoContext(context.Background(), "startup")
	if strings.Contains(buf.String(), "request_id") {
		t.Errorf("request_id outside a request: %s", buf.String())
	}
}
