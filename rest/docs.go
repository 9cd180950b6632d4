package rest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/gorilla/mux"

	"odoo-gateway/odoo"
)

// SwaggerUIVersion is the version of the swagger-ui-dist npm package whose
// files are embedded under docsui/ (see docsui/README.md).
const SwaggerUIVersion = "5.35.0"

// OpenAPIYAML is the OpenAPI 3.1 document of the REST API, written by hand
// and checked against the routes and the models by tests.
//
//go:embed openapi.yaml
var OpenAPIYAML []byte

//go:embed docsui/index.html docsui/init.js docsui/swagger-ui-dist
var docsUI embed.FS

// openAPIJSON is the document as JSON, converted once: keys keep their
// order, so both forms read the same.
var openAPIJSON = sync.OnceValue(func() []byte {
	j, err := yaml.YAMLToJSON(OpenAPIYAML)
	if err != nil {
		panic("rest: openapi.yaml does not parse: " + err.Error())
	}
	var out bytes.Buffer
	if err := json.Indent(&out, j, "", "  "); err != nil {
		panic("rest: openapi.yaml does not convert to JSON: " + err.Error())
	}
	out.WriteByte('\n')
	return out.Bytes()
})

// docsCSP keeps the docs page to the gateway's own files: it can load
// nothing from, and send nothing to, another host. Swagger UI sets inline
// styles, hence 'unsafe-inline' for styles only.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// docsRoutes lists /api/docs: the document, the reference page and its
// files, and the pages of the problem types. They are public.
func docsRoutes(g group) {
	g.handle(http.MethodGet, "", serveBytes("application/yaml; charset=utf-8", OpenAPIYAML))
	g.handle(http.MethodGet, "/openapi.json", serveBytes("application/json", openAPIJSON()))
	g.handle(http.MethodGet, "/ui", docsPage())
	g.handle(http.MethodGet, "/ui/{file}", docsAsset())
	g.handle(http.MethodGet, "/problems", problemIndex())
	g.handle(http.MethodGet, "/problems/{code}", problemPage())
}

// asset is a file served with a strong ETag, gzipped for clients that
// accept it (the Swagger UI bundle shrinks from 1.7 MB to about 0.5 MB).
type asset struct {
	contentType string
	body        []byte
	etag        string
	gz          func() []byte
}

func newAsset(contentType string, body []byte) *asset {
	sum := sha256.Sum256(body)
	a := &asset{contentType: contentType, body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
	a.gz = sync.OnceValue(func() []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		return buf.Bytes()
	})
	return a
}

// serve answers the asset; http.ServeContent handles If-None-Match (304)
// and Range.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Encoding")
	body := a.body
	if len(body) > 1024 && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		h.Set("ETag", strings.TrimSuffix(a.etag, `"`)+`-gz"`)
		body = a.gz()
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// serveBytes serves a document that may change with each release: cached
// briefly, revalidated by ETag.
func serveBytes(contentType string, body []byte) http.Handler {
	a := newAsset(contentType, body)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.serve(w, r, "public, max-age=300")
	})
}

// docsPage serves the reference page under its Content-Security-Policy.
func docsPage() http.Handler {
	page, err := docsUI.ReadFile("docsui/index.html")
	if err != nil {
		panic(err)
	}
	a := newAsset("text/html; charset=utf-8", page)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", docsCSP)
		a.serve(w, r, "public, max-age=300")
	})
}

// docsAsset serves the page's script, style sheet and icons. Only the
// files the page uses are served (not the licence texts next to them).
func docsAsset() http.Handler {
	types := map[string]string{
		".js":  "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8",
		".png": "image/png",
	}
	assets := map[string]*asset{}
	for _, name := range []string{"swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css",
		"swagger-ui-dist/favicon-32x32.png", "swagger-ui-dist/favicon-16x16.png", "init.js"} {
		b, err := docsUI.ReadFile("docsui/" + name)
		if err != nil {
			panic(err)
		}
		assets[path.Base(name)] = newAsset(types[path.Ext(name)], b)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[mux.Vars(r)["file"]]
		if !ok {
			fail(w, r, odoo.Errorf(odoo.ENotFound, "There is no %s.", r.URL.Path))
			return
		}
		// The bundle's name carries no version, so a day's caching is the
		// compromise between offline use and picking up an upgrade.
		a.serve(w, r, "public, max-age=86400")
	})
}

// docsVersionLine is shown on the problem pages, so that a reader knows
// which build they document.
func docsVersionLine() string {
	return fmt.Sprintf("odoo-gateway REST API v1 (docs page: Swagger UI %s)", SwaggerUIVersion)
}
