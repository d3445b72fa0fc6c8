package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// displayWidth is the number of terminal columns s takes: East Asian wide
// and full-width characters take two, combining marks and format
// characters none. s must already be sanitised (no control characters).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case r < 0x7f:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// padRight pads s with spaces to n display columns.
func padRight(s string, n int) string {
	if w := displayWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// wrap breaks prose into lines of at most width display columns. The first
// line starts with first, the others with rest (a hanging indent). Breaks
// fall at spaces and between wide (CJK) characters, never inside an inline
// `code` span, and not before closing CJK punctuation. A word or code span
// longer than a line overflows rather than being cut: URLs, hashes and
// commands must stay copyable.
func wrap(text string, width int, first, rest string) []string {
	var lines []string
	line := first
	indentW := displayWidth(first)
	lineW := indentW
	empty := true // nothing but the indent on this line yet
	pendingSpace := false
	flush := func() {
		lines = append(lines, strings.TrimRight(line, " "))
		line, lineW, empty = rest, displayWidth(rest), true
		indentW = lineW
	}
	for _, tok := range tokenize(text) {
		if tok.space {
			pendingSpace = !empty
			continue
		}
		w := displayWidth(tok.text)
		need := w
		if pendingSpace {
			need++
		}
		if !empty && lineW+need > width {
			flush()
			pendingSpace = false
			need = w
		}
		if pendingSpace {
			line += " "
			lineW++
		}
		line += tok.text
		lineW += w
		empty = false
		pendingSpace = false
	}
	if !empty || len(lines) == 0 {
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

type token struct {
	text  string
	space bool
	code  bool
}

// tokenize splits prose into words, spaces, code spans and single wide
// characters.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			j := i
			for j < len(s) && s[j] == ' ' {
				j++
			}
			toks = append(toks, token{text: s[i:j], space: true})
			i = j
		case r == '`':
			j := codeSpanEnd(s, i)
			toks = append(toks, token{text: s[i:j], code: true})
			i = j
		case runeWidth(r) == 2:
			toks = append(toks, token{text: s[i : i+size]})
			i += size
		default:
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if r == ' ' || r == '`' || runeWidth(r) == 2 {
					break
				}
				j += size
			}
			toks = append(toks, token{text: s[i:j]})
			i = j
		}
	}
	return gluePunct(toks)
}

// gluePunct joins CJK closing punctuation to the token before it and
// opening punctuation to the token after it, so that no line starts with
// "，" or ends with "（".
func gluePunct(toks []token) []token {
	var out []token
	glueNext := false
	for _, tok := range toks {
		r, _ := utf8.DecodeRuneInString(tok.text)
		switch {
		case tok.space:
			glueNext = false
		case glueNext && len(out) > 0:
			out[len(out)-1].text += tok.text
			out[len(out)-1].code = out[len(out)-1].code || tok.code
			glueNext = openingPunct(r) && utf8.RuneCountInString(tok.text) == 1
			continue
		case closingPunct(r) && len(out) > 0 && !out[len(out)-1].space:
			out[len(out)-1].text += tok.text
			continue
		}
		out = append(out, tok)
		glueNext = !tok.space && openingPunct(r) && utf8.RuneCountInString(tok.text) == 1
	}
	return out
}

// codeSpanEnd returns the index just past the code span opening at s[i]
// (a run of backticks closed by a run of the same length), or past the
// opening run when it is never closed.
func codeSpanEnd(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	fence := s[i : i+n]
	for j := i + n; j < len(s); {
		k := strings.Index(s[j:], fence)
		if k < 0 {
			break
		}
		end := j + k + n
		if end >= len(s) || s[end] != '`' {
			if j+k > 0 && s[j+k-1] == '`' {
				j = end
				continue
			}
			return end
		}
		for end < len(s) && s[end] == '`' {
			end++
		}
		j = end
	}
	return i + n
}

// openingPunct lists CJK punctuation that must not end a line.
func openingPunct(r rune) bool {
	return strings.ContainsRune("（《「『【〔“‘", r)
}

// closingPunct lists CJK punctuation that must not start a line.
func closingPunct(r rune) bool {
	return strings.ContainsRune("，。、；：！？）》」』】〕”’…·％", r)
}

// Wrap breaks one paragraph of prose as the reports do (see wrap): at
// spaces and between CJK characters, never inside a `code` span; first
// and rest are the indents of the first and the following lines.
func Wrap(text string, width int, first, rest string) []string {
	return wrap(text, width, first, rest)
}
