package probe

import (
	"fmt"
	"strings"
)

// txtRR writes a TXT record in zone-file form for a fix: the value quoted,
// split into 255-byte character-strings (RFC 1035 §3.3.14) that receivers
// join again.
func txtRR(owner, value string) string {
	var parts []string
	for {
		chunk := value
		if len(chunk) > 255 {
			chunk = chunk[:255]
		}
		esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(chunk)
		parts = append(parts, `"`+esc+`"`)
		value = value[len(chunk):]
		if value == "" {
			break
		}
	}
	return fmt.Sprintf("%s. TXT %s", strings.TrimSuffix(owner, "."), strings.Join(parts, " "))
}

// setRFC records the standard a check's verdict rests on, section and all.
func setRFC(c *Check, rfc string) { c.Details["rfc"] = rfc }
