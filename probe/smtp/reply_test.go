package smtp

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadReply(t *testing.T) {
	small := Limits{MaxLine: 40, MaxReply: 100}
	tests := []struct {
		name  string
		in    string
		lim   Limits
		code  int
		lines []string
		err   error
	}{
		{"single", "220 mx.example.com ESMTP\r\n", DefaultLimits, 220, []string{"mx.example.com ESMTP"}, nil},
		{"multi", "250-mx hello\r\n250-STARTTLS\r\n250 SIZE 100\r\n", DefaultLimits, 250, []string{"mx hello", "STARTTLS", "SIZE 100"}, nil},
		{"code only", "250\r\n", DefaultLimits, 250, []string{""}, nil},
		{"bare LF", "221 bye\n", DefaultLimits, 221, []string{"bye"}, nil},
		{"control chars sanitised", "220 a\x1b[31mb\r\n", DefaultLimits, 220, []string{"a\uFFFD[31mb"}, nil},
		{"invalid utf8 sanitised", "220 a\xffb\r\n", DefaultLimits, 220, []string{"a\uFFFDb"}, nil},
		{"mixed codes", "250-a\r\n251 b\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"not digits", "HTTP/1.1 400 Bad\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"first digit 0", "050 x\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"first digit 6", "650 x\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"short", "25\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"bad separator", "250+x\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"empty line", "\r\n", DefaultLimits, 0, nil, ErrMalformed},
		{"line too long", "220 " + strings.Repeat("x", 60) + "\r\n", small, 0, nil, ErrLineTooLong},
		{"reply too long", strings.Repeat("250-xxxxxxxxxxxxxxxxxxxx\r\n", 10) + "250 end\r\n", small, 0, nil, ErrReplyTooLong},
		{"eof at start", "", DefaultLimits, 0, nil, io.EOF},
		{"eof mid line", "220 mx", DefaultLimits, 0, nil, io.ErrUnexpectedEOF},
		{"eof mid reply", "250-a\r\n", DefaultLimits, 0, nil, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := ReadReply(bufio.NewReaderSize(strings.NewReader(tt.in), 16), tt.lim)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Code != tt.code || strings.Join(rep.Lines, "|") != strings.Join(tt.lines, "|") {
				t.Errorf("got %d %q, want %d %q", rep.Code, rep.Lines, tt.code, tt.lines)
			}
		})
	}
}

func TestReadReplySequence(t *testing.T) {
	r := bufio.NewReader(strings.NewReader("220 hi\r\n250-a\r\n250 b\r\n"))
	a, err1 := ReadReply(r, DefaultLimits)
	b, err2 := ReadReply(r, DefaultLimits)
	if err1 != nil || err2 != nil || a.Code != 220 || b.Code != 250 || len(b.Lines) != 2 {
		t.Fatalf("got %v %v, %v %v", a, err1, b, err2)
	}
}

func TestExtensions(t *testing.T) {
	ext := Extensions(Reply{Code: 250, Lines: []string{"mx hello", "starttls", "SIZE 1000", "AUTH PLAIN LOGIN"}})
	if _, ok := ext["STARTTLS"]; !ok {
		t.Errorf("STARTTLS missing from %v", ext)
	}
	if ext["SIZE"] != "1000" || ext["AUTH"] != "PLAIN LOGIN" {
		t.Errorf("got %v", ext)
	}
	if _, ok := ext["MX"]; ok {
		t.Errorf("greeting line parsed as a keyword: %v", ext)
	}
}

func TestValidHello(t *testing.T) {
	for s, want := range map[string]bool{
		"mx.example.com": true, "[192.0.2.1]": true, "localhost": true,
		"": false, "a b": false, "x\r\nMAIL FROM:<a@b>": false, "é.example": false,
	} {
		if validHello(s) != want {
			t.Errorf("validHello(%q) = %v", s, !want)
		}
	}
}

// FuzzReadReply: whatever a server sends, the reader returns a reply that
// obeys the limits or an error, and never panics.
func FuzzReadReply(f *testing.F) {
	for _, s := range []string{"220 ok\r\n", "250-a\r\n250 b\r\n", "250\r\n", "5", "250-\n250 \n", "220 \xff\x00\r\n", "HTTP/1.0 200\r\n"} {
		f.Add([]byte(s))
	}
	lim := Limits{MaxLine: 64, MaxReply: 256}
	f.Fuzz(func(t *testing.T, in []byte) {
		rep, err := ReadReply(bufio.NewReaderSize(strings.NewReader(string(in)), 16), lim)
		if err != nil {
			return
		}
		if rep.Code < 100 || rep.Code > 599 || len(rep.Lines) == 0 {
			t.Fatalf("bad reply %+v", rep)
		}
		size := 0
		for _, l := range rep.Lines {
			size += len(l)
			for _, r := range l {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("control character in %q", l)
				}
			}
		}
		// Sanitising can grow a line (1 byte → 3 for U+FFFD), so bound
		// the output by 3× the input limit.
		if size > 3*lim.MaxReply {
			t.Fatalf("reply of %d bytes beyond limit", size)
		}
	})
}
