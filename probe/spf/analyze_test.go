package spf

import (
	"context"
	"reflect"
	"testing"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name    string
		txt     map[string][]string
		setup   func(m *memResolver)
		records int
		lookups int
		voids   int
		policy  string
		ptr     []string
		loops   []string
		issues  []IssueKind
		dnsErr  bool
	}{
		{name: "no record", txt: map[string][]string{"example.com": {"google-site-verification=x"}}, records: 0},
		{name: "simple", txt: map[string][]string{"example.com": {"v=spf1 ip4:192.0.2.0/24 -all"}}, records: 1, policy: "-all"},
		{name: "two records", txt: map[string][]string{"example.com": {"v=spf1 -all", "v=spf1 ~all"}}, records: 2, issues: []IssueKind{IssueMultiple}},
		{name: "include tree counted", txt: map[string][]string{
			"example.com":     {"v=spf1 mx include:_spf.a.example include:_spf.b.example ~all"},
			"_spf.a.example":  {"v=spf1 include:_net.a.example ip4:198.51.100.0/24 -all"},
			"_net.a.example":  {"v=spf1 a:mail.a.example a:mail2.a.example -all"},
			"_spf.b.example":  {"v=spf1 exists:%{i}.x.b.example ptr -all"},
			"mail.a.example":  {"x"},
			"mail2.a.example": {"x"},
		}, setup: func(m *memResolver) {
			m.mx["example.com"] = []string{"mx.example.com"}
			m.a["mail.a.example"] = addrs("192.0.2.1")
			m.aaaa["mail2.a.example"] = addrs("2001:db8::1")
		}, records: 1, lookups: 8, policy: "~all", ptr: []string{"_spf.b.example"}},
		{name: "repeated include counted each time", txt: map[string][]string{
			"example.com":    {"v=spf1 include:_spf.a.example include:_spf.a.example include:_spf.a.example -all"},
			"_spf.a.example": {"v=spf1 a:x.a.example a:x.a.example ip4:192.0.2.1 -all"},
		}, setup: func(m *memResolver) { m.a["x.a.example"] = addrs("192.0.2.1") }, records: 1, lookups: 9, policy: "-all"},
		{name: "syntax error in include", txt: map[string][]string{
			"example.com":    {"v=spf1 include:_spf.a.example -all"},
			"_spf.a.example": {"v=spf1 ip4:192.0.2.300 -all"},
		}, records: 1, lookups: 1, policy: "-all", issues: []IssueKind{IssueSyntax}},
		{name: "void lookups", txt: map[string][]string{
			"example.com": {"v=spf1 a:gone.example.com mx:gone2.example.com exists:gone3.example.com include:gone4.example.com -all"},
		}, records: 1, lookups: 4, voids: 4, policy: "-all", issues: []IssueKind{IssueVoid, IssueVoid, IssueVoid, IssueNoRecord}},
		{name: "include loop", txt: map[string][]string{
			"example.com":   {"v=spf1 include:a.example.com -all"},
			"a.example.com": {"v=spf1 include:b.example.com"},
			"b.example.com": {"v=spf1 include:a.example.com"},
		}, records: 1, lookups: 3, policy: "-all", loops: []string{"a.example.com → b.example.com → a.example.com"}, issues: []IssueKind{IssueLoop}},
		{name: "redirect gives policy", txt: map[string][]string{
			"example.com":      {"v=spf1 ip4:192.0.2.1 redirect=_spf.example.com"},
			"_spf.example.com": {"v=spf1 ?all"},
		}, records: 1, lookups: 1, policy: "?all"},
		{name: "redirect ignored with all", txt: map[string][]string{
			"example.com":      {"v=spf1 +all redirect=_spf.example.com"},
			"_spf.example.com": {"v=spf1 -all"},
		}, records: 1, lookups: 0, policy: "+all", issues: []IssueKind{IssueRedirectIgnored}},
		{name: "no all", txt: map[string][]string{"example.com": {"v=spf1 ip4:192.0.2.1"}}, records: 1, policy: ""},
		{name: "mx with too many names", txt: map[string][]string{"example.com": {"v=spf1 mx -all"}}, setup: func(m *memResolver) {
			m.mx["example.com"] = []string{"1.x", "2.x", "3.x", "4.x", "5.x", "6.x", "7.x", "8.x", "9.x", "10.x", "11.x"}
		}, records: 1, lookups: 1, policy: "-all", issues: []IssueKind{IssueMXNames}},
		{name: "servfail at top", setup: func(m *memResolver) { m.fail["example.com"] = true }, dnsErr: true, issues: []IssueKind{IssueDNS}},
		{name: "macro include not followed", txt: map[string][]string{"example.com": {"v=spf1 include:%{l}.users.example.com -all"}},
			records: 1, lookups: 1, policy: "-all", issues: []IssueKind{IssueMacro}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newMem()
			for k, v := range tc.txt {
				m.txt[k] = v
			}
			if tc.setup != nil {
				tc.setup(m)
			}
			a := Analyze(context.Background(), m, "example.com.")
			if len(a.Records) != tc.records {
				t.Errorf("records %q, want %d", a.Records, tc.records)
			}
			if a.Lookups != tc.lookups {
				t.Errorf("lookups %d, want %d", a.Lookups, tc.lookups)
			}
			if a.VoidLookups != tc.voids {
				t.Errorf("void lookups %d, want %d", a.VoidLookups, tc.voids)
			}
			if a.Policy != tc.policy {
				t.Errorf("policy %q, want %q", a.Policy, tc.policy)
			}
			if !reflect.DeepEqual(a.PTRDomains, tc.ptr) {
				t.Errorf("ptr %v, want %v", a.PTRDomains, tc.ptr)
			}
			if !reflect.DeepEqual(a.Loops, tc.loops) {
				t.Errorf("loops %v, want %v", a.Loops, tc.loops)
			}
			var kinds []IssueKind
			for _, is := range a.Issues {
				kinds = append(kinds, is.Kind)
				if is.Message == "" || is.Domain == "" {
					t.Errorf("issue without message or domain: %+v", is)
				}
			}
			if !reflect.DeepEqual(kinds, tc.issues) {
				t.Errorf("issues %v, want %v (%+v)", kinds, tc.issues, a.Issues)
			}
			if (a.DNSError != nil) != tc.dnsErr {
				t.Errorf("DNSError %v", a.DNSError)
			}
		})
	}
}

func TestAnalyzeSyntaxLocation(t *testing.T) {
	m := newMem()
	m.txt["example.com"] = []string{"v=spf1 include:_spf.a.example -all"}
	m.txt["_spf.a.example"] = []string{"v=spf1 a:abc.123 -all"}
	a := Analyze(context.Background(), m, "example.com")
	syn := a.IssuesOf(IssueSyntax)
	if len(syn) != 1 || syn[0].Domain != "_spf.a.example" {
		t.Fatalf("syntax issues %+v, want one at _spf.a.example", syn)
	}
	if a.Tree == nil || len(a.Tree.Children) != 1 || a.Tree.Children[0].Via != "include" {
		t.Errorf("tree %+v", a.Tree)
	}
}
