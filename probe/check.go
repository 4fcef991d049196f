// Package probe measures a mail domain's DNS and TLS posture. Each check has a
// stable id (Registry), a category, a status and, for warn/fail, a fix.
package probe

import (
	"time"

	"github.com/mailpick/mailpick/msg"
)

// Status is the outcome of one check. Error means "could not be measured"
// (timeout, SERVFAIL, port 25 blocked) and never counts as a failure.
type Status string

const (
	Pass  Status = "pass"
	Warn  Status = "warn"
	Fail  Status = "fail"
	Info  Status = "info"
	Error Status = "error"
	Skip  Status = "skip"
)

// Severity orders statuses for --fail-on: higher is worse. Info, error and
// skip are not findings about the domain, so they rank below warn.
func (s Status) Severity() int {
	switch s {
	case Warn:
		return 2
	case Fail:
		return 3
	case Pass:
		return 1
	default:
		return 0
	}
}

// Check is one measured fact about a domain, as it appears in --format json (probe/README.md).
// Fix is our extension: the concrete change (record to publish, setting to
// turn on) that would make a warn or fail pass.
type Check struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Status   Status `json:"status"`
	Summary  string `json:"summary"`
	// SummaryCode is Summary as a coded message (code and arguments), for
	// reports in another language and for programs; absent in results of
	// an older mailpick.
	SummaryCode msg.Message `json:"summary_code,omitzero"`
	Target      string      `json:"target"`
	// Details is always an object in JSON (a finding may add details.rfc), empty
	// when there is nothing to add.
	Details map[string]any `json:"details"`
	Fix     string         `json:"fix,omitempty"`
	FixCode msg.Message    `json:"fix_code,omitzero"`
	// noMail is the verdict for a domain that publishes a null MX and so
	// accepts no mail (RFC 7505), when it differs; Probe swaps it in.
	noMail *Check
}

// MXHost is what the probe learned about one MX target.
type MXHost struct {
	Host       string   `json:"host"`
	Preference uint16   `json:"preference"`
	Addresses  []string `json:"addresses,omitempty"`
}

// CategoryScore is the 0–100 score of one category.
type CategoryScore struct {
	Score  int `json:"score"`
	Passed int `json:"passed"`
	Total  int `json:"total"`
}

// DomainResult is one probed domain.
type DomainResult struct {
	Domain     string                   `json:"domain"`
	Score      int                      `json:"score"`
	Grade      string                   `json:"grade"`
	Categories map[string]CategoryScore `json:"categories"`
	Checks     []Check                  `json:"checks"`
	MX         []MXHost                 `json:"mx"`
	DurationMS int64                    `json:"duration_ms"`
	ProbedAt   time.Time                `json:"probed_at"`
	// Profiles are the sender-requirement profiles judged on this result
	// (--profile); absent when none was asked for.
	Profiles []ProfileResult `json:"profiles,omitzero"`
	// Baseline and Changes compare this result with an earlier run
	// (--baseline); Changes is [] when nothing changed, absent without a
	// baseline.
	Baseline *BaselineRef `json:"baseline,omitempty"`
	Changes  []Change     `json:"changes,omitzero"`
}
