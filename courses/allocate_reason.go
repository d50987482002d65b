package courses

// UnplacedReason says why a person has no seat. The values are the English
// texts of the result file (../shared/contracts/allocation.md); German
// gives the text for the interface. The set is fixed and documented in
// docs/allocation.md.
type UnplacedReason string

const (
	// ReasonNoPreferences: the person ranked no session at all.
	ReasonNoPreferences UnplacedReason = "no preferences"
	// ReasonSessionsFull: every preferred session is at capacity.
	ReasonSessionsFull UnplacedReason = "all preferred sessions full"
	// ReasonMunicipalityQuota: in every preferred session the person's
	// municipality already sends its quota.
	ReasonMunicipalityQuota UnplacedReason = "municipality quota reached in all preferred sessions"
	// ReasonDepartmentCap: in every preferred session the person's
	// department already sends as many as its cap allows.
	ReasonDepartmentCap UnplacedReason = "department cap reached in all preferred sessions"
	// ReasonFullOrAtQuota: each preferred session is blocked by one of the
	// limits above, but not all by the same one.
	ReasonFullOrAtQuota UnplacedReason = "all preferred sessions full or at quota"
)

// German returns the reason as shown to coordinators and staff.
func (r UnplacedReason) German() string {
	switch r {
	case ReasonNoPreferences:
		return "keine Wunschtermine angegeben"
	case ReasonSessionsFull:
		return "alle Wunschtermine sind ausgebucht"
	case ReasonMunicipalityQuota:
		return "bei allen Wunschterminen ist das Kontingent der Kommune ausgeschöpft"
	case ReasonDepartmentCap:
		return "bei allen Wunschterminen ist die Obergrenze der Abteilung erreicht"
	case ReasonFullOrAtQuota:
		return "alle Wunschtermine sind ausgebucht oder das Kontingent ist ausgeschöpft"
	}
	return string(r)
}

// unplacedReason explains why members of g stay without a seat in the
// optimal flow. The flow is maximum, so the direct path group → (d, s) →
// (m, s) → s → sink is blocked for every preferred session s: at least one
// of its three limit arcs is saturated. Per session the limit named is the
// one that would have to change first: capacity before the municipality
// quota before the department cap (raising a cap behind a full session
// would not help).
func (net *allocationNetwork) unplacedReason(g *applicantGroup) UnplacedReason {
	preferences := net.groups.preferencesOf(g)
	if len(preferences) == 0 {
		return ReasonNoPreferences
	}
	var common UnplacedReason
	for _, s := range preferences {
		var binding UnplacedReason
		switch {
		case net.graph.saturated(net.sessionArc[s]):
			binding = ReasonSessionsFull
		case net.limitReached(&net.municipality, net.municipalityKey(g, s)):
			binding = ReasonMunicipalityQuota
		case net.limitReached(&net.department, net.departmentKey(g, s)):
			binding = ReasonDepartmentCap
		default:
			// Unreachable for a maximum flow; the general reason is still true.
			return ReasonFullOrAtQuota
		}
		if common != "" && common != binding {
			return ReasonFullOrAtQuota
		}
		common = binding
	}
	return common
}

// limitReached reports whether the limit under key is used up; a limit
// left out of the network (it cannot bind) never is.
func (net *allocationNetwork) limitReached(limits *unitSessionTable[limitNode], key int64) bool {
	limit := limits.get(key)
	return limit.node != 0 && net.graph.saturated(limit.out)
}
