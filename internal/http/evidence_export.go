package http

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/pdf"
	"github.com/wachsam/wachsam/internal/xlsx"
)

// The files of a municipality's evidence (DESIGN.md §5): the ZIP export
// with CSVs, report and manifest, and the auditor's report alone. A token
// fetches them for the ISMS; the coordinator downloads them by hand. Both
// are refreshed first, so the files are as current as the data.

// evidenceExportAPI serves the ZIP export and the auditor's report to a
// token.
func (s *Server) evidenceExportAPI(r chi.Router) {
	r.With(s.requireEvidenceToken).Get("/api/v1/evidence/export.zip", func(w http.ResponseWriter, r *http.Request) {
		s.sendEvidenceZIP(w, r, evidenceTown(r))
	})
	r.With(s.requireEvidenceToken).Get("/api/v1/evidence/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		s.sendEvidenceReport(w, r, evidenceTown(r))
	})
}

// evidenceDownloadPages serves the same files to the municipality's
// coordinator, always of the coordinator's own municipality.
func (s *Server) evidenceDownloadPages(r chi.Router) {
	coordinator := r.With(s.requireRole(wachsam.RoleCoordinator))
	coordinator.Get("/koordination/nachweise/export.zip", func(w http.ResponseWriter, r *http.Request) {
		if town, ok := s.coordinatorTown(w, r); ok {
			s.sendEvidenceZIP(w, r, town)
		}
	})
	coordinator.Get("/koordination/nachweise/bericht.pdf", func(w http.ResponseWriter, r *http.Request) {
		if town, ok := s.coordinatorTown(w, r); ok {
			s.sendEvidenceReport(w, r, town)
		}
	})
}

// evidenceReportFile refreshes the municipality's records and prints its
// report. The PDF is made in memory (gopdf builds the whole document
// anyway) before anything is sent, so a failure is still a proper error
// answer.
func (s *Server) evidenceReportFile(ctx context.Context, town int64) (evidence.Report, []byte, error) {
	if _, err := s.courses.RefreshEvidence(ctx, town); err != nil {
		return evidence.Report{}, nil, err
	}
	report, err := s.courses.EvidenceReport(ctx, town)
	if err != nil {
		return report, nil, err
	}
	var buf bytes.Buffer
	if err := pdf.EvidenceReport(&buf, report); err != nil {
		return report, nil, err
	}
	return report, buf.Bytes(), nil
}

func (s *Server) sendEvidenceReport(w http.ResponseWriter, r *http.Request, town int64) {
	report, file, err := s.evidenceReportFile(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attachment(w, "application/pdf", evidenceFileName("nachweisbericht", report, "pdf"))
	w.Write(file)
}

// sendEvidenceZIP streams the export, read in one snapshot: the CSVs, the
// report and the manifest show the same moment (store.EvidenceSnapshot).
// The CSVs are read from the database as they are written, so once the
// first byte is out a failure can no longer become an error answer: the
// connection is cut, and the client sees a broken archive instead of
// taking a truncated one for whole.
func (s *Server) sendEvidenceZIP(w http.ResponseWriter, r *http.Request, town int64) {
	if _, err := s.courses.RefreshEvidence(r.Context(), town); err != nil {
		s.fail(w, r, err)
		return
	}
	started := false
	err := s.courses.EvidenceSnapshot(r.Context(), town, func(ctx context.Context, snap evidence.Snapshot) error {
		report, err := snap.Report(ctx)
		if err != nil {
			return err
		}
		var file bytes.Buffer
		if err := pdf.EvidenceReport(&file, report); err != nil {
			return err
		}
		attachment(w, "application/zip", evidenceFileName("nachweise", report, "zip"))
		started = true
		out := bufio.NewWriterSize(w, 64<<10)
		_, err = evidence.WriteZIP(ctx, out, evidence.Export{Tenant: report.AGS, GeneratedAt: report.GeneratedAt, Source: snap,
			Report: func(pw io.Writer) error { _, err := pw.Write(file.Bytes()); return err },
			Sheet: func(sw io.Writer, header []string) (evidence.SheetWriter, error) {
				return xlsx.New(sw, s.cfg.Location, header)
			}})
		if err == nil {
			err = out.Flush()
		}
		return err
	})
	switch {
	case err == nil:
	case !started:
		s.fail(w, r, err)
	default:
		s.logger.ErrorContext(r.Context(), "evidence export broke off", "error", err)
		panic(http.ErrAbortHandler)
	}
}

// attachment sets the headers of a download that is never shown inline
// and never cached: it holds the municipality's staff data.
func attachment(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
}

// evidenceFileName names a file by the municipality's AGS and the day of
// its figures: nachweise-08425001-2026-11-22.zip.
func evidenceFileName(prefix string, report evidence.Report, ext string) string {
	return fmt.Sprintf("%s-%s-%s.%s", prefix, report.AGS, report.Today, ext)
}
