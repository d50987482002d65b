// Package web holds the HTML templates and static assets, embedded into
// the binary, and serves the assets under content-hashed URLs so browsers
// may cache them forever and still see every change at once.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

//go:embed api/openapi.yaml
var openAPI []byte

// OpenAPI returns the OpenAPI 3.1 description of /api/v1.
func OpenAPI() []byte { return openAPI }

// Templates returns the page templates.
func Templates() fs.FS { return templateFiles }

// Assets maps each static file to its content-hashed URL.
type Assets struct {
	urls  map[string]string // "app.css" → "/static/app.1a2b3c4d5e6f.css"
	files map[string]string // "app.1a2b3c4d5e6f.css" → "static/app.css"
}

// NewAssets hashes every embedded static file.
func NewAssets() (*Assets, error) {
	a := &Assets{urls: map[string]string{}, files: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.urls[name] = "/static/" + hashed
		a.files[hashed] = p
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file; templates call it as
// {{asset "app.css"}}. An unknown name is a programming error that the
// test in this package catches, so it yields an obviously broken URL.
func (a *Assets) URL(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

// Handler serves the assets below /static/ with a year-long cache.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := a.files[strings.TrimPrefix(r.URL.Path, "/static/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeFileFS(w, r, staticFiles, p)
	})
}
