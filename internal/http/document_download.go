package http

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
)

// sendDocument offers an uploaded document for download under a safe name
// whose extension matches its checked content type, also for documents
// stored before names were made safe. The name travels as filename (ASCII)
// or filename* (RFC 2231, UTF-8), as mime.FormatMediaType chooses.
func sendDocument(w http.ResponseWriter, contentType, filename string, content []byte) {
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": wachsam.DocumentFilename(filename, contentType)})
	if disposition == "" {
		disposition = "attachment"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", disposition)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	w.Write(content)
}
