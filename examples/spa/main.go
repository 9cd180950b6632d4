// Command spa serves the example single-page app (index.html, app.js,
// style.css) for trying the GraphQL API from a browser:
//
//	GATEWAY_CORS_ORIGINS=http://127.0.0.1:5173 go run . -demo   # the gateway, in another terminal
//	go run ./examples/spa                                          # this app, on http://127.0.0.1:5173
//
// The app is plain HTML and JavaScript with no build step; any static file
// server works as well (python3 -m http.server 5173 in this directory).
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

//go:embed index.html app.js style.css
var files embed.FS

// newHandler serves the app's files, and nothing else.
func newHandler() http.Handler {
	fs := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fs.ServeHTTP(w, r)
	})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:5173", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spa: %v\n", err)
		os.Exit(1)
	}
	origin := "http://" + ln.Addr().String()
	fmt.Printf("Example SPA on %s\n", origin)
	fmt.Printf("Run the gateway with this origin allowed, e.g.: GATEWAY_CORS_ORIGINS=%s go run . -demo\n", origin)
	srv := &http.Server{Handler: newHandler(), ReadHeaderTimeout: 5 * time.Second}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(os.Stderr, "spa: %v\n", err)
		os.Exit(1)
	}
}
