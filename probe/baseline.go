package probe

import (
	"fmt"
	"sort"
	"strings"
)

// Absent stands for a check one side of a comparison does not have: a
// check added or removed between mailpick versions, or one a run did not
// report. It is never a regression.
const Absent = "absent"

// Change is one check whose status differs from the baseline's.
type Change struct {
	ID   string `json:"id"`
	From string `json:"from"` // a Status, or "absent"
	To   string `json:"to"`
	// Summary says what changed, with the current finding.
	Summary string `json:"summary"`
	// Direction is "worse", "better" or "changed" (a check that was or is
	// not judged: info, skip, error, absent).
	Direction string `json:"direction"`
}

// Directions of a change.
const (
	Worse   = "worse"
	Better  = "better"
	Changed = "changed"
)

// Compare lists the checks whose status differs between base (an earlier
// run, possibly of an older mailpick) and cur, worst first: regressions by
// how far they fell, then changes that are neither better nor worse, then
// improvements, the largest last. A check id reported several times (once
// per MX address) counts once, with its worst status, as in scoring.
func Compare(base, cur DomainResult) []Change {
	b, bOrder := worstByID(base.Checks)
	c, cOrder := worstByID(cur.Checks)
	ids := append([]string{}, cOrder...)
	for _, id := range bOrder {
		if _, ok := c[id]; !ok {
			ids = append(ids, id)
		}
	}
	out := []Change{}
	delta := map[string]int{}
	for _, id := range ids {
		bc, inB := b[id]
		cc, inC := c[id]
		switch {
		case inB && inC && bc.Status == cc.Status:
			continue
		case !inB:
			out = append(out, Change{ID: id, From: Absent, To: string(cc.Status), Direction: Changed,
				Summary: fmt.Sprintf("not in the baseline (a check that run did not have); now %s: %s", cc.Status, cc.Summary)})
		case !inC:
			why := "this mailpick no longer has this check"
			if _, known := LookupCheck(id); known {
				why = "not reported by this run"
			}
			out = append(out, Change{ID: id, From: string(bc.Status), To: Absent, Direction: Changed,
				Summary: fmt.Sprintf("%s; it was %s: %s", why, bc.Status, bc.Summary)})
		default:
			ch := Change{ID: id, From: string(bc.Status), To: string(cc.Status), Direction: Changed}
			if judged(bc.Status) && judged(cc.Status) {
				d := cc.Status.Severity() - bc.Status.Severity()
				delta[id] = d
				if d > 0 {
					ch.Direction = Worse
				} else {
					ch.Direction = Better
				}
			}
			ch.Summary = fmt.Sprintf("%s → %s: %s", bc.Status, cc.Status, cc.Summary)
			if !judged(cc.Status) && judged(bc.Status) {
				ch.Summary = fmt.Sprintf("%s → %s (not judged now, so not a regression): %s", bc.Status, cc.Status, cc.Summary)
			}
			out = append(out, ch)
		}
	}
	rank := map[string]int{}
	for i, id := range ids {
		rank[id] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := delta[out[i].ID], delta[out[j].ID]
		if di != dj {
			return di > dj
		}
		return rank[out[i].ID] < rank[out[j].ID]
	})
	return out
}

// Regressions returns the changes that got worse.
func Regressions(cs []Change) []Change {
	var out []Change
	for _, c := range cs {
		if c.Direction == Worse {
			out = append(out, c)
		}
	}
	return out
}

func judged(s Status) bool { return s == Pass || s == Warn || s == Fail }

// worstByID keeps, per check id, the check with the worst status, and the
// ids in first-seen order. Among unjudged statuses error outranks skip and
// info, so a measurement lost since the baseline shows.
func worstByID(checks []Check) (map[string]Check, []string) {
	out := map[string]Check{}
	var order []string
	for _, c := range checks {
		c.ID = strings.TrimSpace(c.ID)
		prev, ok := out[c.ID]
		if !ok {
			order = append(order, c.ID)
			out[c.ID] = c
			continue
		}
		if worseThan(c.Status, prev.Status) {
			out[c.ID] = c
		}
	}
	return out, order
}

func worseThan(a, b Status) bool {
	rank := func(s Status) int {
		switch s {
		case Fail:
			return 6
		case Warn:
			return 5
		case Pass:
			return 4
		case Error:
			return 3
		case Info:
			return 2
		case Skip:
			return 1
		}
		return 0
	}
	return rank(a) > rank(b)
}
