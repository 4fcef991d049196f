package dnsclient

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
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

	mu      sync.Mutex
	pending map[uint16]chan<- event
	closed  bool
}

func dialUDP(server string) (*udpSock, error) {
	raddr, err := net.ResolveUDPAddr("udp", server)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		return nil, err
	}
	s := &udpSock{server: server, conn: conn, pending: map[uint16]chan<- event{}}
	go s.read()
	return s, nil
}

// register reserves a message ID, chosen at random among those not in
// flight on this socket (RFC 5452 §4.3: the ID is part of what an off-path
// forger must guess), and routes its responses to ch.
func (s *udpSock) register(ch chan<- event) (uint16, error) {
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
			s.pending[id] = ch
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
// no query waits for (a late answer to a finished query, or a forgery) is
// dropped; the question is checked by the waiting query.
func (s *udpSock) read() {
	buf := make([]byte, 65535)
	for {
		n, err := s.conn.Read(buf)
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			for _, ch := range s.pending {
				select {
				case ch <- event{response: response{server: s.server}, err: err}:
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
		m := new(dns.Msg)
		if err := m.Unpack(buf[:n]); err != nil {
			continue
		}
		s.mu.Lock()
		ch := s.pending[m.Id]
		s.mu.Unlock()
		if ch != nil {
			select {
			case ch <- event{response: response{msg: m, server: s.server, size: n}}:
			default:
			}
		}
	}
}

// sameQuestion reports whether r answers q (RFC 5452 §4.2: the question
// must match, not just the ID). Names compare case-insensitively.
func sameQuestion(r, q *dns.Msg) bool {
	return len(r.Question) == 1 && r.Response &&
		strings.EqualFold(r.Question[0].Name, q.Question[0].Name) &&
		r.Question[0].Qtype == q.Question[0].Qtype &&
		r.Question[0].Qclass == q.Question[0].Qclass
}

// isFinal reports whether an rcode settles the question, or whether
// another server might do better (SERVFAIL, REFUSED, NOTIMP, …).
func isFinal(rcode int) bool {
	return rcode == dns.RcodeSuccess || rcode == dns.RcodeNameError
}

// exchangeUDP sends m over UDP following the retransmission schedule of
// the package documentation until a server gives a final answer or ctx
// ends. When every server failed it returns the last failure: a response
// (SERVFAIL, REFUSED) if one came, else an *Error.
func (c *Client) exchangeUDP(ctx context.Context, m *dns.Msg) (response, error) {
	q := m.Question[0]
	mkErr := func(kind error, server string, err error) *Error {
		return &Error{Name: q.Name, Type: q.Qtype, Kind: kind, Server: server, Err: err}
	}
	type route struct {
		sock *udpSock
		id   uint16
		wire []byte
		own  bool // socket opened for this query alone
	}
	ch := make(chan event, 8)
	routes := map[string]*route{}
	defer func() {
		for _, r := range routes {
			r.sock.unregister(r.id)
			if r.own {
				r.sock.close()
			}
		}
	}()
	failed := map[string]bool{}
	var lastResp *response
	var lastErr *Error
	next := 0
	// send transmits one copy to the next server in the rotation that has
	// not failed; false when none is left.
	send := func() bool {
		for range c.Servers {
			server := c.Servers[next%len(c.Servers)]
			next++
			if failed[server] {
				continue
			}
			r := routes[server]
			if r == nil {
				sock, own, err := c.socket(server)
				if err != nil {
					failed[server], lastErr = true, mkErr(ErrFailed, server, err)
					continue
				}
				id, err := sock.register(ch)
				if err != nil {
					if own {
						sock.close()
					}
					failed[server], lastErr = true, mkErr(ErrFailed, server, err)
					continue
				}
				mm := m.Copy()
				mm.Id = id
				wire, err := mm.Pack()
				if err != nil {
					sock.unregister(id)
					if own {
						sock.close()
					}
					return false
				}
				r = &route{sock: sock, id: id, wire: wire, own: own}
				routes[server] = r
			}
			if _, err := r.sock.conn.Write(r.wire); err != nil {
				failed[server], lastErr = true, mkErr(ErrFailed, server, err)
				continue
			}
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
			return response{}, mkErr(ErrTimeout, c.Servers[(next-1)%len(c.Servers)], nil)
		case <-timer.C:
			if !send() {
				return giveUp()
			}
			wait = min(2*wait, maxWait)
			timer.Reset(wait)
		case ev := <-ch:
			if ev.err != nil {
				if !failed[ev.server] {
					failed[ev.server], lastErr = true, mkErr(ErrFailed, ev.server, ev.err)
				}
			} else if !sameQuestion(ev.msg, m) {
				continue // not ours: keep waiting for the real answer
			} else if isFinal(ev.msg.Rcode) || ev.msg.Truncated {
				return ev.response, nil
			} else {
				failed[ev.server] = true
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
		s, err := c.session.socket(server)
		return s, false, err
	}
	s, err = dialUDP(server)
	return s, true, err
}

// exchangeTCP asks m over TCP (RFC 7766), within ctx's deadline.
func (c *Client) exchangeTCP(ctx context.Context, server string, m *dns.Msg) (response, error) {
	q := m.Question[0]
	dc := &dns.Client{Net: "tcp"}
	if dl, ok := ctx.Deadline(); ok {
		// miekg/dns otherwise caps each step at 2 s.
		dc.Timeout = time.Until(dl)
	}
	r, _, err := dc.ExchangeContext(ctx, m.Copy(), server)
	if err != nil {
		var nerr net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &nerr) && nerr.Timeout()) {
			return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrTimeout, Server: server, Err: errors.New("over TCP")}
		}
		return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrFailed, Server: server, Err: fmt.Errorf("over TCP: %w", err)}
	}
	if !sameQuestion(r, m) {
		return response{}, &Error{Name: q.Name, Type: q.Qtype, Kind: ErrFailed, Server: server, Err: errors.New("response over TCP does not match the question")}
	}
	return response{msg: r, server: server, size: r.Len()}, nil
}
