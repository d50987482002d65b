package exam

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

func TestPostalAddressLinesAndSalutation(t *testing.T) {
	a, err := PostalAddress{FormOfAddress: "Frau", Extra: " c/o  Amsel & Drossel ", Street: "Vogelweg 12", PostalCode: " 88212", City: "Ravensburg"}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Lines("Anna Amsel"); !slices.Equal(got, []string{"Frau Anna Amsel", "c/o Amsel & Drossel", "Vogelweg 12", "88212 Ravensburg"}) {
		t.Errorf("lines %q", got)
	}
	for form, want := range map[string]string{"Frau": "Sehr geehrte Frau Anna Amsel,", "Herr": "Sehr geehrter Herr Anna Amsel,", "": "Guten Tag Anna Amsel,"} {
		if got := (PostalAddress{FormOfAddress: form}).Salutation("Anna Amsel"); got != want {
			t.Errorf("%q: %q, want %q", form, got, want)
		}
	}
	if got := (PostalAddress{}).Lines("Anna Amsel"); !slices.Equal(got, []string{"Anna Amsel"}) {
		t.Errorf("no address: %q", got)
	}
	if z, err := (PostalAddress{Street: "  ", City: "\n"}).Normalize(); err != nil || !z.IsZero() {
		t.Errorf("blank address: %+v, %v", z, err)
	}
}

// Bad input gets a German message beside its field.
func TestPostalAddressRefusesBadInput(t *testing.T) {
	good := PostalAddress{Street: "Vogelweg 12", PostalCode: "88212", City: "Ravensburg"}
	long := strings.Repeat("x", AddressLineMax+1)
	for _, tc := range []struct {
		change func(*PostalAddress)
		field  string
	}{
		{func(a *PostalAddress) { a.FormOfAddress = "Divers" }, "form_of_address"},
		{func(a *PostalAddress) { a.Street = "" }, "street"},
		{func(a *PostalAddress) { a.Street = long }, "street"},
		{func(a *PostalAddress) { a.Extra = long }, "extra"},
		{func(a *PostalAddress) { a.PostalCode = "8821" }, "postal_code"},
		{func(a *PostalAddress) { a.PostalCode = "8821a" }, "postal_code"},
		{func(a *PostalAddress) { a.City = "" }, "city"},
		{func(a *PostalAddress) { a.City = strings.Repeat("y", AddressCityMax+1) }, "city"},
		{func(a *PostalAddress) { a.City = "Ulm 🙂" }, "city"},
		{func(a *PostalAddress) { a.Street = "Weg\x00 1" }, "street"},
	} {
		a := good
		tc.change(&a)
		_, err := a.Normalize()
		var e *wachsam.Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Code != wachsam.EINVALID || e.Message == "" {
			t.Errorf("%+v: error %v, want one for %s", a, err, tc.field)
		}
	}
	if _, err := (PostalAddress{FormOfAddress: "Herr", Street: "Münsterplatz 1", PostalCode: "89073", City: "Ulm (Donau)"}).Normalize(); err != nil {
		t.Errorf("umlauts and brackets refused: %v", err)
	}
}
