package probe

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mailpick/mailpick/msg"
)

// Every summary and fix the package's tests make a check word — the
// hermetic DNS zones, the policy server and the SMTP, TLS and client test
// servers of every test here — is collected and, once all tests ran,
// rendered in Japanese: none may leave an English word behind.
var (
	saidMu  sync.Mutex
	saidAll = map[string]msg.Message{}
)

func TestMain(m *testing.M) {
	said = func(x msg.Message) {
		k := msg.Render("en", x)
		saidMu.Lock()
		saidAll[k] = x
		saidMu.Unlock()
	}
	code := m.Run()
	if code == 0 && len(saidAll) > 0 {
		if bad := strayEnglish(saidAll); len(bad) > 0 {
			fmt.Fprintf(os.Stderr, "--- FAIL: Japanese findings with English words (%d of %d findings):\n%s\n", len(bad), len(saidAll), strings.Join(bad, "\n"))
			code = 1
		} else if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "%d distinct findings from the tests read as Japanese; %d of %d probe codes used\n", len(saidAll), len(codesUsed(saidAll)), len(probeCodes()))
		}
	}
	os.Exit(code)
}

// verbatim are the arguments that carry what DNS, a server or the system
// gave, or what the user is to type: names, records, terms, addresses,
// versions, durations, system error texts. They stay as written in every
// language, so the check masks them before looking for English.
var verbatim = map[string]bool{
	"domain": true, "name": true, "names": true, "host": true, "hosts": true, "record": true, "records": true,
	"target": true, "term": true, "item": true, "addr": true, "addrs": true, "rev": true, "url": true, "uri": true,
	"rua": true, "dest": true, "dests": true, "selector": true, "selectors": true, "walk": true, "org": true,
	"zone": true, "path": true, "tlsa": true, "id": true, "example": true, "mx": true, "a": true, "null": true,
	"ptr": true, "include": true, "terms": true, "ranges": true, "line": true, "header": true, "file": true,
	"type": true, "greeting": true, "postfix": true, "howto": true, "check": true, "flag": true, "v": true,
	"none": true, "p": true, "t": true, "pct": true, "all": true, "alg": true, "gmail": true, "yahoo": true,
	"requested": true, "applied": true, "policy": true, "version": true, "legacy": true, "cipher": true,
	"port": true, "code": true, "ct": true, "limit": true, "date": true, "what": true, "without_all": true,
	"without_redirect": true, "domains": true, "status": true, "key": true, "value": true,
	"location": true, "mailto": true, "https": true, "tag": true, "suffix": true, "sha": true, "h": true,
	"s": true, "email": true, "tv": true, "values": true, "part": true, "field": true, "want": true,
	"ed": true, "rsa": true, "k": true, "fo": true, "ruf": true,
	// SPF syntax: mechanism names, characters and examples.
	"list": true, "letters": true, "exp": true, "c": true, "len": true, "fixed": true, "form": true,
	"kind": true, "eq": true, "mod": true, "open": true, "close": true, "empty": true,
	"esc": true, "ip4": true, "ip6": true, "label": true,
	// The system's words for a certificate it did not trust.
	"reason": true,
	// The server's greeting, the system's words for a network failure.
	"text": true, "more": true,
}

// mask replaces every verbatim argument of x, however deep, with a mark.
func mask(x msg.Message) msg.Message {
	out := msg.Message{Code: x.Code, Args: map[string]any{}}
	for k, v := range x.Args {
		switch a := v.(type) {
		case msg.Message:
			out.Args[k] = mask(a)
		case msg.Clauses:
			cs := make(msg.Clauses, len(a))
			for i, c := range a {
				cs[i] = mask(c)
			}
			out.Args[k] = cs
		case []msg.Message:
			cs := make([]msg.Message, len(a))
			for i, c := range a {
				cs[i] = mask(c)
			}
			out.Args[k] = cs
		case string, msg.List, msg.Alternatives:
			if verbatim[k] {
				out.Args[k] = "‹›"
			} else {
				out.Args[k] = v
			}
		default:
			out.Args[k] = v
		}
	}
	return out
}

// code strips what reads as code, not words: flags, quoted values,
// a value in parentheses, tag=value, -all/~all, snake_case, one letter.
var (
	codeRE = regexp.MustCompile(`--[a-z-]+( [A-Z]+)?|mailpick [a-z]+|[a-z]+_[a-z_]+|"[a-z0-9]+"|（[a-z]+）|[a-z]+=[a-z0-9]*|[-~?+]all|\b[a-zA-Z]\b`)
	wordRE = regexp.MustCompile(`[A-Za-z]+`)
	// Words a Japanese administrator reads as they are: DMARC policy
	// values, RFC 7505's Null MX, a header's name, IPv6.
	allowedLatin = map[string]bool{"reject": true, "quarantine": true, "Null": true, "Received": true, "IPv": true, "mailpick": true}
)

func strayEnglish(all map[string]msg.Message) []string {
	var bad []string
	for _, x := range all {
		ja := msg.Render("ja", mask(x))
		var words []string
		for _, w := range wordRE.FindAllString(codeRE.ReplaceAllString(ja, ""), -1) {
			if !allowedLatin[w] && strings.ToUpper(w) != w {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			bad = append(bad, fmt.Sprintf("  %v in %q (%s)", words, msg.Render("ja", x), x.Code))
		}
	}
	sort.Strings(bad)
	return bad
}

func codesUsed(all map[string]msg.Message) map[string]bool {
	used := map[string]bool{}
	var walk func(x msg.Message)
	walk = func(x msg.Message) {
		used[x.Code] = true
		for _, v := range x.Args {
			switch a := v.(type) {
			case msg.Message:
				walk(a)
			case msg.Clauses:
				for _, c := range a {
					walk(c)
				}
			case []msg.Message:
				for _, c := range a {
					walk(c)
				}
			}
		}
	}
	for _, x := range all {
		walk(x)
	}
	return used
}

func probeCodes() []string {
	var out []string
	for _, c := range msg.Codes() {
		if strings.HasPrefix(c, "probe.") {
			out = append(out, c)
		}
	}
	return out
}

// TestStrayEnglishCatches makes sure the check above can fail: an English
// sentence, and an English parser message in a Japanese frame, are caught,
// while record text in a verbatim argument is not.
func TestStrayEnglishCatches(t *testing.T) {
	got := strayEnglish(map[string]msg.Message{
		"a": m("spf.record.pass", "record", "v=spf1 include:_spf.example.com -all"),
		"b": m("spf.issue.syntax", "detail", "unknown mechanism"),
		"c": m("err.text", "text", "connection refused"),
	})
	if len(got) != 1 || !strings.Contains(got[0], "unknown") {
		t.Errorf("got %q, want one finding naming the parser's words", got)
	}
}

// TestCodesResolve: every code the checks use is in msg's table, so no
// report shows a bare code.
func TestCodesResolve(t *testing.T) {
	saidMu.Lock()
	defer saidMu.Unlock()
	for c := range codesUsed(saidAll) {
		if !msg.Has(c) {
			t.Errorf("code %s is not in the message table", c)
		}
	}
}

// TestMessagesRoundTrip: a result read back from JSON (a --baseline)
// words its findings as it did when written.
func TestMessagesRoundTrip(t *testing.T) {
	x := m("mx.records.pass", "n", msg.Count{N: 2, Unit: "mx_record"}, "hosts", msg.List{"10 a.example", "20 b.example"})
	c := Check{ID: "mx.records"}
	c.sayMsg(msg.New("probe.cat", "a", x, "b", m("mx.records.more", "n", 3)))
	c.fixMsg(msg.Clauses{m("spf.void.fix"), m("spf.ptr.fix", "ranges", "ip4:/ip6:", "a", "a:host")}.Message())
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Check
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ja"} {
		if got, want := back.SummaryIn(lang), c.SummaryIn(lang); got != want {
			t.Errorf("%s summary: got %q, want %q", lang, got, want)
		}
		if got, want := back.FixIn(lang), c.FixIn(lang); got != want {
			t.Errorf("%s fix: got %q, want %q", lang, got, want)
		}
	}
	if ja := back.SummaryIn("ja"); ja != "MXレコード2件: 10 a.example、20 b.example（ほか3件は未確認）" {
		t.Errorf("ja: %q", ja)
	}
}
