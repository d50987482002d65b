package http

import (
	"fmt"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wachsam/wachsam/web"
)

// Generated clients name their methods after operationId and make a field
// non-optional only when the schema lists it under required. Other changes
// add endpoints all the time, so the document is checked, not trusted.
func TestOpenAPIEveryOperationHasOperationID(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `yaml:"paths"` // methods beside path-level parameters
	}
	if err := yaml.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatalf("web/api/openapi.yaml does not parse: %v", err)
	}
	seen := map[string]string{}
	count := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) {
				continue
			}
			count++
			where := method + " " + path
			id, _ := op.(map[string]any)["operationId"].(string)
			switch {
			case id == "":
				t.Errorf("%s has no operationId", where)
			case seen[id] != "":
				t.Errorf("%s and %s share operationId %s", where, seen[id], id)
			default:
				seen[id] = where
			}
		}
	}
	if count < 3 {
		t.Fatalf("only %d operations found: the document was not read", count)
	}
}

func TestOpenAPIEveryObjectSchemaListsRequired(t *testing.T) {
	var doc any
	if err := yaml.Unmarshal(web.OpenAPI(), &doc); err != nil {
		t.Fatalf("web/api/openapi.yaml does not parse: %v", err)
	}
	checked := 0
	var walk func(node any, at string)
	walk = func(node any, at string) {
		switch n := node.(type) {
		case map[string]any:
			if _, ok := n["properties"].(map[string]any); ok && isObjectType(n["type"]) {
				checked++
				if _, ok := n["required"]; !ok {
					t.Errorf("object schema at %s has no required list", at)
				}
				for _, name := range listOf(n["required"]) {
					if _, ok := n["properties"].(map[string]any)[name]; !ok {
						t.Errorf("object schema at %s requires %q, which is not among its properties", at, name)
					}
				}
			}
			for k, v := range n {
				walk(v, at+"/"+k)
			}
		case []any:
			for i, v := range n {
				walk(v, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(doc, "#")
	if checked < 10 {
		t.Fatalf("only %d object schemas found: the walk is broken", checked)
	}
}

func isObjectType(t any) bool {
	if s, ok := t.(string); ok {
		return s == "object"
	}
	return slices.Contains(listOf(t), "object")
}

func listOf(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
