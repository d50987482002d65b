package evidence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Importer is the reference importer of the contract: it pulls a
// municipality's feed into a directory, one file per live record, the way
// docs/evidence.md asks an ISMS to do it. Its directory holds
//
//	state.json                       where the import stands (cursor, tenant, contract)
//	records/<kind>/<record_id>.json  each live record as the server sent it
//
// A record is written only if its revision is higher than the stored one and
// a tombstone removes the file, so a run can be repeated or broken off at
// any point: state.json is written after each page, and a crash costs at
// most one page fetched again.
type Importer struct {
	BaseURL string // the server, e.g. https://wachsam.example.de, or its feed …/api/v1/evidence
	Token   string // the municipality's read-only token, wse_…
	Dir     string
	Client  *http.Client // nil: a client with a generous timeout
	Limit   int          // records per page; 0: the server's default
}

// Summary is what one Pull did.
type Summary struct {
	Tenant    string // AGS of the feed
	Pages     int    // answers received, including a last empty one or a 304
	Written   int    // record files written (new or a higher revision)
	Unchanged int    // records already stored at this revision or later
	Removed   int    // record files removed for tombstones, or by a resync
	Resynced  bool   // the server refused the cursor; the feed was read again from the start
}

// Errors a caller may want to tell apart; the messages are German, for the
// person running the import.
var (
	ErrOtherTenant = errors.New("anderes Verzeichnis nötig")
	ErrBadRecord   = errors.New("unzulässiger Datensatz")
	ErrBadFeed     = errors.New("unerwartete Antwort")
)

// safeRecordID is the shape every record_id has (docs/evidence.md): it is
// used as a file name only if it matches, so no record can name a path
// outside its directory.
var safeRecordID = regexp.MustCompile(`^[0-9]{8}-[A-Za-z0-9][A-Za-z0-9-]{0,199}$`)

// recordHeader is what the importer reads of a record; the file keeps the
// record as sent, fields of later minor versions included.
type recordHeader struct {
	RecordID string `json:"record_id"`
	Kind     Kind   `json:"kind"`
	Tenant   string `json:"tenant"`
	Revision int64  `json:"revision"`
	Deleted  bool   `json:"deleted"`
}

// rawPage is a page whose records stay as sent.
type rawPage struct {
	Contract   string            `json:"contract"`
	Tenant     string            `json:"tenant"`
	Records    []json.RawMessage `json:"records"`
	NextCursor string            `json:"next_cursor"`
	HasMore    bool              `json:"has_more"`
}

// Pull fetches every page after the stored cursor and applies it. When the
// server refuses the cursor with ResyncProblem (the database was restored
// or the feed rebuilt), it reads the whole feed again from the start and
// replaces the directory's records with exactly the server's set (resync).
func (im *Importer) Pull(ctx context.Context) (Summary, error) {
	return im.pull(ctx, true)
}

func (im *Importer) pull(ctx context.Context, mayResync bool) (Summary, error) {
	var sum Summary
	if strings.TrimSpace(im.BaseURL) == "" || strings.TrimSpace(im.Token) == "" || strings.TrimSpace(im.Dir) == "" {
		return sum, errors.New("Adresse des Servers, Zugangsschlüssel und Verzeichnis müssen angegeben sein")
	}
	st, err := readImportState(im.Dir)
	if err != nil {
		return sum, err
	}
	sum.Tenant = st.Tenant
	for {
		answer, err := im.fetch(ctx, st.Cursor, st.ETag)
		if err != nil && mayResync && st.Cursor != "" && IsResync(err) {
			return im.resync(ctx, st, sum)
		}
		if err != nil {
			return sum, im.explain(ctx, st, err)
		}
		sum.Pages++
		if answer.notModified {
			return sum, nil
		}
		page := answer.page
		if err := st.accepts(im.Dir, page); err != nil {
			return sum, err
		}
		headers, err := checkPage(page)
		if err != nil {
			return sum, err
		}
		touched, err := im.apply(page, headers, &sum)
		if err != nil {
			return sum, err
		}
		next := importState{Contract: page.Contract, Tenant: page.Tenant, Cursor: page.NextCursor}
		if page.NextCursor == st.Cursor && !page.HasMore {
			// The answer to this very request: next time, If-None-Match.
			next.ETag = answer.etag
		}
		syncDirs(touched)
		if err := writeImportState(im.Dir, next); err != nil {
			return sum, err
		}
		st, sum.Tenant = next, next.Tenant
		if !page.HasMore {
			return sum, nil
		}
		if len(page.Records) == 0 {
			return sum, fmt.Errorf("%w: der Server meldet weitere Datensätze, schickt aber keine", ErrBadFeed)
		}
	}
}

// checkPage reads every record's header and refuses the whole page before
// anything is written if one record is not what the contract promises.
func checkPage(page rawPage) ([]recordHeader, error) {
	out := make([]recordHeader, len(page.Records))
	for i, raw := range page.Records {
		h := &out[i]
		if err := json.Unmarshal(raw, h); err != nil {
			return nil, fmt.Errorf("%w: Datensatz %d der Seite ist kein gültiges JSON (%v); nichts wurde geschrieben", ErrBadRecord, i+1, err)
		}
		switch {
		case !safeRecordID.MatchString(h.RecordID):
			return nil, fmt.Errorf("%w: die Kennung %q ist keine gültige record_id; nichts wurde geschrieben", ErrBadRecord, h.RecordID)
		case !knownKind(h.Kind):
			return nil, fmt.Errorf("%w: Datensatz %s hat die unbekannte Art %q; nichts wurde geschrieben", ErrBadRecord, h.RecordID, h.Kind)
		case h.Tenant != page.Tenant:
			return nil, fmt.Errorf("%w: Datensatz %s gehört zur Kommune %q, der Feed zur Kommune %s; nichts wurde geschrieben", ErrBadRecord, h.RecordID, h.Tenant, page.Tenant)
		case h.Revision < 1:
			return nil, fmt.Errorf("%w: Datensatz %s hat die Revision %d; nichts wurde geschrieben", ErrBadRecord, h.RecordID, h.Revision)
		}
	}
	return out, nil
}

func knownKind(k Kind) bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// apply upserts the records of a page and returns the directories it
// changed, to be made durable before the cursor moves on.
func (im *Importer) apply(page rawPage, headers []recordHeader, sum *Summary) (map[string]bool, error) {
	touched := map[string]bool{}
	for i, h := range headers {
		path := recordPath(im.Dir, h)
		stored, exists, err := storedRevision(path)
		if err != nil {
			return touched, err
		}
		switch {
		case exists && stored >= h.Revision, h.Deleted && !exists:
			sum.Unchanged++
		case h.Deleted:
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				return touched, fmt.Errorf("Datei %s lässt sich nicht löschen: %w", path, err)
			}
			sum.Removed++
			touched[filepath.Dir(path)] = true
		default:
			if err := writeFileAtomic(path, append(append([]byte(nil), page.Records[i]...), '\n')); err != nil {
				return touched, err
			}
			sum.Written++
			touched[filepath.Dir(path)] = true
		}
	}
	return touched, nil
}

// recordPath is where a record lives; h has passed checkPage.
func recordPath(dir string, h recordHeader) string {
	return filepath.Join(dir, "records", string(h.Kind), h.RecordID+".json")
}

// storedRevision is the revision of the stored file, if there is one. A
// file that does not parse counts as missing and is overwritten.
func storedRevision(path string) (int64, bool, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("Datei %s lässt sich nicht lesen: %w", path, err)
	}
	var h recordHeader
	if json.Unmarshal(raw, &h) != nil {
		return 0, false, nil
	}
	return h.Revision, true, nil
}

// explain turns a refused request into the clearest message: a stored
// cursor is refused by another municipality's feed before any tenant is
// compared, so a refused cursor on a directory that has a tenant asks the
// feed whose it is.
func (im *Importer) explain(ctx context.Context, st importState, err error) error {
	if st.Tenant == "" || !(IsServerError(err, http.StatusBadRequest) || IsResync(err)) {
		return err
	}
	probe := *im
	probe.Limit = 1
	answer, perr := probe.fetch(ctx, "", "")
	if perr != nil || answer.notModified || answer.page.Tenant == st.Tenant {
		return err
	}
	return st.accepts(im.Dir, answer.page)
}

// defaultClient is used when the caller brings none.
func defaultClient() *http.Client { return &http.Client{Timeout: 5 * time.Minute} }
