// Package catalog holds the options mailpick compares — mail services and
// self-hosted stacks — and the vocabulary shared by requirements, scoring and
// reports. Every claim in a catalog file carries sources and an as_of date;
// what no source says is "unknown", never a guess.
package catalog

import (
	"strconv"
	"time"
)

// Kind separates services bought from stacks built and run in-house.
type Kind string

const (
	Provider   Kind = "provider"
	SelfHosted Kind = "self-hosted"
)

// Amount is a number a source may or may not state. The zero value is unknown.
type Amount struct {
	Value float64
	Known bool
}

// Known returns a known amount.
func Known(v float64) Amount { return Amount{Value: v, Known: true} }

// Unknown is an amount no source states.
var Unknown = Amount{}

func (a Amount) String() string {
	if !a.Known {
		return "unknown"
	}
	return strconv.FormatFloat(a.Value, 'f', -1, 64)
}

// State is what a catalog says about one capability.
type State string

const (
	Yes          State = "yes"
	No           State = "no"
	Addon        State = "addon"
	StateUnknown State = "unknown"
)

// Option is one catalog entry.
type Option struct {
	ID           string
	Name         string
	Vendor       string
	Kind         Kind
	URL          string
	AsOf         time.Time
	Sources      []string // where each of SourceList is (URL or file name), in order
	SourceList   []Source
	ProbeDomains []string
	Notes        string

	Pricing    Pricing
	Storage    Storage
	Caps       map[string]State  // "security.retention" → state; every CapabilityKeys path present
	AddonPrice map[string]Amount // per user per month, in Pricing.Currency
	Support    SupportTerms
	Operations Operations
	Build      map[string]State // self-hosted: build step → Yes (included by the stack), No (manual), unknown
	Evidence   map[string]string

	// Origin is where the option was loaded from ("embedded:data/catalog/x.toml"
	// or a user path), shown when a --catalog file overrides an embedded id.
	Origin string
}

// Pricing is how the vendor sells the option: a price per contract
// (FlatMonth), per account (PerUserMonth) or both, on a commitment term, in
// capacity tiers. After Parse, Tiers always holds at least one tier: the
// simple form (price keys directly under [pricing]) becomes one unnamed tier,
// so the cost model has one shape to walk.
type Pricing struct {
	Currency string
	// Tax says whether the stated prices include consumption tax (VAT):
	// TaxIncluded, TaxExcluded or TaxUnknown. TaxStated is false when the
	// file leaves the key out (Tax is then TaxUnknown).
	Tax       string
	TaxStated bool

	// The simple form's price, also the first tier's first price; kept
	// for code and reports that show one headline price.
	PerUserMonth Amount
	FlatMonth    Amount
	Initial      Amount
	TermMonths   int    // commitment the stated price assumes; 0 = not stated
	Payment      string // PaymentMonthly, PaymentUpfront or "" (not stated)

	PerYear  Amount // fixed yearly licence (e.g. an admin panel subscription)
	MinUsers Amount
	MaxUsers Amount
	Billing  string

	Tiers []Tier
}

// Tax bases of a stated price.
const (
	TaxIncluded = "included"
	TaxExcluded = "excluded"
	TaxUnknown  = "unknown"
)

// Payment of a term price.
const (
	PaymentMonthly = "monthly"
	PaymentUpfront = "upfront"
)

// Price is one way a plan is sold: FlatMonth per contract plus
// PerUserMonth per billed account, each per month, on a term of
// TermMonths paid as Payment. A component a source does not mention is
// Known(0); one a source leaves open is Unknown.
type Price struct {
	FlatMonth    Amount
	PerUserMonth Amount
	Initial      Amount // once at sign-up, in Pricing.Currency
	TermMonths   int    // 0 = not stated
	Payment      string // PaymentMonthly, PaymentUpfront or ""
}

// Known reports whether both monthly components are known.
func (p Price) Known() bool { return p.FlatMonth.Known && p.PerUserMonth.Known }

// Monthly is the monthly price for billed accounts, valid when Known.
func (p Price) Monthly(billed float64) float64 {
	return p.FlatMonth.Value + p.PerUserMonth.Value*billed
}

// Tier is one capacity step of a plan (e.g. 300 GB / 400 GB / 500 GB).
// Prices holds one entry per term the tier is sold on.
type Tier struct {
	Name           string
	MaxUsers       Amount // unknown: no limit stated
	StorageTotalGB Amount // the pool for the whole contract; unknown: not stated
	Prices         []Price
}

// Storage is the mailbox allowance.
type Storage struct {
	PerUserGB Amount // the per-mailbox maximum
	Pooled    State  // Yes: a shared pool of PerUserGB × users
	TotalGB   Amount // a pool for the whole contract, whatever the accounts
}

// SupportTerms are the non-yes/no support facts.
type SupportTerms struct {
	Hours      string // "business", "24x7" or "unknown"
	SLAPercent Amount
}

// Operations is what running the option takes.
type Operations struct {
	RequiredExpertise Expertise // "" when unknown
	SetupHours        Amount
	MonthlyAdminHours Amount
	ServerMonthly     Amount
	HardwareInitial   Amount
	RAMGB             Amount // self-hosted: memory the stack needs, picks the hosting plan
}

// Cap returns the state of a capability path, unknown when absent.
func (o *Option) Cap(path string) State {
	if s, ok := o.Caps[path]; ok {
		return s
	}
	return StateUnknown
}

// Stale reports whether a fact read on asOf is more than 12 months older
// than now: such prices and claims must be checked again. The one place
// this rule lives, for catalog validate and every report.
func Stale(asOf, now time.Time) bool {
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return asOf.AddDate(1, 0, 0).Before(today)
}
