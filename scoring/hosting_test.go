package scoring

import (
	"strings"
	"testing"

	"github.com/mailpick/mailpick/catalog"
)

// The server of a self-hosted option needs the stack's memory and a disk
// that holds the mailbox total of the horizon's largest year. The table
// (ordered by price): a 1 GB plan with 20 GB disk, a 1 GB plan whose disk
// is not stated, a 2 GB plan with 100 GB, a 4 GB plan with 40 GB.
func TestHostingPlanMemoryAndDisk(t *testing.T) {
	gb := catalog.Known
	plans := []catalog.HostingPlan{
		{ID: "a-1g-20", RAMGB: 1, DiskGB: gb(20), Monthly: 400},
		{ID: "b-1g-unknown", RAMGB: 1, DiskGB: catalog.Unknown, Monthly: 500},
		{ID: "c-2g-100", RAMGB: 2, DiskGB: gb(100), Monthly: 800},
		{ID: "d-4g-40", RAMGB: 4, DiskGB: gb(40), Monthly: 2000},
	}
	tests := []struct {
		name    string
		ram     float64
		users   int
		growth  float64
		years   int
		perUser float64
		want    string // plan id, or "gap:<unmet>/<disk GB>/<year>"
	}{
		// No mailbox size: memory alone decides, an unstated disk is fine.
		{"memory only", 1, 300, 0.1, 10, 0, "a-1g-20"},
		{"memory only 3 GB", 3, 10, 0, 1, 0, "d-4g-40"},
		// 10 × 2 GB = 20 GB fits the 20 GB disk exactly.
		{"disk exactly", 1, 10, 0, 1, 2, "a-1g-20"},
		// 21 GB: the unstated disk cannot be chosen; the 2 GB plan holds it.
		{"disk skips unknown", 1, 21, 0, 1, 1, "c-2g-100"},
		// Growth: 50 accounts, 10 % a year, 3 years → ceil(60.5) = 61 GB in
		// year 3; year 1's 50 GB alone would not decide it.
		{"last year counts", 1, 50, 0.1, 3, 1, "c-2g-100"},
		// Accounts shrink: year 1 (100 × 0.5 GB = 50 GB) is the largest.
		{"largest year", 1, 100, -0.5, 2, 0.5, "c-2g-100"},
		// 4 GB of memory and 61 GB: the 4 GB plan has 40 GB, the 100 GB
		// plan 2 GB of memory — each need is met, never both.
		{"together", 4, 50, 0.1, 3, 1, "gap:together/61/3"},
		{"memory", 8, 10, 0, 1, 1, "gap:memory/10/1"},
		// 300 × 1 GB + 10 %/year for 10 years: ceil(300 × 1.1⁹) = 708 GB.
		{"disk (review v300)", 1, 300, 0.1, 10, 1, "gap:disk/708/10"},
		{"memory and disk", 8, 300, 0.1, 10, 1, "gap:memory_disk/708/10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRequirements()
			r.ServerMonthly = catalog.Unknown
			r.Users, r.Growth, r.HorizonYears, r.StoragePerUserGB = tt.users, tt.growth, tt.years, tt.perUser
			o := testOption("s", catalog.SelfHosted, catalog.Yes)
			o.Operations.RAMGB = catalog.Known(tt.ram)
			p, gap, ok := hostingPlan(o, r, plans)
			got := p.ID
			if !ok {
				if gap == nil {
					t.Fatal("no plan and no gap")
				}
				got = "gap:" + gap.Unmet + "/" + catalog.Known(gap.DiskGB).String() + "/" + catalog.Known(float64(gap.Year)).String()
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// A TCO whose server no plan can carry is provisional, names the need in
// hosting_gap, and says why in --explain; the server the table does price
// reports its disk.
func TestTCOHostingGap(t *testing.T) {
	plans := []catalog.HostingPlan{{ID: "vps", Provider: "P", Name: "1G", RAMGB: 1, DiskGB: catalog.Known(50), Monthly: 1100,
		Currency: "JPY", Tax: catalog.TaxExcluded}}
	a := testAssumptions(t)
	a.Hosting = plans
	for _, tt := range []struct {
		perUser float64
		priced  bool
	}{{1, true}, {10, false}} {
		r := testRequirements()
		r.ServerMonthly, r.StoragePerUserGB = catalog.Unknown, tt.perUser
		o := testOption("s", catalog.SelfHosted, catalog.Yes)
		o.Operations.RAMGB = catalog.Known(1)
		ev, err := Evaluate(r, []*catalog.Option{o}, a, Options{NoSensitivity: true})
		if err != nil {
			t.Fatal(err)
		}
		res := ev.Results[0]
		if res.TCO.Priced != tt.priced {
			t.Fatalf("%v GB/mailbox: priced %v, want %v", tt.perUser, res.TCO.Priced, tt.priced)
		}
		if tt.priced {
			// 15 accounts in year 3 × 1 GB = 15 GB ≤ 50 GB.
			if h := res.TCO.Hosting; h == nil || h.ID != "vps" || h.DiskGB != 50 || res.TCO.HostingGap != nil {
				t.Errorf("hosting %+v gap %+v", h, res.TCO.HostingGap)
			}
			continue
		}
		// 15 accounts × 10 GB = 150 GB > 50 GB.
		g := res.TCO.HostingGap
		if g == nil || g.Unmet != "disk" || g.DiskGB != 150 || g.Year != 3 || g.Accounts != 15 || res.TCO.Hosting != nil {
			t.Fatalf("gap %+v hosting %+v", g, res.TCO.Hosting)
		}
		e, err := Explain(ev, "s")
		if err != nil {
			t.Fatal(err)
		}
		if out := e.Text(); !strings.Contains(out, "no plan in the hosting table states a disk that holds 150 GB of mail (year 3: 15 accounts × 10 GB)") {
			t.Errorf("explain does not say why:\n%s", e.Text())
		}
	}
}
