package exam

import (
	"strconv"
	"strings"
)

// The candidate's file as the board reads it: each fact named and
// described in German for the history on the case page.

// BoardFactLabel names a fact of the file in German.
func BoardFactLabel(t FactType) string {
	switch t {
	case FactSeminarDayAttended:
		return "Teilnahme am Seminartag"
	case FactOnlineNoticeGiven:
		return "Schriftlicher Hinweis auf den Kameranachweis"
	case FactFeePaid:
		return "Gebühr entrichtet"
	case FactExamDateAnnounced:
		return "Prüfungstermin bekannt gegeben"
	case FactRegistered:
		return "Anmeldung zur Prüfung"
	case FactWithdrew:
		return "Rücktritt"
	case FactAbsent:
		return "Versäumnis"
	case FactAttemptGraded:
		return "Bewertung"
	case FactResultAnnounced:
		return "Ergebnis bekannt gegeben"
	case FactDisorderFound:
		return "Ordnungsverstoß"
	case FactReasonsSubmitted:
		return "Gründe angezeigt"
	case FactRejectionLetterSent:
		return "Ablehnungsbescheid versandt"
	case FactHardshipApplied:
		return "Härtefallantrag"
	case FactExtensionApplied:
		return "Antrag auf Verlängerung"
	case FactBoardDelegated:
		return "Übertragung auf den Vorsitzenden"
	case FactBoardDecision:
		return "Beschluss des Prüfungsausschusses"
	case FactHearingHeld:
		return "Anhörung"
	case FactCertificateIssued:
		return "Zeugnis ausgestellt"
	case FactPapersDeleted:
		return "Prüfungsunterlagen gelöscht"
	case FactInspectionRequested:
		return "Antrag auf Einsichtnahme"
	}
	return string(t)
}

// BoardFactDetail describes the fields of a fact in German, for the history.
func BoardFactDetail(f Fact) string {
	var parts []string
	switch f.Type {
	case FactAttemptGraded:
		for _, g := range f.Grades {
			if g.Part == "" {
				parts = append(parts, "Note "+g.Grade.String())
			} else {
				parts = append(parts, g.Part+" "+g.Grade.String())
			}
		}
	case FactFeePaid:
		if f.Fee == "retake" {
			parts = append(parts, "Wiederholungsgebühr")
		} else {
			parts = append(parts, "Prüfungsgebühr")
		}
	case FactSeminarDayAttended:
		if f.CameraConfirmed {
			parts = append(parts, "Kamera bestätigt")
		}
	case FactReasonsSubmitted:
		if f.Illness {
			if f.MedicalCertificate {
				parts = append(parts, "Krankheit, ärztliches Attest liegt vor")
			} else {
				parts = append(parts, "Krankheit, ohne ärztliches Attest")
			}
		}
	case FactBoardDecision:
		parts = append(parts, f.Motion.German())
		if f.DecidedBy == ByChair {
			parts = append(parts, "Vorsitzender allein")
		}
		parts = append(parts, votesGerman(f.Votes))
		if f.Findings.NotResponsible && f.Findings.ExpectationOfSuccess {
			parts = append(parts, "beide Feststellungen nach §6(3)")
		}
		if !f.Until.IsZero() {
			parts = append(parts, "bis "+f.Until.German())
		}
		if f.Examiner != "" {
			parts = append(parts, "Prüfer: "+f.Examiner)
		}
		if f.Ground != "" {
			parts = append(parts, GroundGerman(f.Ground))
		}
	case FactBoardDelegated:
		parts = append(parts, f.Task.German(), votesGerman(f.Votes))
	}
	return strings.Join(parts, ", ")
}

func votesGerman(v Votes) string {
	return "Ja " + strconv.Itoa(v.Yes) + ", Nein " + strconv.Itoa(v.No) + ", Enthaltung " + strconv.Itoa(v.Abstain)
}
