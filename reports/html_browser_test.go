package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browserPath finds Debian's chromium. Without it the browser test skips,
// unless MAILPICK_REQUIRE_BROWSER=1 (CI) makes that a failure.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("MAILPICK_REQUIRE_BROWSER") == "1" {
		t.Fatal("chromium is not installed (Debian: apt-get install chromium) and MAILPICK_REQUIRE_BROWSER=1")
	}
	t.Skip("chromium is not installed (Debian: apt-get install chromium); set MAILPICK_REQUIRE_BROWSER=1 to fail instead")
	return ""
}

// layoutCheck runs in the page and reports every overflow it finds: the
// page wider than the viewport, a table wider than its container, a chart
// wider than its container or any of its texts outside it, and a value
// label outside the viewport. It returns the labels of every chart shown
// and where the leader's score is drawn.
const layoutCheck = `(() => {
  const W = window.innerWidth, problems = [];
  const where = el => {
    const s = el.closest('section');
    const all = [...document.querySelectorAll(el.tagName)];
    return (s ? '#' + s.id : 'page') + ' ' + el.tagName.toLowerCase() + ' ' + all.indexOf(el);
  };
  const de = document.documentElement;
  if (de.scrollWidth > W) problems.push('the page is ' + de.scrollWidth + 'px wide in a ' + W + 'px viewport');
  let tables = 0, cards = 0;
  for (const t of document.querySelectorAll('table')) {
    tables++;
    if (getComputedStyle(t).display === 'block') {
      cards++;
      // A card names each value with its column's header.
      const heads = [...t.querySelectorAll('th')].map(h => h.textContent);
      const row = t.querySelector('tbody tr');
      [...(row ? row.children : [])].forEach((td, i) => {
        if (td.classList.contains('k') || !td.textContent) return;
        const label = getComputedStyle(td, '::before').content;
        if (label !== JSON.stringify(heads[i]))
          problems.push(where(t) + ': card value ' + i + ' is labelled ' + label + ', not "' + heads[i] + '"');
      });
    }
    const c = t.parentElement, w = t.getBoundingClientRect().width;
    if (w > c.clientWidth + 0.5 || c.scrollWidth > c.clientWidth + 0.5)
      problems.push(where(t) + ': ' + w.toFixed(1) + 'px wide in a ' + c.clientWidth + 'px container');
  }
  const charts = [];
  let leader = null;
  for (const s of document.querySelectorAll('svg.chart')) {
    if (!s.getClientRects().length) continue; // the drawing for the other width
    const r = s.getBoundingClientRect(), c = s.parentElement;
    if (r.width > c.clientWidth + 0.5)
      problems.push(where(s) + ': chart ' + r.width.toFixed(1) + 'px wide in a ' + c.clientWidth + 'px container');
    for (const tx of s.querySelectorAll('text')) {
      const b = tx.getBoundingClientRect();
      if (!b.width) continue;
      if (b.left < r.left - 0.5 || b.right > r.right + 0.5 || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5)
        problems.push(where(s) + ': "' + tx.textContent + '" is drawn outside the chart');
    }
    for (const v of s.querySelectorAll('text.v')) {
      const b = v.getBoundingClientRect();
      if (b.left < 0 || b.right > W) problems.push(where(s) + ': value ' + v.textContent + ' is off-screen');
    }
    charts.push([...s.querySelectorAll('text.lbl')].map(l => [...l.querySelectorAll('tspan')].map(x => x.textContent).join('\n')));
    const win = s.closest('#ranking') && s.querySelector('text.win');
    if (win && !leader) {
      const b = win.getBoundingClientRect();
      leader = {text: win.textContent, left: b.left, right: b.right};
    }
  }
  return {problems, charts, leader, tables, cards, width: W};
})()`

type layoutResult struct {
	Problems []string   `json:"problems"`
	Charts   [][]string `json:"charts"`
	Leader   *struct {
		Text  string  `json:"text"`
		Left  float64 `json:"left"`
		Right float64 `json:"right"`
	} `json:"leader"`
	Tables int     `json:"tables"`
	Cards  int     `json:"cards"`
	Width  float64 `json:"width"`
}

// TestHTMLLayoutInBrowser renders both examples in both languages with the
// embedded catalog, the test fixture over 10 years and a posture report,
// loads each in headless Chromium at a desktop width
// (1280 px) and a phone's (390 px), and checks that no table or chart
// overflows its container, that chart labels stay distinct, and that the
// leader's score is on screen. MAILPICK_HTML_SHOTS=DIR also saves
// screenshots there; MAILPICK_HTML_WIDTHS=320,600,… checks other widths.
func TestHTMLLayoutInBrowser(t *testing.T) {
	bin := browserPath(t)
	dir := t.TempDir()
	type page struct {
		name, file string
		decision   bool // a decision report: charts, and a ranking with a leader
	}
	var pages []page
	for _, ex := range []string{"smb-50-ja.toml", "closed-network-en.toml"} {
		for _, lang := range []string{"ja", "en"} {
			var b bytes.Buffer
			if err := WriteHTML(&b, exampleInput(t, ex, lang)); err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(ex, ".toml") + "-" + lang
			f := filepath.Join(dir, name+".html")
			if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			pages = append(pages, page{name, f, true})
		}
	}
	// The widest the input allows: a 10-year horizon stacks 11 segments in
	// the TCO chart and puts 15 columns in its table.
	var b bytes.Buffer
	if err := WriteHTML(&b, fixture(t, fixtureOpts{lang: "ja", users: 300, years: 10})); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "fixture-10y-ja.html")
	if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, page{"fixture-10y-ja", f, true})
	// The posture report shares the renderer: tables only.
	b.Reset()
	if err := WritePostureHTML(&b, postureFixture(t, "ja", 3)); err != nil {
		t.Fatal(err)
	}
	f = filepath.Join(dir, "posture-ja.html")
	if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, page{"posture-ja", f, false})

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("hide-scrollbars", true),
		// The page is self-contained; resolve nothing, so a stray request
		// could not reach the network.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"))...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()

	shots := os.Getenv("MAILPICK_HTML_SHOTS")
	widths := []int64{1280, 390}
	if w := os.Getenv("MAILPICK_HTML_WIDTHS"); w != "" { // e.g. 320,600,720,1024
		widths = nil
		for _, f := range strings.Split(w, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || n < 200 {
				t.Fatalf("MAILPICK_HTML_WIDTHS: %q is not a width in px (200 or more)", f)
			}
			widths = append(widths, n)
		}
	}
	for _, p := range pages {
		for _, width := range widths {
			t.Run(fmt.Sprintf("%s/%d", p.name, width), func(t *testing.T) {
				if err := chromedp.Do(bctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+p.file)); err != nil {
					t.Fatal(err)
				}
				res, err := chromedp.Run(bctx, chromedp.Evaluate[layoutResult](layoutCheck))
				if err != nil {
					t.Fatal(err)
				}
				if res.Width != float64(width) {
					t.Fatalf("viewport is %v px, want %d", res.Width, width)
				}
				if res.Tables == 0 || p.decision && len(res.Charts) == 0 {
					t.Fatalf("found %d tables and %d charts: the check looked at nothing", res.Tables, len(res.Charts))
				}
				for _, pr := range res.Problems {
					t.Error(pr)
				}
				for i, labels := range res.Charts {
					seen := map[string]bool{}
					for _, l := range labels {
						if seen[l] {
							t.Errorf("chart %d: two bars are labelled %q", i, l)
						}
						seen[l] = true
					}
				}
				switch {
				case !p.decision:
				case res.Leader == nil:
					t.Error("the ranking chart marks no leader's score")
				case res.Leader.Left < 0 || res.Leader.Right > float64(width):
					t.Errorf("the leader's score %s is drawn at %.0f–%.0f px, outside the %d px viewport", res.Leader.Text, res.Leader.Left, res.Leader.Right, width)
				}
				t.Logf("%d tables (%d as cards), %d charts", res.Tables, res.Cards, len(res.Charts))
				if shots != "" {
					saveShots(t, bctx, filepath.Join(shots, fmt.Sprintf("%s-%d", p.name, width)))
				}
			})
		}
	}
}

// saveShots saves a screenshot of the page's header and of each section
// (the first 1,600 px of a long one) as PREFIX-NN-ID.png, to look at, and
// the top 1,250 px of main as PREFIX.png (the framing of the README's
// picture, which shows what `mailpick report` writes for smb-50-ja.toml).
func saveShots(t *testing.T, ctx context.Context, prefix string) {
	t.Helper()
	type box struct {
		ID         string
		X, Y, W, H float64
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]box](`[...document.querySelectorAll('main, header.top, section')].map(s => {
  const r = s.getBoundingClientRect();
  return {ID: s.id || 'top', X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height};
})`))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range boxes {
		png, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			clip := &page.Viewport{X: b.X - 8, Y: b.Y, Width: b.W + 16, Height: min(b.H+8, 1600), Scale: 1}
			if i == 0 { // main
				clip = &page.Viewport{X: b.X, Y: b.Y, Width: b.W, Height: min(b.H, 1250), Scale: 1}
			}
			beyond := true
			res, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng, Clip: clip, CaptureBeyondViewport: &beyond})
			if err != nil {
				return nil, err
			}
			return res.Data, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%s-%02d-%s.png", prefix, i, b.ID)
		if i == 0 {
			name = prefix + ".png"
		}
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
