package data

import "embed"

// Profiles holds profiles/*.toml: the sender-requirement profiles of
// `mailpick probe --profile`, one file each.
//
//go:embed profiles/*.toml
var Profiles embed.FS
