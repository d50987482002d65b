package demo

import (
	"context"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// EvidenceStore is what the demo needs to set up the towns' training
// concepts; *store.DB implements it.
type EvidenceStore interface {
	EvidenceSettings(ctx context.Context, municipalityID int64) (evidence.Settings, error)
	SaveEvidenceSettings(ctx context.Context, actor wachsam.Actor, municipalityID int64, s evidence.Settings) error
}

// mayors sign the demo towns' concepts; invented like the towns.
var mayors = [...]string{"Bürgermeisterin Dr. Helga Lind", "Bürgermeister Jonas Eich", "Bürgermeisterin Rita Buche"}

// loadEvidence gives every demo town a training concept approved by its
// mayor two months ago, due for review in a year: what an auditor asks for
// first (CISIS12 step 2, ORP.3.A4). People stay pseudonymous, the default.
func loadEvidence(ctx context.Context, st Store, towns []*wachsam.Municipality, now time.Time) error {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	approved := wachsam.DateIn(now, berlin).AddMonths(-2)
	for i, town := range towns {
		s, err := st.EvidenceSettings(ctx, town.ID)
		if err != nil {
			return err
		}
		s.Title = "Schulungskonzept Informationssicherheit " + town.Name
		s.ApprovedBy = mayors[i%len(mayors)]
		s.ApprovedOn = approved
		s.ReviewOn = approved.AddMonths(12)
		s.Notes = "Alle Beschäftigten nehmen jährlich an einer Präsenz- oder Onlineschulung teil; " +
			"die Termine teilen sich die Nachbarkommunen, damit jedes Rathaus geöffnet bleibt."
		if err := st.SaveEvidenceSettings(ctx, wachsam.SystemActor("demo"), town.ID, s); err != nil {
			return err
		}
	}
	return nil
}
