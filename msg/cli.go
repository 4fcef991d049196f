package msg

// What the command line says beside its output (on stderr) in a normal
// run: notes and what was written. Problems in input files stay English:
// they quote TOML keys and are what a user searches for.
var _ = add(map[string]Entry{
	"cli.note.fx_default": {EN: "{file}: no [fx] rate for {cur}; using the default 1 {cur} = {rate} {base} ({source}); add [fx] {cur} = <{base} per 1 {cur}> to use your own",
		JA: "{file}: [fx]に{cur}のレートがないため、既定の1 {cur} = {rate} {base}（{source}）を使います。自社のレートを使うには[fx]に {cur} = <1 {cur}あたりの{base}> を追加してください"},
	"cli.note.no_company": {EN: "{file} has no [company] name; the cover cannot say who is asking",
		JA: "{file}に[company]の会社名（name）がないため、表紙に依頼元の社名を書けません"},
	"cli.init.wrote": {EN: "wrote {file}; next: mailpick evaluate -r {file}", JA: "{file}を書き出しました。次は mailpick evaluate -r {file} を実行してください"},
})
