package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// enforceUsage makes every bad command line exit 2, as the README promises.
// Cobra prints help and succeeds for an unknown subcommand of a command
// group ("mailpick catalog nosuch", "mailpick completion tcsh") and for an
// unknown help topic, and returns its argument-count errors as plain
// errors. Run on the finished tree, it covers the generated completion and
// help commands too.
func enforceUsage(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	// The root is a group as well. Without an Args check of its own, cobra
	// rejects an unknown command inside Find with a plain error; with one,
	// runGroup names it as a usage error like any other group's.
	if root.Args == nil && !root.Runnable() {
		root.Args = cobra.ArbitraryArgs
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasSubCommands() && !c.Runnable() {
			c.RunE = runGroup
			c.SuggestionsMinimumDistance = 2 // as cobra's default for the root
		}
		if c.Args != nil {
			check := c.Args
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return usageError{fmt.Errorf("%w; see: %s --help", err, cmd.CommandPath())}
				}
				return nil
			}
		}
		if c.Name() == "help" && c.HasParent() && c.Run != nil {
			c.RunE = helpTopic(c.Run)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// runGroup runs a command that only groups subcommands: without arguments
// it prints its help, with any it names the unknown subcommand.
func runGroup(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	hint := ""
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		hint = fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
	}
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return usageErrorf("unknown command %q for %q%s (commands: %s)", args[0], cmd.CommandPath(), hint, strings.Join(names, ", "))
}

// helpTopic wraps cobra's help command so that an unknown topic is a usage
// error instead of a printed note and exit 0.
func helpTopic(show func(*cobra.Command, []string)) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, args []string) error {
		target, rest, err := c.Root().Find(args)
		if err != nil || target == nil || (len(rest) > 0 && target.HasSubCommands()) {
			return usageErrorf("no help topic %q; run: %s help", strings.Join(args, " "), c.Root().Name())
		}
		show(c, args)
		return nil
	}
}
