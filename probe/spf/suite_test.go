package spf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"gopkg.in/yaml.v3"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// The openspf.org RFC 7208 test suite (testdata/rfc7208-tests.yml, BSD
// licence in testdata/rfc7208-tests.LICENSE), served through an in-process
// DNS server and checked through the real miekg/dns resolver path.

type suiteCase struct {
	Description string    `yaml:"description"`
	Spec        any       `yaml:"spec"`
	Helo        string    `yaml:"helo"`
	Host        string    `yaml:"host"`
	MailFrom    string    `yaml:"mailfrom"`
	Result      yaml.Node `yaml:"result"`
	Explanation *string   `yaml:"explanation"`
}

type suiteDoc struct {
	Description string                    `yaml:"description"`
	Tests       map[string]suiteCase      `yaml:"tests"`
	ZoneData    map[string][]suiteZoneRow `yaml:"zonedata"`
}

// suiteZoneRow is "TIMEOUT" or a one-entry map such as {A: 192.0.2.1}.
type suiteZoneRow struct {
	Type  string
	Value any
}

func (r *suiteZoneRow) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		r.Type = n.Value
		return nil
	}
	var m map[string]any
	if err := n.Decode(&m); err != nil {
		return err
	}
	for k, v := range m {
		r.Type, r.Value = k, v
	}
	return nil
}

func (c suiteCase) results() []Status {
	var out []Status
	if c.Result.Kind == yaml.SequenceNode {
		for _, n := range c.Result.Content {
			out = append(out, Status(n.Value))
		}
		return out
	}
	return []Status{Status(c.Result.Value)}
}

// suiteSkip lists cases not passed on purpose, with the reason. It is
// printed in CONFORMANCE.md too.
var suiteSkip = map[string]string{}

func loadSuite(t testing.TB) []suiteDoc {
	t.Helper()
	data, err := os.ReadFile("testdata/rfc7208-tests.yml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []suiteDoc
	for {
		var d suiteDoc
		if err := dec.Decode(&d); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("rfc7208-tests.yml: %v", err)
		}
		docs = append(docs, d)
	}
	return docs
}

// zoneEntry is one row of a scenario's zone after the suite's conventions
// are applied: SPF (type 99) rows are served as TXT when the name has no TXT
// row of its own ("TXT: NONE" counts as one and means "no TXT").
type zoneEntry struct {
	typ    string
	values []any // TXT strings, or [pref, host] for MX, or one value
}

type suiteZone map[string][]zoneEntry

func buildZone(rows map[string][]suiteZoneRow) suiteZone {
	z := suiteZone{}
	for name, list := range rows {
		hasTXT := false
		for _, r := range list {
			if r.Type == "TXT" {
				hasTXT = true
			}
		}
		var out []zoneEntry
		for _, r := range list {
			typ := r.Type
			if typ == "SPF" {
				if hasTXT {
					continue // RFC 7208 implementations never query type SPF
				}
				typ = "TXT"
			}
			if typ == "TXT" && r.Value == "NONE" {
				continue
			}
			var vals []any
			switch v := r.Value.(type) {
			case []any:
				vals = v
			case nil:
			default:
				vals = []any{v}
			}
			out = append(out, zoneEntry{typ: typ, values: vals})
		}
		z[strings.ToLower(strings.TrimSuffix(name, "."))] = out
	}
	return z
}

// presentation escapes raw bytes for miekg/dns character-strings.
func presentation(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			fmt.Fprintf(&b, "\\%03d", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

var errServFail = fmt.Errorf("servfail")

// answer resolves name/qtype in the zone the way the suite's reference
// driver does: rows in order, TIMEOUT fails the query unless an answer of
// the asked type came before it, CNAMEs are chased (loops fail).
func (z suiteZone) answer(owner, name string, qtype uint16, depth int) ([]dns.RR, bool, error) {
	rows, ok := z[strings.ToLower(strings.TrimSuffix(name, "."))]
	if !ok {
		return nil, false, nil
	}
	if depth > 8 {
		return nil, true, errServFail
	}
	hdr := func(t uint16) dns.RR_Header {
		return dns.RR_Header{Name: owner, Rrtype: t, Class: dns.ClassINET, Ttl: 60}
	}
	var rrs []dns.RR
	for _, r := range rows {
		if r.typ == "TIMEOUT" {
			if len(rrs) == 0 {
				return nil, true, errServFail
			}
			break
		}
		switch {
		case r.typ == "CNAME" && qtype != dns.TypeCNAME:
			target := fmt.Sprint(r.values[0])
			tq := dns.Fqdn(queryName(strings.TrimSuffix(target, ".")))
			rrs = append(rrs, &dns.CNAME{Hdr: hdr(dns.TypeCNAME), Target: tq})
			more, _, err := z.answer(tq, target, qtype, depth+1)
			if err != nil {
				return nil, true, err
			}
			return append(rrs, more...), true, nil
		case r.typ == "TXT" && qtype == dns.TypeTXT:
			strs := []string{}
			for _, v := range r.values {
				strs = append(strs, presentation(fmt.Sprint(v)))
			}
			rrs = append(rrs, &dns.TXT{Hdr: hdr(dns.TypeTXT), Txt: strs})
		case r.typ == "A" && qtype == dns.TypeA:
			rrs = append(rrs, &dns.A{Hdr: hdr(dns.TypeA), A: net.ParseIP(fmt.Sprint(r.values[0])).To4()})
		case r.typ == "AAAA" && qtype == dns.TypeAAAA:
			rrs = append(rrs, &dns.AAAA{Hdr: hdr(dns.TypeAAAA), AAAA: net.ParseIP(fmt.Sprint(r.values[0]))})
		case r.typ == "MX" && qtype == dns.TypeMX:
			host := fmt.Sprint(r.values[1])
			rrs = append(rrs, &dns.MX{Hdr: hdr(dns.TypeMX), Preference: uint16(r.values[0].(int)), Mx: dns.Fqdn(queryName(strings.TrimSuffix(host, ".")))})
		case r.typ == "PTR" && qtype == dns.TypePTR:
			rrs = append(rrs, &dns.PTR{Hdr: hdr(dns.TypePTR), Ptr: dns.Fqdn(queryName(strings.TrimSuffix(fmt.Sprint(r.values[0]), ".")))})
		}
	}
	return rrs, true, nil
}

// zoneServer serves a swappable suiteZone on 127.0.0.1 over UDP and TCP.
type zoneServer struct {
	addr string
	mu   sync.Mutex
	zone suiteZone
}

func (s *zoneServer) set(z suiteZone) {
	s.mu.Lock()
	s.zone = z
	s.mu.Unlock()
}

func (s *zoneServer) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	if len(req.Question) != 1 {
		m.Rcode = dns.RcodeFormatError
		w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	s.mu.Lock()
	z := s.zone
	s.mu.Unlock()
	rrs, exists, err := z.answer(q.Name, dnsclient.Unescape(q.Name), q.Qtype, 0)
	switch {
	case err != nil:
		m.Rcode = dns.RcodeServerFailure
	case !exists:
		m.Rcode = dns.RcodeNameError
	default:
		m.Answer = rrs
	}
	w.WriteMsg(m)
}

func startZoneServer(t testing.TB, z suiteZone) *zoneServer {
	t.Helper()
	s := &zoneServer{zone: z}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		pc.Close()
		t.Fatal(err)
	}
	s.addr = pc.LocalAddr().String()
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: s}, {Listener: l, Handler: s}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
		t.Cleanup(func() { srv.Shutdown() })
	}
	return s
}

func (s *zoneServer) resolver() *DNSResolver {
	c := dnsclient.New(s.addr)
	c.LookupTimeout = 2 * time.Second
	return NewResolver(c)
}

func TestRFC7208Suite(t *testing.T) {
	docs := loadSuite(t)
	srv := startZoneServer(t, nil)
	r := srv.resolver()
	total, passed := 0, 0
	for _, doc := range docs {
		srv.set(buildZone(doc.ZoneData))
		for name, tc := range doc.Tests {
			total++
			ok := t.Run(doc.Description+"/"+name, func(t *testing.T) {
				if why, skip := suiteSkip[name]; skip {
					t.Skip(why)
				}
				ip, err := netip.ParseAddr(tc.Host)
				if err != nil {
					t.Fatalf("host %q: %v", tc.Host, err)
				}
				domain := tc.Helo
				if at := strings.LastIndexByte(tc.MailFrom, '@'); at >= 0 {
					domain = tc.MailFrom[at+1:]
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				res := Check(ctx, r, ip, domain, tc.MailFrom, tc.Helo, &Options{Receiver: "receiver.example.net"})
				want := tc.results()
				good := false
				for _, w := range want {
					good = good || res.Status == w
				}
				if !good {
					t.Errorf("result %s (err %v), want one of %v\n%s\ntrace:\n%s", res.Status, res.Err, want, strings.TrimSpace(tc.Description), traceText(res.Trace))
					return
				}
				if len(want) > 1 {
					t.Logf("suite accepts %v; result %s", want, res.Status)
				}
				if tc.Explanation != nil && res.Status == Fail {
					want := *tc.Explanation
					if want == "DEFAULT" {
						want = ""
					}
					// DNS names are case-insensitive; the suite writes
					// %{ir} nibbles in upper case, RFC 7208 §7.4 in lower.
					if !strings.EqualFold(res.Explanation, want) {
						t.Errorf("explanation %q, want %q\ntrace:\n%s", res.Explanation, want, traceText(res.Trace))
					}
				}
			})
			if ok {
				passed++
			}
		}
	}
	t.Logf("RFC 7208 suite: %d of %d cases passed, %d skipped", passed-len(suiteSkip), total, len(suiteSkip))
	if total < 200 {
		t.Errorf("loaded only %d cases; the suite has more", total)
	}
}

func traceText(steps []TraceStep) string {
	var b strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&b, "%s%s %s: %s %s\n", strings.Repeat("  ", s.Depth), s.Domain, s.Term, s.Detail, s.Result)
	}
	return b.String()
}
