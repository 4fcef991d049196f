package probe

import "github.com/mailpick/mailpick/scoring/posture"

// Facts reduces probe results to the posture facts a decision uses: each
// domain's check ids and statuses.
func Facts(results []DomainResult) []posture.Domain {
	out := make([]posture.Domain, len(results))
	for i, r := range results {
		d := posture.Domain{Name: r.Domain, Checks: make([]posture.Check, len(r.Checks))}
		for j, c := range r.Checks {
			d.Checks[j] = posture.Check{ID: c.ID, Status: posture.Status(c.Status)}
		}
		out[i] = d
	}
	return out
}
