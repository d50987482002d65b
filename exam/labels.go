package exam

// German labels of the regulation's names, for pages and letters. The
// machine names stay in the JSON state; people read these.

// German names the status of a component.
func (s ComponentStatus) German() string {
	switch s {
	case StatusOpen:
		return "offen"
	case StatusPassed:
		return "bestanden"
	case StatusFailedRetakePossible:
		return "nicht bestanden, Wiederholung möglich"
	case StatusFailedFinally:
		return "endgültig nicht bestanden"
	}
	return string(s)
}

// German names the status of the exam as a whole.
func (s OverallStatus) German() string {
	switch s {
	case OverallInProgress:
		return "Prüfung läuft"
	case OverallPassed:
		return "bestanden"
	case OverallLapsed:
		return "Prüfungsanspruch erloschen"
	case OverallFailedFinally:
		return "endgültig nicht bestanden"
	}
	return string(s)
}

// German names what the board decides on.
func (m Motion) German() string {
	switch m {
	case MotionAcceptReasons:
		return "Anerkennung der Gründe für Versäumnis oder Rücktritt (§9(2))"
	case MotionApproveHardshipRetake:
		return "Zweite Wiederholung im Härtefall (§6(2),(3))"
	case MotionExtendEntitlement:
		return "Verlängerung des Prüfungsanspruchs im Härtefall (§7(2))"
	case MotionFindCheating:
		return "Feststellung einer Täuschung (§8(1))"
	case MotionNameSubstituteExaminer:
		return "Bestellung eines anderen Prüfers (§3(2))"
	case MotionRecogniseEquivalent:
		return "Anerkennung einer gleichwertigen Prüfungsleistung bei höherer Gewalt (§3(5))"
	case MotionInvalidateCertificate:
		return "Ungültigkeit der Prüfung und Einziehung des Zeugnisses (§11)"
	}
	return string(m)
}

// Motions lists every motion the board decides on, in the order of the regulation.
func Motions() []Motion {
	return []Motion{MotionNameSubstituteExaminer, MotionRecogniseEquivalent, MotionApproveHardshipRetake, MotionExtendEntitlement,
		MotionFindCheating, MotionAcceptReasons, MotionInvalidateCertificate}
}

// AttemptStatusGerman names the status of an attempt (AttemptState.Status).
func AttemptStatusGerman(status string) string {
	switch status {
	case "registered":
		return "angemeldet"
	case "graded":
		return "bewertet"
	case "awaiting_reasons":
		return "versäumt, Gründe können angezeigt werden"
	case "reasons_pending":
		return "Gründe eingegangen, Entscheidung steht aus"
	case "excused":
		return "entschuldigt, zählt nicht"
	case "failed":
		return "nicht bestanden"
	}
	return status
}

// ActionGerman names what a candidate or the board may do next (Action.Action).
func ActionGerman(action string) string {
	switch action {
	case "register":
		return "Zur Prüfung anmelden"
	case "pay_fee":
		return "Gebühr entrichten"
	case "withdraw":
		return "Von der Prüfung zurücktreten"
	case "submit_reasons":
		return "Gründe für Versäumnis oder Rücktritt anzeigen"
	case "add_evidence":
		return "Beweismittel nachreichen"
	case "complete_reasons":
		return "Angaben für vollständig erklären"
	case "request_inspection":
		return "Einsicht in die Prüfungsunterlagen beantragen"
	case "apply_hardship":
		return "Zweite Wiederholung im Härtefall beantragen"
	case "apply_extension":
		return "Verlängerung des Prüfungsanspruchs beantragen"
	case "decide_reasons":
		return "Über die Gründe entscheiden"
	case "send_rejection_letter":
		return "Ablehnungsbescheid versenden"
	case "announce_result":
		return "Ergebnis bekannt geben"
	case "decide_hardship":
		return "Über den Härtefallantrag entscheiden"
	case "decide_extension":
		return "Über die Verlängerung entscheiden"
	case "issue_certificate":
		return "Zeugnis ausstellen"
	case "decide_invalidation":
		return "Über die Ungültigkeit entscheiden"
	case "delete_papers":
		return "Schriftliche Prüfungsleistungen löschen"
	}
	return action
}
