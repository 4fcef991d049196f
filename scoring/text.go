package scoring

import "github.com/mailpick/mailpick/msg"

// Money formats an amount with thousands separators and the currency code
// (msg.FormatMoney, kept here for the packages that format amounts from an
// evaluation).
func Money(v float64, currency string) string { return msg.FormatMoney(v, currency) }
