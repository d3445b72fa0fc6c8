package sanitize

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"example.com", "example.com"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"\x1b]52;c;ZXZpbA==\x07", `\x1b]52;c;ZXZpbA==\x07`},
		{"a\nb\tc", `a\x0ab\x09c`},
		{"\u202egnp.exe", `\u202egnp.exe`},
		{"\u009b2J", `\u009b2J`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"del\x7f", `del\x7f`},
		{`literal \x1b`, `literal \\x1b`},
		{`path\dir`, `path\dir`},
		{"中文证书", "中文证书"},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBlockKeepsLayout(t *testing.T) {
	if got, want := Block("a\n\tb\x1b[2J"), "a\n\tb\\x1b[2J"; got != want {
		t.Errorf("Block = %q, want %q", got, want)
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "\x1b[0m", "\u202e", "\xff", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || dangerous(r) {
				t.Fatalf("Line(%q) = %q still holds %U", s, out, r)
			}
		}
	})
}

func TestEscapedMatchesLine(t *testing.T) {
	for _, r := range []rune{0, 0x1b, '\n', '\t', 0x7f, 0x85, 0x9b, 0x202e, 0x2066, 0xfeff, 0xe0041} {
		if !Escaped(r) {
			t.Errorf("Escaped(%U) = false", r)
		}
		if Line(string(r)) == string(r) {
			t.Errorf("Line(%U) printed it raw", r)
		}
	}
	for _, r := range []rune{'a', ' ', '\\', 0xa0, 0x4e2d, 0x1f600} {
		if Escaped(r) {
			t.Errorf("Escaped(%U) = true", r)
		}
	}
	if got, want := Line("\U000e0041x"), `\U000e0041x`; got != want {
		t.Errorf("Line(tag) = %q, want %q", got, want)
	}
}

func TestWriter(t *testing.T) {
	var b strings.Builder
	in := []byte("bad \x1b[2J value\n")
	n, err := Writer{W: &b}.Write(in)
	if err != nil || n != len(in) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if got, want := b.String(), "bad \\x1b[2J value\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"example.com":          "example.com",
		"--ca-file=/tmp/a.pem": "--ca-file=/tmp/a.pem",
		"":                     "''",
		"a b":                  "'a b'",
		"it's":                 `'it'\''s'`,
		"$(id)":                "'$(id)'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
