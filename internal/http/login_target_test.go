package http

import "testing"

// Issue 13 §1: only same-site paths are accepted as the place to continue
// after sign-in; everything else falls back to the start page.
func TestLoginTargetAcceptsOnlySameSitePaths(t *testing.T) {
	for target, ok := range map[string]bool{
		"/":                                    true,
		"/schulungen":                          true,
		"/schulungen/termine?runde=3#liste":    true,
		"/pruefung/akten/7?tab=noten&x=%C3%A4": true,
		"":                                     false,
		"schulungen":                           false,
		"https://boese.example/":               false,
		"//boese.example/":                     false,
		"///boese.example/":                    false,
		"/\\boese.example/":                    false,
		"\\\\boese.example/":                   false,
		"/%2f%2fboese.example/":                false,
		"/%2F%2Fboese.example/":                false,
		"/%2fboese.example/%2f":                false, // one slash typed, one encoded
		"/%5cboese.example/":                   false,
		"/%5Cboese.example/":                   false,
		"/%252f%252fboese.example/":            false, // encoded twice
		"/%25252f%25252fboese.example/":        false, // three times
		"/a//b":                                false,
		"/x\r\nSet-Cookie: a=b":                false,
		"/x%0d%0aSet-Cookie:%20a=b":            false,
		"/x%0aLocation:%20//boese.example":     false,
		"/x\x00":                               false,
		"/x%00":                                false,
		"/x\x7f":                               false,
		"/x\tb":                                false,
		"/%zz":                                 false, // malformed escape
		"/x%ff":                                false, // not UTF-8 once decoded
		"javascript:alert(1)":                  false,
		"/\u0085x":                             false, // NEL, a Unicode control
	} {
		want := target
		if !ok {
			want = "/"
		}
		if got := localTarget(target); got != want {
			t.Errorf("localTarget(%q) = %q, want %q", target, got, want)
		}
	}
}
