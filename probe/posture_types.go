package probe

import "time"

// Requirement statuses of a sender-requirement profile. A requirement is
// not measurable when DNS and TLS cannot show it (a message header, a spam
// rate) or when its checks were not measured in this run (error, skip,
// --sending-ip not given); its fix then says what to check and where.
const (
	Met           = "met"
	NotMet        = "not_met"
	NotMeasurable = "not_measurable"
)

// ProfileResult is one profile judged on one domain's result.
type ProfileResult struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
	AsOf   string `json:"as_of"`
	// Met is true when every requirement is met, false when any is not
	// met, and null (nil) when none fails but some are not measurable.
	Met          *bool               `json:"met"`
	Requirements []RequirementResult `json:"requirements"`
}

// RequirementResult is one requirement of a profile, judged.
type RequirementResult struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Status string   `json:"status"`
	Checks []string `json:"checks"`
	// Fix is the change that meets the requirement (not_met), or what to
	// check and where (not_measurable); empty when met.
	Fix string `json:"fix"`
}

// Count returns how many requirements have each status.
func (p ProfileResult) Count() (met, notMet, unmeasured int) {
	for _, r := range p.Requirements {
		switch r.Status {
		case Met:
			met++
		case NotMet:
			notMet++
		default:
			unmeasured++
		}
	}
	return
}

// BaselineRef names the earlier result a domain was compared with.
type BaselineRef struct {
	File string `json:"file"`
	// Found is false when the baseline holds no result for the domain;
	// Changes is then empty.
	Found    bool      `json:"found"`
	ProbedAt time.Time `json:"probed_at,omitzero"`
	Grade    string    `json:"grade,omitempty"`
	Score    int       `json:"score"`
}
