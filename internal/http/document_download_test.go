package http_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"testing"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// An uploaded file is stored and offered under a safe name whose extension
// matches the checked content type, whatever the browser called it
// (issue 13 §3): a PDF sent as an HTML page is offered as .pdf, header
// syntax in the name stays inside the parameter, names in any script
// travel as filename*.
func TestUploadedDocumentIsOfferedUnderASafeName(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		weber := w.h.signedIn(w.a.Examiners[0])
		for sent, want := range map[string]string{
			`../Klausur"; x=1.html`: "Klausur__ x_1.pdf",
			"Klausur 李小龍.exe":       "Klausur 李小龍.pdf",
			"bericht.pdf.html":      "bericht.pdf.pdf",
		} {
			if r := weber.uploadFile(w.attempt(w.ism, 0, "/arbeiten"), sent, []byte(examinerPDF)); r.status != http.StatusSeeOther {
				t.Fatalf("upload %q: %d", sent, r.status)
			}
			var doc struct {
				ID       int64  `bun:"id"`
				Filename string `bun:"filename"`
			}
			if err := db.NewSelect().Table("exam_documents").Column("id", "filename").OrderExpr("id DESC").Limit(1).Scan(context.Background(), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Filename != want {
				t.Errorf("%q stored as %q, want %q", sent, doc.Filename, want)
			}
			r := weber.get(w.attempt(w.ism, 0, fmt.Sprintf("/arbeiten/%d", doc.ID)))
			kind, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
			if r.status != http.StatusOK || err != nil || kind != "attachment" || params["filename"] != want || len(params) != 1 {
				t.Errorf("%q offered as %q (%v), want %q", sent, r.header.Get("Content-Disposition"), err, want)
			}
			if r.header.Get("Content-Type") != "application/pdf" || r.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%q: headers %v", sent, r.header)
			}
		}
	})
}
