package http

import (
	"bytes"
	"mime"
	"net/http"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/pdf"
)

// Decision letters and the documents of a case, as downloads.

// boardLetterPDF prints a decision letter; the store calls it while
// deciding, to attach the letter to the candidate's mail.
func boardLetterPDF(l exam.BoardLetter) ([]byte, error) {
	var buf bytes.Buffer
	if err := pdf.DecisionLetter(&buf, boardPDFLetter(l)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// boardPDFLetter lays the letter's parts out as the sections of a letter.
func boardPDFLetter(l exam.BoardLetter) pdf.Letter {
	out := pdf.Letter{
		Letterhead: []string{l.Academy, l.Board}, DateLine: l.DateLine, Recipient: l.Recipient, Reference: l.Reference,
		ReturnAddress: l.ReturnAddress, Info: []pdf.LetterInfo{{Label: "Unser Zeichen", Value: l.Reference}, {Label: "Datum", Value: l.Date.German()}},
		Subject: l.Subject, Salutation: l.Salutation, Closing: l.Closing, Signer: l.Signer, SignerRole: l.SignerRole, Author: l.Board,
	}
	out.Sections = append(out.Sections, pdf.LetterSection{Heading: l.Decision, Paragraphs: []pdf.LetterParagraph{{Text: l.Tenor}}})
	reasons := pdf.LetterSection{Heading: "Begründung"}
	for _, r := range l.Reasons {
		reasons.Paragraphs = append(reasons.Paragraphs, pdf.LetterParagraph{Text: r})
	}
	out.Sections = append(out.Sections, reasons)
	if len(l.Rules) > 0 {
		rules := pdf.LetterSection{Heading: "Maßgebliche Vorschriften der Prüfungsordnung"}
		for _, r := range l.Rules {
			rules.Paragraphs = append(rules.Paragraphs, pdf.LetterParagraph{Label: r.Paragraph, Text: "„" + r.Text + "“"})
		}
		out.Sections = append(out.Sections, rules)
	}
	if l.Remedy != "" {
		out.Sections = append(out.Sections, pdf.LetterSection{Heading: "Rechtsbehelfsbelehrung", Paragraphs: []pdf.LetterParagraph{{Text: l.Remedy}}})
	}
	return out
}

// boardLetterDownload serves the letter of a decided case to the board.
func (s *Server) boardLetterDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	l, err := s.exams.BoardCaseLetter(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.boardSendLetter(w, r, l)
}

// candidateLetterDownload serves a decision letter to the candidate it is
// addressed to; for anyone else, and before the decision, it does not exist.
func (s *Server) candidateLetterDownload(w http.ResponseWriter, r *http.Request) {
	candidateID, ok := s.boardParam(w, r, "candidateID")
	if !ok {
		return
	}
	caseID, ok := s.boardParam(w, r, "caseID")
	if !ok {
		return
	}
	l, err := s.exams.CandidateBoardLetter(r.Context(), currentUser(r).ID, candidateID, caseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.boardSendLetter(w, r, l)
}

func (s *Server) boardSendLetter(w http.ResponseWriter, r *http.Request, l exam.BoardLetter) {
	file, err := boardLetterPDF(l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": l.FileName}))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(file)
}

// boardDocumentDownload serves a document of the case's candidate: a
// medical certificate, evidence or a written paper. It is always a
// download, never shown inline, so an uploaded file cannot act as a page
// of this site.
func (s *Server) boardDocumentDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	docID, ok := s.boardParam(w, r, "doc")
	if !ok {
		return
	}
	d, err := s.exams.BoardCaseDocument(r.Context(), currentUser(r).ID, id, docID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendDocument(w, d.ContentType, d.Filename, d.Content)
}
