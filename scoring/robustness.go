package scoring

import (
	"math"

	"github.com/mailpick/mailpick/msg"
)

// Tipping is the smallest change of one criterion's weight (the others
// rescaled in proportion, as in WeightThreshold) that changes the winner:
// of the one-at-a-time thresholds, the one nearest to the weight given.
// Page 1 of a report states it beside the win probability, so a reader
// sees how far the decision is from flipping.
type Tipping struct {
	Criterion string  `json:"criterion"`
	From      float64 `json:"from"`             // normalised weight given
	To        float64 `json:"to"`               // normalised weight at which the winner changes
	RawFrom   float64 `json:"raw_from"`         // the [weights] value given
	RawTo     float64 `json:"raw_to,omitempty"` // the [weights] value that gives To; 0 when only weight 1 does
	NewWinner string  `json:"new_winner"`       // the option that then ranks first
	Change    float64 `json:"change"`           // |To − From|, in normalised weight
	// Tie is set when first place is already a tie: no weight change is
	// needed for another option to rank first, only another tie-break.
	Tie    bool   `json:"tie,omitempty"`
	Detail string `json:"detail"` // rendered from the message (code, args)
	msg.Message
}

// tieTip is the tipping line of a tie for first: no change is needed, the
// tie-break alone lists the winner first; the next tied option is the one
// a tie-break the other way would put first.
func tieTip(ev *Evaluation, rec Recommendation) *Tipping {
	return &Tipping{Tie: true, NewWinner: rec.Tie[1],
		Message: msg.New("whatif.tie", "n", len(rec.Tie), "rule", msg.New("tie_break."+rec.TieBreak))}
}

// tipMessage words t as --explain words a threshold: "security weight
// 3 (25.0%) → 2.4 (21.1%): X would rank first".
func (ev *Evaluation) tipMessage(m *model, t *Tipping, exact bool) msg.Message {
	return scanned(exact, msg.New("whatif.flip", "criterion", m.critArg(t.Criterion), "from", WeightText(t.From, t.RawFrom),
		"to", WeightText(t.To, t.RawTo), "new_winner", optionOf(ev, t.NewWinner)))
}

// nearestTip picks the threshold nearest to its given weight; ties go to
// the earlier criterion (report order), then to a decrease. Nil when no
// single weight change flips the winner.
func nearestTip(ts []WeightThreshold) *Tipping {
	var best *Tipping
	for _, th := range ts {
		for _, s := range []*WeightShift{th.Down, th.Up} {
			if s == nil {
				continue
			}
			d := math.Abs(s.Weight - th.Weight)
			if best != nil && d >= best.Change {
				continue
			}
			best = &Tipping{Criterion: th.Criterion, From: th.Weight, To: s.Weight, RawFrom: th.RawWeight,
				RawTo: s.RawWeight, NewWinner: s.NewWinner, Change: d}
		}
	}
	return best
}
