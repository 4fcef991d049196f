// Package data embeds mailpick's catalog, the example requirements files and
// the model's documented assumptions, so every command works offline on a
// fresh machine.
package data

import "embed"

// FS holds catalog/*.toml, examples/*.toml, assumptions.toml, hosting.toml
// and fx.toml.
//
//go:embed catalog/*.toml examples/*.toml assumptions.toml hosting.toml fx.toml
var FS embed.FS
