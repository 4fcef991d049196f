package dmarc

import (
	"context"
	"errors"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"

	"github.com/mailpick/mailpick/probe/dnsclient"
)

// Resolver is the one DNS question DMARC asks: the TXT records at a name.
// *dnsclient.Client implements it; errors follow dnsclient's kinds
// (dnsclient.IsAbsent for "no such name or no TXT").
type Resolver interface {
	TXT(ctx context.Context, name string) ([]string, error)
}

// MaxWalkQueries is the most _dmarc names one DNS Tree Walk asks about:
// RFC 9989 §4.10 shortens an Author Domain of more than eight labels to
// seven after the first query, so no walk exceeds eight.
const MaxWalkQueries = 8

// Source says where the applied record was found (RFC 9989 §4.10.1).
type Source string

const (
	SourceAuthor         Source = "author domain"
	SourceOrganizational Source = "organizational domain"
	SourcePSD            Source = "public suffix domain"
)

// Lookup is one _dmarc TXT query of a walk.
type Lookup struct {
	Name string `json:"name"` // the domain; the query was _dmarc.<Name>
	// Records are the v=DMARC1 strings found there.
	Records []string `json:"records,omitempty"`
	Err     error    `json:"-"`
	rec     *Record  // parsed when exactly one record exists
	recErr  error
}

// single reports whether exactly one DMARC record was found, which is the
// only case in which the walk uses it (RFC 9989 §4.10 step 2).
func (l *Lookup) single() bool { return len(l.Records) == 1 }

// psd is the psd tag of the one record there, "" if none or unparsable.
func (l *Lookup) psd() string {
	if l.single() && l.rec != nil {
		return l.rec.PSD
	}
	return ""
}

// Walker runs DNS Tree Walks for one domain's probe, asking each _dmarc
// name once however many walks (policy discovery, organizational domains
// of report destinations, the RFC 7489 comparison) need it.
type Walker struct {
	r     Resolver
	mu    sync.Mutex
	cache map[string]*lookupOnce
}

type lookupOnce struct {
	once sync.Once
	l    *Lookup
}

// NewWalker returns a Walker asking r.
func NewWalker(r Resolver) *Walker { return &Walker{r: r, cache: map[string]*lookupOnce{}} }

// query asks for _dmarc.<name> once; concurrent callers share the answer.
func (w *Walker) query(ctx context.Context, name string) *Lookup {
	w.mu.Lock()
	lo := w.cache[name]
	if lo == nil {
		lo = &lookupOnce{}
		w.cache[name] = lo
	}
	w.mu.Unlock()
	lo.once.Do(func() {
		l := &Lookup{Name: name}
		txts, err := w.r.TXT(ctx, "_dmarc."+name)
		if err != nil && !dnsclient.IsAbsent(err) {
			l.Err = err
		}
		for _, t := range txts {
			if IsDMARC(t) {
				l.Records = append(l.Records, t)
			}
		}
		if l.single() {
			l.rec, l.recErr = Parse(l.Records[0])
		}
		lo.l = l
	})
	return lo.l
}

// walkNames lists the names a DNS Tree Walk from domain may query, in
// order (RFC 9989 §4.10): the domain itself, then — after shortening a
// name of eight or more labels to seven — one label less each time.
func walkNames(domain string) []string {
	labels := strings.Split(domain, ".")
	names := []string{domain}
	x := len(labels)
	if x >= 8 {
		x = 8 // the next step removes labels until 7 remain
	}
	for n := x - 1; n >= 1; n-- {
		names = append(names, strings.Join(labels[len(labels)-n:], "."))
	}
	return names
}

// walk queries names from domain upward until a record with a psd tag
// stops it, or the labels run out. stopAtFirst ends it after the first
// name if that holds a record (policy discovery, RFC 9989 §4.10.1).
func (w *Walker) walk(ctx context.Context, domain string, stopAtFirst bool) ([]*Lookup, error) {
	var out []*Lookup
	for i, name := range walkNames(domain) {
		l := w.query(ctx, name)
		out = append(out, l)
		if l.Err != nil {
			return out, l.Err
		}
		if i == 0 && stopAtFirst && l.single() {
			break
		}
		if p := l.psd(); p == "y" || p == "n" {
			break
		}
	}
	return out, nil
}

// orgFrom selects the Organizational Domain from a walk that started at
// domain (RFC 9989 §4.10.2), longest name first: a record with psd=n is
// it; a record other than the starting one with psd=y makes the name one
// label below it the Organizational Domain; otherwise it is the name with
// the fewest labels that holds a record, or domain itself if none does.
func orgFrom(domain string, walk []*Lookup) string {
	shortest := ""
	for i, l := range walk {
		if !l.single() {
			continue
		}
		switch l.psd() {
		case "n":
			return l.Name
		case "y":
			if i > 0 {
				return childOn(domain, l.Name)
			}
		}
		shortest = l.Name
	}
	if shortest == "" {
		return domain
	}
	return shortest
}

// childOn returns the name one label below parent on the way to domain.
func childOn(domain, parent string) string {
	rest := strings.TrimSuffix(domain, "."+parent)
	if rest == domain {
		return domain
	}
	labels := strings.Split(rest, ".")
	return labels[len(labels)-1] + "." + parent
}

// OrgDomain returns domain's Organizational Domain by the DNS Tree Walk
// (RFC 9989 §4.10.2).
func (w *Walker) OrgDomain(ctx context.Context, domain string) (string, error) {
	domain = normalize(domain)
	walk, err := w.walk(ctx, domain, false)
	if err != nil {
		return "", err
	}
	return orgFrom(domain, walk), nil
}

// Discovery is the DMARC record that governs a domain, found by RFC 9989
// §4.10.1 policy discovery.
type Discovery struct {
	Domain string
	// Walk lists the _dmarc queries made, in order.
	Walk []*Lookup
	// FoundAt is the domain whose _dmarc name holds the applied record,
	// "" if none; Source says what FoundAt is to Domain.
	FoundAt string
	Source  Source
	// OrgDomain is Domain's Organizational Domain when the walk went past
	// Domain; "" when Domain's own record ended discovery.
	OrgDomain string
	// Raw is the applied record as published; Record the parsed form, or
	// ParseErr why receivers cannot use it.
	Raw      string
	Record   *Record
	ParseErr error
	// Discarded lists the names where several DMARC records were found:
	// receivers discard all of them and walk on (RFC 9989 §4.10 step 2).
	Discarded []string
}

// Inherited reports whether the applied record belongs to a parent domain,
// so sp/np rather than p set the policy (RFC 9989 §4.10.1).
func (d *Discovery) Inherited() bool { return d.FoundAt != "" && d.FoundAt != d.Domain }

// ErrNoRecord means the DNS Tree Walk found no DMARC record that applies.
var ErrNoRecord = errors.New("no DMARC record")

func normalize(domain string) string { return strings.ToLower(strings.TrimSuffix(domain, ".")) }

// Discover finds the DMARC record for domain (RFC 9989 §4.10.1): the
// domain's own record, else its Organizational Domain's, else its Public
// Suffix Domain's, by one DNS Tree Walk. It returns ErrNoRecord when none
// applies and the DNS error when a query could not be answered (receivers
// decide themselves what to do then).
func (w *Walker) Discover(ctx context.Context, domain string) (*Discovery, error) {
	domain = normalize(domain)
	d := &Discovery{Domain: domain}
	walk, err := w.walk(ctx, domain, true)
	d.Walk = walk
	for _, l := range walk {
		if len(l.Records) > 1 {
			d.Discarded = append(d.Discarded, l.Name)
		}
	}
	if err != nil {
		return d, err
	}
	use := func(l *Lookup, src Source) (*Discovery, error) {
		d.FoundAt, d.Source, d.Raw = l.Name, src, l.Records[0]
		d.Record, d.ParseErr = l.rec, l.recErr
		return d, nil
	}
	if walk[0].single() {
		return use(walk[0], SourceAuthor)
	}
	d.OrgDomain = orgFrom(domain, walk)
	var psd *Lookup
	for _, l := range walk {
		if !l.single() {
			continue
		}
		if l.Name == d.OrgDomain {
			return use(l, SourceOrganizational)
		}
		if l.psd() == "y" {
			psd = l
		}
	}
	if psd != nil {
		return use(psd, SourcePSD)
	}
	return d, ErrNoRecord
}

// Legacy is what a receiver still on RFC 7489 finds: the record at the
// domain, else at the organizational domain from the public suffix list
// (RFC 7489 §6.6.3, §3.2).
type Legacy struct {
	OrgDomain string // public suffix plus one label
	FoundAt   string // "" when RFC 7489 finds no usable record
	Raw       string
}

// Legacy looks the domain up the RFC 7489 way, reusing the walk's answers.
func (w *Walker) Legacy(ctx context.Context, domain string) (*Legacy, error) {
	domain = normalize(domain)
	lg := &Legacy{OrgDomain: PSLOrgDomain(domain)}
	names := []string{domain}
	if lg.OrgDomain != domain {
		names = append(names, lg.OrgDomain)
	}
	for _, name := range names {
		l := w.query(ctx, name)
		if l.Err != nil {
			return lg, l.Err
		}
		if len(l.Records) > 0 {
			if l.single() {
				lg.FoundAt, lg.Raw = name, l.Records[0]
			}
			return lg, nil
		}
	}
	return lg, nil
}

// PSLOrgDomain returns RFC 7489's organizational domain (§3.2): the public
// suffix plus one label, from the public suffix list. RFC 9989 replaced it
// with the DNS Tree Walk; it stays for the comparison with RFC 7489
// receivers.
func PSLOrgDomain(domain string) string {
	domain = normalize(domain)
	org, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		return domain
	}
	return org
}

// OrgDomain is PSLOrgDomain, the RFC 7489 organizational domain. Callers
// that bound a walk up the DNS by the registered domain (DNSSEC zone
// discovery) use it.
func OrgDomain(domain string) string { return PSLOrgDomain(domain) }

// Authorized checks that dest agrees to receive reports about the domain
// whose record was found at policyDomain, by publishing v=DMARC1 at
// <policyDomain>._report._dmarc.<dest> (RFC 9990 §3).
func Authorized(ctx context.Context, r Resolver, policyDomain, dest string) (bool, error) {
	name := strings.TrimSuffix(policyDomain, ".") + "._report._dmarc." + strings.TrimSuffix(dest, ".")
	if len(name) > 253 {
		// RFC 9990 §3 step 4: no positive determination is possible.
		return false, nil
	}
	txts, err := r.TXT(ctx, name)
	if dnsclient.IsAbsent(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, t := range txts {
		if IsDMARC(t) {
			return true, nil
		}
	}
	return false, nil
}

// WalkNames lists the _dmarc names a walk asked about, in order.
func WalkNames(walk []*Lookup) []string {
	out := make([]string, len(walk))
	for i, l := range walk {
		out[i] = "_dmarc." + l.Name
	}
	return out
}
