package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// Every asset a template names exists, and its hashed URL serves it with a
// long cache lifetime; an unknown name would yield a broken link.
func TestTemplatesNameOnlyExistingAssets(t *testing.T) {
	assets, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`asset "([^"]+)"`)
	names, _ := fs.Glob(Templates(), "templates/*.html")
	found := 0
	for _, name := range names {
		body, _ := fs.ReadFile(Templates(), name)
		for _, m := range uses.FindAllStringSubmatch(string(body), -1) {
			found++
			url := assets.URL(m[1])
			if strings.Contains(url, "/missing/") {
				t.Errorf("%s names the unknown asset %q", name, m[1])
				continue
			}
			rec := httptest.NewRecorder()
			assets.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
				t.Errorf("%s: %d %q", url, rec.Code, rec.Header().Get("Cache-Control"))
			}
		}
	}
	if found == 0 {
		t.Fatal("no template names an asset")
	}
	rec := httptest.NewRecorder()
	assets.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/app.css", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("an unhashed URL is served: %d", rec.Code)
	}
}
