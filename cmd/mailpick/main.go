// Command mailpick helps a company decide how to run its e-mail: build its own
// mail server or buy a service, and which one. See README.md.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := notifySignals(context.Background())
	code := Main(ctx, os.Args[1:], DefaultEnv())
	stop()
	os.Exit(code)
}
