package dnsclient

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// response is a message received from server, with its size on the wire.
type response struct {
	msg    *dns.Msg
	server string
	size   int
}

// event is what a socket's reader hands to a waiting query: a response,
// or the error that ended the socket (e.g. ICMP port unreachable).
type event struct {
	response
	err error
}

// udpSock is one connected UDP socket to one server. A reader goroutine
// hands each response to the query waiting for its message ID; several
// queries can share the socket (within a session), each with its own ID.
type udpSock struct {
	server string
	conn   *net.UDPConn
	size   int // largest response accepted: the EDNS0 buffer size advertised

	mu      sync.Mutex
	pending map[uint16]waiter
	closed  bool
}

// waiter is a query waiting on a socket: where its responses go, and its
// question section in wire form, which a response must repeat.
type waiter struct {
	ch       chan<- event
	question []byte
}

func dialUDP(server string, size uint16) (*udpSock, error) {
	var raddr *net.UDPAddr
	if ap, err := netip.ParseAddrPort(server); err == nil {
		raddr = net.UDPAddrFromAddrPort(ap) // the usual case: no resolver involved
	} else if raddr, err = net.ResolveUDPAddr("udp", server); err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		return nil, err
	}
	s := &udpSock{server: server, conn: conn, size: max(int(size), dns.MinMsgSize), pending: map[uint16]waiter{}}
	go s.read()
	return s, nil
}

// register reserves a message ID, chosen at random among those not in
// flight on this socket (RFC 5452 §4.3: the ID is part of what an off-path
// forger must guess), and routes its responses to w.
func (s *udpSock) register(w waiter) (uint16, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, net.ErrClosed
	}
	if len(s.pending) >= 1<<15 {
		return 0, errors.New("too many queries in flight on one socket")
	}
	for {
		id := uint16(rand.Uint32())
		if _, used := s.pending[id]; !used {
			s.pending[id] = w
			return id, nil
		}
	}
}

func (s *udpSock) unregister(id uint16) {
	s.mu.Lock()
	delete(s.pending, id)
	s.mu.Unlock()
}

func (s *udpSock) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.conn.Close()
}

// read delivers responses until the socket is closed. A response whose ID
// no query waits for (a late answer to a finished query, or a forgery), or
// whose question is not the query's (RFC 5452 §9.1), is dropped before it
// is even parsed.
func (s *udpSock) read() {
	// One byte more than a response may have (RFC 6891 §6.2.5: a
	// responder keeps within the requestor's payload size), so that an
	// oversized datagram is recognised and dropped, not cut and misread.
	buf := make([]byte, s.size+1)
	for {
		n, err := s.conn.Read(buf)
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			for _, w := range s.pending {
				select {
				case w.ch <- event{response: response{server: s.server}, err: err}:
				default:
				}
			}
			s.mu.Unlock()
			if closed || errors.Is(err, net.ErrClosed) {
				return
			}
			// An ICMP error (port unreachable) is reported once on a
			// connected socket, which stays usable.
			continue
		}
		if n < 12 || n > s.size {
			continue
		}
		s.mu.Lock()
		w, ok := s.pending[binary.BigEndian.Uint16(buf)]
		s.mu.Unlock()
		if !ok || !answers(buf[:n], w.question) {
			continue
		}
		m := new(dns.Msg)
		if err := m.Unpack(buf[:n]); err != nil {
			continue
		}
		select {
		case w.ch <- event{response: response{msg: m, server: s.server, size: n}}:
		default:
		}
	}
}

// answers reports whether the wire message b is a response (QR set) to the
// question q (wire form of QNAME, QTYPE, QCLASS): RFC 5452 §9.1 wants the
// question matched, not just the ID. The name compares ASCII
// case-insensitively (RFC 4343 §3); a resolver may change its case.
func answers(b, q []byte) bool {
	if len(b) < 12+len(q) || b[2]&0x80 == 0 || binary.BigEndian.Uint16(b[4:]) != 1 {
		return false
	}
	for i, c := range q {
		d := b[12+i]
		if c != d && lower(c) != lower(d) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// sameQuestion is answers for a parsed message (TCP).
func sameQuestion(r *dns.Msg, name string, qtype uint16) bool {
	return len(r.Question) == 1 && r.Response &&
		strings.EqualFold(r.Question[0].Name, name) &&
		r.Question[0].Qtype == qtype && r.Question[0].Qclass == dns.ClassINET
}

// isFinal reports whether an rcode settles the question, or whether
// another server might do better (SERVFAIL, REFUSED, NOTIMP, …).
func isFinal(rcode int) bool {
	return rcode == dns.RcodeSuccess || rcode == dns.RcodeNameError
}

// exchangeUDP sends the query wire (ID 0) over UDP following the
// retransmission schedule of the package documentation until a server
// gives a final answer or ctx ends. When every server failed it returns
// the last failure: a response (SERVFAIL, REFUSED) if one came, else an
// *Error.
//
// It is long because the retransmission schedule is one loop whose state
// (the next resend, the server rotation, the last failure and the reads of
// late answers to earlier copies) only makes sense together.
func (c *Client) exchangeUDP(ctx context.Context, name string, qtype uint16, wire []byte) (response, error) {
	mkErr := func(kind error, server string, err error) *Error {
		return &Error{Name: name, Type: qtype, Kind: kind, Server: server, Err: err}
	}
	type route struct {
		server string
		sock   *udpSock
		id     uint16
		wire   []byte
		own    bool // socket opened for this query alone
		failed bool
	}
	ch := make(chan event, 4)
	w := waiter{ch: ch, question: wire[12 : len(wire)-11]} // QNAME QTYPE QCLASS, before the OPT
	routes := make([]route, len(c.Servers))
	for i, server := range c.Servers {
		routes[i].server = server
	}
	defer func() {
		for _, r := range routes {
			if r.sock != nil {
				r.sock.unregister(r.id)
				if r.own {
					r.sock.close()
				}
			}
		}
	}()
	var lastResp *response
	var lastErr *Error
	next, last := 0, 0
	fail := func(i int, err error) {
		if !routes[i].failed {
			routes[i].failed, lastErr = true, mkErr(ErrFailed, routes[i].server, err)
		}
	}
	// send transmits one copy to the next server in the rotation that has
	// not failed; false when none is left.
	send := func() bool {
		for range routes {
			i := next % len(routes)
			next++
			r := &routes[i]
			if r.failed {
				continue
			}
			if r.sock == nil {
				sock, own, err := c.socket(r.server)
				if err != nil {
					fail(i, err)
					continue
				}
				id, err := sock.register(w)
				if err != nil {
					if own {
						sock.close()
					}
					fail(i, err)
					continue
				}
				r.sock, r.id, r.own = sock, id, own
				r.wire = wire
				if len(routes) > 1 {
					r.wire = append([]byte(nil), wire...)
				}
				binary.BigEndian.PutUint16(r.wire, id)
			}
			if _, err := r.sock.conn.Write(r.wire); err != nil {
				fail(i, err)
				continue
			}
			last = i
			return true
		}
		return false
	}
	giveUp := func() (response, error) {
		if lastResp != nil {
			return *lastResp, nil
		}
		if lastErr != nil {
			return response{}, lastErr
		}
		return response{}, mkErr(ErrFailed, "", errors.New("no server could be reached"))
	}

	if !send() {
		return giveUp()
	}
	wait := c.Retransmit
	if wait <= 0 {
		wait = DefaultRetransmit
	}
	maxWait := max(c.MaxRetransmit, wait)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			if lastResp != nil {
				return *lastResp, nil
			}
			// Name the server asked last: with one server, the server.
			return response{}, mkErr(ErrTimeout, routes[last].server, nil)
		case <-timer.C:
			if !send() {
				return giveUp()
			}
			wait = min(2*wait, maxWait)
			timer.Reset(wait)
			continue
		case ev := <-ch:
			i := slices.IndexFunc(routes, func(r route) bool { return r.server == ev.server })
			switch {
			case ev.err != nil:
				fail(i, ev.err)
			case isFinal(ev.msg.Rcode) || ev.msg.Truncated:
				return ev.response, nil
			default:
				// SERVFAIL, REFUSED, …: another server may do better.
				routes[i].failed = true
				resp := ev.response
				lastResp = &resp
			}
			// This server is out; ask the next one at once.
			if !send() {
				return giveUp()
			}
			timer.Reset(wait)
		}
	}
}

// socket returns the UDP socket for server: the session's shared one, or a
// new one for this query alone (own).
func (c *Client) socket(server string) (s *udpSock, own bool, err error) {
	if c.session != nil {
		s, err := c.session.socket(server, c.udpSize())
		return s, false, err
	}
	s, err = dialUDP(server, c.udpSize())
	return s, true, err
}

// exchangeTCP asks m over TCP (RFC 7766), within ctx's deadline.
func (c *Client) exchangeTCP(ctx context.Context, server string, m *dns.Msg) (response, error) {
	q := m.Question[0]
	dc := &dns.Client{Net: "tcp", UDPSize: c.UDPSize}
	if dl, ok := ctx.Deadline(); ok {
		// miekg/dns otherwise caps each step at 2 s.
		dc.Timeout = time.Until(dl)
	}
	r, _, err := dc.ExchangeContext(ctx, m, server)
	if err != nil {
		var nerr net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &nerr) && nerr.Timeout()) {
			return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrTimeout, Server: server, Err: errors.New("over TCP")}
		}
		return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrFailed, Server: server, Err: fmt.Errorf("over TCP: %w", err)}
	}
	if !sameQuestion(r, q.Name, q.Qtype) {
		return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrFailed, Server: server, Err: errors.New("response over TCP does not match the question")}
	}
	return response{msg: r, server: server, size: r.Len()}, nil
}
