package access

import (
	"log/slog"
	"net/http"
	"time"
)

// NewServer returns an http.Server for h with timeouts that keep slow or
// stuck clients from holding connections: 10s to send headers, 30s to send
// the body, 60s to take the answer, 2 minutes idle between requests, and
// 64 KiB of headers. Server errors (TLS handshakes, bad requests) go to
// logger.
func NewServer(addr string, h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.Default()
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}
