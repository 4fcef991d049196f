package catalog

import (
	"errors"
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
sender_authentication = true
attachment_download = true
misdelivery_prevention = true
archive = true
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
		{"capability left out", "archive = true\n", "", `option[0].security.archive: missing; say true, false, "addon" or "unknown"`},
		{"addon without price", `"features.per_user_quota" = 50`, ``, `features.per_user_quota is "addon" but [addons] has no "features.per_user_quota" price`},
		{"sla over 100", `sla_percent = 99.9`, `sla_percent = 199.9`, `option[0].support.sla_percent: must be between 0 and 100 % (got 199.9)`},
		{"build on a provider", "[option.addons]", "[option.build]\nserver = \"manual\"\n[option.addons]", `option[0].build: only self-hosted options have a [build] table`},
		{"unknown key", `vendor = "X"`, "vendor = \"X\"\nvendr = \"Y\"", `x.toml:5: option[0].vendr: unknown key; did you mean "vendor"?`},
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

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimalOption))
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
