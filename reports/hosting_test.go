package reports

import (
	"strings"
	"testing"

	"github.com/mailpick/mailpick/scoring"
)

// A self-hosted option no hosting plan can carry is listed under the
// hosting heading with the need no plan meets, even when no option got a
// plan (no hosting table to show).
func TestHostingGapsListed(t *testing.T) {
	gap := &scoring.HostingGap{RAMGB: 1, DiskGB: 708, Year: 10, Accounts: 708, PerUserGB: 1, Unmet: "disk"}
	ev := &scoring.Evaluation{Lang: "en", Currency: "JPY", HorizonYears: 10, Results: []scoring.Result{
		{ID: "s", Name: "Stack S", Kind: "self-hosted", TCO: scoring.TCO{HostingGap: gap}},
		{ID: "p", Name: "Service P", Kind: "provider"},
	}}
	var text []string
	for _, b := range pricingBlocks(ev) {
		text = append(text, b.Text)
		text = append(text, b.Items...)
	}
	got := strings.Join(text, "\n")
	for _, want := range []string{
		"Servers for self-hosting",
		"Stack S: no plan in the hosting table states a disk that holds 708 GB of mail (year 10: 708 accounts × 1 GB)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Service P") {
		t.Errorf("a service is listed among hosting gaps:\n%s", got)
	}
}
