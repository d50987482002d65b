package pdf

import (
	"io"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// EvidenceReport writes the auditor's report of a municipality's awareness
// training, "Nachweis Sensibilisierung (CISIS12 Schritt 2)", to w as an A4
// PDF: the training concept, the sessions held, coverage per department
// with totals, the overdue staff (over as many pages as it takes) and what
// the report is evidence for. A text the fonts cannot show is an EINVALID
// error naming it; nothing is written then.
func EvidenceReport(w io.Writer, r evidence.Report) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	doc := reportContent(r)
	if err := doc.check(f); err != nil {
		return err
	}
	l, err := reportLayout(doc, f)
	if err != nil {
		return err
	}
	return draw(w, l, f)
}

// reportDoc is the report's content as texts, before layout: everything
// German and formatted here, so the layout only places strings.
type reportDoc struct {
	title, running string // heading of the first page; head of the others
	facts          []reportFact
	sections       []reportSection
	footer         string
	info           layout // document information only
}

type reportFact struct{ label, value string }

// reportSection is a heading with facts, paragraphs and a table, each
// optional; empty is said instead of a table without rows.
type reportSection struct {
	heading string
	facts   []reportFact
	paras   []string
	table   *reportTable
	empty   string
	after   []string // paragraphs below the table
}

type reportTable struct {
	cols []reportColumn
	rows []reportRow
}

type reportColumn struct {
	head  string
	share float64 // of the table's width
	right bool    // numbers
}

type reportRow struct {
	cells []string
	bold  bool // a total
}

// check NFC-normalises every text and prints a character the fonts lack
// as "�". Forms and the staff import accept only what the fonts print
// (wachsam.Unprintable), but a name from before that rule, or from a
// directory, must never make a municipality's report or ZIP fail
// (issue 13 §3); the replacement shows that something is missing rather
// than an empty box that hides it.
func (d *reportDoc) check(f *fonts) error {
	fix := func(s *string) {
		*s = f.substitute(clean(*s))
	}
	for _, s := range []*string{&d.title, &d.running, &d.footer, &d.info.title, &d.info.author} {
		fix(s)
	}
	facts := func(fs []reportFact) {
		for i := range fs {
			fix(&fs[i].label)
			fix(&fs[i].value)
		}
	}
	facts(d.facts)
	for i := range d.sections {
		sec := &d.sections[i]
		fix(&sec.heading)
		fix(&sec.empty)
		facts(sec.facts)
		for j := range sec.paras {
			fix(&sec.paras[j])
		}
		for j := range sec.after {
			fix(&sec.after[j])
		}
		if sec.table != nil {
			for j := range sec.table.cols {
				fix(&sec.table.cols[j].head)
			}
			for _, row := range sec.table.rows {
				for j := range row.cells {
					fix(&row.cells[j])
				}
			}
		}
	}
	return nil
}

// germanInt writes n with a dot between thousands: 1.234.
func germanInt(n int) string {
	if n < 0 {
		return "-" + germanInt(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func germanDate(d wachsam.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.German()
}

func orElse(s, instead string) string {
	if s == "" {
		return instead
	}
	return s
}

// parseDays reads the days of a session record; a day that does not parse
// is left out rather than printed wrong.
func parseDays(days []string) []wachsam.Date {
	out := make([]wachsam.Date, 0, len(days))
	for _, d := range days {
		if day, err := wachsam.ParseDate(d); err == nil {
			out = append(out, day)
		}
	}
	return out
}
