package exam

// The rule that applies: for each motion, the provisions of the regulation
// quoted word for word, so that the board reads on the case page what it
// decides by and the decision letter quotes what it rests on. The text is
// that of the regulation (seeds/004); a test checks every quotation against
// it. The typo "Prüfungsentcheidung" in §11(2) is the regulation's own.

// BoardRule is one provision of the regulation, quoted.
type BoardRule struct {
	Paragraph string `json:"paragraph"`
	Text      string `json:"text"`
}

// BoardAcademy is who speaks in a decision letter: the academy whose
// regulation it is and its examination board.
type BoardAcademy struct {
	Name  string // letterhead
	Board string // the board's name
	Place string // the academy's seat, for the letter's date line
}

// BoardAcademyOf returns the academy of a regulation.
func BoardAcademyOf(reg Regulation) BoardAcademy {
	if reg.ID == IDUdisISB2025 {
		return BoardAcademy{
			Name:  "udis Ulmer Akademie für Datenschutz und IT-Sicherheit gGmbH",
			Board: "Prüfungsausschuss für die Prüfung zu Informationssicherheitsbeauftragten – ISB (CISO)",
			Place: "Ulm",
		}
	}
	return BoardAcademy{Name: reg.Title, Board: "Prüfungsausschuss"}
}

// udisRule is a provision of the udis regulation in force from
// 01.09.2025, by paragraph.
func udisRule(paragraph string) string {
	switch paragraph {
	case "§3(2)":
		return "Prüfer im Seminar sind die Angehörigen des Lehrkörpers, die bei der Vorbereitung auf die Prüfung die entsprechende " +
			"Lehrveranstaltung eigenverantwortlich durchführen. Im Verhinderungsfall entscheidet der Prüfungsausschuss, wer Prüfer ist."
	case "§3(5)":
		return "Wenn es in Fällen höherer Gewalt udis unmöglich ist, die Prüfungsleistung in der vorgesehenen Form zu erbringen, " +
			"kann die Anerkennung gleichwertiger Prüfungsleistungen an ihre Stelle treten."
	case "§4(3)":
		return "Der Prüfungsausschuss kann einzelne Aufgaben seinem Vorsitzenden übertragen."
	case "§4(4)":
		return "Der Prüfungsausschuss ist beschlussfähig, wenn mindestens die Hälfte seiner Mitglieder an einer Abstimmung teilnehmen. " +
			"Der Prüfungsausschuss kann seine Beschlüsse auch im Umlaufverfahren fassen."
	case "§6(2)":
		return "In besonderen Härtefällen kann der Prüfungsausschuss auf Antrag des Kandidaten eine zweite Wiederholung von Prüfungsleistungen genehmigen."
	case "§6(3)":
		return "Ein besonderer Härtefall liegt nur vor, wenn der Kandidat die Gründe für das Nichtbestehen der Wiederholungsprüfung nicht zu " +
			"vertreten hat und wenn seine bisherigen Leistungen insgesamt die Erwartung begründen, dass er die Prüfung erfolgreich abschließen kann. " +
			"Anträge auf Anerkennung von Härtefällen bei Nichtbestehen der Wiederholungsprüfung müssen mit allen Beweismitteln spätestens " +
			"4 Wochen nach Bekanntgabe des Prüfungsergebnisses beim Vorsitzenden des Prüfungsausschusses eingegangen sein (Ausschlussfrist)."
	case "§6(4)":
		return "Eine dritte Wiederholung einer Prüfungsleistung ist ausgeschlossen."
	case "§7(1)":
		return "Der Prüfungsanspruch erlischt, wenn ein Kandidat 1. die Prüfung nicht innerhalb von 1 Jahr nach Ende des Seminars " +
			"erfolgreich abgeschlossen hat oder 2. eine Prüfungsleistung endgültig nicht bestanden hat."
	case "§7(2)":
		return "In Härtefällen kann der Prüfungsausschuss Ausnahmen von Absatz 1 Nr. 1 zulassen."
	case "§8(1)":
		return "Versucht ein Kandidat das Ergebnis seiner Prüfungsleistung oder das eines anderen Kandidaten durch Täuschung oder Benutzung " +
			"nicht zugelassener Hilfsmittel zu beeinflussen oder führt er nach Bekanntgabe der Aufgaben nicht zugelassene Hilfsmittel mit sich, " +
			"so gilt die betreffende Prüfungsleistung als \"nicht bestanden\"; die Feststellung trifft der Prüfungsausschuss auf Bericht des " +
			"zuständigen Prüfers oder Aufsichtsführenden."
	case "§9(1)":
		return "Eine Prüfungsleistung gilt als \"nicht bestanden\", wenn der Kandidat zu einem Prüfungstermin ohne triftige Gründe nicht " +
			"erscheint, oder wenn er nach der Anmeldung ohne triftige Gründe zurücktritt."
	case "§9(2)":
		return "Die Gründe für ein Versäumnis oder einen Rücktritt müssen dem Vorsitzenden des Prüfungsausschusses unverzüglich schriftlich " +
			"angezeigt und glaubhaft gemacht werden. Bei Krankheit hat der Kandidat ein ärztliches Attest über die Prüfungsunfähigkeit vorzulegen. " +
			"Spätestens 4 Wochen nach dem Versäumnis oder Rücktritt (Ausschlussfrist) müssen die schriftliche Begründung und die Beweismittel " +
			"beim Vorsitzenden des Prüfungsausschusses eingegangen sein. Über die Anerkennung der Gründe entscheidet der Prüfungsausschuss"
	case "§9(3)":
		return "Ablehnende Entscheidungen des Prüfungsausschusses sind dem Kandidaten schriftlich mitzuteilen."
	case "§11(1)":
		return "Hat der Kandidat bei einer Prüfungsleistung getäuscht und wird diese Tatsache erst nach der Aushändigung des Zeugnisses " +
			"bekannt, so kann der Prüfungsausschuss nachträglich die Prüfung ganz oder teilweise für \"nicht bestanden\" erklären."
	case "§11(2)":
		return "Waren die Voraussetzungen für die Zulassung zu einer Prüfungsleistung nicht erfüllt und wird diese Tatsache erst nach der " +
			"Erbringung der Prüfungsleistung bekannt, kann der Prüfungsausschuss die ergangene Prüfungsentcheidung zurücknehmen und " +
			"aussprechen, dass die Prüfungsleistung nicht erfolgreich erbracht wurde."
	case "§11(3)":
		return "Dem Kandidaten ist vor einer Entscheidung Gelegenheit zur Äußerung zu geben."
	case "§11(4)":
		return "Das unrichtige Zeugnis ist einzuziehen. Eine Entscheidung nach Abs. 1 und Abs. 2 ist nach einer Frist von 5 Jahren ab " +
			"dem Datum des Zeugnisses ausgeschlossen."
	}
	return ""
}

// motionParagraphs lists the provisions that apply to a motion.
func motionParagraphs(m Motion) []string {
	switch m {
	case MotionAcceptReasons:
		return []string{"§9(1)", "§9(2)", "§9(3)"}
	case MotionApproveHardshipRetake:
		return []string{"§6(2)", "§6(3)", "§6(4)"}
	case MotionExtendEntitlement:
		return []string{"§7(1)", "§7(2)"}
	case MotionFindCheating:
		return []string{"§8(1)"}
	case MotionNameSubstituteExaminer:
		return []string{"§3(2)"}
	case MotionRecogniseEquivalent:
		return []string{"§3(5)"}
	case MotionInvalidateCertificate:
		return []string{"§11(1)", "§11(2)", "§11(3)", "§11(4)"}
	}
	return nil
}

// BoardRulesFor quotes the provisions of reg that apply to a motion,
// followed by §4(4) on how the board decides. Another regulation than the
// udis preset has no quotations here: the list is then empty and pages say
// so rather than quote the wrong text.
func BoardRulesFor(reg Regulation, m Motion) []BoardRule {
	return quote(reg, append(motionParagraphs(m), "§4(4)"))
}

// BoardDelegationRules quotes the provisions of a delegation to the chair.
func BoardDelegationRules(reg Regulation) []BoardRule {
	return quote(reg, []string{"§4(3)", "§4(4)"})
}

func quote(reg Regulation, paras []string) []BoardRule {
	if reg.ID != IDUdisISB2025 {
		return []BoardRule{}
	}
	out := make([]BoardRule, 0, len(paras))
	for _, p := range paras {
		out = append(out, BoardRule{Paragraph: p, Text: udisRule(p)})
	}
	return out
}
