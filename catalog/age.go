package catalog

import (
	"fmt"
	"time"
)

// Age is how old the facts behind an evaluation are: the oldest and newest
// as_of of the options considered, the age of the oldest in whole months,
// and how many options are stale by the one rule (Stale).
type Age struct {
	Oldest   time.Time `json:"-"`
	Newest   time.Time `json:"-"`
	OldestID string    `json:"oldest_id"`
	Months   int       `json:"months"` // whole months from Oldest to now
	Stale    int       `json:"stale"`  // options whose as_of is more than 12 months old
	Options  int       `json:"options"`
}

// AgeOf measures opts at now.
func AgeOf(opts []*Option, now time.Time) Age {
	var a Age
	for _, o := range opts {
		if o.AsOf.IsZero() {
			continue
		}
		a.Options++
		if a.Oldest.IsZero() || o.AsOf.Before(a.Oldest) || (o.AsOf.Equal(a.Oldest) && o.ID < a.OldestID) {
			a.Oldest, a.OldestID = o.AsOf, o.ID
		}
		if o.AsOf.After(a.Newest) {
			a.Newest = o.AsOf
		}
		if Stale(o.AsOf, now) {
			a.Stale++
		}
	}
	if !a.Oldest.IsZero() {
		a.Months = monthsBetween(a.Oldest, now)
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
		if lang == "ja" {
			return "評価した選択肢の確認日がありません。"
		}
		return "No option evaluated carries a date."
	}
	o, n := a.Oldest.Format("2006-01-02"), a.Newest.Format("2006-01-02")
	if o == n {
		if lang == "ja" {
			return fmt.Sprintf("カタログの情報はすべて%sに確認したものです（%dか月前）。", o, a.Months)
		}
		return fmt.Sprintf("Every catalog fact was checked on %s (%s ago).", o, monthsEN(a.Months))
	}
	if lang == "ja" {
		return fmt.Sprintf("カタログの情報は%s〜%sに確認したもので、最も古いものは%dか月前です。", o, n, a.Months)
	}
	return fmt.Sprintf("Catalog facts were checked between %s and %s; the oldest is %s old.", o, n, monthsEN(a.Months))
}

// Warning is the one sentence shown when any fact is older than 12
// months, or "" when none is.
func (a Age) Warning(lang string) string {
	if a.Stale == 0 {
		return ""
	}
	o := a.Oldest.Format("2006-01-02")
	if lang == "ja" {
		return fmt.Sprintf("%d件中%d件の選択肢は12か月より前に確認した情報に基づいているため（最も古い確認日は%s）、契約前に価格と機能を提供元に確かめてください。",
			a.Options, a.Stale, o)
	}
	return fmt.Sprintf("%d of %d options rest on facts last checked more than 12 months ago (the oldest on %s), so confirm their prices and features with the vendor before you sign.",
		a.Stale, a.Options, o)
}

func monthsEN(n int) string {
	if n == 1 {
		return "1 month"
	}
	return fmt.Sprintf("%d months", n)
}
