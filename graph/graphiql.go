package graph

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"odoo-gateway/odoo"
)

// GraphiQL, served to browsers at /graphql. Its assets (GraphiQL 3 and
// React 18 UMD builds, see graphiql/THIRD_PARTY_LICENSES.txt) are embedded,
// so the page works offline and makes no request to any other origin; a
// Content-Security-Policy holds it to that. The page and its assets are
// public: they contain no data, and every query it runs needs an API key.

//go:embed graphiql
var graphiqlFiles embed.FS

// graphiqlPrefix is where the assets are served, below the endpoint.
const graphiqlPrefix = "/graphql/graphiql/"

// graphiqlPolicy allows only the page's own scripts, styles and endpoint;
// GraphiQL sets inline styles, and its fonts are data: URIs.
const graphiqlPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// asset is one embedded file, compressed once on first use.
type asset struct {
	name string
	once sync.Once
	raw  []byte
	gz   []byte
	etag string
}

func (a *asset) load() {
	a.once.Do(func() {
		a.raw, _ = graphiqlFiles.ReadFile("graphiql/" + a.name)
		sum := sha256.Sum256(a.raw)
		a.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(a.raw)
		_ = zw.Close()
		a.gz = b.Bytes()
	})
}

// serve writes the asset, gzipped when the client accepts it, and answers
// revalidations with 304.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	a.load()
	h := w.Header()
	ctype := mime.TypeByExtension(path.Ext(a.name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", graphiqlPolicy)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.raw
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	_, _ = w.Write(body)
}

// graphiql serves the page and its assets.
type graphiql struct {
	page   *asset
	assets map[string]*asset
}

func newGraphiQL() *graphiql {
	g := &graphiql{page: &asset{name: "index.html"}, assets: map[string]*asset{}}
	for _, name := range []string{
		"graphiql.min.js", "graphiql.min.css", "react.production.min.js",
		"react-dom.production.min.js", "init.js",
	} {
		g.assets[name] = &asset{name: name}
	}
	return g
}

// wantsPage reports whether r is a browser opening /graphql: a GET that
// prefers HTML and carries no query.
func wantsPage(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		strings.Contains(r.Header.Get("Accept"), "text/html") &&
		r.URL.Query().Get("query") == "" && r.URL.Query().Get("extensions") == ""
}

// servePage writes the GraphiQL page.
func (g *graphiql) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept")
	g.page.serve(w, r)
}

// serveAsset writes one asset, or 404.
func (g *graphiql) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := g.assets[strings.TrimPrefix(r.URL.Path, graphiqlPrefix)]
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		writeAccessError(w, r, odoo.Errorf(odoo.ENotFound, "There is no %s.", r.URL.Path))
		return
	}
	a.serve(w, r)
}
