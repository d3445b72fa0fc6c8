package report

import (
	"regexp"
	"strings"
	"testing"

	"padlock/i18n"
)

var (
	fenceLine   = regexp.MustCompile("^( *)(`{3,})(.*)$")
	rawHTML     = regexp.MustCompile(`(^|[^\\])<[A-Za-z/!]`)
	rawLink     = regexp.MustCompile(`(^|[^\\])\]\(`)
	ourHeading  = regexp.MustCompile(`^#{1,3} \S`)
	tableDelims = regexp.MustCompile(`^\|(-+|-+:)(\|(-+|-+:))*\|$`)
)

// lintMarkdown checks the structure a renderer relies on: fences closed
// by fences as long, tables whose rows all have the header's column count,
// no raw HTML, link or stray heading outside code.
func lintMarkdown(t *testing.T, md string) {
	t.Helper()
	lines := strings.Split(md, "\n")
	fence := ""
	cols := 0
	for i, ln := range lines {
		if fence != "" {
			if m := fenceLine.FindStringSubmatch(ln); m != nil && m[2] == fence && strings.TrimSpace(m[3]) == "" {
				fence = ""
			}
			continue
		}
		if m := fenceLine.FindStringSubmatch(ln); m != nil {
			fence = m[2]
			continue
		}
		if outside := stripCodeSpans(ln); rawHTML.MatchString(outside) || rawLink.MatchString(outside) {
			t.Errorf("line %d: raw HTML or link: %q", i+1, ln)
		}
		if strings.HasPrefix(ln, "#") && !ourHeading.MatchString(ln) {
			t.Errorf("line %d: stray heading: %q", i+1, ln)
		}
		switch {
		case strings.HasPrefix(ln, "|") && i+1 < len(lines) && tableDelims.MatchString(lines[i+1]):
			cols = cellCount(ln)
			if cellCount(lines[i+1]) != cols {
				t.Errorf("line %d: delimiter row has %d cells, header %d", i+2, cellCount(lines[i+1]), cols)
			}
		case strings.HasPrefix(ln, "|") && cols > 0:
			if n := cellCount(ln); n != cols {
				t.Errorf("line %d: %d cells, want %d: %q", i+1, n, cols, ln)
			}
		case !strings.HasPrefix(ln, "|"):
			cols = 0
		}
	}
	if fence != "" {
		t.Errorf("unclosed code fence %q", fence)
	}
}

// cellCount counts a table row's cells as GFM does: split at pipes not
// escaped by a backslash.
func cellCount(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// stripCodeSpans removes inline code spans as CommonMark finds them: a
// run of n backticks up to the next run of exactly n. Backslash escapes
// outside spans are kept.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteString(s[i : i+2])
			i += 2
		case s[i] == '`':
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			end := closingRun(s, i+n, n)
			if end < 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			i = end
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// closingRun returns the index after the first run of exactly n backticks
// at or after j, or -1.
func closingRun(s string, j, n int) int {
	for j < len(s) {
		if s[j] != '`' {
			j++
			continue
		}
		k := j
		for k < len(s) && s[k] == '`' {
			k++
		}
		if k-j == n {
			return k
		}
		j = k
	}
	return -1
}

func TestMarkdownIsWellFormed(t *testing.T) {
	for _, lang := range i18n.Langs() {
		md := string(render(t, fixtureReport(), fixtureOptions(Markdown, lang)))
		lintMarkdown(t, md)
	}
}

func TestMdCodeHoldsBackticks(t *testing.T) {
	for in, want := range map[string]string{
		"plain":    "`plain`",
		"a`b":      "``a`b``",
		"`x":       "`` `x ``",
		"a``b`":    "``` a``b` ```",
		"":         "",
		"pipe|bar": "`pipe|bar`",
	} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := mdCell(mdCode("a|b")), "`a\\|b`"; got != want {
		t.Errorf("mdCell = %q, want %q", got, want)
	}
}
