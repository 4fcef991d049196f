package reports

import (
	"strings"
	"testing"
)

// The terminal's wrap keeps every character but the spaces it breaks at:
// a list's comma stays at the end of its line, Japanese never starts a
// line with 、 or 。, and a figure is never split.
func TestTerminalWrapKeepsCommas(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
	}{
		{"Unverified (confirm): Mail forwarding, Auto-reply, Spam filter, Virus filter, Client–server encryption (TLS), disk per user, initial budget, initial fee, whether the price includes tax", 110},
		{"Unverified (confirm): Mail forwarding, Auto-reply, Spam filter, Virus filter, Client–server encryption (TLS), disk per user", 40},
		{"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z", 10},
		{"未確認（要確認）: メール転送、ウイルスフィルタ、クライアント・ユーザー間の暗号化通信、料金が税込か税抜か、初期費用の予算", 40},
		{"運用に月約22.0時間かかりますが、確保できるのは月8.0時間です。初期費用320,016 JPY、¥5,785,000/年 ÷ 1,920時間", 24},
	} {
		lines := wrap(tc.text, tc.width)
		if len(lines) < 2 {
			t.Errorf("%q at %d columns did not wrap", tc.text, tc.width)
			continue
		}
		var joined []string
		for i, l := range lines {
			if i > 0 {
				if !strings.HasPrefix(l, "  ") {
					t.Errorf("continuation line %q is not indented", l)
				}
				l = strings.TrimPrefix(l, "  ")
			}
			if w := displayWidth(l); i == 0 && w > tc.width || i > 0 && w > tc.width {
				t.Errorf("line %q is %d columns, limit %d", l, w, tc.width)
			}
			if strings.HasPrefix(l, "、") || strings.HasPrefix(l, "。") || strings.HasPrefix(l, ",") {
				t.Errorf("line %q starts with punctuation", l)
			}
			if rs := []rune(l); len(rs) > 1 && strings.ContainsRune(",.", rs[len(rs)-1]) && rs[len(rs)-2] >= '0' && rs[len(rs)-2] <= '9' && i < len(lines)-1 {
				t.Errorf("line %q splits a figure", l)
			}
			joined = append(joined, l)
		}
		strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if got := strip(strings.Join(joined, "")); got != strip(tc.text) {
			t.Errorf("wrap lost characters:\n got %q\nwant %q", got, strip(tc.text))
		}
	}
}
