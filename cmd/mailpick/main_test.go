package main

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mailpick/mailpick/probe/dnstest"
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"dnsserver": dnsServerCmd(t),
		},
	})
}

// dnsServerCmd is the script command
//
//	dnsserver ZONEFILE [truncate] [lose-first N]
//
// which serves ZONEFILE (RFC 1035 text) from an in-process probe/dnstest
// server until the script ends and sets $DNS to its address. truncate sets
// TC on every answer over UDP and TCP; lose-first drops the first N UDP
// copies of each question.
func dnsServerCmd(t *testing.T) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 1 {
			ts.Fatalf("usage: dnsserver ZONEFILE [truncate] [lose-first N]")
		}
		srv := dnstest.New(scriptTB{t, ts}, ts.ReadFile(args[0]))
		for i := 1; i < len(args); i++ {
			switch args[i] {
			case "truncate":
				srv.TruncateUDP(true)
				srv.TruncateTCP(true)
			case "lose-first":
				i++
				n, err := strconv.Atoi(args[min(i, len(args)-1)])
				if err != nil || i >= len(args) {
					ts.Fatalf("lose-first needs a number")
				}
				srv.LoseFirst(n)
			default:
				ts.Fatalf("dnsserver: unknown option %q", args[i])
			}
		}
		ts.Setenv("DNS", srv.Addr)
	}
}

// scriptTB lets dnstest, written for tests, live as long as one script.
type scriptTB struct {
	testing.TB
	ts *testscript.TestScript
}

func (s scriptTB) Helper()                        {}
func (s scriptTB) Cleanup(f func())               { s.ts.Defer(f) }
func (s scriptTB) Fatalf(format string, a ...any) { s.ts.Fatalf(format, a...) }

func repoRoot(t *testing.T) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd + "/../.."
}
