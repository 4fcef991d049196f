package reports

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mailpick/mailpick/probe"
	"github.com/mailpick/mailpick/scoring"
)

// jsonReport is the evaluation exactly as `evaluate --format json` prints
// it (SPEC §5), plus the posture that fed it when present.
type jsonReport struct {
	evaluationJSON
	Posture       []probe.DomainResult   `json:"posture,omitempty"`
	Verifications []scoring.Verification `json:"posture_verification,omitempty"`
	PostureNote   string                 `json:"posture_note,omitempty"`
}

// WriteJSON writes the evaluation (SPEC §5) and the posture when present.
func WriteJSON(w io.Writer, in *Input) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	ej := EvaluationJSON(in.Eval, in.Now).(evaluationJSON)
	if err := enc.Encode(jsonReport{evaluationJSON: ej, Posture: in.Posture, Verifications: in.Verifications, PostureNote: in.PostureNote}); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}

// Formats maps an output file extension to its renderer.
var Formats = map[string]func(io.Writer, *Input) error{
	".xlsx": WriteXLSX,
	".pdf":  WritePDF,
	".md":   WriteMarkdown,
	".html": WriteHTML,
	".json": WriteJSON,
}

// FormatExtensions lists the accepted extensions in a stable order, for
// error messages.
var FormatExtensions = []string{".xlsx", ".pdf", ".md", ".html", ".json"}
