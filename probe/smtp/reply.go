// Package smtp is the part of an SMTP client a posture probe needs: the
// greeting, EHLO, STARTTLS and QUIT. It cannot send MAIL, RCPT or DATA: the
// command writer only knows the three verbs above, so a probe can never
// start a mail transaction by mistake.
package smtp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound what a server may make us read. Servers are untrusted: a
// hostile or broken one could otherwise stream an endless line or reply.
type Limits struct {
	// MaxLine is the longest reply line accepted, CRLF included.
	// RFC 5321 §4.5.3.1.5 allows 512; real servers exceed it a little.
	MaxLine int
	// MaxReply is the largest multi-line reply accepted, in bytes.
	MaxReply int
}

// DefaultLimits are generous for real servers and small for memory.
var DefaultLimits = Limits{MaxLine: 2048, MaxReply: 64 << 10}

// Reply is one SMTP reply (RFC 5321 §4.2): a three-digit code and one or
// more lines of text. Lines are sanitised: control characters are replaced,
// so the text is safe to print.
type Reply struct {
	Code  int
	Lines []string
}

// Text joins the reply's lines with spaces.
func (r Reply) Text() string { return strings.Join(r.Lines, " ") }

func (r Reply) String() string {
	if len(r.Lines) == 0 {
		return fmt.Sprint(r.Code)
	}
	return fmt.Sprintf("%d %s", r.Code, r.Text())
}

// Errors from ReadReply. A reply that breaks a rule is garbage: the caller
// stops the dialogue rather than guess.
var (
	ErrLineTooLong  = errors.New("smtp: reply line too long")
	ErrReplyTooLong = errors.New("smtp: reply too long")
	ErrMalformed    = errors.New("smtp: malformed reply")
)

// ReadReply reads one possibly multi-line reply. Every line starts with the
// same three-digit code; "-" after the code means more lines follow, a
// space or the end of the line ends the reply.
func ReadReply(r *bufio.Reader, lim Limits) (Reply, error) {
	if lim.MaxLine <= 0 || lim.MaxReply <= 0 {
		lim = DefaultLimits
	}
	var rep Reply
	total := 0
	for {
		line, err := readLine(r, lim.MaxLine)
		total += len(line) + 2
		if err != nil {
			if errors.Is(err, io.EOF) && (len(line) > 0 || len(rep.Lines) > 0) {
				err = io.ErrUnexpectedEOF
			}
			return Reply{}, err
		}
		if total > lim.MaxReply {
			return Reply{}, ErrReplyTooLong
		}
		code, more, text, ok := parseLine(line)
		if !ok {
			return Reply{}, fmt.Errorf("%w: %q", ErrMalformed, clip(sanitize(line), 40))
		}
		if len(rep.Lines) > 0 && code != rep.Code {
			return Reply{}, fmt.Errorf("%w: code %d inside reply %d", ErrMalformed, code, rep.Code)
		}
		rep.Code = code
		rep.Lines = append(rep.Lines, sanitize(text))
		if !more {
			return rep, nil
		}
	}
}

// readLine reads up to "\n" and strips the line ending. Bare LF is
// accepted: being strict here only loses information about the server.
func readLine(r *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > max {
			return "", ErrLineTooLong
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return string(buf), err
		}
		s := strings.TrimSuffix(string(buf), "\n")
		return strings.TrimSuffix(s, "\r"), nil
	}
}

func parseLine(line string) (code int, more bool, text string, ok bool) {
	if len(line) < 3 {
		return 0, false, "", false
	}
	for i := 0; i < 3; i++ {
		c := line[i]
		if c < '0' || c > '9' {
			return 0, false, "", false
		}
		code = code*10 + int(c-'0')
	}
	// RFC 5321 §4.2: first digit 2–5, second 0–5. 1yz is unused by SMTP
	// but harmless, so only the range of the first digit is enforced.
	if line[0] < '1' || line[0] > '5' {
		return 0, false, "", false
	}
	if len(line) == 3 {
		return code, false, "", true
	}
	switch line[3] {
	case '-':
		return code, true, line[4:], true
	case ' ':
		return code, false, line[4:], true
	}
	return 0, false, "", false
}

// sanitize makes server text printable: invalid UTF-8 and control
// characters become U+FFFD.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
