package main

import (
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var b strings.Builder
	p := newProgress(&b, 100, now)
	clock = clock.Add(10 * time.Second)
	p.update(50)
	if !strings.Contains(b.String(), "[############............] 50/100  5.0/s  eta 10s") {
		t.Errorf("got %q", b.String())
	}
	b.Reset()
	clock = clock.Add(10 * time.Millisecond)
	p.update(51) // throttled
	if b.Len() != 0 {
		t.Errorf("redrew within %v: %q", progressEvery, b.String())
	}
	p.update(100) // the last one always draws
	if !strings.Contains(b.String(), "100/100") || strings.Contains(b.String(), "eta") {
		t.Errorf("got %q", b.String())
	}
	b.Reset()
	p.finish()
	if b.String() != "\r\x1b[K" {
		t.Errorf("finish wrote %q", b.String())
	}

	b.Reset()
	u := newProgress(&b, -1, now)
	clock = clock.Add(4 * time.Second)
	u.update(8)
	if !strings.Contains(b.String(), "8 domains  2.0/s") {
		t.Errorf("unknown total: %q", b.String())
	}
}
