package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// completeOptionIDs completes catalog option ids (with the option's name as
// the description shells show beside it) for --explain, --option and
// `catalog show`. It reads the catalogs the command line names so far
// (*catalogs is filled by cobra before completion runs), so an id from the
// user's own catalog completes too. A catalog that does not load completes
// nothing, with the reason on stderr where shells do not show it
// (cobra.CompErrorln), rather than an error in the list of completions.
func completeOptionIDs(catalogs *[]string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		// cobra parses the flags of a completion request twice, so a
		// repeatable flag holds each --catalog twice by now.
		var paths []string
		seen := map[string]bool{}
		if catalogs != nil {
			for _, p := range *catalogs {
				if !seen[p] {
					seen[p] = true
					paths = append(paths, p)
				}
			}
		}
		opts, err := loadCatalog(paths)
		if err != nil {
			cobra.CompErrorln(err.Error())
			return nil, cobra.ShellCompDirectiveError | cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, o := range opts {
			if strings.HasPrefix(o.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(o.ID, o.Name))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
