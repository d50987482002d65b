package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The office stores a candidate's postal address (audited, refused bad
// input changes nothing), and the board's decision letter prints it in the
// window with the formal salutation; without an address the letter says
// "Guten Tag".
func TestCandidateAddressReachesTheDecisionLetter(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		cand := w.a.Candidates[0]
		office := wachsam.UserActor(w.a.Office)
		audits := func() int {
			n, err := db.NewSelect().Table("audit_entries").Where("action = ?", "exam_candidate.address").Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		if _, err := db.SetCandidateAddress(ctx, office, cand.ID, exam.PostalAddress{Street: "Vogelweg 12", PostalCode: "882", City: "Ravensburg"}); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a four-digit postal code: %v", err)
		}
		if a, err := db.CandidateAddress(ctx, cand.ID); err != nil || !a.IsZero() || audits() != 0 {
			t.Fatalf("after the refusal: %+v, %v, %d audit entries", a, err, audits())
		}
		if _, err := db.SetCandidateAddress(ctx, office, 999999, exam.PostalAddress{Street: "Vogelweg 12", PostalCode: "88212", City: "Ravensburg"}); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("an unknown candidate: %v", err)
		}
		want := exam.PostalAddress{FormOfAddress: "Frau", Street: "Vogelweg 12", PostalCode: "88212", City: "Ravensburg"}
		for range 2 { // the second time updates the row
			if got, err := db.SetCandidateAddress(ctx, office, cand.ID, want); err != nil || got != want {
				t.Fatalf("SetCandidateAddress = %+v, %v", got, err)
			}
		}
		if got, err := db.CandidateAddress(ctx, cand.ID); err != nil || got != want || audits() != 2 {
			t.Fatalf("stored %+v, %v; %d audit entries", got, err, audits())
		}

		id := w.cheatingCase(0)
		w.vote(0, id, exam.BoardYes)
		w.vote(3, id, exam.BoardYes)
		if _, err := w.close(id); err != nil {
			t.Fatal(err)
		}
		l := w.letters[len(w.letters)-1]
		name := w.a.Users[0].Name
		if !slices.Equal(l.Recipient, []string{"Frau " + name, "Vogelweg 12", "88212 Ravensburg"}) || l.Salutation != "Sehr geehrte Frau "+name+"," {
			t.Errorf("letter to %q, %q", l.Recipient, l.Salutation)
		}
		if l.ReturnAddress == "" || l.Date.IsZero() {
			t.Errorf("letter without return address or date: %+v", l)
		}

		// Removing the address: the next letter names the candidate and greets neutrally.
		if got, err := db.SetCandidateAddress(ctx, office, cand.ID, exam.PostalAddress{}); err != nil || !got.IsZero() || audits() != 3 {
			t.Fatalf("removing: %+v, %v, %d audit entries", got, err, audits())
		}
		l, err := db.CandidateBoardLetter(ctx, w.a.Users[0].ID, cand.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if l.Recipient[0] != name || l.Salutation != "Guten Tag "+name+"," {
			t.Errorf("letter without address: %q, %q", l.Recipient, l.Salutation)
		}
	})
}
