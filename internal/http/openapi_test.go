package http

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam/web"
)

var (
	openAPIPath   = regexp.MustCompile(`^  (/api/v1/[^:]*):\s*$`)
	openAPIMethod = regexp.MustCompile(`^    (get|post|put|patch|delete):\s*$`)
)

// documentedOperations reads "METHOD /path" from the OpenAPI document's
// paths section (two-space indented paths, four-space indented methods).
func documentedOperations(t *testing.T, doc []byte) map[string]bool {
	t.Helper()
	ops := map[string]bool{}
	path := ""
	sc := bufio.NewScanner(bytes.NewReader(doc))
	for sc.Scan() {
		line := sc.Text()
		if m := openAPIPath.FindStringSubmatch(line); m != nil {
			path = m[1]
			continue
		}
		if !strings.HasPrefix(line, "  ") {
			path = ""
		}
		if m := openAPIMethod.FindStringSubmatch(line); m != nil && path != "" {
			ops[strings.ToUpper(m[1])+" "+path] = true
		}
	}
	return ops
}

// Every route under /api/v1 is in the OpenAPI document, and the document
// describes no route that does not exist: the description cannot drift
// from the code.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s, err := New(nil, nil, nil, nil, Config{Templates: web.Templates(), AssetURL: func(string) string { return "" },
		OpenAPI: web.OpenAPI()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedOperations(t, web.OpenAPI())
	routed := map[string]bool{}
	err = chi.Walk(s.handler.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(strings.ReplaceAll(route, "/*/", "/"), "/")
		if strings.HasPrefix(route, "/api/v1/") && route != "/api/v1/openapi.yaml" {
			routed[method+" "+route] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for op := range routed {
		if !documented[op] {
			t.Errorf("%s is served but not in web/api/openapi.yaml", op)
		}
	}
	for op := range documented {
		if !routed[op] {
			t.Errorf("%s is in web/api/openapi.yaml but not served", op)
		}
	}
	if len(routed) < 3 {
		t.Fatalf("only %d API routes found: the walk is broken", len(routed))
	}
}
