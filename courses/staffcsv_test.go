package courses

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/wachsam/wachsam"
)

func readStaffCSVFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/staffcsv/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// staffCP1252 encodes test text as German Excel writes "CSV (Trennzeichen-getrennt)".
func staffCP1252(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseStaffCSVValid: files as Excel and LibreOffice write them come
// back as rows, with the encoding and delimiter that were detected.
func TestParseStaffCSVValid(t *testing.T) {
	row := func(line int, name, email, dept, nr string) StaffRow {
		return StaffRow{Line: line, Name: name, Email: email, Department: dept, StaffNumber: nr}
	}
	tests := []struct {
		name    string
		data    []byte
		enc     string
		delim   rune
		rows    []StaffRow
		ignored []string
	}{
		{"semicolon UTF-8 with BOM, CRLF, multiline, Vorname/Nachname", readStaffCSVFile(t, "excel_utf8_bom.csv"), "UTF-8", ';', []StaffRow{
			row(2, "Jürgen Müller", "juergen.mueller@musterstadt.de", "Bürgerbüro", "0042"),
			row(3, "Anna Schmidt; geb. Groß", "anna.schmidt@musterstadt.de", "Kämmerei", "0043"),
			row(5, "Hans Peter Weiß", "hans-peter.weiss@musterstadt.de", "Amt für Umwelt", "0044"),
			row(8, "Ayşe Öztürk", "ayse.oeztuerk@musterstadt.de", "Ordnungsamt", "0045"),
		}, []string{"Bemerkung"}},
		{"comma, LF, Name column", readStaffCSVFile(t, "libreoffice_comma.csv"), "UTF-8", ',', []StaffRow{
			row(2, "Mustermann, Max", "max.mustermann@musterstadt.de", "Bauamt", ""),
			row(3, "Erika Musterfrau", "erika@musterstadt.de", "Schulen, Kultur und Sport", ""),
		}, []string{"Telefon"}},
		{"Windows-1252 file", readStaffCSVFile(t, "excel_windows1252.csv"), "Windows-1252", ';', []StaffRow{
			row(2, "Jürgen Größ", "j.groess@musterstadt.de", "Stadtkasse (€)", "17"),
			row(3, "Sören Weiß-Äbele", "s.weiss@musterstadt.de", "Bürgerbüro", ""),
		}, nil},
		{"Windows-1252 from the encoder, aliases in any order", staffCP1252(t, "Fachbereich;MAIL;  Nachname ;Vorname;Personalnummer\r\nSoziales;Joerg.Dass@Musterstadt.de;Daß;Jörg;\r\n"),
			"Windows-1252", ';', []StaffRow{row(2, "Jörg Daß", "joerg.dass@musterstadt.de", "Soziales", "")}, nil},
		{"header only", []byte("Name;E-Mail;Abteilung\r\n"), "UTF-8", ';', nil, nil},
		{"tab, Amt, Personal-Nr.", []byte("Name\tE-Mail\tAmt\tPersonal-Nr.\nMax Muster\tmax@muster.de\tBauamt\t\n"), "UTF-8", '\t',
			[]StaffRow{row(2, "Max Muster", "max@muster.de", "Bauamt", "")}, nil},
		{"semicolons inside quotes do not decide the delimiter", []byte("\"Notiz; intern; alt\",Name,Email,Abteilung\n\"a;b;c\",Max Muster,max@muster.de,Bauamt\n"), "UTF-8", ',',
			[]StaffRow{row(2, "Max Muster", "max@muster.de", "Bauamt", "")}, []string{"Notiz; intern; alt"}},
		{"Excel sep= line keeps physical line numbers", []byte("sep=,\r\nName,E-Mail,Abteilung\r\nMax Muster,max@muster.de,Bauamt\r\n"), "UTF-8", ',',
			[]StaffRow{row(3, "Max Muster", "max@muster.de", "Bauamt", "")}, nil},
		{"blank lines before the header, trailing empty columns", []byte("\n;;;\nName;E-Mail;Abteilung;;\nMax Muster;max@muster.de;Bauamt;;\n;;;;\n\n"), "UTF-8", ';',
			[]StaffRow{row(4, "Max Muster", "max@muster.de", "Bauamt", "")}, nil},
		{"old Mac line ends", []byte("Name;E-Mail;Abteilung\rMax Muster;max@muster.de;Bauamt\r"), "UTF-8", ';',
			[]StaffRow{row(2, "Max Muster", "max@muster.de", "Bauamt", "")}, nil},
		{"Name beside Vorname is the surname", []byte("Name;Vorname;E-Mail;Abteilung\nMüller;Jürgen;j@muster.de;Bauamt\n"), "UTF-8", ';',
			[]StaffRow{row(2, "Jürgen Müller", "j@muster.de", "Bauamt", "")}, nil},
		{"Name unused beside Vorname and Nachname", []byte("Name;Vorname;Nachname;E-Mail;Abteilung\nJ. M.;Jürgen;Müller;j@muster.de;Bauamt\n"), "UTF-8", ';',
			[]StaffRow{row(2, "Jürgen Müller", "j@muster.de", "Bauamt", "")}, []string{"Name"}},
		{"Nachname unused beside Name", []byte("Name;Nachname;E-Mail;Abteilung\nJürgen Müller;Müller;j@muster.de;Bauamt\n"), "UTF-8", ';',
			[]StaffRow{row(2, "Jürgen Müller", "j@muster.de", "Bauamt", "")}, []string{"Nachname"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := ParseStaffCSV(tt.data)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(imp.Problems) > 0 {
				t.Fatalf("problems: %v", imp.Problems)
			}
			if imp.Encoding != tt.enc || imp.Delimiter != tt.delim {
				t.Errorf("encoding %q delimiter %q, want %q %q", imp.Encoding, imp.Delimiter, tt.enc, tt.delim)
			}
			if !reflect.DeepEqual(imp.Rows, tt.rows) {
				t.Errorf("rows\n got %+v\nwant %+v", imp.Rows, tt.rows)
			}
			if !reflect.DeepEqual(imp.Ignored, tt.ignored) {
				t.Errorf("ignored %q, want %q", imp.Ignored, tt.ignored)
			}
		})
	}
}

// TestParseStaffCSVProblems: every kind of row mistake is reported on the
// physical line where its record starts, later rows are still read, and
// the valid rows come back beside the problems.
func TestParseStaffCSVProblems(t *testing.T) {
	imp, err := ParseStaffCSV(readStaffCSVFile(t, "problems.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []RowProblem{
		{2, "email", "Die E-Mail-Adresse „max.mustermann@“ ist ungültig."},
		{3, "name", "Der Name fehlt."},
		{4, "department", "Die Abteilung fehlt."},
		{8, "", "Die Zeile hat 3 Spalten, die Kopfzeile aber 4 Spalten. Vermutlich fehlen Werte am Ende der Zeile."},
		{9, "email", "Die E-Mail-Adresse „eva@musterstadt.de“ steht schon in Zeile 5. Jede Person darf nur einmal in der Liste stehen."},
		{10, "", "Die Zeile hat 5 Spalten, die Kopfzeile aber 4 Spalten. Vermutlich enthält ein Wert ein Semikolon und steht nicht in Anführungszeichen."},
		{11, "", `Ein Wert enthält ein Anführungszeichen ("), steht aber selbst nicht in Anführungszeichen. Bitte entfernen Sie das Zeichen oder speichern Sie die Datei erneut aus der Tabellenkalkulation.`},
		{12, "email", "In „Max Mustermann <max@musterstadt.de>“ steht mehr als die E-Mail-Adresse. Bitte tragen Sie nur die Adresse ein, also „max@musterstadt.de“."},
		{13, "email", "Die E-Mail-Adresse „lisa@localhost“ ist ungültig."},
		{14, "email", "Die E-Mail-Adresse „kaputt“ ist ungültig."},
		{14, "name", "Der Name fehlt."},
		{14, "department", "Die Abteilung fehlt."},
		{17, "", `Die Anführungszeichen (") in dieser Zeile passen nicht zusammen: Ein Wert in Anführungszeichen muss mit einem Anführungszeichen enden, und ein Anführungszeichen im Wert wird verdoppelt (""). Deshalb wurde alles bis Zeile 18 als Teil dieser Zeile gelesen.`},
	}
	if !reflect.DeepEqual(imp.Problems, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", staffProblemLines(imp.Problems), staffProblemLines(want))
	}
	var lines []int
	for _, r := range imp.Rows {
		lines = append(lines, r.Line)
	}
	if !reflect.DeepEqual(lines, []int{5, 16}) {
		t.Errorf("valid rows on lines %v, want [5 16]", lines)
	}
}

func staffProblemLines(ps []RowProblem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Field + "\t" + p.String() + "\n")
	}
	return b.String()
}

// TestParseStaffCSVFieldRules: the limits of single values.
func TestParseStaffCSVFieldRules(t *testing.T) {
	const header = "Name;E-Mail;Abteilung;PersNr\n"
	tests := []struct {
		name, row string
		want      []RowProblem // nil: the row is valid
	}{
		{"name of 200 characters", strings.Repeat("ä", 200) + ";a@muster.de;Bauamt;", nil},
		{"name of 201 characters", strings.Repeat("ä", 201) + ";a@muster.de;Bauamt;", []RowProblem{{2, "name", "Der Name ist zu lang (höchstens 200 Zeichen)."}}},
		{"department of 201 characters", "Max;a@muster.de;" + strings.Repeat("x", 201) + ";", []RowProblem{{2, "department", "Die Abteilung ist zu lang (höchstens 200 Zeichen)."}}},
		{"staff number of 41 characters", "Max;a@muster.de;Bauamt;" + strings.Repeat("1", 41), []RowProblem{{2, "staff_number", "Die Personalnummer ist zu lang (höchstens 40 Zeichen)."}}},
		{"name the documents cannot print", "李小龍;a@muster.de;Bauamt;", []RowProblem{{2, "name", "Der Name enthält das Zeichen „李“ (U+674E), das die PDF-Dokumente (Teilnahmelisten, Nachweisbericht) nicht drucken können. Möglich sind lateinische, griechische und kyrillische Buchstaben."}}},
		{"name in Greek", "Ελένη Παπαδοπούλου;b@muster.de;Bauamt;", nil},
		{"name in Cyrillic", "Юлия Иванова;c@muster.de;Bauamt;", nil},
		{"decomposed umlaut", "Ju\u0308rgen Weiß;d@muster.de;Bauamt;", nil},
		{"control character in a name", "Max\x01;a@muster.de;Bauamt;", []RowProblem{{2, "name", "Der Name enthält unzulässige Steuerzeichen."}}},
		{"email missing", "Max;  ;Bauamt;", []RowProblem{{2, "email", "Die E-Mail-Adresse fehlt."}}},
		{"email in angle brackets", "Max;<a@muster.de>;Bauamt;", []RowProblem{{2, "email", "Die E-Mail-Adresse „<a@muster.de>“ ist ungültig."}}},
		{"email with underscore in domain", "Max;a@mus_ter.de;Bauamt;", []RowProblem{{2, "email", "Die E-Mail-Adresse „a@mus_ter.de“ ist ungültig."}}},
		{"two emails in one cell", "Max;\"a@muster.de; b@muster.de\";Bauamt;", []RowProblem{{2, "email", "Die E-Mail-Adresse „a@muster.de; b@muster.de“ ist ungültig."}}},
		{"long value is shortened in the message", "Max;" + strings.Repeat("a", 70) + ";Bauamt;", []RowProblem{{2, "email", "Die E-Mail-Adresse „" + strings.Repeat("a", 60) + "…“ ist ungültig."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := ParseStaffCSV([]byte(header + tt.row + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(imp.Problems, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", staffProblemLines(imp.Problems), staffProblemLines(tt.want))
			}
			if wantRows := len(tt.want) == 0; (len(imp.Rows) == 1) != wantRows {
				t.Errorf("rows %+v", imp.Rows)
			}
		})
	}
}

func TestStaffCSVRowProblemString(t *testing.T) {
	p := RowProblem{Line: 7, Field: "email", Message: "Die E-Mail-Adresse „max.mustermann@“ ist ungültig."}
	if got, want := p.String(), "Zeile 7: Die E-Mail-Adresse „max.mustermann@“ ist ungültig."; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// staffCSVDomainError asserts the form of every whole-file error.
func staffCSVDomainError(t *testing.T, err error) *wachsam.Error {
	t.Helper()
	var e *wachsam.Error
	if !errors.As(err, &e) || e.Code != wachsam.EINVALID || e.Message == "" {
		t.Fatalf("error %v is not an EINVALID domain error", err)
	}
	return e
}

// TestParseStaffCSVFileErrors: files that cannot be read at all are one
// domain error, telling the coordinator how to save the file instead.
func TestParseStaffCSVFileErrors(t *testing.T) {
	many := func(n int) []byte {
		var b strings.Builder
		b.WriteString("Name;E-Mail;Abteilung\r\n")
		for range n {
			b.WriteString("Max;max@muster.de;Bauamt\r\n;;\r\n") // blank rows do not count
		}
		return []byte(b.String())
	}
	tests := []struct {
		name string
		data []byte
		want string // a part of the message
	}{
		{"empty", nil, "Die Datei ist leer."},
		{"only a BOM and line ends", []byte("\xEF\xBB\xBF\r\n\r\n"), "Die Datei ist leer."},
		{"UTF-16 LE", []byte("\xFF\xFEN\x00a\x00m\x00e\x00"), "„CSV UTF-8 (durch Trennzeichen getrennt)“"},
		{"UTF-16 BE", []byte("\xFE\xFF\x00N\x00a\x00m\x00e"), "„CSV UTF-8 (durch Trennzeichen getrennt)“"},
		{"UTF-16 LE without BOM", []byte("N\x00a\x00m\x00e\x00;\x00M\x00a\x00i\x00l\x00"), "UTF-16"},
		{"XLSX", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"), "Bitte speichern Sie die Tabelle als CSV-Datei."},
		{"XLS", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), "Bitte speichern Sie die Tabelle als CSV-Datei."},
		{"PDF", []byte("%PDF-1.7\n"), "PDF"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "Bitte speichern Sie die Tabelle als CSV-Datei."},
		{"BOM but not UTF-8", []byte("\xEF\xBB\xBFName;E-Mail;Abteilung\r\nJ\xFCrgen;j@muster.de;Bauamt\r\n"), "als UTF-8 gekennzeichnet"},
		{"no header", []byte(";;;\r\n ; ;\r\n"), "keine Kopfzeile"},
		{"too many rows", many(MaxStaffCSVRows + 1), "mehr als 20.000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := ParseStaffCSV(tt.data)
			e := staffCSVDomainError(t, err)
			if !strings.Contains(e.Message, tt.want) {
				t.Errorf("message %q does not contain %q", e.Message, tt.want)
			}
			if !reflect.DeepEqual(imp, StaffImport{}) {
				t.Errorf("import %+v beside an error", imp)
			}
		})
	}
	imp, err := ParseStaffCSV(many(MaxStaffCSVRows))
	if err != nil || len(imp.Rows) != 1 || len(imp.Problems) != MaxStaffCSVRows-1 {
		t.Errorf("%d rows: err %v, %d rows, %d problems", MaxStaffCSVRows, err, len(imp.Rows), len(imp.Problems))
	}
}
