package http

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam/internal/evidence"
)

// Page sizes of the feed: a default that suits a nightly import and a
// ceiling that keeps one answer reasonable.
const (
	defaultEvidenceLimit = 500
	maxEvidenceLimit     = 10000
)

// evidenceAPI is what an ISMS reads with a municipality's token. It sits
// outside the signed-in part: a token, not a person, calls it.
func (s *Server) evidenceAPI(r chi.Router) {
	r.With(s.requireEvidenceToken).Get("/api/v1/evidence", s.apiEvidenceFeed)
	s.evidenceExportAPI(r)
}

// apiEvidenceFeed answers GET /api/v1/evidence?since=CURSOR&limit=N: the
// records changed after the cursor, in the order they changed, streamed
// from the database. The ETag stands for the cursor, the limit and the
// feed's newest position: while nothing changes, If-None-Match gets 304.
func (s *Server) apiEvidenceFeed(w http.ResponseWriter, r *http.Request) {
	town := evidenceTown(r)
	q := r.URL.Query()
	epoch, err := s.courses.EvidenceEpoch(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := evidence.DecodeCursor(town, epoch, q.Get("since"))
	if err != nil {
		s.refuseCursor(w, r)
		return
	}
	limit := defaultEvidenceLimit
	if raw := q.Get("limit"); raw != "" {
		limit, err = strconv.Atoi(raw)
		if err != nil || limit < 1 || limit > maxEvidenceLimit {
			s.failStatus(w, r, http.StatusBadRequest, fmt.Sprintf("Der Parameter „limit“ muss eine ganze Zahl von 1 bis %d sein.", maxEvidenceLimit))
			return
		}
	}
	if err := s.refreshForPage(r, town, after, limit); err != nil {
		s.fail(w, r, err)
		return
	}
	ags, head, err := s.courses.EvidenceTenant(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if after > head {
		// Past the newest record: a cursor of the feed before a restore
		// that kept the epoch (e.g. restored by hand) — never an empty page.
		s.refuseCursor(w, r)
		return
	}
	tag := evidenceETag(town, after, limit, head)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	s.streamEvidence(w, r, town, ags, epoch, after, limit)
}

// refuseCursor answers a cursor this feed did not issue in its current
// epoch: 410 with the problem type evidence.ResyncProblem, which tells the
// importer to drop its cursor and read the feed again from the start
// (docs/evidence.md, "Neu abgleichen").
func (s *Server) refuseCursor(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, problem{Type: evidence.ResyncProblem, Title: "Neu abgleichen", Status: http.StatusGone, Instance: r.URL.Path,
		Detail: "Der Parameter „since“ ist kein gültiger Cursor dieses Feeds (mehr), etwa weil die Datenbank aus einer Sicherung wiederhergestellt wurde. Bitte verwerfen Sie den gespeicherten Stand und lesen Sie den Feed ohne „since“ von vorn."})
}

// refreshForPage brings the records up to date before a page that would
// end at the feed's newest record, so an importer that has caught up sees
// every change. Pages before that are served as published: whatever
// changed meanwhile is published at positions after them, on the last
// page, so nothing is skipped, and a long first import does not derive
// every record again for each of its pages.
func (s *Server) refreshForPage(r *http.Request, town, after int64, limit int) error {
	last, err := s.courses.EvidencePageIsLast(r.Context(), town, after, limit)
	if err != nil || !last {
		return err
	}
	_, err = s.courses.RefreshEvidence(r.Context(), town)
	return err
}

// streamEvidence writes the page as it reads it. Once the first byte is
// out, a failure can no longer become a problem answer: the connection is
// cut, so the client sees an incomplete document and retries, instead of
// taking a truncated page for a whole one.
func (s *Server) streamEvidence(w http.ResponseWriter, r *http.Request, town int64, ags, epoch string, after int64, limit int) {
	out := bufio.NewWriterSize(w, 64<<10)
	head, _ := json.Marshal(struct {
		Contract string `json:"contract"`
		Tenant   string `json:"tenant"`
	}{evidence.Contract, ags})
	out.Write(head[:len(head)-1])
	out.WriteString(`,"records":[`)
	last, n := after, 0
	more, err := s.courses.EvidenceChanges(r.Context(), town, after, limit, func(position int64, record []byte) error {
		if n > 0 {
			out.WriteByte(',')
		}
		n++
		last = position
		_, err := out.Write(record)
		return err
	})
	if err != nil {
		s.logger.ErrorContext(r.Context(), "evidence feed broke off", "error", err)
		panic(http.ErrAbortHandler)
	}
	fmt.Fprintf(out, `],"next_cursor":%q,"has_more":%t}`, evidence.EncodeCursor(town, epoch, last), more)
	out.WriteByte('\n')
	out.Flush()
}

func evidenceETag(town, after int64, limit int, head int64) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/%d/%d/%d", evidence.Contract, town, after, limit, head)))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatches implements If-None-Match's weak comparison: any listed tag,
// with or without W/, or *.
func etagMatches(header, tag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == tag {
			return true
		}
	}
	return false
}
