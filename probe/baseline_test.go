package probe

import (
	"encoding/json"
	"strings"
	"testing"
)

func res(checks ...Check) DomainResult { return DomainResult{Domain: "example.test", Checks: checks} }
func ck(id string, s Status) Check     { return Check{ID: id, Status: s, Summary: id + " is " + string(s)} }

func TestCompare(t *testing.T) {
	base := res(ck("mx.records", Pass), ck("spf.policy", Pass), ck("dmarc.policy", Warn), ck("dkim.keys", Fail),
		ck("mtasts.record", Warn), ck("tlsrpt.record", Pass), ck("dnssec.domain", Pass),
		// An older mailpick's check this one no longer has.
		ck("legacy.check", Pass),
		// One id reported per MX address: the worst counts.
		Check{ID: "smtp.starttls", Status: Pass, Target: "a"}, Check{ID: "smtp.starttls", Status: Pass, Target: "b"})
	cur := res(ck("mx.records", Pass), ck("spf.policy", Fail), ck("dmarc.policy", Pass), ck("dkim.keys", Warn),
		ck("mtasts.record", Fail), ck("tlsrpt.record", Error), ck("dnssec.domain", Pass),
		Check{ID: "smtp.starttls", Status: Pass, Target: "a"}, Check{ID: "smtp.starttls", Status: Warn, Target: "b"},
		ck("sending.ptr", Skip))
	got := Compare(base, cur)
	var order []string
	for _, c := range got {
		order = append(order, c.ID+":"+c.From+">"+c.To+":"+c.Direction)
	}
	want := []string{
		"spf.policy:pass>fail:worse",       // +2
		"mtasts.record:warn>fail:worse",    // +1, registry order after
		"smtp.starttls:pass>warn:worse",    // +1
		"tlsrpt.record:pass>error:changed", // not judged now: not a regression
		"sending.ptr:absent>skip:changed",  // new check
		"legacy.check:pass>absent:changed", // gone from this mailpick
		"dmarc.policy:warn>pass:better",    // -1
		"dkim.keys:fail>warn:better",       // -1
	}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("changes\n got %v\nwant %v", order, want)
	}
	for _, c := range got {
		switch c.ID {
		case "legacy.check":
			if !strings.Contains(c.Summary, "no longer has this check") {
				t.Errorf("removed check: %q", c.Summary)
			}
		case "tlsrpt.record":
			if !strings.Contains(c.Summary, "not a regression") {
				t.Errorf("unmeasured: %q", c.Summary)
			}
		case "spf.policy":
			if c.Summary != "pass → fail: spf.policy is fail" {
				t.Errorf("summary %q", c.Summary)
			}
		}
	}
	if r := Regressions(got); len(r) != 3 {
		t.Errorf("%d regressions, want 3: %v", len(r), r)
	}
	if len(Compare(cur, cur)) != 0 {
		t.Error("a result differs from itself")
	}
}

// changes is [] (not absent) when a baseline was given and nothing
// changed, and absent without a baseline; profiles likewise.
func TestChangesJSON(t *testing.T) {
	r := res(ck("mx.records", Pass))
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "changes") || strings.Contains(string(b), "profiles") || strings.Contains(string(b), "baseline") {
		t.Errorf("without baseline or profile: %s", b)
	}
	r.Changes = Compare(r, r)
	r.Baseline = &BaselineRef{File: "old.json", Found: true}
	b, _ = json.Marshal(r)
	if !strings.Contains(string(b), `"changes":[]`) || !strings.Contains(string(b), `"baseline":{"file":"old.json","found":true`) {
		t.Errorf("with baseline: %s", b)
	}
}

// FuzzCompare: any two results (a baseline file is user input) compare
// without panicking; a result never differs from itself; only a change
// between two judged statuses is worse or better, and worse ones come
// first.
func FuzzCompare(f *testing.F) {
	f.Add(`[{"id":"a.b","status":"pass"},{"id":"a.b","status":"warn"}]`, `[{"id":"a.b","status":"fail"},{"id":"c.d","status":"error"}]`)
	f.Add(`[]`, `[{"id":"","status":"bogus"}]`)
	f.Fuzz(func(t *testing.T, a, b string) {
		var ca, cb []Check
		if json.Unmarshal([]byte(a), &ca) != nil || json.Unmarshal([]byte(b), &cb) != nil {
			return
		}
		if n := len(Compare(res(ca...), res(ca...))); n != 0 {
			t.Fatalf("%d changes between a result and itself", n)
		}
		seenOther := false
		for _, c := range Compare(res(ca...), res(cb...)) {
			judgedBoth := judged(Status(c.From)) && judged(Status(c.To))
			if (c.Direction == Worse || c.Direction == Better) != judgedBoth {
				t.Fatalf("%+v: direction does not follow the statuses", c)
			}
			if c.Direction != Worse {
				seenOther = true
			} else if seenOther {
				t.Fatalf("a regression after other changes: %+v", c)
			}
		}
	})
}
