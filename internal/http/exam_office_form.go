package http

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Reading the new-seminar form: seminar days one per line ("07.09.2026",
// "10.09.2026 online"), components in rows c0_…, c1_…, each with its parts
// one per line ("ISM-K; Klausur; 2").

const (
	officeDefaultRows = 4
	officeMaxRows     = 30
)

// officeRowCount is the number of component rows the form has.
func officeRowCount(v url.Values) int {
	n, err := strconv.Atoi(v.Get("rows"))
	if err != nil || n < 1 {
		return officeDefaultRows
	}
	return min(n, officeMaxRows)
}

func officeSeminarFromForm(v url.Values) (exam.OfficeSeminar, error) {
	sem := exam.OfficeSeminar{Title: strings.TrimSpace(v.Get("title")), LeaderName: strings.TrimSpace(v.Get("leader"))}
	if sem.Title == "" {
		return sem, wachsam.FieldError("title", "Bitte geben Sie den Titel des Seminars an.")
	}
	var err error
	if sem.ExamFeeCents, err = parseEuro("exam_fee", v.Get("exam_fee")); err != nil {
		return sem, err
	}
	if sem.RetakeFeeCents, err = parseEuro("retake_fee", v.Get("retake_fee")); err != nil {
		return sem, err
	}
	if sem.Days, err = officeParseDays(v.Get("days")); err != nil {
		return sem, err
	}
	for i := range officeRowCount(v) {
		c, filled, err := officeComponentFromForm(v, i)
		if err != nil {
			return sem, err
		}
		if !filled {
			continue
		}
		if slices.ContainsFunc(sem.Components, func(o exam.OfficeComponent) bool { return o.Code == c.Code }) {
			return sem, wachsam.FieldError(fmt.Sprintf("c%d_code", i), "Die Kennung „%s“ ist doppelt; jede Prüfungsleistung braucht eine eigene.", c.Code)
		}
		sem.Components = append(sem.Components, c)
	}
	return sem, sem.CheckBounds()
}

// officeParseDays reads the seminar days, one per line; "online" after the
// date marks an online day (§2(1): presence shown by the camera).
func officeParseDays(text string) ([]exam.SeminarDay, error) {
	var days []exam.SeminarDay
	for line := range strings.SplitSeq(strings.ReplaceAll(text, ";", "\n"), "\n") {
		words := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '\r' })
		if len(words) == 0 {
			continue
		}
		d, err := roundParseDate("days", words[0])
		if err != nil {
			return nil, err
		}
		day := exam.SeminarDay{Date: d}
		for _, w := range words[1:] {
			if strings.EqualFold(strings.Trim(w, "()"), "online") {
				day.Online = true
				continue
			}
			return nil, wachsam.FieldError("days", "„%s“ ist nicht verständlich. Bitte je Zeile ein Datum angeben, bei Online-Tagen gefolgt von „online“.", strings.TrimSpace(line))
		}
		if slices.ContainsFunc(days, func(o exam.SeminarDay) bool { return o.Date == d }) {
			return nil, wachsam.FieldError("days", "Der %s ist doppelt angegeben.", d.German())
		}
		days = append(days, day)
	}
	if len(days) == 0 {
		return nil, wachsam.FieldError("days", "Bitte geben Sie die Seminartage an, je Zeile ein Datum (§2(1)).")
	}
	slices.SortFunc(days, func(a, b exam.SeminarDay) int { return a.Date.Compare(b.Date) })
	return days, nil
}

// officeComponentFromForm reads row i; an empty row is not filled.
func officeComponentFromForm(v url.Values, i int) (exam.OfficeComponent, bool, error) {
	field := func(name string) string { return fmt.Sprintf("c%d_%s", i, name) }
	c := exam.OfficeComponent{Code: strings.TrimSpace(v.Get(field("code"))), Name: strings.TrimSpace(v.Get(field("name")))}
	partsText, examiner := strings.TrimSpace(v.Get(field("parts"))), strings.TrimSpace(v.Get(field("examiner")))
	if c.Code == "" && c.Name == "" && partsText == "" {
		return c, false, nil
	}
	switch {
	case c.Code == "":
		return c, true, wachsam.FieldError(field("code"), "Bitte geben Sie eine Kennung an, z. B. ISM.")
	case utf8.RuneCountInString(c.Code) > 20 || strings.ContainsAny(c.Code, " \t"):
		return c, true, wachsam.FieldError(field("code"), "Die Kennung ist ein kurzes Kürzel ohne Leerzeichen (höchstens 20 Zeichen).")
	case c.Name == "":
		return c, true, wachsam.FieldError(field("name"), "Bitte geben Sie den Namen der Prüfungsleistung an.")
	}
	if examiner != "" {
		id, err := roundParseID(field("examiner"), examiner, "Bitte wählen Sie eine Prüferin oder einen Prüfer aus der Liste.")
		if err != nil {
			return c, true, err
		}
		c.ExaminerID = &id
	}
	for line := range strings.SplitSeq(partsText, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		p, err := officeParsePart(field("parts"), line)
		if err != nil {
			return c, true, err
		}
		if slices.ContainsFunc(c.Parts, func(o exam.OfficePart) bool { return o.Code == p.Code }) {
			return c, true, wachsam.FieldError(field("parts"), "Die Einzelleistung „%s“ ist doppelt.", p.Code)
		}
		c.Parts = append(c.Parts, p)
	}
	return c, true, nil
}

// officeParsePart reads "ISM-K; Klausur; 2": code, name and weight, a
// whole number from 1 to 10.000 (§5(4)).
func officeParsePart(field, line string) (exam.OfficePart, error) {
	bad := wachsam.FieldError(field, "„%s“: bitte je Zeile Kennung; Name; Gewicht angeben, z. B. „ISM-K; Klausur; 2“.", strings.TrimSpace(line))
	cells := strings.Split(line, ";")
	if len(cells) != 3 {
		return exam.OfficePart{}, bad
	}
	p := exam.OfficePart{Code: strings.TrimSpace(cells[0]), Name: strings.TrimSpace(cells[1])}
	w, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(cells[2]), ".", ""), 10, 64)
	switch {
	case p.Code == "":
		return p, bad
	case err != nil:
		return p, wachsam.FieldError(field, "Das Gewicht der Einzelleistung „%s“ ist keine ganze Zahl.", p.Code)
	case w < 1 || w > exam.MaxWeight:
		return p, wachsam.FieldError(field, "Das Gewicht der Einzelleistung „%s“ muss zwischen 1 und %d liegen (§5(4)).", p.Code, exam.MaxWeight)
	}
	p.Weight = w
	return p, nil
}

// officeSeminarFormError puts a store error beside the form's field: the
// store names the canon's fields as a whole ("components", "parts").
func officeSeminarFormError(v url.Values, err error) form {
	return officeFormError(v, err, "", map[string]string{"parts": "components", "code": "components", "examiner": "components", "exam_fee": "exam_fee"})
}

// officeFormError turns a domain error into form messages for a form
// whose fields are prefix + the store's field name, or renamed.
func officeFormError(v url.Values, err error, prefix string, rename map[string]string) form {
	f := formWithError(v, err)
	errs := make(map[string]string, len(f.Errors))
	for field, msg := range f.Errors {
		to, ok := rename[field]
		if !ok {
			to = prefix + field
		}
		errs[to] = msg
	}
	f.Errors = errs
	return f
}

// officeOptionalDate reads a date field that may stay empty (then zero:
// the store takes today).
func officeOptionalDate(field, input string) (wachsam.Date, error) {
	if strings.TrimSpace(input) == "" {
		return wachsam.Date{}, nil
	}
	return roundParseDate(field, input)
}
