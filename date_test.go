package wachsam

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateParsesAndFormats(t *testing.T) {
	d, err := ParseDate("2028-02-29")
	if err != nil || d.String() != "2028-02-29" || d.German() != "29.02.2028" {
		t.Fatalf("%v %v", d, err)
	}
	for _, bad := range []string{"2027-02-29", "29.02.2028", "2026-13-01", "", "2026-1-1"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestDateArithmeticIgnoresSummerTime(t *testing.T) {
	// 29 March 2026 has 23 hours in Berlin, 25 October 2026 has 25.
	if got := MustDate("2026-03-28").AddDays(2); got != MustDate("2026-03-30") {
		t.Fatalf("AddDays over the spring change: %v", got)
	}
	if n := MustDate("2026-10-24").DaysUntil(MustDate("2026-10-26")); n != 2 {
		t.Fatalf("DaysUntil over the autumn change: %d", n)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	end := MustDate("2026-03-29").EndIn(berlin)
	if end.UTC().Format(time.RFC3339) != "2026-03-29T22:00:00Z" {
		t.Fatalf("end of 29 March 2026 in Berlin is %v", end.UTC())
	}
	if got := DateIn(time.Date(2026, 10, 24, 22, 30, 0, 0, time.UTC), berlin); got != MustDate("2026-10-25") {
		t.Fatalf("the Berlin date of 22:30 UTC on 24 Oct is %v", got)
	}
}

func TestDateJSONAndDatabaseForms(t *testing.T) {
	var v struct{ D, Z Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-11-22","Z":null}`), &v); err != nil || v.D != MustDate("2026-11-22") || !v.Z.IsZero() {
		t.Fatalf("%+v %v", v, err)
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"D":"2026-11-22","Z":null}` {
		t.Fatalf("%s", out)
	}
	if err := json.Unmarshal([]byte(`{"D":20261122}`), &v); err == nil {
		t.Fatal("a number was accepted as a date")
	}
	var d Date
	for _, src := range []any{time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), "2026-11-22", []byte("2026-11-22 00:00:00+00:00")} {
		if err := d.Scan(src); err != nil || d != MustDate("2026-11-22") {
			t.Fatalf("Scan(%v) = %v, %v", src, d, err)
		}
	}
	if val, _ := d.Value(); val != "2026-11-22" {
		t.Fatalf("Value %v", val)
	}
	if val, _ := (Date{}).Value(); val != nil {
		t.Fatalf("zero Value %v", val)
	}
}

func TestDateCompare(t *testing.T) {
	a, b := MustDate("2026-11-22"), MustDate("2026-12-01")
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 || b.Compare(a) != 1 {
		t.Fatal("comparison")
	}
}

func TestErrorMessagesNeverLeakInternals(t *testing.T) {
	err := &Error{Code: EINTERNAL, Message: "pq: relation users does not exist"}
	if ErrorMessageOf(err) == err.Message {
		t.Fatal("internal detail shown to the user")
	}
	if ErrorCodeOf(FieldError("ags", "x")) != EINVALID {
		t.Fatal("codes")
	}
}

func TestAddMonthsClampsToTheEndOfTheMonth(t *testing.T) {
	for _, tc := range []struct {
		from   string
		months int
		want   string
	}{
		{"2027-01-31", 1, "2027-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2026-11-22", 2, "2027-01-22"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-01-15", -13, "2024-12-15"},
		{"2026-05-31", 60, "2031-05-31"},
	} {
		if got := MustDate(tc.from).AddMonths(tc.months); got != MustDate(tc.want) {
			t.Errorf("%s %+d months = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
}
