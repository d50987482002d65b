package demo

import (
	"context"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CompletionStore is what the demo needs to give people a completed
// training: a session of today and the trainer's walk-in list.
type CompletionStore interface {
	AddSession(ctx context.Context, actor wachsam.Actor, municipalityID int64, s *courses.Session) error
	AddWalkIn(ctx context.Context, actor wachsam.Actor, trainerID, sessionID, userID int64, day wachsam.Date, loc *time.Location) error
}

// loadCompletion shows the participation certificate: the round gets a
// short session earlier today in the home town hall, and its trainer
// records the demo member of staff and two colleagues present as walk-ins,
// so "Mein Schulungsstand" lists a completed training with its PDF and the
// coordinator finds it on the staff page. Completions come only from
// recorded attendance, and attendance only on the day, hence today: the
// session began two hours ago, or at 00:15 just after midnight.
func loadCompletion(ctx context.Context, st Store, r *courses.Round, accounts map[wachsam.Role]*wachsam.User, home []*wachsam.User, now time.Time) error {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	local := now.In(berlin)
	start := local.Truncate(15 * time.Minute).Add(-2 * time.Hour)
	if wachsam.DateIn(start, berlin) != wachsam.DateIn(local, berlin) {
		start = time.Date(local.Year(), local.Month(), local.Day(), 0, 15, 0, 0, berlin)
	}
	trainer, coordinator := accounts[wachsam.RoleTrainer], accounts[wachsam.RoleCoordinator]
	s := &courses.Session{RoundID: r.ID, StartsAt: start, EndsAt: start.Add(90 * time.Minute),
		Days: []wachsam.Date{wachsam.DateIn(start, berlin)}, Capacity: 12, HostMunicipalityID: *coordinator.MunicipalityID,
		Location: "Kleiner Sitzungssaal", TrainerID: trainer.ID}
	if err := st.AddSession(ctx, wachsam.UserActor(coordinator), *coordinator.MunicipalityID, s); err != nil {
		return err
	}
	for _, u := range []*wachsam.User{accounts[wachsam.RoleStaff], home[5], home[6]} {
		if err := st.AddWalkIn(ctx, wachsam.UserActor(trainer), trainer.ID, s.ID, u.ID, s.Days[0], berlin); err != nil {
			return err
		}
	}
	return nil
}
