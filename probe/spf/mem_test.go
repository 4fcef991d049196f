package spf

import (
	"context"
	"errors"
	"net/netip"
	"strings"
)

// memResolver is an in-memory Resolver for unit tests and benchmarks. A
// name is NXDOMAIN unless it appears in some map; names in fail answer
// with a temporary error.
type memResolver struct {
	txt     map[string][]string
	a, aaaa map[string][]netip.Addr
	mx      map[string][]string
	ptr     map[string][]string // key: address text
	fail    map[string]bool
	queries int
}

var errTemp = errors.New("server failure (SERVFAIL)")

func newMem() *memResolver {
	return &memResolver{txt: map[string][]string{}, a: map[string][]netip.Addr{}, aaaa: map[string][]netip.Addr{},
		mx: map[string][]string{}, ptr: map[string][]string{}, fail: map[string]bool{}}
}

func (m *memResolver) exists(name string) bool {
	_, t := m.txt[name]
	_, a := m.a[name]
	_, aaaa := m.aaaa[name]
	_, mx := m.mx[name]
	return t || a || aaaa || mx
}

func (m *memResolver) check(name string) error {
	m.queries++
	if m.fail[strings.ToLower(name)] {
		return errTemp
	}
	if !m.exists(strings.ToLower(name)) {
		return ErrNXDomain
	}
	return nil
}

func (m *memResolver) LookupTXT(_ context.Context, name string) ([]string, error) {
	if err := m.check(name); err != nil {
		return nil, err
	}
	return m.txt[strings.ToLower(name)], nil
}

func (m *memResolver) LookupA(_ context.Context, name string) ([]netip.Addr, error) {
	if err := m.check(name); err != nil {
		return nil, err
	}
	return m.a[strings.ToLower(name)], nil
}

func (m *memResolver) LookupAAAA(_ context.Context, name string) ([]netip.Addr, error) {
	if err := m.check(name); err != nil {
		return nil, err
	}
	return m.aaaa[strings.ToLower(name)], nil
}

func (m *memResolver) LookupMX(_ context.Context, name string) ([]string, error) {
	if err := m.check(name); err != nil {
		return nil, err
	}
	return m.mx[strings.ToLower(name)], nil
}

func (m *memResolver) LookupPTR(_ context.Context, ip netip.Addr) ([]string, error) {
	m.queries++
	names, ok := m.ptr[ip.String()]
	if !ok {
		return nil, ErrNXDomain
	}
	return names, nil
}

func addrs(s ...string) []netip.Addr {
	out := make([]netip.Addr, len(s))
	for i, x := range s {
		out[i] = netip.MustParseAddr(x)
	}
	return out
}
