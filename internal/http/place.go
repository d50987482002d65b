package http

import (
	"context"

	"github.com/wachsam/wachsam/courses"
)

// sessionPlaces names the place of each session by ID (courses.PlaceLabel),
// for the pages whose data has host municipality IDs but not their names.
func (s *Server) sessionPlaces(ctx context.Context, sessions []courses.Session) (map[int64]string, error) {
	all, err := s.directory.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(all))
	for _, m := range all {
		names[m.ID] = m.Name
	}
	places := make(map[int64]string, len(sessions))
	for _, sess := range sessions {
		places[sess.ID] = courses.PlaceLabel(sess.Online, sess.Location, names[sess.HostMunicipalityID])
	}
	return places, nil
}
