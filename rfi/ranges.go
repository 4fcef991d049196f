package rfi

import "github.com/mailpick/mailpick/catalog"

// SpecFor returns what the question with key accepts; false for a key no
// questionnaire asks. A number is accepted only within the range the
// catalog allows for its key (catalog.Ranges, README "Limits"), so an
// answer that passes here also passes the catalog parser that checks the
// imported file.
func SpecFor(key string) (Spec, bool) {
	s, ok := specFor(key)
	if !ok || (s.Kind != KindNumber && s.Kind != KindWhole) {
		return s, ok
	}
	if r, found := catalog.Ranges.For("option." + key); found {
		s.Min, s.Max = max(s.Min, r.Min), min(s.Max, r.Max)
	}
	return s, ok
}
