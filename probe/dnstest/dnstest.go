// Package dnstest runs an in-process DNS server for hermetic tests: zones
// are written in the test as RFC 1035 text and served on 127.0.0.1 over UDP
// and TCP. Knobs make it misbehave the ways real servers do (SERVFAIL,
// silence, lost packets, truncation, slowness, DNSSEC-bogus answers).
package dnstest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Query is one query the server received.
type Query struct {
	Name  string
	Type  uint16
	Proto string // "udp" or "tcp"
	DO    bool
	CD    bool
	AD    bool
	At    time.Time // when it arrived
}

// Server is a running test DNS server.
type Server struct {
	Addr string // 127.0.0.1:port, the same port for UDP and TCP

	mu          sync.Mutex
	rrs         map[string][]dns.RR // owner (lower-case FQDN) → records
	servfail    map[string]bool
	drop        map[string]bool
	bogus       map[string]bool
	secure      []string // zone suffixes whose answers carry AD
	truncateUDP bool
	truncateTCP bool
	loseFirst   int            // UDP copies of each question dropped
	seen        map[string]int // UDP copies received per question
	delay       time.Duration
	queries     []Query
	done        chan struct{} // closed when the server stops, to cut delays short
	stopOnce    sync.Once
	stop        func()
}

// New starts a server serving zone (RFC 1035 text; relative names are
// relative to the root, so write FQDNs or use $ORIGIN) and stops it when
// the test ends.
func New(t testing.TB, zone string) *Server {
	t.Helper()
	s, err := Start(zone)
	if err != nil {
		t.Fatalf("dnstest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start is New outside a test (a demo or a screenshot script): the caller
// stops the server with Close.
func Start(zone string) (*Server, error) {
	s := &Server{
		rrs:      map[string][]dns.RR{},
		servfail: map[string]bool{},
		drop:     map[string]bool{},
		bogus:    map[string]bool{},
		seen:     map[string]int{},
		done:     make(chan struct{}),
	}
	if err := s.AddZone(zone); err != nil {
		return nil, err
	}
	pc, l, err := listenPair()
	if err != nil {
		return nil, err
	}
	s.Addr = pc.LocalAddr().String()
	udp := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(s.serve("udp"))}
	tcp := &dns.Server{Listener: l, Handler: dns.HandlerFunc(s.serve("tcp"))}
	for _, srv := range []*dns.Server{udp, tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
	}
	s.stop = func() {
		close(s.done)
		udp.Shutdown()
		tcp.Shutdown()
	}
	return s, nil
}

// Close stops the server; answers held by Delay are cut short. Closing
// again does nothing.
func (s *Server) Close() { s.stopOnce.Do(s.stop) }

// listenPair opens UDP and TCP on one free port of 127.0.0.1. The UDP port
// is picked by the kernel; the same TCP port may be held at that moment by
// another process's connection (tests of other packages run in parallel),
// so a few ports are tried.
func listenPair() (net.PacketConn, net.Listener, error) {
	var lastErr error
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			return pc, l, nil
		}
		pc.Close()
		lastErr = fmt.Errorf("tcp port %d: %w", port, err)
	}
	return nil, nil, lastErr
}

// Client returns a dnsclient that sends every query to this server. Its
// lookups give up after 2 s (LookupTimeout), so tests of silent names end
// quickly; everything else is as in a real run.
func (s *Server) Client() *dnsclient.Client {
	c := dnsclient.New(s.Addr)
	c.LookupTimeout = 2 * time.Second
	return c
}

// AddZone adds the records in zone (RFC 1035 text).
func (s *Server) AddZone(zone string) error {
	zp := dns.NewZoneParser(strings.NewReader(zone), ".", "")
	zp.SetDefaultTTL(300)
	s.mu.Lock()
	defer s.mu.Unlock()
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		name := strings.ToLower(rr.Header().Name)
		s.rrs[name] = append(s.rrs[name], rr)
	}
	if err := zp.Err(); err != nil {
		return fmt.Errorf("zone: %w", err)
	}
	return nil
}

// ServFail makes queries for name answer SERVFAIL.
func (s *Server) ServFail(name string) { s.set(s.servfail, name) }

// Drop makes queries for name go unanswered, so clients time out.
func (s *Server) Drop(name string) { s.set(s.drop, name) }

// Bogus makes name behave like a DNSSEC-bogus name at a validating
// resolver: SERVFAIL, unless the query sets CD, which gets the data.
func (s *Server) Bogus(name string) { s.set(s.bogus, name) }

// Secure sets the AD bit on answers for names at or under zone, like a
// validating resolver would for a correctly signed zone.
func (s *Server) Secure(zone string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secure = append(s.secure, strings.ToLower(dns.Fqdn(zone)))
}

// TruncateUDP makes every UDP answer empty with the TC bit, forcing TCP.
func (s *Server) TruncateUDP(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncateUDP = on
}

// TruncateTCP makes every TCP answer empty with the TC bit too: a server
// that cannot give a complete answer over any transport.
func (s *Server) TruncateTCP(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncateTCP = on
}

// LoseFirst drops the first n UDP copies of each question (name and type),
// like a lossy network: a client that does not retransmit gets no answer.
func (s *Server) LoseFirst(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loseFirst = n
}

// Delay holds every answer for d (for benchmarks and deadline tests).
func (s *Server) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Queries returns the queries received so far.
func (s *Server) Queries() []Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Query(nil), s.queries...)
}

func (s *Server) set(m map[string]bool, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m[strings.ToLower(dns.Fqdn(name))] = true
}

func (s *Server) serve(proto string) func(dns.ResponseWriter, *dns.Msg) {
	return func(w dns.ResponseWriter, req *dns.Msg) {
		if len(req.Question) != 1 {
			m := new(dns.Msg)
			m.SetRcode(req, dns.RcodeFormatError)
			w.WriteMsg(m)
			return
		}
		q := req.Question[0]
		name := strings.ToLower(q.Name)
		opt := req.IsEdns0()
		do := opt != nil && opt.Do()

		s.mu.Lock()
		s.queries = append(s.queries, Query{Name: name, Type: q.Qtype, Proto: proto, DO: do, CD: req.CheckingDisabled, AD: req.AuthenticatedData, At: time.Now()})
		drop, servfail, bogus := s.drop[name], s.servfail[name], s.bogus[name]
		if proto == "udp" && s.loseFirst > 0 {
			k := name + "/" + dns.TypeToString[q.Qtype]
			s.seen[k]++
			drop = drop || s.seen[k] <= s.loseFirst
		}
		delay := s.delay
		truncate := proto == "udp" && s.truncateUDP || proto == "tcp" && s.truncateTCP
		secure := false
		for _, z := range s.secure {
			if name == z || strings.HasSuffix(name, "."+z) {
				secure = true
			}
		}
		m := s.answer(req, name, q.Qtype, do)
		s.mu.Unlock()

		if drop {
			return
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-s.done:
				return
			}
		}
		if servfail || (bogus && !req.CheckingDisabled) {
			m = new(dns.Msg)
			m.SetRcode(req, dns.RcodeServerFailure)
		}
		m.RecursionAvailable = true
		m.AuthenticatedData = secure && !bogus && m.Rcode == dns.RcodeSuccess && (do || req.AuthenticatedData)
		if opt != nil {
			m.SetEdns0(4096, do)
		}
		if truncate {
			m.Answer, m.Ns, m.Extra = nil, nil, nil
			m.Truncated = true
		} else if proto == "udp" {
			size := dns.MinMsgSize
			if opt != nil && int(opt.UDPSize()) > size {
				size = int(opt.UDPSize())
			}
			m.Truncate(size)
		}
		w.WriteMsg(m)
	}
}

// answer builds the response from the records; callers hold s.mu.
func (s *Server) answer(req *dns.Msg, name string, qtype uint16, do bool) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	for hops := 0; hops < 8; hops++ {
		rrs, exists := s.lookup(name)
		if !exists {
			if hops == 0 {
				m.Rcode = dns.RcodeNameError
			}
			break
		}
		var cname *dns.CNAME
		found := false
		for _, rr := range rrs {
			t := rr.Header().Rrtype
			if t == qtype || (do && t == dns.TypeRRSIG && rr.(*dns.RRSIG).TypeCovered == qtype) {
				m.Answer = append(m.Answer, withName(rr, name))
				found = found || t == qtype
			}
			if c, ok := rr.(*dns.CNAME); ok {
				cname = c
			}
		}
		if found || cname == nil || qtype == dns.TypeCNAME {
			break
		}
		m.Answer = append(m.Answer, withName(cname, name))
		name = strings.ToLower(cname.Target)
	}
	if len(m.Answer) == 0 || m.Rcode == dns.RcodeNameError {
		if soa := s.soaFor(name); soa != nil {
			m.Ns = append(m.Ns, soa)
		}
	}
	return m
}

// lookup returns the records at name, synthesising from a wildcard
// (RFC 4592, simplified: the closest "*.<ancestor>") when name does not
// exist. exists is true for empty non-terminals too.
func (s *Server) lookup(name string) (rrs []dns.RR, exists bool) {
	if rrs, ok := s.rrs[name]; ok {
		return rrs, true
	}
	for owner := range s.rrs {
		if strings.HasSuffix(owner, "."+name) {
			return nil, true
		}
	}
	labels := dns.SplitDomainName(name)
	for i := 1; i < len(labels); i++ {
		wild := "*." + strings.Join(labels[i:], ".") + "."
		if rrs, ok := s.rrs[wild]; ok {
			return rrs, true
		}
	}
	return nil, false
}

func (s *Server) soaFor(name string) dns.RR {
	labels := dns.SplitDomainName(name)
	for i := range labels {
		for _, rr := range s.rrs[strings.Join(labels[i:], ".")+"."] {
			if rr.Header().Rrtype == dns.TypeSOA {
				return rr
			}
		}
	}
	return nil
}

func withName(rr dns.RR, name string) dns.RR {
	if strings.EqualFold(rr.Header().Name, name) {
		return rr
	}
	cp := dns.Copy(rr)
	cp.Header().Name = name
	return cp
}
