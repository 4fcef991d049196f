package dnsclient

import (
	"bytes"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// packQuery must produce exactly what miekg/dns packs for the same query.
func checkPack(t *testing.T, name string, qtype uint16, f Flags, size uint16) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.Id = 0
	m.RecursionDesired = true
	m.AuthenticatedData, m.CheckingDisabled = f.AD, f.CD
	m.SetEdns0(size, f.DO)
	want, werr := m.Pack()
	got, gerr := packQuery(name, qtype, f, size)
	if werr == nil && gerr != nil {
		// Fine only where miekg/dns packs something other than the name
		// (it reads some malformed escapes leniently).
		back := new(dns.Msg)
		if back.Unpack(want) == nil && strings.EqualFold(back.Question[0].Name, name) {
			t.Fatalf("%q: packQuery err %v, but miekg packs it faithfully", name, gerr)
		}
		return
	}
	if werr != nil && gerr == nil {
		t.Fatalf("%q: miekg err %v, packQuery packed %x", name, werr, got)
	}
	if werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("%q:\n got %x\nwant %x", name, got, want)
	}
}

func TestPackQuery(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Flags
	}{
		{"example.com.", Flags{}},
		{"Example.COM.", Flags{DO: true, AD: true}},
		{"_dmarc.example.com.", Flags{CD: true, DO: true}},
		{"a\\.b.example.", Flags{}},            // a dot inside a label
		{"caf\\195\\169.example.", Flags{}},    // bytes as \DDD
		{"sp\\ ace.example.", Flags{AD: true}}, // escaped space
		{"back\\\\slash.example.", Flags{}},
		{".", Flags{}},
		{"1.2.0.192.in-addr.arpa.", Flags{}},
	} {
		checkPack(t, tt.name, dns.TypeTXT, tt.f, 4096)
	}
	for _, bad := range []string{"example.com", "a..b.", "x\\999.example.", "trailing\\"} {
		if _, err := packQuery(bad, dns.TypeA, Flags{}, 4096); err == nil {
			t.Errorf("packQuery(%q): no error", bad)
		}
	}
}

func FuzzPackQuery(f *testing.F) {
	for _, s := range []string{"example.com.", "a\\.b.", "x\\032y.", ".", "_25._tcp.mx.example.", "0\\7000."} {
		f.Add(s, uint16(dns.TypeTXT), true, false, false)
	}
	f.Fuzz(func(t *testing.T, name string, qtype uint16, do, ad, cd bool) {
		if _, ok := dns.IsDomainName(name); !ok || !dns.IsFqdn(name) {
			return
		}
		if badEscape(name) {
			// miekg/dns wraps \700 to a byte; such a name is not valid.
			if _, err := packQuery(name, qtype, Flags{}, 4096); err == nil {
				t.Errorf("packQuery(%q): no error for a \\DDD escape above 255", name)
			}
			return
		}
		checkPack(t, name, qtype, Flags{DO: do, AD: ad, CD: cd}, 4096)
	})
}

func TestAnswers(t *testing.T) {
	q, _ := packQuery("Example.com.", dns.TypeMX, Flags{}, 4096)
	question := q[12 : len(q)-11]
	reply := func(name string, qtype uint16, isResponse bool) []byte {
		m := new(dns.Msg)
		m.SetQuestion(name, qtype)
		m.Response = isResponse
		b, err := m.Pack()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		b    []byte
		want bool
	}{
		{reply("example.com.", dns.TypeMX, true), true},
		{reply("EXAMPLE.com.", dns.TypeMX, true), true}, // 0x20 case changes allowed
		{reply("example.com.", dns.TypeMX, false), false},
		{reply("example.com.", dns.TypeA, true), false},
		{reply("example.net.", dns.TypeMX, true), false},
		{reply("example.com.evil.", dns.TypeMX, true), false},
		{[]byte{0, 0, 0x80}, false},
	} {
		if got := answers(tt.b, question); got != tt.want {
			t.Errorf("answers(%x) = %v, want %v", tt.b, got, tt.want)
		}
	}
}

// badEscape reports a \DDD escape whose value exceeds 255.
func badEscape(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] != '\\' {
			continue
		}
		if i+3 < len(name) && isDigit(name[i+1]) && isDigit(name[i+2]) && isDigit(name[i+3]) {
			if int(name[i+1]-'0')*100+int(name[i+2]-'0')*10+int(name[i+3]-'0') > 255 {
				return true
			}
			i += 3
			continue
		}
		i++
	}
	return false
}
