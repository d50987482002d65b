package evidence

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/wachsam/wachsam"
)

// SheetWriter is a spreadsheet of typed cells being written: string for
// text, int64 for numbers, bool, wachsam.Date, time.Time and nil for an
// empty cell. internal/xlsx implements it; the export only needs this.
type SheetWriter interface {
	Row(values ...any) error
	Close() error
}

// NewSheet starts a spreadsheet with a German header on w.
type NewSheet func(w io.Writer, header []string) (SheetWriter, error)

// SheetDir holds the spreadsheets, one per kind, for people: the CSVs are
// for programs. In a spreadsheet an AGS such as 08425101 stays text, a
// date is a date and a count a number, where a CSV leaves every cell to
// the guess of the program that opens it.
const SheetDir = "tabellen/"

// SheetName is the file name of kind's spreadsheet, in German since
// people open it.
func SheetName(kind Kind) string {
	switch kind {
	case KindProgramme:
		return "schulungskonzept.xlsx"
	case KindSession:
		return "termine.xlsx"
	case KindAttendance:
		return "teilnahmen.xlsx"
	}
	return "abdeckung.xlsx"
}

type cellType int

const (
	cellText cellType = iota
	cellNumber
	cellBool
	cellDate    // YYYY-MM-DD
	cellInstant // RFC 3339
)

// sheetColumn is how a CSV column appears in a spreadsheet.
type sheetColumn struct {
	German string
	Type   cellType
}

// sheetColumns gives every CSV column (csvHeader) its German heading and
// its cell type; the values are the CSV's, typed.
var sheetColumns = map[string]sheetColumn{
	"record_id": {"Datensatz", cellText}, "revision": {"Revision", cellNumber},
	"occurred_at": {"Zeitpunkt", cellInstant}, "updated_at": {"Geändert", cellInstant},
	"municipality": {"Kommune", cellText}, "title": {"Titel", cellText}, "approved_by": {"Beschlossen von", cellText},
	"approved_on": {"Beschlossen am", cellDate}, "review_on": {"Überprüfung am", cellDate}, "notes": {"Anmerkungen", cellText},
	"topic": {"Thema", cellText}, "audience": {"Zielgruppe", cellText},
	"frequency_months": {"Wiederholung nach Monaten", cellNumber}, "remind_days_before": {"Erinnerung Tage vorher", cellNumber},
	"round": {"Schulungsrunde", cellText}, "starts_at": {"Beginn", cellInstant}, "ends_at": {"Ende", cellInstant},
	"days": {"Tage", cellText}, "online": {"Online", cellBool}, "location": {"Ort", cellText},
	"host": {"Gastgebende Kommune (AGS)", cellText}, "cancelled": {"Abgesagt", cellBool},
	"booked": {"Gebucht", cellNumber}, "attended": {"Anwesend", cellNumber}, "completed": {"Abgeschlossen", cellNumber},
	"session": {"Termin (Datensatz)", cellText}, "person": {"Person", cellText}, "pseudonymous": {"Pseudonym", cellBool},
	"department": {"Abteilung", cellText}, "days_attended": {"Anwesend an", cellText},
	"days_required": {"Erforderliche Tage", cellNumber}, "complete": {"Vollständig", cellBool},
	"completed_on": {"Abgeschlossen am", cellDate}, "valid_until": {"Gültig bis", cellDate},
	"unit": {"Organisationseinheit", cellText}, "period": {"Monat", cellText},
	"eligible": {"Verpflichtet", cellNumber}, "trained": {"Geschult", cellNumber}, "due_soon": {"Bald fällig", cellNumber},
	"overdue": {"Überfällig", cellNumber}, "never_trained": {"Nie geschult", cellNumber},
	"mappings": {"Anforderungen", cellText}, "content_hash": {"Prüfsumme", cellText},
}

// writeSheet writes one kind's spreadsheet and returns how many records
// it holds: the rows of the CSV, each value typed by its column.
func writeSheet(ctx context.Context, out io.Writer, src ExportSource, kind Kind, newSheet NewSheet) (int, error) {
	header, ok := csvHeader(kind)
	if !ok {
		return 0, fmt.Errorf("evidence: no columns for kind %q", kind)
	}
	columns := make([]sheetColumn, len(header))
	german := make([]string, len(header))
	for i, name := range header {
		c, ok := sheetColumns[name]
		if !ok {
			return 0, fmt.Errorf("evidence: no spreadsheet column for %q", name)
		}
		columns[i], german[i] = c, c.German
	}
	sheet, err := newSheet(out, german)
	if err != nil {
		return 0, err
	}
	n := 0
	err = src.Records(ctx, kind, func(r Record) error {
		if r.Deleted {
			return nil
		}
		return eachRow(r, &n, func(row []string) error {
			values := make([]any, len(row))
			for i, v := range row {
				var err error
				if values[i], err = typed(v, columns[i].Type); err != nil {
					return fmt.Errorf("%s: %w", header[i], err)
				}
			}
			return sheet.Row(values...)
		})
	})
	if err != nil {
		sheet.Close()
		return 0, err
	}
	return n, sheet.Close()
}

// typed reads a CSV value as its column's type; an empty value is an
// empty cell, except in a text column.
func typed(v string, t cellType) (any, error) {
	if v == "" && t != cellText {
		return nil, nil
	}
	switch t {
	case cellNumber:
		return strconv.ParseInt(v, 10, 64)
	case cellBool:
		return strconv.ParseBool(v)
	case cellDate:
		return wachsam.ParseDate(v)
	case cellInstant:
		return time.Parse(time.RFC3339Nano, v)
	}
	return v, nil
}
