// Command benchdns is a DNS server for benchmarks: every name under
// -zone answers like a small, well-configured mail domain, after -delay.
//
//	go run ./bench/benchdns -listen 127.0.0.1:5353 -zone bench.test -delay 0
//
// <name>.<zone> has MX 10 mx.<name>.<zone>, an SPF TXT, _dmarc and
// _smtp._tls TXT records (no _mta-sts: its policy fetch would leave the
// machine); mx.<name>.<zone> has A 192.0.2.1.
// Everything else is NXDOMAIN. It exists so `mailpick probe` can be run on
// 10,000 domains without touching the Internet.
//
// With -record FILE it writes every question it receives to FILE in
// dnsperf's input format ("name TYPE"), until it gets SIGUSR1; dnsperf can
// then replay exactly the queries mailpick sent against the same server.
// On SIGUSR2 it prints "queries N", the questions received so far, to
// standard error, so a script can count each run's queries.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:5353", "UDP and TCP address")
	zone := flag.String("zone", "bench.test", "zone served")
	delay := flag.Duration("delay", 0, "hold every answer this long")
	record := flag.String("record", "", "write every question to `FILE` (dnsperf format) until SIGUSR1")
	flag.Parse()
	z := dns.Fqdn(strings.ToLower(*zone))
	var rec recorder
	if *record != "" {
		f, err := os.Create(*record)
		if err != nil {
			log.Fatal(err)
		}
		rec.w = bufio.NewWriterSize(f, 1<<20)
		rec.f = f
	}
	var received atomic.Int64
	h := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		received.Add(1)
		rec.add(req)
		if *delay > 0 {
			time.Sleep(*delay)
		}
		w.WriteMsg(answer(req, z))
	})
	pc, err := net.ListenPacket("udp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	// A burst of thousands of queries must not overflow the socket
	// buffer: a dropped query costs the client a multi-second retry.
	if u, ok := pc.(*net.UDPConn); ok {
		u.SetReadBuffer(8 << 20)
	}
	ln, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		log.Fatal(err)
	}
	go (&dns.Server{PacketConn: pc, Handler: h}).ActivateAndServe()
	go (&dns.Server{Listener: ln, Handler: h}).ActivateAndServe()
	fmt.Println(pc.LocalAddr().String())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGUSR2)
	for s := range sig {
		switch s {
		case syscall.SIGUSR2:
			fmt.Fprintf(os.Stderr, "queries %d\n", received.Load())
		case syscall.SIGUSR1:
			rec.close()
		default:
			rec.close()
			return
		}
	}
}

// recorder writes questions in dnsperf's input format.
type recorder struct {
	mu sync.Mutex
	w  *bufio.Writer
	f  *os.File
}

func (r *recorder) add(req *dns.Msg) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil || len(req.Question) != 1 {
		return
	}
	q := req.Question[0]
	fmt.Fprintf(r.w, "%s %s\n", q.Name, dns.TypeToString[q.Qtype])
}

func (r *recorder) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil {
		return
	}
	r.w.Flush()
	r.f.Close()
	r.w = nil
}

func answer(req *dns.Msg, zone string) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative, m.RecursionAvailable = true, true
	if len(req.Question) != 1 {
		m.Rcode = dns.RcodeFormatError
		return m
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	if opt := req.IsEdns0(); opt != nil {
		m.SetEdns0(4096, false)
	}
	rr := func(s string) {
		r, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		m.Answer = append(m.Answer, r)
	}
	if !strings.HasSuffix(name, "."+zone) {
		m.Rcode = dns.RcodeNameError
		return m
	}
	labels := dns.SplitDomainName(strings.TrimSuffix(name, "."+zone))
	switch {
	case len(labels) == 1: // the mail domain
		switch q.Qtype {
		case dns.TypeMX:
			rr(fmt.Sprintf("%s 300 IN MX 10 mx.%s", name, name))
		case dns.TypeTXT:
			rr(fmt.Sprintf(`%s 300 IN TXT "v=spf1 mx -all"`, name))
		}
	case len(labels) == 2 && labels[0] == "mx":
		switch q.Qtype {
		case dns.TypeA:
			rr(name + " 300 IN A 192.0.2.1")
		}
	case len(labels) == 2 && labels[0] == "_dmarc" && q.Qtype == dns.TypeTXT:
		rr(name + ` 300 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@` + strings.TrimPrefix(name, "_dmarc.") + `"`)
	case len(labels) == 3 && labels[0] == "_smtp" && labels[1] == "_tls" && q.Qtype == dns.TypeTXT:
		rr(name + ` 300 IN TXT "v=TLSRPTv1; rua=mailto:tls@example.net"`)
	case len(labels) == 1:
	default:
		m.Rcode = dns.RcodeNameError
	}
	if len(m.Answer) == 0 && m.Rcode == dns.RcodeSuccess {
		m.Ns = append(m.Ns, soa(zone))
	}
	return m
}

func soa(zone string) dns.RR {
	r, _ := dns.NewRR(zone + " 300 IN SOA ns." + zone + " h." + zone + " 1 7200 3600 1209600 300")
	return r
}
