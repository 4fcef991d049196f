package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress draws "done/total, rate, eta" on one terminal line. Updates are
// throttled so a fast batch does not spend its time redrawing.
type progress struct {
	w     io.Writer
	total int // < 0: unknown (stdin)
	now   func() time.Time
	start time.Time

	mu    sync.Mutex
	last  time.Time
	drawn bool
}

const progressEvery = 200 * time.Millisecond

func newProgress(w io.Writer, total int, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	t := now()
	return &progress{w: w, total: total, now: now, start: t}
}

// update redraws at most every progressEvery, and always for the last one.
func (p *progress) update(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if p.drawn && t.Sub(p.last) < progressEvery && done != p.total {
		return
	}
	p.last, p.drawn = t, true
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(done, t))
}

func (p *progress) line(done int, t time.Time) string {
	el := t.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(done) / el
	}
	if p.total < 0 {
		return fmt.Sprintf("%d domains  %.1f/s", done, rate)
	}
	const width = 24
	filled := 0
	if p.total > 0 {
		filled = min(width, done*width/p.total)
	}
	s := fmt.Sprintf("[%s%s] %d/%d  %.1f/s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total, rate)
	if rate > 0 && done < p.total {
		eta := time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second)
		s += "  eta " + eta.String()
	}
	return s
}

// finish clears the line so the next message starts clean.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
