package evidence

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// A cursor is where an importer stands in its municipality's feed: the
// position of the last record it received. Positions are handed out in
// commit order, so everything after a cursor is everything the importer
// has not seen yet. The text is opaque to clients; it names the
// municipality, so a cursor of one feed is refused by another, and the
// feed's epoch, so a cursor issued before the database was restored from a
// backup (or the feed rebuilt) is refused: its positions may no longer mean
// the records the importer holds, and only a re-sync from the start makes
// the importer's copy equal to the feed again (issue 12 §6).

// ErrCursor is the error of a cursor that was not issued by this feed in
// its current epoch. The feed answers it with the problem type ResyncProblem.
var ErrCursor = errors.New("evidence: unknown cursor")

// ResyncProblem is the problem type (RFC 9457) of a refused cursor: the
// importer must forget its cursor and read the feed again from the start.
const ResyncProblem = "/probleme/evidence-resync"

const cursorPrefix = "te2."

// EncodeCursor makes the cursor after position in the feed of municipality
// in epoch.
func EncodeCursor(municipality int64, epoch string, position int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + itoa(municipality) + "." + epoch + "." + itoa(position)))
}

// DecodeCursor reads a cursor of municipality's feed in epoch. The empty
// cursor is the start of the feed; anything else this feed did not issue
// in this epoch is ErrCursor.
func DecodeCursor(municipality int64, epoch, cursor string) (int64, error) {
	if cursor == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, ErrCursor
	}
	parts := strings.Split(strings.TrimPrefix(string(raw), cursorPrefix), ".")
	if len(parts) != 3 || parts[1] != epoch || epoch == "" {
		return 0, ErrCursor
	}
	t, err1 := strconv.ParseInt(parts[0], 10, 64)
	p, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || t != municipality || p < 0 {
		return 0, ErrCursor
	}
	return p, nil
}
