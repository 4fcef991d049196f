package probe

import (
	"sort"
	"strings"

	"github.com/mailpick/mailpick/msg"
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
	Summary     string      `json:"summary"`
	SummaryCode msg.Message `json:"summary_code,omitzero"`
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
			out = append(out, changed(Change{ID: id, From: Absent, To: string(cc.Status), Direction: Changed},
				m("change.new", "status", statusWord(cc.Status), "summary", summaryOf(cc))))
		case !inC:
			why := m("change.gone_check")
			if _, known := LookupCheck(id); known {
				why = m("change.not_reported")
			}
			out = append(out, changed(Change{ID: id, From: string(bc.Status), To: Absent, Direction: Changed},
				m("change.gone", "why", why, "status", statusWord(bc.Status), "summary", summaryOf(bc))))
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
			code := "change.status"
			if !judged(cc.Status) && judged(bc.Status) {
				code = "change.unjudged"
			}
			out = append(out, changed(ch, m(code, "from", statusWord(bc.Status), "to", statusWord(cc.Status), "summary", summaryOf(cc))))
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

// changed sets a change's summary.
func changed(ch Change, x msg.Message) Change {
	ch.SummaryCode, ch.Summary = x, msg.Render("en", x)
	return ch
}

// statusWord is a status as a word of the report's language ("pass",
// "合格"); an unknown one stays as written.
func statusWord(s Status) any {
	if msg.Has("posture.st_" + string(s)) {
		return msg.New("posture.st_" + string(s))
	}
	return string(s)
}

// summaryOf is a check's summary as a message when it has one (a result
// of an older mailpick has only the sentence).
func summaryOf(c Check) any {
	if c.SummaryCode.IsZero() {
		return c.Summary
	}
	return c.SummaryCode
}
