package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/probe/profile"
)

func newProbeProfilesCommand(env *Env) *cobra.Command {
	var format, lang string
	cmd := &cobra.Command{
		Use:   "profiles",
		Short: "List the sender-requirement profiles --profile accepts, with each source and date",
		Long: `Profiles lists the sender-requirement profiles: what Gmail, Yahoo,
Outlook.com and the Japanese government ask of senders, each requirement
mapped to the probe checks that measure it. Each profile names its
publisher, the page it is taken from and the date of that text; the
profile files (data/profiles/*.toml) quote the pages and say where a
requirement rests on a secondary source.

--format json prints [{id, title, publisher, source, as_of, effective,
scope, requirements [{id, text, checks, measurable}]}].`,
		Example: `  mailpick probe profiles
  mailpick probe example.com --profile gmail-bulk,yahoo-bulk`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runProbeProfiles(env, format, lang)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output `format`: table or json")
	cmd.Flags().StringVar(&lang, "lang", "", "language of titles and texts: ja or en (default: from LANG, else en)")
	return cmd
}

type profileJSON struct {
	ID           string            `json:"id"`
	Title        string            `json:"title"`
	Publisher    string            `json:"publisher"`
	Source       string            `json:"source"`
	AsOf         string            `json:"as_of"`
	Effective    string            `json:"effective,omitempty"`
	Scope        string            `json:"scope"`
	Note         string            `json:"note,omitempty"`
	Requirements []requirementJSON `json:"requirements"`
}

type requirementJSON struct {
	ID         string   `json:"id"`
	Text       string   `json:"text"`
	Checks     []string `json:"checks"`
	Measurable bool     `json:"measurable"`
}

func runProbeProfiles(env *Env, format, lang string) error {
	if err := checkFormat(format, "table", "json"); err != nil {
		return err
	}
	lang, err := reportLang(lang)
	if err != nil {
		return err
	}
	ps, err := profile.Embedded()
	if err != nil {
		return err
	}
	if format == "json" {
		out := []profileJSON{}
		for _, p := range ps {
			pj := profileJSON{ID: p.ID, Title: p.TitleIn(lang), Publisher: p.PublisherIn(lang), Source: p.Source, AsOf: p.AsOf, Effective: p.Effective, Scope: p.ScopeIn(lang), Note: p.NoteIn(lang)}
			for _, r := range p.Requirements {
				text := r.Text
				if lang == "ja" {
					text = r.TextJA
				}
				pj.Requirements = append(pj.Requirements, requirementJSON{ID: r.ID, Text: text, Checks: r.Checks(), Measurable: r.Measurable()})
			}
			out = append(out, pj)
		}
		return writeJSON(env.Stdout, out)
	}
	w := bufio.NewWriter(env.Stdout)
	for i, p := range ps {
		if i > 0 {
			w.WriteString("\n")
		}
		measurable := 0
		for _, r := range p.Requirements {
			if r.Measurable() {
				measurable++
			}
		}
		fmt.Fprintf(w, "%s  %s\n", p.ID, p.TitleIn(lang))
		fmt.Fprintf(w, "  publisher:    %s\n", p.PublisherIn(lang))
		fmt.Fprintf(w, "  source:       %s (as of %s)\n", p.Source, p.AsOf)
		if p.Effective != "" {
			fmt.Fprintf(w, "  in force:     %s\n", p.Effective)
		}
		fmt.Fprintf(w, "  applies to:   %s\n", p.ScopeIn(lang))
		fmt.Fprintf(w, "  requirements: %d, %d measurable from DNS/TLS\n", len(p.Requirements), measurable)
	}
	return w.Flush()
}
