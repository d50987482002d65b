package pdf

import (
	"fmt"
	"strings"

	"github.com/wachsam/wachsam/internal/evidence"
)

// The report's texts, section by section: what an auditor reads, in
// German, with German dates and numbers.

// reportContent turns the report into texts.
func reportContent(r evidence.Report) *reportDoc {
	stand := r.GeneratedAt.Format("02.01.2006, 15:04 Uhr")
	people := "als Pseudonym (P-XXXX-XXXX); die Zuordnung zu Namen kennt nur die Kommune"
	if r.Settings.ShowNames {
		people = "mit Namen (von der Kommune so eingestellt)"
	}
	doc := &reportDoc{
		title:   "Nachweis Sensibilisierung (CISIS12 Schritt 2)",
		running: fmt.Sprintf("Nachweis Sensibilisierung – %s (AGS %s), Stand %s", r.Municipality, r.AGS, r.Today.German()),
		facts: []reportFact{
			{"Kommune:", r.Municipality}, {"AGS:", r.AGS}, {"Stand:", stand}, {"Personen:", people},
		},
		footer: "Vertrag " + evidence.Contract + " · CISIS12 Schritt 2 · BSI IT-Grundschutz ORP.3 · ISO/IEC 27001:2022 A.6.3",
		info:   layout{title: "Nachweis Sensibilisierung – " + r.Municipality, author: r.Municipality, subject: "Nachweis Sensibilisierung (CISIS12 Schritt 2)", created: r.GeneratedAt},
	}
	doc.sections = []reportSection{conceptSection(r.Settings), sessionsSection(r.Sessions), coverageSection(r), overdueSection(r), mappingSection(r)}
	return doc
}

func conceptSection(s evidence.Settings) reportSection {
	sec := reportSection{heading: "1. Schulungskonzept", empty: "Das Konzept nennt noch kein Thema."}
	approved := "noch nicht freigegeben"
	if s.ApprovedBy != "" {
		approved = fmt.Sprintf("von %s am %s", s.ApprovedBy, s.ApprovedOn.German())
	}
	sec.facts = []reportFact{{"Titel:", orElse(s.Title, "noch ohne Titel")}, {"Freigabe:", approved},
		{"Überprüfung:", orElse(germanDate(s.ReviewOn), "kein Termin festgelegt")}}
	t := &reportTable{cols: []reportColumn{{head: "Thema", share: 0.42}, {head: "Zielgruppe", share: 0.28},
		{head: "Wiederholung", share: 0.15}, {head: "Erinnerung", share: 0.15}}}
	for _, a := range s.Audiences {
		t.rows = append(t.rows, reportRow{cells: []string{a.Topic, a.Audience.German(),
			fmt.Sprintf("alle %d Monate", a.FrequencyMonths), fmt.Sprintf("%d Tage vorher", a.RemindDays)}})
	}
	sec.table = t
	for _, line := range strings.Split(s.Notes, "\n") {
		if strings.TrimSpace(line) != "" {
			sec.after = append(sec.after, line)
		}
	}
	if len(sec.after) > 0 {
		sec.after[0] = "Anmerkungen: " + sec.after[0]
	}
	return sec
}

func sessionsSection(sessions []evidence.Session) reportSection {
	sec := reportSection{heading: "2. Durchgeführte Schulungen", empty: "Bisher wurde keine Schulung durchgeführt.",
		paras: []string{"Termine, die begonnen haben und nicht abgesagt wurden, mit den Zahlen der eigenen Beschäftigten."}}
	t := &reportTable{cols: []reportColumn{{head: "Datum", share: 0.13}, {head: "Thema", share: 0.27}, {head: "Ort", share: 0.22},
		{head: "Gebucht", share: 0.1, right: true}, {head: "Teilgenommen", share: 0.14, right: true}, {head: "Abgeschlossen", share: 0.14, right: true}}}
	var booked, attended, completed int
	for _, s := range sessions {
		place := s.Location
		if s.Online {
			place = "Online"
		}
		t.rows = append(t.rows, reportRow{cells: []string{germanDays(parseDays(s.Days)), s.Topic, place,
			germanInt(s.Booked), germanInt(s.Attended), germanInt(s.Completed)}})
		booked, attended, completed = booked+s.Booked, attended+s.Attended, completed+s.Completed
	}
	if len(sessions) > 1 {
		t.rows = append(t.rows, reportRow{bold: true, cells: []string{"Summe", "", "", germanInt(booked), germanInt(attended), germanInt(completed)}})
	}
	sec.table = t
	return sec
}

func coverageSection(r evidence.Report) reportSection {
	sec := reportSection{heading: "3. Abdeckung nach Abteilung (Stand " + r.Today.German() + ")",
		empty: "Für diesen Monat liegen noch keine Zahlen vor.",
		paras: []string{"Geschult ist, wessen Schulung am Stichtag gültig ist, auch wenn sie bald fällig wird; die Quote ist abgerundet."}}
	t := &reportTable{cols: []reportColumn{{head: "Abteilung", share: 0.17}, {head: "Thema", share: 0.21},
		{head: "Beschäftigte", share: 0.12, right: true}, {head: "Geschult", share: 0.1, right: true}, {head: "Quote", share: 0.08, right: true},
		{head: "Bald fällig", share: 0.1, right: true}, {head: "Überfällig", share: 0.1, right: true}, {head: "davon nie geschult", share: 0.12, right: true}}}
	line := func(unit string, c evidence.Coverage, bold bool) reportRow {
		return reportRow{bold: bold, cells: []string{unit, c.Topic, germanInt(c.Eligible), germanInt(c.Trained), germanInt(c.RatePercent()) + " %",
			germanInt(c.DueSoon), germanInt(c.Overdue), germanInt(c.NeverTrained)}}
	}
	for _, c := range r.Coverage {
		t.rows = append(t.rows, line(c.Unit, c, false))
	}
	if len(r.Coverage) > 0 {
		for _, c := range r.TopicTotals() {
			t.rows = append(t.rows, line("Gesamt", c, true))
		}
	}
	sec.table = t
	return sec
}

func overdueSection(r evidence.Report) reportSection {
	sec := reportSection{heading: "4. Überfällige Schulungen", empty: "Niemand ist mit einer Schulung im Verzug."}
	if n := len(r.Overdue); n > 0 {
		sec.paras = []string{fmt.Sprintf("%s überfällige Schulungen am %s; „nie“: noch nie teilgenommen, die Schulung ist von Beginn an fällig.",
			germanInt(n), r.Today.German())}
	}
	t := &reportTable{cols: []reportColumn{{head: "Person", share: 0.22}, {head: "Abteilung", share: 0.2}, {head: "Thema", share: 0.3},
		{head: "Zuletzt abgeschlossen", share: 0.14}, {head: "Fällig seit", share: 0.14}}}
	for _, o := range r.Overdue {
		t.rows = append(t.rows, reportRow{cells: []string{o.Person, o.Department, o.Topic,
			orElse(germanDate(o.Last), "nie"), orElse(germanDate(o.DueSince), "–")}})
	}
	sec.table = t
	return sec
}

func mappingSection(r evidence.Report) reportSection {
	sec := reportSection{heading: "5. Zuordnung zu Anforderungen",
		paras: []string{"Dieser Bericht und die Datensätze des Vertrags " + evidence.Contract + " (Schulungskonzept, Termine, Teilnahmen, Abdeckung) sind Nachweise für:"}}
	t := &reportTable{cols: []reportColumn{{head: "Rahmenwerk", share: 0.22}, {head: "Anforderung", share: 0.14}, {head: "Titel", share: 0.64}}}
	for _, m := range r.Mappings() {
		t.rows = append(t.rows, reportRow{cells: []string{m.Framework, m.Control, m.Title}})
	}
	sec.table = t
	return sec
}
