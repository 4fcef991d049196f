package scoring

import "github.com/mailpick/mailpick/msg"

// A TCO that leaves out a cost no source states (Complete false) is a lower
// bound: the real figure can only be higher. The tables mark it "≥"; these
// are the one place that decides the mark for every sentence, chart and
// table that shows the figure, so an argument made with it ("cheaper:
// 5,744,813 vs 6,051,053") keeps the mark too.

// LowerBound reports whether Total (and PerUserMonth, its share) is a lower
// bound.
func (t TCO) LowerBound() bool { return !t.Complete }

// InitialLowerBound reports whether Initial is a lower bound: the initial
// fee or the hardware bought up front is unknown.
func (t TCO) InitialLowerBound() bool {
	return missingAny(t.Missing, "pricing.initial", "operations.hardware_initial")
}

// TotalMoney is the horizon TCO as a message argument in the evaluation's
// currency cur, marked as a lower bound when it is one.
func (t TCO) TotalMoney(cur string) msg.Money {
	return msg.Money{Amount: t.Total, Currency: cur, AtLeast: t.LowerBound()}
}

// PerUserMoney is the cost per user-month, a share of the TCO: a lower
// bound when the TCO is.
func (t TCO) PerUserMoney(cur string) msg.Money {
	return msg.Money{Amount: t.PerUserMonth, Currency: cur, AtLeast: t.LowerBound()}
}

// InitialMoney is the initial cost, a lower bound when a fee is unknown.
func (t TCO) InitialMoney(cur string) msg.Money {
	return msg.Money{Amount: t.Initial, Currency: cur, AtLeast: t.InitialLowerBound()}
}
