package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
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
			"result":    cmdResult,
			"gen":       cmdGen,
			"rfifill":   cmdRFIFill,
			"dnsserver": dnsServerCmd(t),
		},
	})
}

// cmdResult is the script command `result FILE ID PATH`: it reads FILE as
// an evaluation's JSON and prints the value at PATH
// (dot-separated keys and array indexes) of the result with that id, so a
// script can assert one field without matching the whole document.
func cmdResult(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: result FILE ID PATH")
	}
	file := args[0]
	args = args[1:]
	var ev struct {
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(file)), &ev); err != nil {
		ts.Fatalf("%s is not an evaluation's JSON: %v", file, err)
	}
	for _, r := range ev.Results {
		if r["id"] != args[0] {
			continue
		}
		var v any = r
		for _, k := range strings.Split(args[1], ".") {
			switch x := v.(type) {
			case map[string]any:
				v = x[k]
			case []any:
				i, err := strconv.Atoi(k)
				if err != nil || i >= len(x) {
					ts.Fatalf("%s: no element %s", args[1], k)
				}
				v = x[i]
			default:
				ts.Fatalf("%s: %s is not a table or list", args[1], k)
			}
		}
		fmt.Fprintln(ts.Stdout(), v)
		return
	}
	ts.Fatalf("no result with id %s", args[0])
}

// cmdGen is the script command "gen FILE N TEXT": it appends TEXT, with
// Go escapes such as \n and \x83 decoded, N times to FILE. Scripts use it
// for inputs too large or too binary to write out: 10,000 nested tables,
// a 17 MB file, Shift_JIS bytes.
func cmdGen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: gen FILE N TEXT")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	text, err := strconv.Unquote(`"` + strings.ReplaceAll(args[2], `"`, `\"`) + `"`)
	ts.Check(err)
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
	ts.Check(err)
	_, err = f.WriteString(strings.Repeat(text, n))
	ts.Check(err)
	ts.Check(f.Close())
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
