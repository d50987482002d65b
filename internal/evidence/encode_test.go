package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// trickyStrings are texts that need every escape encoding/json knows, and
// the German and plain ones the records mostly hold.
var trickyStrings = []string{
	"", "Bauamt", "Bürgerbüro", "Informationssicherheit im Rathaus", "P-7K3M-9XQ2", "2026-12-01",
	`Zitat "so"`, `C:\Pfad`, "a<b>c&d", "Zeile 1\nZeile 2\r\n\tEnde", "\x00\x01\x1f\x7f",
	"Trenner\u2028Absatz\u2029", "kaputt\xff\xfe", "Emoji 😀 und ß", "=SUMME(A1)", "</script>",
}

func randomString(r *rand.Rand) string {
	var b []byte
	for range r.IntN(4) {
		b = append(b, trickyStrings[r.IntN(len(trickyStrings))]...)
	}
	return string(b)
}

func randomTime(r *rand.Rand) time.Time {
	t := time.Date(2020+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
	switch r.IntN(3) {
	case 0:
		t = t.Add(time.Duration(r.IntN(1e6)) * time.Microsecond)
	case 1:
		t = t.Add(time.Duration(r.IntN(1e9)))
	}
	return t
}

func randomAttendance(r *rand.Rand) Attendance {
	a := Attendance{Session: randomString(r), Topic: randomString(r), Person: randomString(r), Pseudonymous: r.IntN(2) == 0,
		Department: randomString(r), DaysRequired: r.IntN(5), Complete: r.IntN(2) == 0,
		CompletedOn: randomString(r), ValidUntil: randomString(r), Online: r.IntN(2) == 0}
	switch r.IntN(3) {
	case 0: // nil: json.Marshal writes null
	case 1:
		a.DaysAttended = []string{}
	default:
		for range 1 + r.IntN(3) {
			a.DaysAttended = append(a.DaysAttended, randomString(r))
		}
	}
	return a
}

func randomMappings(r *rand.Rand) []Mapping {
	if r.IntN(5) == 0 {
		return nil
	}
	out := []Mapping{}
	for range r.IntN(4) {
		out = append(out, Mapping{randomString(r), randomString(r), randomString(r)})
	}
	return out
}

// referenceHash is contentHash as it was written before the hand-made
// encoder: json.Marshal of the canonical struct.
func referenceHash(kind Kind, occurredAt time.Time, mappings []Mapping, data json.RawMessage) string {
	canonical, _ := json.Marshal(struct {
		Kind       Kind            `json:"kind"`
		OccurredAt time.Time       `json:"occurred_at"`
		Mappings   []Mapping       `json:"mappings"`
		Data       json.RawMessage `json:"data"`
	}{kind, occurredAt, mappings, data})
	sum := sha256.Sum256(canonical)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func TestHandEncoderWritesWhatEncodingJSONWrites(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 2026))
	for i := range 20000 {
		a := randomAttendance(r)
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("attendance %d:\n got %s\nwant %s", i, got, want)
		}

		var data json.RawMessage
		switch r.IntN(4) {
		case 0: // a tombstone: no data
		case 1: // data that is not compact, or holds what must be escaped
			data = json.RawMessage(" {\"x\" : \"a<b\u2028\",\n \"y\": [1, 2]} ")
		default:
			data = want
		}
		rec := Record{RecordID: randomString(r), Kind: Kind(randomString(r)), Tenant: randomString(r), Revision: r.Int64N(1 << 40),
			OccurredAt: randomTime(r), UpdatedAt: randomTime(r), Deleted: r.IntN(2) == 0, ContentHash: randomString(r),
			Mappings: randomMappings(r), Data: data}
		wantRec, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		gotRec, err := rec.AppendJSON(nil)
		if err != nil || !bytes.Equal(gotRec, wantRec) {
			t.Fatalf("record %d (%v):\n got %s\nwant %s", i, err, gotRec, wantRec)
		}

		hashData := want // what drafts hash: json.Marshal's (or AppendJSON's) bytes
		if data == nil {
			hashData = json.RawMessage("null")
		}
		got, err := contentHash(rec.Kind, rec.OccurredAt, rec.Mappings, hashData)
		if want := referenceHash(rec.Kind, rec.OccurredAt, rec.Mappings, hashData); err != nil || got != want {
			t.Fatalf("hash %d (%v): got %s, want %s", i, err, got, want)
		}
	}
}

// A draft of any kind hashes as before; attendance, encoded by hand, keeps
// the bytes json.Marshal gave it.
func TestDraftsKeepTheirHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 12))
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for range 2000 {
		at := randomTime(r).In(berlin)
		mappings := MappingsFor(KindAttendance, Basis{Audience: Audiences[r.IntN(len(Audiences))], Held: true})
		for _, data := range []any{randomAttendance(r), Session{Topic: randomString(r), Days: []string{randomString(r)}},
			Coverage{Unit: randomString(r), Eligible: r.IntN(100)}} {
			d, err := NewDraft("k", KindAttendance, 3, at, mappings, data)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(data)
			if !bytes.Equal(d.Data, raw) {
				t.Fatalf("data:\n got %s\nwant %s", d.Data, raw)
			}
			if want := referenceHash(KindAttendance, at.UTC(), mappings, raw); d.Hash != want {
				t.Fatalf("hash %s, want %s", d.Hash, want)
			}
		}
	}
}

func BenchmarkAttendanceDraft(b *testing.B) {
	a := Attendance{Session: "08425001-session-17", Topic: "Informationssicherheit im Rathaus", Person: "P-7K3M-9XQ2",
		Pseudonymous: true, Department: "Bürgerbüro", DaysAttended: []string{"2026-12-01"}, DaysRequired: 1, Complete: true,
		CompletedOn: "2026-12-01", ValidUntil: "2027-12-01"}
	mappings := MappingsFor(KindAttendance, Basis{Audience: AudienceAll, Held: true})
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		d, _ := NewDraft("attendance-17-P-7K3M-9XQ2", KindAttendance, 17, at, mappings, a)
		rec := d.Publish("08425001", 1, at)
		if _, err := rec.AppendJSON(nil); err != nil {
			b.Fatal(err)
		}
	}
}
