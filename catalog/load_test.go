package catalog

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

const minimalOption = `[[option]]
id = "x-mail"
name = "X Mail"
vendor = "X"
kind = "provider"
url = "https://x.example/"
as_of = 2026-01-01
sources = ["https://x.example/pricing"]
[option.pricing]
currency = "JPY"
per_user_month = 300
initial = "unknown"
[option.storage]
per_user_gb = 10
[option.features]
forwarding = true
auto_reply = "unknown"
mailing_lists = false
per_user_quota = "addon"
user_permissions = true
bulk_admin = true
[option.mobile]
webmail = true
native_apps = true
[option.security]
spam_filter = true
virus_filter = true
client_tls = true
transport_tls = true
ip_restriction = true
sender_verification = true
dkim_signing = true
attachment_download = true
misdelivery_prevention = true
archive_mailbox = false
retention = true
two_factor = true
closed_network = false
data_in_japan = true
[option.support]
japanese = true
phone = true
migration_assistance = true
hours = "business"
sla_percent = 99.9
[option.operations]
required_expertise = "none"
[option.addons]
"features.per_user_quota" = 50
`

func TestParseMinimalOption(t *testing.T) {
	opts, err := Parse("x.toml", []byte(minimalOption))
	if err != nil {
		t.Fatal(err)
	}
	o := opts[0]
	if o.Pricing.PerUserMonth != Known(300) || o.Pricing.Initial.Known || o.Cap("features.per_user_quota") != Addon ||
		o.AddonPrice["features.per_user_quota"] != Known(50) || o.Cap("features.auto_reply") != StateUnknown ||
		o.Cap("features.mailing_lists") != No || o.Support.Hours != "business" {
		t.Errorf("parsed %+v", o)
	}
}

func TestParseOptionProblems(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           string
	}{
		{"bad id", `id = "x-mail"`, `id = "X Mail"`, `x.toml:2: option[0].id: "X Mail" is not a valid id`},
		{"bad kind", `kind = "provider"`, `kind = "saas"`, `x.toml:5: option[0].kind: "saas" is not allowed`},
		{"bad url", `url = "https://x.example/"`, `url = "x.example"`, `x.toml:6: option[0].url: "x.example" is not an http(s) URL`},
		{"as_of not a date", `as_of = 2026-01-01`, `as_of = "last year"`, `x.toml:7: option[0].as_of: must be a date like 2025-01-31`},
		{"negative price", `per_user_month = 300`, `per_user_month = -1`, `x.toml:11: option[0].pricing.per_user_month: must be between 0 and 1,000,000 per user-month (got -1)`},
		{"sla over 100", `sla_percent = 99.9`, `sla_percent = 199.9`, `option[0].support.sla_percent: must be between 0 and 100 % (got 199.9)`},
		{"build on a provider", "[option.addons]", "[option.build]\nserver = \"manual\"\n[option.addons]", `option[0].build: only self-hosted options have a [build] table`},
		{"unknown key", `vendor = "X"`, "vendor = \"X\"\nvendr = \"Y\"", `x.toml:5: option[0].vendr: unknown key; did you mean "vendor"?`},
		// Split keys name their replacements (README "Capability keys").
		{"old archive key", "retention = true\n", "archive = true\n", `x.toml:36: option[0].security.archive: security.archive was split: use archive_mailbox`},
		{"old sender key", "sender_verification = true\ndkim_signing = true\n", "sender_authentication = true\n", `option[0].security.sender_authentication: security.sender_authentication was split: use sender_verification`},
		{"old key in addons", `"features.per_user_quota" = 50`, "\"features.per_user_quota\" = 50\n\"security.archive\" = 1", `option[0].addons.security.archive: security.archive was split`},
		{"currency unknown with a price", `currency = "JPY"`, `currency = "unknown"`, `option[0].pricing.currency: is "unknown" but a price is stated`},
		{"source table without kind", `sources = ["https://x.example/pricing"]`, `sources = [{url = "https://x.example/pricing", read = 2026-01-01}]`, `option[0].sources[0].kind: missing; one of "vendor"`},
		{"source key that is not a key", `sources = ["https://x.example/pricing"]`, `sources = [{url = "https://x.example/pricing", kind = "vendor", keys = ["pricing.cheapness"]}]`, `option[0].sources[0].keys[0]: "pricing.cheapness" is not a catalog key`},
		{"published after read", `sources = ["https://x.example/pricing"]`, `sources = [{url = "https://x.example/pricing", kind = "vendor", read = 2026-01-01, published = 2026-02-01}]`, `published: 2026-02-01 is after the read date 2026-01-01`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimalOption, tt.from, tt.to, 1)
			if src == minimalOption {
				t.Fatal("test did not change the input")
			}
			_, err := Parse("x.toml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// The catalog format marks tables and keys optional: leaving one out loads,
// takes "unknown" and warns — it never refuses the file.
func TestParseOptionalLeftOutWarns(t *testing.T) {
	tests := []struct {
		name, from, to string
		check          func(*Option) bool
		warn           string
	}{
		{"capability left out", "retention = true\n", "", func(o *Option) bool { return o.Cap("security.retention") == StateUnknown },
			`option[0].security.retention: missing; taken as "unknown"`},
		{"addon without price", `"features.per_user_quota" = 50`, ``, func(o *Option) bool {
			p, ok := o.AddonPrice["features.per_user_quota"]
			return ok && !p.Known
		}, `features.per_user_quota is "addon" but [addons] has no "features.per_user_quota" price per user per month; taken as "unknown"`},
		{"storage table left out", "[option.storage]\nper_user_gb = 10\n", "", func(o *Option) bool { return !o.Storage.PerUserGB.Known && o.Storage.Pooled == StateUnknown },
			`option[0].storage: missing [storage] table`},
		{"mobile table left out", "[option.mobile]\nwebmail = true\nnative_apps = true\n", "", func(o *Option) bool { return o.Cap("mobile.webmail") == StateUnknown },
			`option[0].mobile: missing [mobile] table; webmail, native_apps taken as "unknown"`},
		{"initial left out", "initial = \"unknown\"\n", "", func(o *Option) bool { return !o.Pricing.Initial.Known },
			`option[0].pricing.initial: missing; taken as "unknown"`},
		{"operations left out", "[option.operations]\nrequired_expertise = \"none\"\n", "", func(o *Option) bool { return o.Operations.RequiredExpertise == "" },
			`option[0].operations: missing [operations] table`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimalOption, tt.from, tt.to, 1)
			if src == minimalOption {
				t.Fatal("test did not change the input")
			}
			opts, warns, err := ParseWarn("x.toml", []byte(src))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.check(opts[0]) {
				t.Errorf("value not taken as unknown: %+v", opts[0])
			}
			if !strings.Contains(warns.Error(), tt.warn) {
				t.Errorf("warnings %v\nwant one containing %q", warns, tt.warn)
			}
		})
	}
}

// A self-hosted option written as the README documents it, without the
// optional [option.build] table, loads with every build step unknown.
func TestSelfHostedWithoutBuildLoads(t *testing.T) {
	src := strings.Replace(minimalOption, `kind = "provider"`, `kind = "self-hosted"`, 1)
	opts, warns, err := ParseWarn("x.toml", []byte(src))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	for _, s := range BuildSteps {
		if got := opts[0].Build[s.Key]; got != StateUnknown {
			t.Errorf("build.%s = %s, want unknown", s.Key, got)
		}
	}
	if !strings.Contains(warns.Error(), "option[0].build: missing [build] table") {
		t.Errorf("warnings %v; want the missing [build] table named", warns)
	}
	// One step left out of a present table is unknown too.
	src2 := strings.Replace(src, "[option.addons]", "[option.build]\nserver = \"manual\"\n[option.addons]", 1)
	opts, warns, err = ParseWarn("x.toml", []byte(src2))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if opts[0].Build["server"] != No || opts[0].Build["dns"] != StateUnknown {
		t.Errorf("build = %v", opts[0].Build)
	}
	if !strings.Contains(warns.Error(), "option[0].build.dns: missing; taken as \"unknown\"") {
		t.Errorf("warnings %v; want build.dns named", warns)
	}
}

func TestSourcesForKeysAndEvidence(t *testing.T) {
	src := strings.Replace(minimalOption, `sources = ["https://x.example/pricing"]`, `sources = [
  "https://x.example/plain",
  {url = "https://blog.example/x-mail", kind = "third_party", read = 2026-01-01, published = 2023-05-03, keys = ["pricing"]},
  {url = "https://x.example/features", kind = "vendor", read = 2026-01-02},
  {url = "https://x.example/pricing", kind = "vendor", read = 2026-01-02, keys = ["pricing.per_user_month"]},
]`, 1)
	src = strings.Replace(src, `"features.per_user_quota" = 50`, "\"features.per_user_quota\" = 50\n[option.evidence]\n\"features.forwarding\" = \"sources 1 and 3\"\n\"mobile.webmail\" = \"sources 1–3\"\n\"storage.per_user_gb\" = \"source 9\"", 1)
	opts, err := Parse("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	o := opts[0]
	urls := func(ss []Source) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.URL)
		}
		return strings.Join(out, " ")
	}
	tests := []struct{ key, want string }{
		// keys win; the vendor page outranks the blog.
		{"pricing.per_user_month", "https://x.example/pricing https://blog.example/x-mail"},
		{"pricing.initial", "https://blog.example/x-mail"},
		// evidence numbers, strongest kind first.
		{"features.forwarding", "https://x.example/features https://x.example/plain"},
		{"mobile.webmail", "https://x.example/features https://blog.example/x-mail https://x.example/plain"},
		// a number past the list backs nothing.
		{"storage.per_user_gb", ""},
		{"security.spam_filter", ""},
	}
	for _, tt := range tests {
		if got := urls(o.SourcesFor(tt.key)); got != tt.want {
			t.Errorf("SourcesFor(%s) = %q, want %q", tt.key, got, tt.want)
		}
	}
	blog := o.SourcesFor("pricing.initial")[0]
	if got := blog.Tag("en"); got != "third party, page of 2023-05-03" {
		t.Errorf("Tag(en) = %q", got)
	}
	if got := blog.Tag("ja"); got != "第三者サイト（2023-05-03付）" {
		t.Errorf("Tag(ja) = %q", got)
	}
	if got := o.SourceList[0]; got.Kind != SourceUnstated || got.ReadOn() != "2026-01-01" {
		t.Errorf("a plain URL is kind unstated, read on as_of; got %+v", got)
	}
}

func TestEvidenceRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"plan page (source 1)", []int{1}},
		{"sources 1 and 4, 2023-05-12", []int{1, 4}},
		{"sources 1, 2 and 5", []int{1, 2, 5}},
		{"sources 2–4", []int{2, 3, 4}},
		{"sources 1-2; also source 3", []int{1, 2, 3}},
		{"a judgement, no source", nil},
		{"USD 7 from 2026 (sources 1–2); rule in source 3", []int{1, 2, 3}},
	}
	for _, tt := range tests {
		got := evidenceRefs(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("evidenceRefs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAge(t *testing.T) {
	day := func(s string) time.Time {
		d, _ := time.Parse("2006-01-02", s)
		return d
	}
	opts := []*Option{{ID: "b", AsOf: day("2025-11-01")}, {ID: "a", AsOf: day("2026-11-30")}, {ID: "c", AsOf: day("2026-10-03")}}
	a := AgeOf(opts, day("2026-11-30"))
	if a.OldestID != "b" || a.Months != 12 || a.Stale != 1 || a.Options != 3 || a.Newest != day("2026-11-30") {
		t.Errorf("AgeOf = %+v", a)
	}
	if w := a.Warning("en"); !strings.HasPrefix(w, "1 of 3 options rests on facts last checked more than 12 months ago (the oldest on 2025-11-01)") {
		t.Errorf("Warning(en) = %q", w)
	}
	if w := a.Warning("ja"); !strings.HasPrefix(w, "3件中1件の選択肢は12か月より前に確認した情報") {
		t.Errorf("Warning(ja) = %q", w)
	}
	fresh := AgeOf(opts[1:], day("2026-11-30"))
	if fresh.Warning("en") != "" || fresh.Months != 1 {
		t.Errorf("fresh = %+v, warning %q", fresh, fresh.Warning("en"))
	}
	if s := fresh.Summary("en"); s != "Catalog facts were checked between 2026-10-03 and 2026-11-30; the oldest is 1 month old." {
		t.Errorf("Summary(en) = %q", s)
	}
	for _, tt := range []struct {
		asOf, want string
	}{
		{"2026-11-01", "Every catalog fact was checked on 2026-11-01 (29 days ago)."},
		{"2026-11-29", "Every catalog fact was checked on 2026-11-29 (1 day ago)."},
		{"2026-10-30", "Every catalog fact was checked on 2026-10-30 (1 month ago)."},
	} {
		if s := AgeOf([]*Option{{ID: "x", AsOf: day(tt.asOf)}}, day("2026-11-30")).Summary("en"); s != tt.want {
			t.Errorf("Summary(en) of %s = %q, want %q", tt.asOf, s, tt.want)
		}
	}
	if s := AgeOf([]*Option{{ID: "x", AsOf: day("2026-11-01")}}, day("2026-11-30")).Summary("ja"); !strings.Contains(s, "（29日前）") {
		t.Errorf("Summary(ja) = %q, want （29日前）", s)
	}
	for _, tt := range []struct {
		from, to string
		want     int
	}{{"2025-11-01", "2026-11-30", 12}, {"2025-11-30", "2026-11-29", 11}, {"2026-01-31", "2026-02-28", 0}, {"2026-12-01", "2026-11-30", 0}} {
		if got := monthsBetween(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("monthsBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimalOption))
	f.Add([]byte(strings.Replace(minimalOption, "per_user_month = 300\n", "terms = [{term_months = 3, flat_month = 5016}]\n[[option.pricing.tiers]]\nname = \"S\"\nflat_month = 1\n", 1)))
	for _, name := range []string{"catalog/providers-global.toml", "catalog/self-hosted.toml"} {
		if b, err := data.FS.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		opts, err := Parse("f.toml", b)
		if err != nil {
			var ps tomlfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not a problem list: %v", err)
			}
			return
		}
		for _, o := range opts {
			if o.ID == "" || len(o.Sources) == 0 || o.AsOf.IsZero() {
				t.Fatalf("accepted an option without id, sources or as_of: %+v", o)
			}
		}
	})
}

func TestStale(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		asOf time.Time
		want bool
	}{
		{time.Date(2025, 11, 26, 0, 0, 0, 0, time.UTC), false}, // exactly 12 months: still fresh
		{time.Date(2025, 11, 25, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		if got := Stale(tt.asOf, now); got != tt.want {
			t.Errorf("Stale(%s) = %v, want %v", tt.asOf.Format("2006-01-02"), got, tt.want)
		}
	}
}
