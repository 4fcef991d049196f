package catalog

import (
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
)

// Bounds shared by catalog and requirements files. Amounts are in the
// file's currency; the bounds are wide enough for yen and narrow enough
// that a 20-year TCO of MaxAccounts accounts stays a finite, exact-enough
// number: 1,000,000 × 10,000,000 × 12 × 20 = 2.4e15, below 2^53.
const (
	// MaxAccounts is the most accounts mailpick models, now and in any
	// year of the horizon.
	MaxAccounts = 10_000_000
	// MaxPerUserMonth bounds a price per user per month.
	MaxPerUserMonth = 1_000_000
	// MaxAmount bounds a one-off, yearly or monthly fixed amount.
	MaxAmount = 10_000_000_000
	// MaxStorageGB bounds storage per user (10 TB).
	MaxStorageGB = 10_000
	// MaxSetupHours bounds the hours to build a self-hosted stack.
	MaxSetupHours = 10_000
	// HoursPerMonth is the most hours a month has (31 × 24).
	HoursPerMonth = 744
)

// Ranges shared by both files.
var (
	RangePerUserMonth = tomlfile.Range{Min: 0, Max: MaxPerUserMonth, Unit: "per user-month"}
	RangeAmount       = tomlfile.Range{Min: 0, Max: MaxAmount}
	RangeUsers        = tomlfile.Range{Min: 0, Max: MaxAccounts, Whole: true, Unit: "accounts"}
	RangeStorageGB    = tomlfile.Range{Min: 0, Max: MaxStorageGB, Unit: "GB"}
	RangeMonthlyHours = tomlfile.Range{Min: 0, Max: HoursPerMonth, Unit: "hours a month"}
)

// Ranges is the allowed range of every number in a catalog file, keyed by
// dotted key. ParseAt checks every number of the file against it
// (tomlfile.Doc.CheckNumbers), so a new numeric key needs only a row here;
// a key with no row is reported as a bug, and TestEveryCatalogNumberHasRange
// fails.
var Ranges = tomlfile.RangeTable{
	"option.pricing.per_user_month":         RangePerUserMonth,
	"option.pricing.initial":                RangeAmount,
	"option.pricing.per_year":               RangeAmount,
	"option.pricing.min_users":              RangeUsers,
	"option.pricing.max_users":              RangeUsers,
	"option.storage.per_user_gb":            RangeStorageGB,
	"option.support.sla_percent":            {Min: 0, Max: 100, Unit: "%"},
	"option.operations.setup_hours":         {Min: 0, Max: MaxSetupHours, Unit: "hours"},
	"option.operations.monthly_admin_hours": RangeMonthlyHours,
	"option.operations.server_monthly":      RangeAmount,
	"option.operations.hardware_initial":    RangeAmount,
	"option.addons.*":                       RangePerUserMonth,
}

// Parse reads one catalog file and validates every option in it. All
// problems are returned together as tomlfile.Problems. It does not compare
// as_of with today: the embedded catalog must load on a machine whose clock
// is wrong. Files from users are read with ParseAt.
func Parse(file string, data []byte) ([]*Option, error) {
	return ParseAt(file, data, time.Time{})
}

// checkAsOf refuses a date after today: facts cannot have been read in the
// future, so such a date is a typo (2062 for 2026). One day of slack covers
// a catalog written in a time zone ahead of the clock's.
func checkAsOf(doc *tomlfile.Doc, path string, asOf time.Time) {
	if doc.Now.IsZero() || asOf.IsZero() {
		return
	}
	y, m, d := doc.Now.Date()
	tomorrow := time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
	if asOf.After(tomorrow) {
		doc.Addf(path, "%s is in the future; give the date the facts were read (today is %s)", asOf.Format("2006-01-02"), doc.Now.Format("2006-01-02"))
	}
}
