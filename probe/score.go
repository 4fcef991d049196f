package probe

import "math"

// Points per status, after internet.nl: a pass earns the full points, a
// warn half, a fail none. Info, skip and error earn nothing and cost
// nothing: error means "not measured", which must never look like a fail.
const (
	pointsPass = 10
	pointsWarn = 5
)

// Score fills r.Categories, r.Score and r.Grade from r.Checks (rules in
// SCORING.md). A check id reported several times (once per MX host) counts
// once, with its worst status.
func Score(r *DomainResult) {
	worst := map[string]Status{}
	category := map[string]string{}
	var order []string
	for _, c := range r.Checks {
		if info, ok := LookupCheck(c.ID); ok && !info.Scored {
			continue
		}
		if c.Status != Pass && c.Status != Warn && c.Status != Fail {
			continue
		}
		prev, seen := worst[c.ID]
		if !seen {
			order = append(order, c.ID)
			category[c.ID] = c.Category
		}
		if !seen || c.Status.Severity() > prev.Severity() {
			worst[c.ID] = c.Status
		}
	}
	type acc struct{ earned, max, passed, total int }
	cats := map[string]*acc{}
	for _, id := range order {
		a := cats[category[id]]
		if a == nil {
			a = &acc{}
			cats[category[id]] = a
		}
		a.max += pointsPass
		a.total++
		switch worst[id] {
		case Pass:
			a.earned += pointsPass
			a.passed++
		case Warn:
			a.earned += pointsWarn
		}
	}
	r.Categories = map[string]CategoryScore{}
	sum := 0.0
	for name, a := range cats {
		s := int(math.Round(float64(a.earned) / float64(a.max) * 100))
		r.Categories[name] = CategoryScore{Score: s, Passed: a.passed, Total: a.total}
		sum += float64(s)
	}
	if len(cats) == 0 {
		r.Score, r.Grade = 0, "-"
		return
	}
	r.Score = int(math.Round(sum / float64(len(cats))))
	r.Grade = Grade(r.Score)
}

// Grade maps an overall score to a letter.
func Grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 65:
		return "C"
	case score >= 50:
		return "D"
	}
	return "F"
}
