package http_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A multipart upload may be larger than an ordinary form (the harness
// allows 64 KiB for forms), but not larger than the upload limit.
func TestUploadsHaveTheirOwnBodyLimit(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		post := func(size int, multipartBody bool) int {
			var body bytes.Buffer
			contentType := "application/x-www-form-urlencoded"
			if multipartBody {
				mw := multipart.NewWriter(&body)
				fw, _ := mw.CreateFormFile("document", "scan.pdf")
				fw.Write(bytes.Repeat([]byte("x"), size))
				mw.Close()
				contentType = mw.FormDataContentType()
			} else {
				body.WriteString("a=" + strings.Repeat("x", size))
			}
			resp, err := http.Post(h.srv.URL+"/anmelden", contentType, &body)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if got := post(200<<10, false); got != http.StatusRequestEntityTooLarge {
			t.Errorf("200 KiB form: %d, want 413", got)
		}
		if got := post(200<<10, true); got == http.StatusRequestEntityTooLarge {
			t.Errorf("200 KiB upload refused as too large")
		}
		if got := post(12<<20, true); got != http.StatusRequestEntityTooLarge {
			t.Errorf("12 MiB upload: %d, want 413", got)
		}
	})
}
