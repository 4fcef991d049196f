package tagvalue

import (
	"strings"
	"testing"
)

func TestEdits(t *testing.T) {
	p := NamedFold("p")
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"set keeps the rest", Set("v=DMARC1; p=none; sp=reject; adkim=s; rua=mailto:a@example.test", p, "p", "quarantine"),
			"v=DMARC1; p=quarantine; sp=reject; adkim=s; rua=mailto:a@example.test"},
		{"set keeps odd spacing", Set("v=DMARC1 ;  p = none ; rua=x", p, "p", "reject"), "v=DMARC1 ;  p = reject ; rua=x"},
		{"set empty value", Set("v=DMARC1; p=; rua=x", p, "p", "none"), "v=DMARC1; p=none; rua=x"},
		{"set case-insensitive", Set("v=DMARC1; P=none", p, "p", "reject"), "v=DMARC1; P=reject"},
		{"set exact does not fold", Set("v=STSv1; ID=1", Named("id"), "id", "2"), "v=STSv1; ID=1; id=2"},
		{"append", Set("v=DMARC1; p=none", NamedFold("rua"), "rua", "mailto:d@example.test"), "v=DMARC1; p=none; rua=mailto:d@example.test"},
		{"append before trailing semicolon", Append("v=DMARC1; p=none;", "t=y"), "v=DMARC1; p=none; t=y;"},
		{"append in compact style", Append("v=DMARC1;p=none", "t=y"), "v=DMARC1;p=none;t=y"},
		{"append to a lone version", Append("v=STSv1", "id=1"), "v=STSv1; id=1"},
		{"remove middle", Remove("v=DMARC1; pct=50; p=reject", NamedFold("pct")), "v=DMARC1; p=reject"},
		{"remove last with trailing semicolon", Remove("v=DMARC1; p=reject; pct=50;", NamedFold("pct")), "v=DMARC1; p=reject;"},
		{"remove last", Remove("v=DMARC1; p=reject; t=y", NamedFold("t")), "v=DMARC1; p=reject"},
		{"remove first", RemoveAt("x; v=DMARC1; p=none", 0), "v=DMARC1; p=none"},
		{"remove absent", Remove("v=DMARC1; p=none", NamedFold("ri")), "v=DMARC1; p=none"},
		{"remove every copy", Remove("v=DMARC1; p=none; p=reject", p), "v=DMARC1"},
		{"insert after version", InsertAfter("v=DMARC1; rua=x", 0, "p=none"), "v=DMARC1; p=none; rua=x"},
		{"insert after last", InsertAfter("v=DMARC1", 0, "p=none"), "v=DMARC1; p=none"},
		{"replace part", ReplaceAt("v=DMARC1; junk ; p=none", 1, "p=reject"), "v=DMARC1; p=reject ; p=none"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	f := Split("v=DMARC1;  p = none ;junk;")
	if len(f) != 4 || f[1].Name != "p" || f[1].Value != "none" || f[1].Raw != "  p = none " || f[2].HasEq || f[2].Value != "junk" || f[3].Raw != "" {
		t.Errorf("Split = %+v", f)
	}
}

// FuzzEdits: an edit never touches the other fields.
func FuzzEdits(f *testing.F) {
	for _, s := range []string{"v=DMARC1; p=none; sp=reject", "v=STSv1;id=1;", "", ";;", "a=b=c; ;=; x"} {
		f.Add(s, "np", "reject")
	}
	f.Fuzz(func(t *testing.T, record, name, value string) {
		if strings.ContainsAny(name+value, ";=") || name == "" || strings.ContainsAny(name, " \t") {
			return
		}
		before := Split(record)
		out := Set(record, Named(name), name, value)
		after := Split(out)
		i := Index(out, Named(name))
		if i < 0 || after[i].Value != strings.Trim(value, " \t") && strings.Trim(value, " \t") == value {
			t.Fatalf("Set(%q, %q, %q) = %q: field not set", record, name, value, out)
		}
		for j, fl := range before {
			if j >= len(after) {
				break
			}
			last := j == len(before)-1 // Append trims the spaces ending the record
			if j != i && fl.Raw != after[j].Raw && !(last && strings.TrimRight(fl.Raw, " \t") == strings.TrimRight(after[j].Raw, " \t")) && !(last && strings.Trim(fl.Raw, " \t") == "") {
				t.Fatalf("Set(%q) changed field %d: %q → %q (%q)", record, j, fl.Raw, after[j].Raw, out)
			}
		}
	})
}
