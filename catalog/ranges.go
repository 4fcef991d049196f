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
	// MaxTermMonths is the longest contract term (10 years).
	MaxTermMonths = 120
	// MaxTotalStorageGB bounds the storage of a whole contract (100 PB).
	MaxTotalStorageGB = 100_000_000
	// MaxRAMGB bounds the memory a self-hosted stack needs (4 TB).
	MaxRAMGB = 4096
)

// Ranges shared by both files.
var (
	RangePerUserMonth = tomlfile.Range{Min: 0, Max: MaxPerUserMonth, Unit: "per user-month"}
	RangeAmount       = tomlfile.Range{Min: 0, Max: MaxAmount}
	RangeUsers        = tomlfile.Range{Min: 0, Max: MaxAccounts, Whole: true, Unit: "accounts"}
	RangeStorageGB    = tomlfile.Range{Min: 0, Max: MaxStorageGB, Unit: "GB"}
	RangeMonthlyHours = tomlfile.Range{Min: 0, Max: HoursPerMonth, Unit: "hours a month"}
	RangeTermMonths   = tomlfile.Range{Min: 1, Max: MaxTermMonths, Whole: true, Unit: "months"}
	RangeTotalGB      = tomlfile.Range{Min: 0, Max: MaxTotalStorageGB, Unit: "GB"}
)

// Ranges is the allowed range of every number in a catalog file, keyed by
// dotted key. ParseAt checks every number of the file against it
// (tomlfile.Doc.CheckNumbers), so a new numeric key needs only a row here;
// a key with no row is reported as a bug, and TestEveryCatalogNumberHasRange
// fails.
var Ranges = tomlfile.RangeTable{
	"option.pricing.per_user_month":             RangePerUserMonth,
	"option.pricing.flat_month":                 RangeAmount,
	"option.pricing.initial":                    RangeAmount,
	"option.pricing.term_months":                RangeTermMonths,
	"option.pricing.per_year":                   RangeAmount,
	"option.pricing.min_users":                  RangeUsers,
	"option.pricing.max_users":                  RangeUsers,
	"option.pricing.terms.per_user_month":       RangePerUserMonth,
	"option.pricing.terms.flat_month":           RangeAmount,
	"option.pricing.terms.initial":              RangeAmount,
	"option.pricing.terms.term_months":          RangeTermMonths,
	"option.pricing.tiers.max_users":            RangeUsers,
	"option.pricing.tiers.storage_total_gb":     RangeTotalGB,
	"option.pricing.tiers.per_user_month":       RangePerUserMonth,
	"option.pricing.tiers.flat_month":           RangeAmount,
	"option.pricing.tiers.initial":              RangeAmount,
	"option.pricing.tiers.term_months":          RangeTermMonths,
	"option.pricing.tiers.terms.per_user_month": RangePerUserMonth,
	"option.pricing.tiers.terms.flat_month":     RangeAmount,
	"option.pricing.tiers.terms.initial":        RangeAmount,
	"option.pricing.tiers.terms.term_months":    RangeTermMonths,
	"option.storage.per_user_gb":                RangeStorageGB,
	"option.storage.total_gb":                   RangeTotalGB,
	"option.operations.ram_gb":                  {Min: 0, Max: MaxRAMGB, Unit: "GB"},
	"option.support.sla_percent":                {Min: 0, Max: 100, Unit: "%"},
	"option.operations.setup_hours":             {Min: 0, Max: MaxSetupHours, Unit: "hours"},
	"option.operations.monthly_admin_hours":     RangeMonthlyHours,
	"option.operations.server_monthly":          RangeAmount,
	"option.operations.hardware_initial":        RangeAmount,
	"option.addons.*":                           RangePerUserMonth,
}

// Parse reads one catalog file and validates every option in it. All
// problems are returned together as tomlfile.Problems. It does not compare
// as_of with today: the embedded catalog must load on a machine whose clock
// is wrong. Files from users are read with ParseWarnAt.
func Parse(file string, data []byte) ([]*Option, error) {
	opts, _, err := ParseWarnAt(file, data, time.Time{})
	return opts, err
}

// ParseAt is Parse that also refuses an as_of after now.
func ParseAt(file string, data []byte, now time.Time) ([]*Option, error) {
	opts, _, err := ParseWarnAt(file, data, now)
	return opts, err
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
