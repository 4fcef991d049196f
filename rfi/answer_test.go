package rfi

import (
	"math"
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

func TestParseAnswer(t *testing.T) {
	state, _ := SpecFor("features.forwarding")
	money, _ := SpecFor("pricing.per_user_month")
	gb, _ := SpecFor("storage.per_user_gb")
	months, _ := SpecFor("pricing.term_months")
	accounts, _ := SpecFor("pricing.tiers[2].max_users")
	tax, _ := SpecFor("pricing.tax")
	hours, _ := SpecFor("support.hours")
	web, _ := SpecFor("url")
	name, _ := SpecFor("name")
	tests := []struct {
		name    string
		spec    Spec
		raw     string
		want    string // Value.String; "" with ok=false for blank
		wantErr string
	}{
		{"blank", state, "", "", ""},
		{"spaces only", state, " \u3000 ", "", ""},
		{"はい", state, "はい", "yes", ""},
		{"Yes with spaces", state, "  Yes ", "yes", ""},
		{"full-width YES", state, "ＹＥＳ", "yes", ""},
		{"○", state, "○", "yes", ""},
		{"いいえ", state, "いいえ", "no", ""},
		{"オプション", state, "オプション", "addon", ""},
		{"add-on", state, "Add-on", "addon", ""},
		{"不明 is an answer", state, "不明", "unknown", ""},
		{"a boolean cell", state, "true", "yes", ""},
		{"outside the list", state, "要相談", "", `"要相談" is not in the list; allowed: yes, no, addon, unknown (はい, いいえ, オプション, 不明), or blank`},
		{"maybe", state, "maybe", "", `"maybe" is not in the list`},
		{"number", money, "300", "300", ""},
		{"stored by a spreadsheet", money, "1.5E+3", "1500", ""},
		{"thousands", money, "1,200", "1200", ""},
		{"yen sign and 円", money, "¥1,200円", "1200", ""},
		{"full-width digits", money, "１２００", "1200", ""},
		{"currency code suffix", money, "1200 JPY", "1200", ""},
		{"decimal", money, "8.4", "8.4", ""},
		{"zero", money, "0", "0", ""},
		{"text in a number cell", money, "要相談", "", `"要相談" is not a number; allowed: a number from 0 to 1,000,000 JPY per account per month, digits only (e.g. 300), or blank`},
		{"per year is not per month", money, "1200/年", "", "is not a number"},
		{"badly grouped", money, "1,20", "", "is not a number"},
		{"negative", money, "-5", "", "is not a number"},
		{"another unit", money, "300 GB", "", "is not a number"},
		{"too large", money, "1e13", "", "10000000000000 is out of range"},
		{"NaN", money, "NaN", "", "is not a number"},
		{"GB", gb, "50GB", "50", ""},
		{"months", months, "12ヶ月", "12", ""},
		{"months, whole", months, "12.5", "", `"12.5" is not a whole number; allowed: a whole number from 1 to 120 months, or blank`},
		{"months, out of range", months, "0", "", "0 is out of range"},
		{"accounts", accounts, "300 accounts", "300", ""},
		{"税込", tax, "税込", "included", ""},
		{"税別", tax, "税別", "excluded", ""},
		{"tax outside the list", tax, "yes", "", `"yes" is not in the list; allowed: included (税込), excluded (税抜), unknown (不明), or blank`},
		{"24時間365日", hours, "24時間365日", "24x7", ""},
		{"hours outside the list", hours, "平日9-17時", "", "is not in the list"},
		{"url", web, "https://mail.example.com/", "https://mail.example.com/", ""},
		{"not a url", web, "mail.example.com", "", `"mail.example.com" is not a web address`},
		{"name", name, "  Example\tMail  ", "Example Mail", ""},
		{"name too long", name, strings.Repeat("あ", 201), "", "is longer than 200 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok, err := ParseAnswer(tt.spec, tt.raw, "JPY")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if ok != (tt.want != "") {
				t.Fatalf("ok = %v for %q", ok, tt.raw)
			}
			if ok && v.String(tt.spec) != tt.want {
				t.Errorf("got %q, want %q", v.String(tt.spec), tt.want)
			}
		})
	}
}

// Every key a questionnaire asks has a spec, and every drop-down choice in
// either language parses back to its canonical value.
func TestChoicesParseBack(t *testing.T) {
	for _, key := range []string{"features.forwarding", "pricing.tax", "support.hours"} {
		s, ok := SpecFor(key)
		if !ok {
			t.Fatalf("no spec for %s", key)
		}
		for _, lang := range []string{"ja", "en"} {
			canon := s.Choices("en")
			for i, c := range s.Choices(lang) {
				v, ok, err := ParseAnswer(s, c, "JPY")
				if err != nil || !ok || v.String(s) != canon[i] {
					t.Errorf("%s %s: choice %q parses to %q, %v, %v; want %q", key, lang, c, v.String(s), ok, err, canon[i])
				}
			}
		}
	}
	for _, bad := range []string{"pricing.tiers[0].name", "pricing.tiers[1].colour", "addons.nothing", "operations.ram_gb", ""} {
		if _, ok := SpecFor(bad); ok {
			t.Errorf("SpecFor(%q) accepted a key no questionnaire asks", bad)
		}
	}
}

// FuzzParseAnswer: whatever a vendor types, the parser never panics, an
// accepted value is one the catalog can hold, a rejection says what is
// allowed, and an accepted value written back reads the same.
func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{"", "はい", "ＹＥＳ", "1,200円", "¥1200", "1.5E+3", "12ヶ月", "税込", "24x7", "https://x.example/",
		"要相談", "1,20", "-0", "0x10", "1e309", "\xff", "○", "Infinity", ".5", "5.", "1_000", "١٢٣"} {
		for k := 0; k < 6; k++ {
			f.Add(s, uint8(k))
		}
	}
	keys := []string{"features.forwarding", "pricing.per_user_month", "pricing.term_months", "pricing.tax", "name", "url"}
	f.Fuzz(func(t *testing.T, raw string, k uint8) {
		key := keys[int(k)%len(keys)]
		s, _ := SpecFor(key)
		v, ok, err := ParseAnswer(s, raw, "JPY")
		if err != nil {
			if ok || !strings.Contains(err.Error(), "allowed:") {
				t.Fatalf("%s %q: err %v with ok=%v; an error must say what is allowed", key, raw, err, ok)
			}
			return
		}
		if !ok {
			if strings.TrimSpace(fold(raw)) != "" {
				t.Fatalf("%s %q: not blank, yet no answer and no error", key, raw)
			}
			return
		}
		switch s.Kind {
		case KindState:
			if v.State != catalog.Yes && v.State != catalog.No && v.State != catalog.Addon && v.State != catalog.StateUnknown {
				t.Fatalf("%q: state %q", raw, v.State)
			}
		case KindNumber, KindWhole:
			if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || v.Num < s.Min || v.Num > s.Max || (s.Kind == KindWhole && v.Num != math.Trunc(v.Num)) {
				t.Fatalf("%s %q: number %v outside the spec", key, raw, v.Num)
			}
		case KindEnum:
			if !contains(s.Enum, v.Text) {
				t.Fatalf("%q: %q not in %v", raw, v.Text, s.Enum)
			}
		}
		back, ok2, err2 := ParseAnswer(s, v.String(s), "JPY")
		if err2 != nil || !ok2 || back != v {
			t.Fatalf("%s %q → %q does not read back: %v %v %v", key, raw, v.String(s), back, ok2, err2)
		}
	})
}
