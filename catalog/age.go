package catalog

import (
	"github.com/mailpick/mailpick/msg"
	"time"
)

// Age is how old the facts behind an evaluation are: the oldest and newest
// FactsDate of the options considered, the age of the oldest in whole months,
// and how many options are stale by the one rule (Stale).
type Age struct {
	Oldest   time.Time `json:"-"`
	Newest   time.Time `json:"-"`
	OldestID string    `json:"oldest_id"`
	Months   int       `json:"months"` // whole months from Oldest to now
	Days     int       `json:"days"`   // whole days from Oldest to now
	Stale    int       `json:"stale"`  // options with a fact read more than 12 months ago
	Options  int       `json:"options"`
}

// FactsDate is when an option's oldest fact was read: its as_of, or an
// earlier read date of one of its sources. An entry re-dated without its
// sources being read again is only as fresh as those sources.
func (o *Option) FactsDate() time.Time {
	d := o.AsOf
	for _, s := range o.SourceList {
		if !s.Read.IsZero() && s.Read.Before(d) {
			d = s.Read
		}
	}
	return d
}

// AgeOf measures opts at now, each by its FactsDate.
func AgeOf(opts []*Option, now time.Time) Age {
	var a Age
	for _, o := range opts {
		d := o.FactsDate()
		if d.IsZero() {
			continue
		}
		a.Options++
		if a.Oldest.IsZero() || d.Before(a.Oldest) || (d.Equal(a.Oldest) && o.ID < a.OldestID) {
			a.Oldest, a.OldestID = d, o.ID
		}
		if d.After(a.Newest) {
			a.Newest = d
		}
		if Stale(d, now) {
			a.Stale++
		}
	}
	if !a.Oldest.IsZero() {
		a.Months = monthsBetween(a.Oldest, now)
		if d := now.Sub(a.Oldest); d > 0 {
			a.Days = int(d.Hours() / 24)
		}
	}
	return a
}

// monthsBetween counts whole calendar months from a to b (0 when b is
// before a): 2025-11-01 → 2026-11-30 is 12, → 2026-12-01 is 13.
func monthsBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	m := (by-ay)*12 + int(bm-am)
	if bd < ad {
		m--
	}
	if m < 0 {
		return 0
	}
	return m
}

// Summary says when the facts were checked, in one sentence in lang.
func (a Age) Summary(lang string) string {
	if a.Options == 0 {
		return msg.T(lang, "age.no_date")
	}
	o, n := a.Oldest.Format("2006-01-02"), a.Newest.Format("2006-01-02")
	if o == n {
		return msg.T(lang, "age.one_date", "date", o, "months", a.age())
	}
	return msg.T(lang, "age.range", "oldest", o, "newest", n, "months", a.age())
}

// Warning is the one sentence shown when any fact is older than 12
// months, or "" when none is.
func (a Age) Warning(lang string) string {
	if a.Stale == 0 {
		return ""
	}
	code := "age.stale"
	if a.Stale == 1 {
		code = "age.stale_one" // English: "rests"
	}
	return msg.T(lang, code, "stale", a.Stale, "options", a.Options, "oldest", a.Oldest.Format("2006-01-02"))
}

// age is how old the oldest fact is, for a sentence: in months, or in
// days under a month ("29 days", not "0 months").
func (a Age) age() msg.Message {
	if a.Months > 0 {
		return months(a.Months)
	}
	if a.Days == 1 {
		return msg.New("age.day_one")
	}
	return msg.New("age.days", "n", a.Days)
}

// months is a number of months for a sentence: "1 month", "3 months",
// "3か月".
func months(n int) msg.Message {
	if n == 1 {
		return msg.New("age.month_one")
	}
	return msg.New("age.months", "n", n)
}
