package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// checkFormat validates a --format value against the command's choices.
func checkFormat(value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usageErrorf("--format %q is not supported; use one of: %s", value, strings.Join(allowed, ", "))
}

// writeJSON is the one place JSON leaves mailpick: indented, HTML-escaped
// (so catalog text pasted into a web page stays inert), newline-terminated.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

func checkLang(lang string) error {
	if lang != "" && lang != "ja" && lang != "en" {
		return usageErrorf("--lang %q is not supported; use ja or en", lang)
	}
	return nil
}
