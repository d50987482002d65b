package calendar

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
)

// examEvents are a candidate's retake on a Monday and the hardship cut-off
// that §193 BGB moved off New Year's Day.
func examEvents() []DayEvent {
	stamp := time.Date(2026, time.November, 22, 9, 0, 0, 0, time.UTC)
	return []DayEvent{
		{
			UID: ExamDateUID(7, "ISM", wachsam.MustDate("2026-11-30"), "wachsam.example.de"), Day: wachsam.MustDate("2026-11-30"),
			Summary:     "Prüfung: Informationssicherheitsmanagement (2. Versuch)",
			Description: "Angemeldet am 27.10.2026. Prüfungsnummer P-2026-0001.", Location: "Ulm, Raum 1",
			URL: "https://wachsam.example.de/pruefung/7", RemindDays: []int{7}, Stamp: stamp,
		},
		{
			UID: ExamDeadlineUID(7, "hardship_cutoff", "ISM", wachsam.Date{}, "wachsam.example.de"), Day: wachsam.MustDate("2027-01-04"),
			Summary: "Letzter Tag: Härtefallantrag für Informationssicherheitsmanagement (§6(3))",
			Description: "Ihr Antrag auf eine zweite Wiederholung muss mit allen Nachweisen bis zu diesem Tag beim Vorsitzenden des " +
				"Prüfungsausschusses eingegangen sein.\nVerschoben vom Freitag, 01.01.2027 (Neujahrstag).",
			Transparent: true, RemindDays: []int{7, 1}, Stamp: stamp,
		},
	}
}

func TestGoldenExamFeed(t *testing.T) {
	golden(t, "exam_feed.ics", ok(t)(ExamFeed("Prüfung – Anna Amsel", examEvents(), berlinLoc(t))))
}

// Every entry is all-day: DTSTART and DTEND are dates, the end the day after.
func TestExamFeedEntriesAreAllDay(t *testing.T) {
	cal := decode(t, ok(t)(ExamFeed("Prüfung", examEvents(), berlinLoc(t))))
	if len(timezones(cal)) != 1 {
		t.Fatalf("want the Europe/Berlin VTIMEZONE")
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	start, end := evs[1].Props.Get(ical.PropDateTimeStart), evs[1].Props.Get(ical.PropDateTimeEnd)
	if start.ValueType() != ical.ValueDate || start.Value != "20270104" || end.Value != "20270105" {
		t.Fatalf("DTSTART %v %q, DTEND %q", start.ValueType(), start.Value, end.Value)
	}
	if got := text(t, evs[1].Props, ical.PropUID); got != "exam-deadline-7-hardship_cutoff-ISM@wachsam.example.de" {
		t.Fatalf("UID %q", got)
	}
	if alarms := evs[1].Children; len(alarms) != 2 || alarms[1].Props.Get(ical.PropTrigger).Value != "-P1D" {
		t.Fatalf("alarms: %+v", alarms)
	}
}

func TestExamUIDsAreCleanAndStable(t *testing.T) {
	day := wachsam.MustDate("2026-10-12")
	if got := ExamDateUID(3, "IT Recht/2", day, "h"); got != "exam-date-3-IT-Recht-2-20261012@h" {
		t.Errorf("ExamDateUID = %q", got)
	}
	if got := ExamDeadlineUID(3, "entitlement", "", wachsam.Date{}, "h"); got != "exam-deadline-3-entitlement@h" {
		t.Errorf("entitlement UID = %q", got)
	}
	if got := ExamDeadlineUID(3, "reasons_cutoff", "ISM", day, "h"); got != "exam-deadline-3-reasons_cutoff-ISM-20261012@h" {
		t.Errorf("reasons UID = %q", got)
	}
}

func TestExamFeedRefusesBrokenEvents(t *testing.T) {
	loc := berlinLoc(t)
	twice := examEvents()
	twice[1].UID = twice[0].UID
	noDay := examEvents()
	noDay[0].Day = wachsam.Date{}
	badAlarm := examEvents()
	badAlarm[0].RemindDays = []int{0}
	for name, evs := range map[string][]DayEvent{"duplicate UID": twice, "no day": noDay, "alarm": badAlarm} {
		if _, err := ExamFeed("x", evs, loc); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ExamFeed("x", examEvents(), time.FixedZone("CET", 3600)); err == nil {
		t.Error("a zone other than Europe/Berlin or UTC was accepted")
	}
}

// An empty feed is still a calendar a program can subscribe to.
func TestEmptyExamFeed(t *testing.T) {
	b := ok(t)(ExamFeed("Prüfung", nil, berlinLoc(t)))
	if cal := decode(t, b); len(cal.Events()) != 0 || !strings.Contains(string(b), "BEGIN:VTIMEZONE") {
		t.Fatalf("empty feed:\n%s", b)
	}
}
