package evidence_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/evidence"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name; -update rewrites it.
func goldenCSV(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update after checking):\n%s", path, got)
	}
}

// publish makes a live record of data as the store would publish it.
func liveRecord(t *testing.T, key string, kind evidence.Kind, occurred time.Time, a evidence.Audience, data any) evidence.Record {
	t.Helper()
	d, err := evidence.NewDraft(key, kind, 0, occurred, evidence.MappingsFor(kind, evidence.Basis{Audience: a, Held: true, Approved: kind == evidence.KindProgramme}), data)
	if err != nil {
		t.Fatal(err)
	}
	return d.Publish("08425002", 1, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
}

// sampleRecords are records of every kind with the texts that trouble CSV
// files and spreadsheets: umlauts, separators, quotes, line breaks and
// cells that look like formulas. One attendance record is a tombstone.
func sampleRecords(t *testing.T) map[evidence.Kind][]evidence.Record {
	t.Helper()
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	session := liveRecord(t, evidence.SessionKey(7), evidence.KindSession, at, evidence.AudienceAll, evidence.Session{
		Topic: "Informationssicherheit im Rathaus", Round: "Sensibilisierung 2026", StartsAt: at, EndsAt: at.Add(3 * time.Hour),
		Days: []string{"2026-12-01", "2026-12-02"}, Location: `Rathaus Eichhausen, "Großer" Saal; 1. OG`, Host: "08425002",
		Booked: 4, Attended: 3, Completed: 2,
	})
	attend := func(pseudonym, department string, days ...string) evidence.Record {
		return liveRecord(t, evidence.AttendanceKey(7, pseudonym), evidence.KindAttendance, at, evidence.AudienceAll, evidence.Attendance{
			Session: session.RecordID, Topic: "Informationssicherheit im Rathaus", Person: pseudonym, Pseudonymous: true,
			Department: department, DaysAttended: days, DaysRequired: 2, Complete: len(days) == 2,
			CompletedOn: map[bool]string{true: "2026-12-02"}[len(days) == 2], ValidUntil: map[bool]string{true: "2027-12-02"}[len(days) == 2],
		})
	}
	gone := attend("P-ZZZZ-ZZZZ", "Bauamt", "2026-12-01")
	gone = evidence.Tombstone(gone, 2, at)
	return map[evidence.Kind][]evidence.Record{
		evidence.KindProgramme: {liveRecord(t, evidence.ProgrammeKey(), evidence.KindProgramme, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			evidence.AudienceAll, evidence.Programme{
				Municipality: "Gemeinde Eichhausen", Title: "Schulungskonzept Informationssicherheit", ApprovedBy: "Bürgermeisterin Özdemir",
				ApprovedOn: "2026-03-01", ReviewOn: "2027-03-01", Notes: "=HYPERLINK(\"http://example.org\")\nZweite Zeile",
				Topics: []evidence.ProgrammeTopic{
					{Topic: "Informationssicherheit im Rathaus", Audience: evidence.AudienceAll, FrequencyMonths: 12, RemindDaysBefore: 30},
					{Topic: "@Leitung: Verantwortung", Audience: evidence.AudienceManagement, FrequencyMonths: 24, RemindDaysBefore: 60},
				},
			})},
		evidence.KindSession: {session},
		evidence.KindAttendance: {
			attend("P-7K3M-9XQ2", "Bürgerbüro", "2026-12-01", "2026-12-02"),
			gone,
			attend("P-A1B2-C3D4", "+Sonderaufgaben", "2026-12-01"),
		},
		evidence.KindCoverage: {liveRecord(t, evidence.CoverageKey(3, 1, "2026-11"), evidence.KindCoverage, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			evidence.AudienceAll, evidence.Coverage{Unit: "-Bürgerbüro-", Topic: "Informationssicherheit im Rathaus", Period: "2026-11",
				Eligible: 6, Trained: 4, DueSoon: 1, Overdue: 2, NeverTrained: 1})},
	}
}

func writeCSV(t *testing.T, kind evidence.Kind, flavour evidence.CSVFlavour, recs []evidence.Record) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	c, err := evidence.NewCSVWriter(&buf, kind, flavour)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), c.Records()
}

func readCSV(t *testing.T, data []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v\n%s", err, data)
	}
	return rows
}

// The CSV of every kind in both flavours, byte for byte.
func TestCSVGolden(t *testing.T) {
	recs := sampleRecords(t)
	for _, kind := range evidence.Kinds {
		plain, _ := writeCSV(t, kind, evidence.CSVStandard, recs[kind])
		goldenCSV(t, "csv_"+string(kind)+".csv", plain)
		sheet, _ := writeCSV(t, kind, evidence.CSVSpreadsheet, recs[kind])
		goldenCSV(t, "csv_"+string(kind)+"_semikolon.csv", sheet)
	}
}

// RFC 4180: CRLF after every row, fields quoted as needed, UTF-8 as is;
// reading the file back gives the values of the records. Tombstones are
// left out.
func TestCSVStandardIsRFC4180AndRoundTrips(t *testing.T) {
	recs := sampleRecords(t)
	for _, kind := range evidence.Kinds {
		data, n := writeCSV(t, kind, evidence.CSVStandard, recs[kind])
		if bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Errorf("%s: byte order mark in the RFC 4180 file", kind)
		}
		if !bytes.HasSuffix(data, []byte("\r\n")) {
			t.Errorf("%s: the last row does not end with CRLF", kind)
		}
		rows := readCSV(t, data, ',')
		live := 0
		for _, r := range recs[kind] {
			if !r.Deleted {
				live++
			}
		}
		if n != live {
			t.Errorf("%s: %d records counted, want %d live ones", kind, n, live)
		}
		for _, row := range rows[1:] {
			if row[0] == recs[evidence.KindAttendance][1].RecordID {
				t.Errorf("%s: unexpected row %q", kind, row)
			}
		}
	}
	rows := readCSV(t, csvBytes(writeCSV(t, evidence.KindSession, evidence.CSVStandard, recs[evidence.KindSession])), ',')
	got := cellsOf(t, rows, 1, "location", "days", "mappings", "starts_at")
	want := []string{`Rathaus Eichhausen, "Großer" Saal; 1. OG`, "2026-12-01, 2026-12-02", "Schritt 2|ORP.3.A3|A.6.3", "2026-12-01T08:00:00Z"}
	if !slices.Equal(got, want) {
		t.Errorf("session cells %q, want %q", got, want)
	}
	rows = readCSV(t, csvBytes(writeCSV(t, evidence.KindProgramme, evidence.CSVStandard, recs[evidence.KindProgramme])), ',')
	if len(rows) != 3 || cellsOf(t, rows, 2, "topic")[0] != "@Leitung: Verantwortung" ||
		cellsOf(t, rows, 1, "notes")[0] != "=HYPERLINK(\"http://example.org\")\nZweite Zeile" {
		t.Errorf("programme rows %q: want one per topic, values unchanged", rows)
	}
}

// The spreadsheet flavour: BOM, semicolons, CRLF, and every cell that a
// spreadsheet would run as a formula starts with an apostrophe.
func TestCSVSpreadsheetDefusesFormulas(t *testing.T) {
	recs := sampleRecords(t)
	data, _ := writeCSV(t, evidence.KindProgramme, evidence.CSVSpreadsheet, recs[evidence.KindProgramme])
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBFrecord_id;revision;")) {
		t.Fatalf("no BOM and semicolon header: %q", data[:min(40, len(data))])
	}
	rows := readCSV(t, bytes.TrimPrefix(data, []byte("\uFEFF")), ';')
	if got := cellsOf(t, rows, 1, "notes")[0]; got != "'=HYPERLINK(\"http://example.org\")\nZweite Zeile" {
		t.Errorf("notes %q: the formula is not defused", got)
	}
	if got := cellsOf(t, rows, 2, "topic")[0]; got != "'@Leitung: Verantwortung" {
		t.Errorf("topic %q", got)
	}
	att := readCSV(t, bytes.TrimPrefix(csvBytes(writeCSV(t, evidence.KindAttendance, evidence.CSVSpreadsheet, recs[evidence.KindAttendance])), []byte("\uFEFF")), ';')
	if got := cellsOf(t, att, 2, "department")[0]; got != "'+Sonderaufgaben" {
		t.Errorf("department %q", got)
	}
	cov := readCSV(t, bytes.TrimPrefix(csvBytes(writeCSV(t, evidence.KindCoverage, evidence.CSVSpreadsheet, recs[evidence.KindCoverage])), []byte("\uFEFF")), ';')
	if got := cellsOf(t, cov, 1, "unit", "eligible"); !slices.Equal(got, []string{"'-Bürgerbüro-", "6"}) {
		t.Errorf("coverage %q", got)
	}
	for _, row := range append(append(rows, att...), cov...) {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}

// The columns are the record's fields and the JSON names of its data:
// a field added to the data without a column fails here.
func TestCSVHeaderNamesEveryDataField(t *testing.T) {
	types := map[evidence.Kind][]any{
		evidence.KindProgramme:  {evidence.Programme{}, evidence.ProgrammeTopic{}},
		evidence.KindSession:    {evidence.Session{}},
		evidence.KindAttendance: {evidence.Attendance{}},
		evidence.KindCoverage:   {evidence.Coverage{}},
	}
	for _, kind := range evidence.Kinds {
		data, _ := writeCSV(t, kind, evidence.CSVStandard, nil)
		header := readCSV(t, data, ',')[0]
		want := []string{"record_id", "revision", "occurred_at", "updated_at", "mappings", "content_hash"}
		for _, v := range types[kind] {
			rt := reflect.TypeOf(v)
			for i := range rt.NumField() {
				name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
				if name != "topics" { // the programme has a row per topic instead
					want = append(want, name)
				}
			}
		}
		for _, w := range want {
			if !slices.Contains(header, w) {
				t.Errorf("%s: no column %q in %q", kind, w, header)
			}
		}
		if len(header) != len(want) {
			t.Errorf("%s: %d columns, want %d: %q", kind, len(header), len(want), header)
		}
	}
}

func TestCSVWriterRefusesAnotherKind(t *testing.T) {
	recs := sampleRecords(t)
	var buf bytes.Buffer
	c, err := evidence.NewCSVWriter(&buf, evidence.KindCoverage, evidence.CSVStandard)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(recs[evidence.KindSession][0]); err == nil {
		t.Fatal("a session record went into the coverage CSV")
	}
	if _, err := evidence.NewCSVWriter(&buf, "unknown", evidence.CSVStandard); err == nil {
		t.Fatal("a CSV of an unknown kind")
	}
}

func csvBytes(data []byte, _ int) []byte { return data }

// column picks the cells of the named columns from row i.
func cellsOf(t *testing.T, rows [][]string, i int, names ...string) []string {
	t.Helper()
	var out []string
	for _, name := range names {
		j := slices.Index(rows[0], name)
		if j < 0 || i >= len(rows) {
			t.Fatalf("no column %q or row %d in %q", name, i, rows)
		}
		out = append(out, rows[i][j])
	}
	return out
}

// CSV values are exactly the feed's values: a line break inside a value is
// kept byte for byte ("\n", "\r\n" or a lone "\r"), inside quotes, while
// every row ends with CRLF. (encoding/csv with CRLF would turn "\n" into
// "\r\n" and drop a lone "\r".)
func TestCSVKeepsLineBreaksOfValuesByteForByte(t *testing.T) {
	key := func(v string) string { return "\"" + strings.ReplaceAll(v, `"`, `""`) + "\"" }
	for _, notes := range []string{"eins\nzwei", "eins\r\nzwei", "eins\rzwei", "Saal \"A\", 1. OG"} {
		d, err := evidence.NewDraft("programme", evidence.KindProgramme, 0, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			evidence.MappingsFor(evidence.KindProgramme, evidence.Basis{}), evidence.Programme{Municipality: "M", Title: "T", Notes: notes,
				Topics: []evidence.ProgrammeTopic{{Topic: "X", Audience: evidence.AudienceAll}}})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := writeCSV(t, evidence.KindProgramme, evidence.CSVStandard, []evidence.Record{d.Publish("08425002", 1, time.Now())})
		if !bytes.Contains(data, []byte(","+key(notes)+",")) {
			t.Errorf("notes %q not kept as they are:\n%q", notes, data)
		}
		if rows := bytes.Count(data, []byte("\r\n")) - strings.Count(notes, "\r\n"); rows != 2 {
			t.Errorf("notes %q: %d row ends, want 2", notes, rows)
		}
	}
}
