package main

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the real mailpick entry point as a command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mailpick": func() {
			os.Exit(Main(context.Background(), os.Args[1:], DefaultEnv()))
		},
	})
}

// TestScripts runs the end-to-end CLI scripts in testdata/script. The
// embedded catalog is copied in as $WORK/catalog for scripts that need it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MAILPICK_REPO", repoRoot(t))
			return nil
		},
	})
}

func repoRoot(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd + "/../.."
}
