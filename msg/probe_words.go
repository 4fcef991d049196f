package msg

import (
	"encoding/json"
	"errors"
	"strings"
)

// The words the probe's findings share: counted things, lists of names,
// the joints between clauses, and the DNS failures every check may report.

// Count is a number of things of one unit ("host", "record"), worded
// "1 host" / "3 hosts" in English and with a counter in Japanese. The
// unit's words are the entries probe.unit.<unit> (any number) and
// probe.unit.<unit>.one (exactly one), each with {n}.
type Count struct {
	N    int    `json:"n"`
	Unit string `json:"unit"`
}

// Word implements Worder.
func (c Count) Word(lang string) string {
	code := "probe.unit." + c.Unit
	if _, ok := table[code+".one"]; ok && c.N == 1 {
		code += ".one"
	}
	return T(lang, code, "n", c.N)
}

// List is a list of names (host names, selectors, addresses) worded as a
// list of lang: "a, b" or "a、b".
type List []string

// Word implements Worder.
func (l List) Word(lang string) string { return Join(lang, l) }

// Alternatives is a list of choices (records to keep, say): "a or b",
// "aまたはb".
type Alternatives []string

// Word implements Worder.
func (a Alternatives) Word(lang string) string {
	if lang == "ja" {
		return strings.Join(a, "、または")
	}
	return strings.Join(a, " or ")
}

// UnmarshalJSON reads a message back with its arguments' kinds: a nested
// {"code":…} object is a Message again, a list of them is Clauses, a
// {"n":…,"unit":…} object a Count and a list of strings a List, so that a
// result read from a file (a --baseline) renders as it did when written.
// Other values keep what encoding/json makes of them.
func (m *Message) UnmarshalJSON(b []byte) error {
	var raw struct {
		Code string                     `json:"code"`
		Args map[string]json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Code, m.Args = raw.Code, nil
	if len(raw.Args) > 0 {
		m.Args = make(map[string]any, len(raw.Args))
		for k, v := range raw.Args {
			m.Args[k] = revive(v)
		}
	}
	return nil
}

func revive(b json.RawMessage) any {
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) == nil && obj != nil {
		if _, ok := obj["code"]; ok {
			var m Message
			if json.Unmarshal(b, &m) == nil {
				return m
			}
		}
		if _, ok := obj["unit"]; ok && len(obj) == 2 {
			var c Count
			if json.Unmarshal(b, &c) == nil {
				return c
			}
		}
	}
	var arr []json.RawMessage
	if json.Unmarshal(b, &arr) == nil && arr != nil {
		var ss []string
		if json.Unmarshal(b, &ss) == nil {
			return List(ss)
		}
		var ms []Message
		if json.Unmarshal(b, &ms) == nil {
			return Clauses(ms)
		}
	}
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}

// Coded is an error that words itself: Coded is its message, and Error
// the message in English. The probe's parsers and fetchers return such
// errors so a report in another language can word what they found.
type Coded interface {
	error
	Coded() Message
}

// Err is a Coded error built from a code and its arguments; Wrapped, when
// set, is the error it explains (for errors.Is and errors.As).
type Err struct {
	Msg     Message
	Wrapped error
}

// NewErr returns the error with code and name/value pairs, as New.
func NewErr(code string, kv ...any) *Err { return &Err{Msg: New(code, kv...)} }

// Wrap returns e explaining err.
func (e *Err) Wrap(err error) *Err { e.Wrapped = err; return e }

func (e *Err) Error() string  { return Render("en", e.Msg) }
func (e *Err) Coded() Message { return e.Msg }
func (e *Err) Unwrap() error  { return e.Wrapped }

// ErrOf words err: its own message when it is Coded and nothing wraps it
// with words of its own, else its text as given (the system's words, a
// server's reply), under the code probe.err.text.
func ErrOf(err error) Message {
	var c Coded
	if errors.As(err, &c) && c.Error() == err.Error() {
		return c.Coded()
	}
	return New("probe.err.text", "text", err.Error())
}
