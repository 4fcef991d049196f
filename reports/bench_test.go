package reports

import (
	"fmt"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/scoring"
)

// benchInputs evaluates testdata/req.toml against the embedded catalog and
// against 1,000 options generated from it (names, ids and prices varied),
// once per process: the benchmarks time rendering, not scoring.
var benchInputs = sync.OnceValues(func() (map[string]*Input, error) {
	b, err := os.ReadFile("testdata/req.toml")
	if err != nil {
		return nil, err
	}
	req, err := scoring.ParseRequirements("testdata/req.toml", b)
	if err != nil {
		return nil, err
	}
	emb, err := catalog.Embedded()
	if err != nil {
		return nil, err
	}
	a, err := scoring.DefaultAssumptions()
	if err != nil {
		return nil, err
	}
	req.FX["EUR"] = 160
	big := make([]*catalog.Option, 0, 1000)
	for i := 0; len(big) < 1000; i++ {
		o := *emb[i%len(emb)]
		o.ID = fmt.Sprintf("%s-%04d", o.ID, i)
		o.Name = fmt.Sprintf("%s #%d", o.Name, i)
		if o.Pricing.PerUserMonth.Known {
			o.Pricing.PerUserMonth.Value *= 1 + float64(i%37)/100
		}
		big = append(big, &o)
	}
	out := map[string]*Input{}
	for name, opts := range map[string][]*catalog.Option{"embedded": emb, "1000": big} {
		ev, err := scoring.Evaluate(req, opts, a, scoring.Options{Lang: "ja", Sensitivity: scoring.SensitivityOptions{Samples: 2000}})
		if err != nil {
			return nil, err
		}
		out[name] = &Input{Eval: ev, Assumptions: a, Now: fixedNow, Version: "bench"}
	}
	return out, nil
})

// countingWriter discards output but reports its size.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func benchFormat(b *testing.B, write func(io.Writer, *Input) error) {
	ins, err := benchInputs()
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"embedded", "1000"} {
		in := ins[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var size int64
			for b.Loop() {
				var w countingWriter
				if err := write(&w, in); err != nil {
					b.Fatal(err)
				}
				size = w.n
			}
			b.ReportMetric(float64(size)/1024, "KiB/report")
		})
	}
}

func BenchmarkReportXLSX(b *testing.B)     { benchFormat(b, WriteXLSX) }
func BenchmarkReportPDF(b *testing.B)      { benchFormat(b, WritePDF) }
func BenchmarkReportMarkdown(b *testing.B) { benchFormat(b, WriteMarkdown) }
func BenchmarkReportHTML(b *testing.B)     { benchFormat(b, WriteHTML) }
func BenchmarkReportJSON(b *testing.B)     { benchFormat(b, WriteJSON) }
