package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Draft is a record as the current data says it should be, before it is
// compared with what was published: Key names its source, Group lets a
// refresh look at one session or one month at a time.
type Draft struct {
	Key        string
	Kind       Kind
	Group      int64
	OccurredAt time.Time
	Mappings   []Mapping
	Data       json.RawMessage
	Hash       string
}

// NewDraft encodes data and hashes everything a revision is about: the
// kind, when it happened, the mappings and the data. Two drafts with the
// same hash need no new revision. Attendance, the kind there are millions
// of, is encoded by hand (encode.go), the same bytes as json.Marshal.
func NewDraft(key string, kind Kind, group int64, occurredAt time.Time, mappings []Mapping, data any) (Draft, error) {
	var raw []byte
	if a, ok := data.(Attendance); ok {
		raw = a.AppendJSON(make([]byte, 0, 384))
	} else {
		var err error
		if raw, err = json.Marshal(data); err != nil {
			return Draft{}, err
		}
	}
	d := Draft{Key: key, Kind: kind, Group: group, OccurredAt: occurredAt.UTC(), Mappings: mappings, Data: raw}
	var err error
	d.Hash, err = contentHash(kind, d.OccurredAt, mappings, raw)
	return d, err
}

// contentHash is the SHA-256 of the canonical JSON
// {"kind","occurred_at","mappings","data"}, as json.Marshal of that struct
// writes it.
func contentHash(kind Kind, occurredAt time.Time, mappings []Mapping, data json.RawMessage) (string, error) {
	var buf [1024]byte
	canonical := append(buf[:0], `{"kind":`...)
	canonical = appendString(canonical, string(kind))
	canonical = append(canonical, `,"occurred_at":`...)
	canonical, err := appendTime(canonical, occurredAt)
	if err != nil {
		return "", err
	}
	canonical = append(canonical, `,"mappings":`...)
	canonical = appendMappings(canonical, mappings)
	// data is json.Marshal's output or the same bytes from AppendJSON
	// (or "null"): compact and escaped already, as json.Marshal would
	// write a RawMessage.
	canonical = append(canonical, `,"data":`...)
	canonical = append(canonical, data...)
	canonical = append(canonical, '}')
	sum := sha256.Sum256(canonical)
	const prefix = "sha256:"
	out := make([]byte, len(prefix)+hex.EncodedLen(len(sum)))
	copy(out, prefix)
	hex.Encode(out[len(prefix):], sum[:])
	return string(out), nil
}

// Publish is the record a draft becomes at a revision.
func (d Draft) Publish(tenant string, revision int64, updatedAt time.Time) Record {
	return Record{
		RecordID: RecordID(tenant, d.Key), Kind: d.Kind, Tenant: tenant, Revision: revision,
		OccurredAt: d.OccurredAt, UpdatedAt: updatedAt.UTC(), ContentHash: d.Hash, Mappings: d.Mappings, Data: d.Data,
	}
}

// Tombstone is the record that tells importers a published record is gone.
// It keeps the record's kind, time and mappings, so an importer can file it,
// and hashes to the hash of no data.
func Tombstone(previous Record, revision int64, updatedAt time.Time) Record {
	previous.Revision = revision
	previous.UpdatedAt = updatedAt.UTC()
	previous.Deleted = true
	previous.Data = nil
	// The hash of a record read back from the database cannot fail: its
	// time was encoded once already.
	previous.ContentHash, _ = contentHash(previous.Kind, previous.OccurredAt, previous.Mappings, json.RawMessage("null"))
	return previous
}

// RecordID is the public id of a record: the municipality's AGS and the
// key of its source, so ids differ between municipalities sharing a session
// and are never reused (sources have ids that are never reused).
func RecordID(tenant, key string) string { return tenant + "-" + key }

// Keys of the sources, one function each so store and tests agree.

func ProgrammeKey() string              { return "programme" }
func SessionKey(sessionID int64) string { return "session-" + itoa(sessionID) }
func CoverageKey(department, topic int64, period string) string {
	return "coverage-" + itoa(department) + "-" + itoa(topic) + "-" + period
}

// AttendanceKey uses the person's pseudonym, not their account id, so the
// id of a record reveals no more than its data.
func AttendanceKey(sessionID int64, pseudonym string) string {
	return "attendance-" + itoa(sessionID) + "-" + pseudonym
}
