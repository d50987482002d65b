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
// municipality so a cursor of one feed is refused by another.

// ErrCursor is the error of a cursor that was not issued by this feed.
var ErrCursor = errors.New("evidence: unknown cursor")

const cursorPrefix = "te1."

// EncodeCursor makes the cursor after position in the feed of municipality.
func EncodeCursor(municipality, position int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + itoa(municipality) + "." + itoa(position)))
}

// DecodeCursor reads a cursor of municipality's feed. The empty cursor is
// the start of the feed.
func DecodeCursor(municipality int64, cursor string) (int64, error) {
	if cursor == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, ErrCursor
	}
	town, pos, ok := strings.Cut(strings.TrimPrefix(string(raw), cursorPrefix), ".")
	if !ok {
		return 0, ErrCursor
	}
	t, err1 := strconv.ParseInt(town, 10, 64)
	p, err2 := strconv.ParseInt(pos, 10, 64)
	if err1 != nil || err2 != nil || t != municipality || p < 0 {
		return 0, ErrCursor
	}
	return p, nil
}
