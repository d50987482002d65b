package courses

import (
	"reflect"
	"testing"
)

// TestParseStaffCSVHeader: a header without a required column, or with a
// column twice, is one problem on the header's line, and no row is read.
func TestParseStaffCSVHeader(t *testing.T) {
	tests := []struct {
		name, data string
		want       RowProblem
	}{
		{"email and department missing", "Vorname;Nachname;Telefon\nMax;Muster;0711\n",
			RowProblem{1, "header", "Es fehlen die Spalten „E-Mail“ und „Abteilung“. Gefundene Spalten: „Vorname“, „Nachname“, „Telefon“."}},
		{"Vorname without Nachname", "Vorname;Mail;Amt\n",
			RowProblem{1, "header", "Es fehlt die Spalte „Nachname“. Gefundene Spalten: „Vorname“, „Mail“, „Amt“."}},
		{"no name at all", "E-Mail;Abteilung;Nachname\n",
			RowProblem{1, "header", "Es fehlt die Spalte „Name“ (oder „Vorname“ und „Nachname“). Gefundene Spalten: „E-Mail“, „Abteilung“, „Nachname“."}},
		{"first person instead of a header", "Max Muster;max@muster.de;Bauamt\n",
			RowProblem{1, "header", "Es fehlen die Spalten „E-Mail“, „Name“ (oder „Vorname“ und „Nachname“) und „Abteilung“. Gefundene Spalten: „Max Muster“, „max@muster.de“, „Bauamt“. Die erste Zeile muss die Spaltenüberschriften enthalten, nicht schon die erste Person."}},
		{"column twice under two aliases", "Name;E-Mail;Email;Abteilung\nMax;a@muster.de;b@muster.de;Bauamt\n",
			RowProblem{1, "header", "Die Spalte „E-Mail“ kommt mehrmals vor (Spalten B und C). Bitte lassen Sie nur eine davon stehen."}},
		{"header after blank lines", "\r\n\r\nName;E-Mail\r\n",
			RowProblem{3, "header", "Es fehlt die Spalte „Abteilung“. Gefundene Spalten: „Name“, „E-Mail“."}},
		{"unreadable header", "Name;\"E-Mail;Abteilung\nMax;max@muster.de;Bauamt\n",
			RowProblem{1, "header", `Die Kopfzeile kann nicht gelesen werden. Die Anführungszeichen (") in dieser Zeile passen nicht zusammen: Ein Wert in Anführungszeichen muss mit einem Anführungszeichen enden, und ein Anführungszeichen im Wert wird verdoppelt (""). Deshalb wurde alles bis Zeile 2 als Teil dieser Zeile gelesen.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := ParseStaffCSV([]byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if want := []RowProblem{tt.want}; !reflect.DeepEqual(imp.Problems, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", staffProblemLines(imp.Problems), staffProblemLines(want))
			}
			if imp.Rows != nil || imp.Ignored != nil {
				t.Errorf("rows %v, ignored %q beside a header problem", imp.Rows, imp.Ignored)
			}
		})
	}
}

// TestStaffCSVHeaderAliases: every accepted spelling, in any case, with
// stray spaces, punctuation and umlauts spelled either way.
func TestStaffCSVHeaderAliases(t *testing.T) {
	for header, want := range map[string]int{
		"E-Mail": staffColEmail, " email ": staffColEmail, "Mail": staffColEmail, "E-Mail-Adresse": staffColEmail, "E‑Mail*": staffColEmail,
		"NAME": staffColName, "Vorname": staffColFirst, "Nachname": staffColLast,
		"Abteilung": staffColDepartment, "Organisationseinheit": staffColDepartment, "AMT": staffColDepartment, "Fachbereich": staffColDepartment,
		"Personalnummer": staffColStaffNumber, "Personal-Nr.": staffColStaffNumber, "PersNr": staffColStaffNumber, "Pers.-Nr.": staffColStaffNumber,
	} {
		if got, ok := staffHeaderAliases[staffHeaderKey(header)]; !ok || got != want {
			t.Errorf("header %q → %d, %v; want %d", header, got, ok, want)
		}
	}
	if staffHeaderKey("Straße, Größe") != staffHeaderKey("STRASSE GROESSE") {
		t.Errorf("umlauts and ß do not fold: %q", staffHeaderKey("Straße, Größe"))
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := staffColumnLetter(i); got != want {
			t.Errorf("staffColumnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}
