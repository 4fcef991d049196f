package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/mailpick/mailpick/catalog"
)

// version is set by the Makefile with -ldflags "-X main.version=...".
var version = "dev"

func newVersionCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print mailpick's version, commit and catalog date",
		Args:    cobra.NoArgs,
		Example: `  mailpick version`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			commit := "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, s := range info.Settings {
					if s.Key == "vcs.revision" {
						commit = s.Value
					}
				}
			}
			cat, err := catalog.Embedded()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "mailpick %s\ncommit %s\ncatalog %s (%d options)\n", version, commit, catalog.Newest(cat).Format("2006-01-02"), len(cat))
			return nil
		},
	}
}
