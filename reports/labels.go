package reports

import "github.com/mailpick/mailpick/msg"

// L returns the label for key in lang. Every label lives in the message
// table of package msg, with both languages side by side.
func L(lang, key string) string { return msg.T(lang, key) }

// lf is L with named arguments: lf(lang, "year_n", "n", 3).
func lf(lang, key string, kv ...any) string { return msg.T(lang, key, kv...) }
