// Package sanitize makes untrusted text (certificate fields, headers, HTML,
// DNS records, error messages quoting them) safe to print on a terminal or
// in a report: control characters, escape sequences, bidi overrides and
// invalid UTF-8 are shown visibly (\x1b, \u202e) instead of being emitted.
// ShellQuote makes a word safe to paste into a shell, for the command lines
// padlock shows.
package sanitize

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Line returns s fit for one line of output: every control character,
// newlines and tabs included, is escaped.
func Line(s string) string { return clean(s, false) }

// Block returns s with newlines and tabs kept and everything else that
// could steer a terminal escaped.
func Block(s string) string { return clean(s, true) }

// Safe reports whether s would print unchanged by Line.
func Safe(s string) bool { return Line(s) == s }

// ShellQuote quotes s as one POSIX shell word when it needs it: words of
// letters, digits and -_./:=@,+% stay as they are.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Escaped reports whether Line shows r as an escape instead of printing
// it: C0 and C1 controls, DEL, bidi controls and other invisible characters
// that reorder or hide text.
func Escaped(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || dangerous(r)
}

func clean(s string, keepLayout bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLayout && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f, dangerous(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		case r == '\\' && escapeLike(s[i+1:]):
			b.WriteString(`\\`) // so a literal "\x1b" cannot pass for an escaped one
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII only, no backslash.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// dangerous lists invisible characters that reorder or hide text.
func dangerous(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, // LRE RLE PDF LRO RLO
		r >= 0x2066 && r <= 0x2069,                // LRI RLI FSI PDI
		r == 0x200e || r == 0x200f || r == 0x061c, // LRM RLM ALM
		r == 0x2028 || r == 0x2029,                // line and paragraph separators
		r == 0xfeff,                               // BOM / zero-width no-break space
		r >= 0xfff9 && r <= 0xfffb,                // interlinear annotations
		r >= 0xe0000 && r <= 0xe007f:              // tag characters (invisible text)
		return true
	}
	return false
}

func escapeLike(rest string) bool {
	return strings.HasPrefix(rest, "x") || strings.HasPrefix(rest, "u") || strings.HasPrefix(rest, "U")
}

// Writer passes text through Block before writing it to W: for output
// streams (a flag set's error messages) that may echo untrusted text. Each
// Write must hold whole characters, as fmt's single calls do.
type Writer struct {
	W io.Writer
}

// Write writes Block(p) and reports len(p) on success.
func (w Writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.W, Block(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
