package courses

import "strings"

// PlaceLabel names where a session happens. Every page, mail, calendar
// entry and PDF uses it, so a person reads the same place everywhere, and
// the place always names the town: a session on site is held in the host
// municipality's town hall (DESIGN §4), and its location is the room there.
//
//	online, ""                            → "online"
//	online, "Link folgt per E-Mail"       → "online: Link folgt per E-Mail"
//	on site, "", host Musterstadt         → "Rathaus Musterstadt"
//	on site, "Raum 2.14", host Musterstadt → "Rathaus Musterstadt, Raum 2.14"
//	on site, "Musterstadt, Bürgersaal"    → as given: it names the town already
func PlaceLabel(online bool, location, host string) string {
	location, host = strings.TrimSpace(location), strings.TrimSpace(host)
	switch {
	case online && location == "":
		return "online"
	case online:
		return "online: " + location
	case host == "":
		return location
	case location == "":
		return "Rathaus " + host
	case strings.Contains(strings.ToLower(location), strings.ToLower(host)):
		return location
	}
	return "Rathaus " + host + ", " + location
}
