package catalog

import (
	"fmt"
	"sort"
	"time"

	"github.com/mailpick/mailpick/catalog/tomlfile"
	"github.com/mailpick/mailpick/data"
)

// HostingPlan is one server a self-hosted stack can run on: a VPS plan
// with its memory, disk and monthly price, as its source states them.
type HostingPlan struct {
	ID       string
	Provider string
	Name     string
	RAMGB    float64
	// DiskGB is the plan's disk; unknown when the source does not state
	// it, and then the plan is not chosen for a mailbox total.
	DiskGB     Amount
	Monthly    float64 // per server per month, in Currency, on TermMonths
	Initial    float64
	Currency   string
	Tax        string // TaxIncluded, TaxExcluded or TaxUnknown
	TermMonths int    // 0 = not stated
	AsOf       time.Time
	Sources    []Source
	Notes      string
}

// EmbeddedHosting returns the hosting table compiled into the binary,
// ordered by monthly price then id.
func EmbeddedHosting() ([]HostingPlan, error) {
	b, err := data.FS.ReadFile("hosting.toml")
	if err != nil {
		return nil, err
	}
	return ParseHosting("data/hosting.toml", b)
}

// ParseHosting reads a hosting table: [[plan]] entries with id, provider,
// name, ram_gb, disk_gb, monthly, currency, tax, term_months, initial,
// as_of and sources. Every price and the memory are required: a plan
// nobody priced is left out of the file, not entered as unknown. disk_gb
// is a number from the source or "unknown" (also when left out): many
// price tables state memory and price but not the disk.
func ParseHosting(file string, b []byte) ([]HostingPlan, error) {
	doc, err := tomlfile.Parse(file, b)
	if err != nil {
		return nil, err
	}
	doc.CheckKeys(doc.Tree, "", []string{"plan"})
	var out []HostingPlan
	seen := map[string]bool{}
	for i, t := range doc.Tables(doc.Tree, "", "plan") {
		path := fmt.Sprintf("plan[%d]", i)
		doc.CheckKeys(t, path, []string{"id", "provider", "name", "ram_gb", "disk_gb", "monthly", "initial", "currency", "tax", "term_months", "as_of", "sources", "notes"})
		p := HostingPlan{ID: requiredString(doc, t, path, "id"), Provider: requiredString(doc, t, path, "provider"),
			Name: requiredString(doc, t, path, "name"), Currency: requiredString(doc, t, path, "currency")}
		if seen[p.ID] {
			doc.Addf(path+".id", "duplicate id %q", p.ID)
		}
		seen[p.ID] = true
		for key, into := range map[string]*float64{"ram_gb": &p.RAMGB, "monthly": &p.Monthly, "initial": &p.Initial} {
			a := amount(doc, t, path, key, true)
			if !a.Known {
				doc.Addf(path+"."+key, "must be a number from the source; leave out a plan nobody priced")
			}
			*into = a.Value
		}
		p.DiskGB = amount(doc, t, path, "disk_gb", false)
		if p.DiskGB.Known && p.DiskGB.Value <= 0 {
			doc.Addf(path+".disk_gb", "must be above 0 GB (got %v); write \"unknown\" when the source does not state it", p.DiskGB.Value)
		}
		if v, ok := doc.Enum(t, path, "tax", TaxIncluded, TaxExcluded, TaxUnknown); ok {
			p.Tax = v
		} else if _, present := t["tax"]; !present {
			doc.Addf(path+".tax", "missing; \"included\", \"excluded\" or \"unknown\"")
		}
		if n, ok := doc.Int(t, path, "term_months"); ok {
			p.TermMonths = int(n)
		}
		if d, ok := doc.Date(t, path, "as_of"); ok {
			p.AsOf = d
		} else {
			doc.Addf(path+".as_of", "missing; the date the price was read")
		}
		p.Sources = parseSources(doc, t, path, p.AsOf)
		p.Notes, _ = doc.String(t, path, "notes")
		out = append(out, p)
	}
	if err := doc.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Monthly != out[j].Monthly {
			return out[i].Monthly < out[j].Monthly
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
