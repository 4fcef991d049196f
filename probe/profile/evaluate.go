package profile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mailpick/mailpick/msg"
	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/probe/dmarc"
)

// Evaluate judges every requirement of p on r, in lang (ja or en) for the
// texts the profile carries; check summaries and fixes are the probe's.
//
// A requirement is not met when a check it rests on is warn or fail (warn
// only when the profile does not accept it) or a detail rule fails; else
// not measurable when a check was not measured (error, skip, info, absent
// from r); else met. Of alternatives (any), one met suffices; all must be
// not met for the requirement to be not met.
func Evaluate(p *Profile, r probe.DomainResult, lang string) probe.ProfileResult {
	out := probe.ProfileResult{ID: p.ID, Title: p.TitleIn(lang), Source: p.Source, AsOf: p.AsOf,
		Requirements: []probe.RequirementResult{}}
	byID := worst(r.Checks)
	allMet, anyNotMet := true, false
	for _, req := range p.Requirements {
		rr := judge(req, byID, lang)
		switch rr.Status {
		case probe.NotMet:
			anyNotMet = true
			allMet = false
		case probe.NotMeasurable:
			allMet = false
		}
		out.Requirements = append(out.Requirements, rr)
	}
	switch {
	case anyNotMet:
		f := false
		out.Met = &f
	case allMet:
		t := true
		out.Met = &t
	}
	return out
}

// EvaluateAll judges every profile of ps on r.
func EvaluateAll(ps []*Profile, r probe.DomainResult, lang string) []probe.ProfileResult {
	out := make([]probe.ProfileResult, 0, len(ps))
	for _, p := range ps {
		out = append(out, Evaluate(p, r, lang))
	}
	return out
}

// worst keeps the worst judged instance of each check id (several for one
// id, e.g. one per MX address): a requirement holds only when every
// instance meets it.
func worst(checks []probe.Check) map[string][]probe.Check {
	out := map[string][]probe.Check{}
	for _, c := range checks {
		out[c.ID] = append(out[c.ID], c)
	}
	return out
}

// outcome is one group of checks judged together.
type outcome struct {
	status     string
	fixes      []string // not met: what to change
	unmeasured []string // not measurable: why
}

func judge(req Requirement, byID map[string][]probe.Check, lang string) probe.RequirementResult {
	rr := probe.RequirementResult{ID: req.ID, Text: pick(lang, req.Text, req.TextJA), Checks: req.Checks()}
	measure := pick(lang, req.Measure, req.MeasureJA)
	if !req.Measurable() {
		rr.Status, rr.Fix = probe.NotMeasurable, measure
		return rr
	}
	var o outcome
	switch {
	case len(req.All) > 0:
		o = group(req, req.All, byID, lang)
	case len(req.Any) > 0:
		o = alternatives(req, byID, lang)
	default:
		o = outcome{status: probe.Met}
	}
	if o.status != probe.NotMet {
		for _, d := range req.Details {
			do := detail(d, byID, lang)
			switch {
			case do.status == probe.NotMet:
				o.status = probe.NotMet
				o.fixes = append(o.fixes, do.fixes...)
			case do.status == probe.NotMeasurable && o.status == probe.Met:
				o.status = probe.NotMeasurable
				o.unmeasured = append(o.unmeasured, do.unmeasured...)
			}
		}
	}
	rr.Status = o.status
	switch o.status {
	case probe.NotMet:
		fixes := dedupe(o.fixes)
		if f := pick(lang, req.Fix, req.FixJA); f != "" {
			fixes = append([]string{f}, fixes...)
		}
		rr.Fix = msg.Sentences(lang, fixes)
	case probe.NotMeasurable:
		parts := dedupe(o.unmeasured)
		if measure != "" {
			parts = append(parts, measure)
		}
		rr.Fix = msg.Sentences(lang, parts)
	}
	return rr
}

// group judges checks that must all meet the requirement.
func group(req Requirement, ids []string, byID map[string][]probe.Check, lang string) outcome {
	o := outcome{status: probe.Met}
	for _, id := range ids {
		cs := byID[id]
		if len(cs) == 0 {
			o.unmeasured = append(o.unmeasured, msg.T(lang, "probe.profile.absent_older", "check", id))
			continue
		}
		for _, c := range cs {
			switch {
			case c.Status == probe.Pass, c.Status == probe.Warn && slices.Contains(req.WarnMeets, id):
			case c.Status == probe.Warn, c.Status == probe.Fail:
				o.status = probe.NotMet
				fix := c.FixIn(lang)
				if fix == "" {
					fix = c.SummaryIn(lang)
				}
				o.fixes = append(o.fixes, id+": "+fix)
			case c.Status == probe.Skip && req.Measure != "":
				// The requirement's own text says how to measure it.
				o.unmeasured = append(o.unmeasured, msg.T(lang, "probe.profile.not_run", "check", id))
			default: // info, skip, error: not measured
				o.unmeasured = append(o.unmeasured, msg.T(lang, "probe.profile.unjudged", "check", id, "status", statusWord(c.Status), "summary", c.SummaryIn(lang)))
			}
		}
	}
	if o.status == probe.Met && len(o.unmeasured) > 0 {
		o.status = probe.NotMeasurable
	}
	return o
}

func alternatives(req Requirement, byID map[string][]probe.Check, lang string) outcome {
	var notMet, unmeasured []outcome
	for _, g := range req.Any {
		o := group(req, g, byID, lang)
		switch o.status {
		case probe.Met:
			return o
		case probe.NotMet:
			notMet = append(notMet, o)
		default:
			unmeasured = append(unmeasured, o)
		}
	}
	or := pick(lang, "or ", "または ")
	out := outcome{status: probe.NotMeasurable}
	if len(unmeasured) == 0 {
		out.status = probe.NotMet
	}
	for i, o := range notMet {
		for j, f := range o.fixes {
			if i > 0 && j == 0 {
				f = or + f
			}
			out.fixes = append(out.fixes, f)
		}
	}
	for _, o := range unmeasured {
		out.unmeasured = append(out.unmeasured, o.unmeasured...)
	}
	if out.status == probe.NotMeasurable {
		// Say what is not met next to what could not be measured.
		out.unmeasured = append(out.fixes, out.unmeasured...)
		out.fixes = nil
	}
	return out
}

// detail judges a value in a check's details.
func detail(d DetailRule, byID map[string][]probe.Check, lang string) outcome {
	cs := byID[d.Check]
	if len(cs) == 0 {
		return outcome{status: probe.NotMeasurable, unmeasured: []string{msg.T(lang, "probe.profile.absent", "check", d.Check)}}
	}
	for _, c := range cs {
		if c.Status != probe.Pass && c.Status != probe.Warn && c.Status != probe.Fail {
			return outcome{status: probe.NotMeasurable, unmeasured: []string{msg.T(lang, "probe.profile.unjudged", "check", d.Check, "status", statusWord(c.Status), "summary", c.SummaryIn(lang))}}
		}
		v, ok := c.Details[d.Key]
		if !ok {
			return outcome{status: probe.NotMeasurable, unmeasured: []string{msg.T(lang, "probe.profile.no_detail", "check", d.Check, "key", strconv.Quote(d.Key))}}
		}
		if !slices.Contains(d.In, fmt.Sprint(v)) {
			fix := msg.T(lang, "probe.profile.detail_fix", "check", d.Check, "key", d.Key, "value", fmt.Sprint(v), "fix", pick(lang, d.Fix, d.FixJA))
			if rec := editedRecord(d, c, byID); rec != "" {
				fix += ": " + rec
			}
			return outcome{status: probe.NotMet, fixes: []string{fix}}
		}
	}
	return outcome{status: probe.Met}
}

// editedRecord is the published DMARC record with the policy tag that
// applies set to the wanted value, every other tag kept (a fix edits the
// record, it does not rebuild it): for a dmarc.policy rule only.
func editedRecord(d DetailRule, policy probe.Check, byID map[string][]probe.Check) string {
	if d.Check != "dmarc.policy" || d.Key != "applied" || len(byID["dmarc.record"]) == 0 {
		return ""
	}
	rec := byID["dmarc.record"][0]
	raw, _ := rec.Details["record"].(string)
	at, _ := rec.Details["found_at"].(string)
	tag, _ := policy.Details["tag"].(string)
	if raw == "" || at == "" || tag == "" {
		return ""
	}
	edited := dmarc.SetTag(raw, tag, d.In[0])
	if testing, _ := policy.Details["testing"].(bool); testing {
		// t=y makes receivers apply one level lower (RFC 9989 §4.7).
		edited = dmarc.RemoveTag(edited, "t")
	}
	return fmt.Sprintf("%s. TXT %q", strings.TrimSuffix(at, "."), edited)
}

func dedupe(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// statusWord is a check's status in the report's words ("pass", "合格").
func statusWord(s probe.Status) msg.Message { return msg.New("posture.st_" + string(s)) }
