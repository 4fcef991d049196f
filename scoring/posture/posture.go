// Package posture holds what a decision needs from a mail-posture probe:
// for each probed domain, the status of each check id. It is a leaf, with
// no network imports, so scoring depends on posture facts rather than on the
// prober (package probe produces them with probe.Facts).
package posture

import "strings"

// Status is a check's outcome, with the probe's values.
type Status string

const (
	Pass  Status = "pass"
	Warn  Status = "warn"
	Fail  Status = "fail"
	Info  Status = "info"
	Error Status = "error" // not measured: a timeout, SERVFAIL, blocked port
	Skip  Status = "skip"  // does not apply to this domain
)

// Check is one check's status; the same id may appear once per target
// (e.g. per MX host).
type Check struct {
	ID     string
	Status Status
}

// Domain is the measured posture of one domain.
type Domain struct {
	Name   string
	Checks []Check
}

// Normalize lowercases a domain name and drops the root dot, so names from
// a catalog and from a probe compare equal.
func Normalize(d string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
}

// Worst returns the worst status of every check with this id, or "" when
// none was reported. Several targets (one per MX) may report the same id:
// the worst wins, and an error never hides a measured fail.
func (d *Domain) Worst(id string) Status {
	var st Status
	for _, c := range d.Checks {
		if c.ID == id && (st == "" || severity(c.Status) > severity(st)) {
			st = c.Status
		}
	}
	return st
}

func severity(s Status) int {
	switch s {
	case Fail:
		return 5
	case Warn:
		return 4
	case Error:
		return 3
	case Skip, Info:
		return 2
	case Pass:
		return 1
	}
	return 0
}
