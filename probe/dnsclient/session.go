package dnsclient

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// session is the state a Session client shares among its copies: the
// questions asked so far and one UDP socket per server.
type session struct {
	mu      sync.Mutex
	flights map[questionKey]*flight
	socks   map[string]*udpSock
	closed  bool
	asked   int
}

// questionKey identifies a question within a session. Every question is
// sent with DO and AD (see Session), so only CD changes the answer.
type questionKey struct {
	name  string
	qtype uint16
	cd    bool
}

// flight is one question: in progress until done is closed.
type flight struct {
	done chan struct{}
	ans  *Answer
	err  error
	// cut is set when the lookup ended because its caller's context did:
	// the question stays unanswered for callers with time left.
	cut bool
}

// Session returns a client that asks each question at most once until
// Close, for one unit of work such as the probe of one domain:
//   - concurrent lookups of the same name, type and CD bit share one
//     query (singleflight), and later lookups get the same answer or
//     error, without asking again;
//   - every question is sent with DO and AD set (RFC 3225, RFC 6840 §5.7),
//     so one answer carries both the records and their DNSSEC state (the
//     AD bit and RRSIGs) for every caller that needs either;
//   - a lookup cut short by its caller's context is not remembered:
//     another caller with time left asks again;
//   - one UDP socket per server carries all the session's queries, each
//     with its own random ID, instead of one socket per query.
//
// The returned client is safe for concurrent use. Close releases the
// sockets; answers are shared, so callers must not modify them.
func (c *Client) Session() *Client {
	s := *c
	s.session = &session{flights: map[questionKey]*flight{}, socks: map[string]*udpSock{}}
	return &s
}

// Close ends a session: its sockets are closed and later lookups fail. It
// does nothing on a client that is not a session.
func (c *Client) Close() error {
	if c.session == nil {
		return nil
	}
	s := c.session
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, sock := range s.socks {
		sock.close()
	}
	s.socks = nil
	return nil
}

// Asked returns how many questions the session sent to the network
// (retransmissions not counted); 0 outside a session.
func (c *Client) Asked() int {
	if c.session == nil {
		return 0
	}
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.asked
}

var errSessionClosed = errors.New("DNS session closed")

func (s *session) socket(server string, size uint16) (*udpSock, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errSessionClosed
	}
	if sock := s.socks[server]; sock != nil {
		return sock, nil
	}
	sock, err := dialUDP(server, size)
	if err != nil {
		return nil, err
	}
	s.socks[server] = sock
	return sock, nil
}

func (s *session) query(ctx context.Context, c *Client, name string, qtype uint16, f Flags) (*Answer, error) {
	key := questionKey{name: strings.ToLower(name), qtype: qtype, cd: f.CD}
	f.DO, f.AD = true, true
	for {
		s.mu.Lock()
		fl := s.flights[key]
		if fl == nil {
			fl = &flight{done: make(chan struct{})}
			s.flights[key] = fl
			s.asked++
			s.mu.Unlock()
			fl.ans, fl.err = c.lookup(ctx, name, qtype, f)
			if ctx.Err() != nil && errors.Is(fl.err, ErrTimeout) {
				fl.cut = true
				s.mu.Lock()
				if s.flights[key] == fl {
					delete(s.flights, key)
				}
				s.mu.Unlock()
			}
			close(fl.done)
			return fl.ans, fl.err
		}
		s.mu.Unlock()
		select {
		case <-fl.done:
		case <-ctx.Done():
			return nil, &Error{Name: name, Type: qtype, Kind: ErrTimeout, Err: ctx.Err()}
		}
		if fl.cut && ctx.Err() == nil {
			continue // the asker gave up early; this caller has time left
		}
		return fl.ans, fl.err
	}
}
