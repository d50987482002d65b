package exam

import (
	"fmt"

	"github.com/wachsam/wachsam"
)

// CheckBounds keeps a seminar's texts to what a certificate and a table
// can show and its fees to amounts an academy charges; the form, the API
// and the store all call it, and the database holds the same bounds.
// Field names are those of the office's seminar form (c0_code, c0_parts).
func (s OfficeSeminar) CheckBounds() error {
	for _, c := range []struct {
		field, label, value string
		max                 int
	}{
		{"title", "Titel", s.Title, wachsam.MaxTitleLen},
		{"leader", "Seminarleitung", s.LeaderName, wachsam.MaxNameLen},
	} {
		if err := wachsam.CheckLine(c.field, c.label, c.value, c.max); err != nil {
			return err
		}
	}
	if err := wachsam.CheckCents("exam_fee", "Prüfungsgebühr", s.ExamFeeCents, wachsam.MaxFeeCents); err != nil {
		return err
	}
	if err := wachsam.CheckCents("retake_fee", "Wiederholungsgebühr", s.RetakeFeeCents, wachsam.MaxFeeCents); err != nil {
		return err
	}
	for i, c := range s.Components {
		field := func(name string) string { return fmt.Sprintf("c%d_%s", i, name) }
		if err := wachsam.CheckLine(field("code"), "Kennung", c.Code, wachsam.MaxCodeLen); err != nil {
			return err
		}
		if err := wachsam.CheckLine(field("name"), "Name der Prüfungsleistung", c.Name, wachsam.MaxNameLen); err != nil {
			return err
		}
		for _, p := range c.Parts {
			if err := wachsam.CheckLine(field("parts"), "Kennung der Einzelleistung", p.Code, wachsam.MaxCodeLen); err != nil {
				return err
			}
			if err := wachsam.CheckLine(field("parts"), "Name der Einzelleistung", p.Name, wachsam.MaxNameLen); err != nil {
				return err
			}
		}
	}
	return nil
}
