package dnsclient

import (
	"encoding/binary"
	"errors"

	"github.com/miekg/dns"
)

// packQuery builds the wire form of a query (RFC 1035 §4.1) with an EDNS0
// OPT record (RFC 6891 §6.1.2), ID 0, RD set. It does by hand what
// dns.Msg.Pack does for this one shape of message, without its copies and
// its large stack frame: at tens of thousands of queries a second that
// cost shows. name is a fully qualified name in presentation format
// (escapes such as \032 and \. allowed), already checked with
// dns.IsDomainName.
func packQuery(name string, qtype uint16, f Flags, udpSize uint16) ([]byte, error) {
	b := make([]byte, 12, 12+len(name)+2+4+11)
	flags := uint16(1 << 8) // RD
	if f.AD {
		flags |= 1 << 5
	}
	if f.CD {
		flags |= 1 << 4
	}
	binary.BigEndian.PutUint16(b[2:], flags)
	binary.BigEndian.PutUint16(b[4:], 1)  // QDCOUNT
	binary.BigEndian.PutUint16(b[10:], 1) // ARCOUNT: OPT
	b, err := appendName(b, name)
	if err != nil {
		return nil, err
	}
	b = binary.BigEndian.AppendUint16(b, qtype)
	b = binary.BigEndian.AppendUint16(b, dns.ClassINET)
	// OPT: root owner, type 41, class = UDP payload size, TTL = extended
	// RCODE, version 0, DO bit; no options.
	b = append(b, 0)
	b = binary.BigEndian.AppendUint16(b, dns.TypeOPT)
	b = binary.BigEndian.AppendUint16(b, udpSize)
	var ttl uint32
	if f.DO {
		ttl = 1 << 15
	}
	b = binary.BigEndian.AppendUint32(b, ttl)
	b = binary.BigEndian.AppendUint16(b, 0) // RDLENGTH
	return b, nil
}

var errBadName = errors.New("not a valid domain name")

// appendName appends name in wire format: length-prefixed labels, with
// presentation escapes (\DDD decimal, \X literal) turned into their bytes.
func appendName(b []byte, name string) ([]byte, error) {
	if name == "." {
		return append(b, 0), nil
	}
	start := len(b)
	b = append(b, 0) // length of the first label, set below
	label := len(b) - 1
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			n := len(b) - label - 1
			if n == 0 || n > 63 {
				return nil, errBadName
			}
			b[label] = byte(n)
			if i == len(name)-1 {
				b = append(b, 0)
				if len(b)-start > 255 {
					return nil, errBadName
				}
				return b, nil
			}
			b = append(b, 0)
			label = len(b) - 1
			continue
		case c == '\\':
			if i+3 < len(name) && isDigit(name[i+1]) && isDigit(name[i+2]) && isDigit(name[i+3]) {
				v := int(name[i+1]-'0')*100 + int(name[i+2]-'0')*10 + int(name[i+3]-'0')
				if v > 255 {
					return nil, errBadName
				}
				c = byte(v)
				i += 3
			} else if i+1 < len(name) {
				c = name[i+1]
				i++
			} else {
				return nil, errBadName
			}
		}
		b = append(b, c)
	}
	return nil, errBadName // not fully qualified
}
