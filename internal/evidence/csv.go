package evidence

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam/internal/csvfile"
)

// CSVFlavour is how a CSV file is written. Both flavours have the same
// columns and the same values; they differ in what the program that opens
// them expects.
type CSVFlavour int

const (
	// CSVStandard is RFC 4180: comma-separated, CRLF line ends, quoted as
	// needed, UTF-8 without byte order mark. For programs.
	CSVStandard CSVFlavour = iota
	// CSVSpreadsheet is what a German spreadsheet opens with a double
	// click: semicolon-separated (the comma is the decimal separator
	// there), CRLF, UTF-8 with a byte order mark (without it, umlauts turn
	// into mojibake), and cells that would start a formula defused.
	CSVSpreadsheet
)

// Separators of lists inside one cell: the days of a session and the
// controls a record is evidence for.
const (
	listSeparator    = ", "
	mappingSeparator = "|"
)

// CSVWriter writes the live records of one kind as CSV: one row per record
// (the programme: one row per topic of the concept), with a fixed header
// made of the record's own fields and the JSON names of its data.
type CSVWriter struct {
	out     *csvfile.Writer
	kind    Kind
	flavour CSVFlavour
	records int
}

// NewCSVWriter starts a CSV file of kind on w and writes its header.
func NewCSVWriter(w io.Writer, kind Kind, flavour CSVFlavour) (*CSVWriter, error) {
	header, ok := csvHeader(kind)
	if !ok {
		return nil, fmt.Errorf("evidence: no CSV columns for kind %q", kind)
	}
	if flavour == CSVSpreadsheet {
		if _, err := io.WriteString(w, csvfile.UTF8BOM); err != nil {
			return nil, err
		}
	}
	comma := byte(',')
	if flavour == CSVSpreadsheet {
		comma = ';'
	}
	out := csvfile.NewWriter(w, comma)
	c := &CSVWriter{out: out, kind: kind, flavour: flavour}
	return c, c.row(header)
}

// Write adds the rows of one record. Tombstones are skipped: a CSV shows
// what is, the feed what changed.
func (c *CSVWriter) Write(r Record) error {
	if r.Kind != c.kind {
		return fmt.Errorf("evidence: a %s record in the CSV of %s", r.Kind, c.kind)
	}
	if r.Deleted {
		return nil
	}
	return eachRow(r, &c.records, c.row)
}

// eachRow hands each row of a live record's cells to write and counts
// the record once all of them are written.
func eachRow(r Record, records *int, write func([]string) error) error {
	rows, err := csvRows(r)
	if err != nil {
		return fmt.Errorf("evidence: record %s: %w", r.RecordID, err)
	}
	for _, row := range rows {
		if err := write(row); err != nil {
			return err
		}
	}
	*records++
	return nil
}

// Records is how many records were written.
func (c *CSVWriter) Records() int { return c.records }

// Flush writes what is buffered and reports any error of the whole file.
func (c *CSVWriter) Flush() error {
	return c.out.Flush()
}

func (c *CSVWriter) row(cells []string) error {
	if c.flavour == CSVSpreadsheet {
		for i, v := range cells {
			cells[i] = csvfile.Defuse(v)
		}
	}
	return c.out.Write(cells)
}

// csvHeader is the fixed header of kind: stable, because importers and
// spreadsheets address columns by name. The record's own fields lead,
// the data's fields by their JSON names follow, mappings and content_hash
// end it.
func csvHeader(kind Kind) ([]string, bool) {
	var data []string
	switch kind {
	case KindProgramme:
		data = []string{"municipality", "title", "approved_by", "approved_on", "review_on", "notes",
			"topic", "audience", "frequency_months", "remind_days_before"}
	case KindSession:
		data = []string{"topic", "round", "starts_at", "ends_at", "days", "online", "location", "host",
			"cancelled", "booked", "attended", "completed"}
	case KindAttendance:
		data = []string{"session", "topic", "person", "pseudonymous", "department", "days_attended",
			"days_required", "complete", "completed_on", "valid_until", "online"}
	case KindCoverage:
		data = []string{"unit", "topic", "period", "eligible", "trained", "due_soon", "overdue", "never_trained"}
	default:
		return nil, false
	}
	header := append([]string{"record_id", "revision", "occurred_at", "updated_at"}, data...)
	return append(header, "mappings", "content_hash"), true
}

// csvRows are the cells of a live record, in the order of its header.
func csvRows(r Record) ([][]string, error) {
	var data [][]string
	switch r.Kind {
	case KindProgramme:
		var p Programme
		if err := json.Unmarshal(r.Data, &p); err != nil {
			return nil, err
		}
		concept := []string{p.Municipality, p.Title, p.ApprovedBy, p.ApprovedOn, p.ReviewOn, p.Notes}
		if len(p.Topics) == 0 {
			data = append(data, append(concept, "", "", "", ""))
		}
		for _, t := range p.Topics {
			data = append(data, append(concept[:len(concept):len(concept)], t.Topic, string(t.Audience),
				strconv.Itoa(t.FrequencyMonths), strconv.Itoa(t.RemindDaysBefore)))
		}
	case KindSession:
		var s Session
		if err := json.Unmarshal(r.Data, &s); err != nil {
			return nil, err
		}
		data = append(data, []string{s.Topic, s.Round, instant(s.StartsAt), instant(s.EndsAt), strings.Join(s.Days, listSeparator),
			boolCell(s.Online), s.Location, s.Host, boolCell(s.Cancelled), strconv.Itoa(s.Booked), strconv.Itoa(s.Attended), strconv.Itoa(s.Completed)})
	case KindAttendance:
		var a Attendance
		if err := json.Unmarshal(r.Data, &a); err != nil {
			return nil, err
		}
		data = append(data, []string{a.Session, a.Topic, a.Person, boolCell(a.Pseudonymous), a.Department,
			strings.Join(a.DaysAttended, listSeparator), strconv.Itoa(a.DaysRequired), boolCell(a.Complete),
			a.CompletedOn, a.ValidUntil, boolCell(a.Online)})
	case KindCoverage:
		var c Coverage
		if err := json.Unmarshal(r.Data, &c); err != nil {
			return nil, err
		}
		data = append(data, []string{c.Unit, c.Topic, c.Period, strconv.Itoa(c.Eligible), strconv.Itoa(c.Trained),
			strconv.Itoa(c.DueSoon), strconv.Itoa(c.Overdue), strconv.Itoa(c.NeverTrained)})
	default:
		return nil, fmt.Errorf("no CSV columns for kind %q", r.Kind)
	}
	lead := []string{r.RecordID, strconv.FormatInt(r.Revision, 10), instant(r.OccurredAt), instant(r.UpdatedAt)}
	tail := []string{controls(r.Mappings), r.ContentHash}
	rows := make([][]string, len(data))
	for i, d := range data {
		row := make([]string, 0, len(lead)+len(d)+len(tail))
		row = append(append(append(row, lead...), d...), tail...)
		rows[i] = row
	}
	return rows, nil
}

// instant writes a time as the feed's JSON does (RFC 3339 in UTC, with
// fractions of a second only when there are any), so a CSV row and its
// record compare equal.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func boolCell(b bool) string { return strconv.FormatBool(b) }

// controls joins the controls a record is evidence for: "Schritt
// 2|ORP.3.A3|A.6.3".
func controls(ms []Mapping) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Control
	}
	return strings.Join(out, mappingSeparator)
}
