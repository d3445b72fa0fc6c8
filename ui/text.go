package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"padlock/report"
)

// textWidth is the width of s in terminal cells (CJK counts double).
func textWidth(s string) int { return ansi.StringWidth(s) }

// truncate cuts s to w cells, ending in "…" when it was cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if n := w - textWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft pads s with spaces on the left to w cells.
func padLeft(s string, w int) string {
	if n := w - textWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// wrap breaks s into lines of at most w cells the way the reports do (at
// spaces and between CJK characters, never inside a `code` span); a word
// or code span wider than w is then cut hard so that nothing overflows.
func wrap(s string, w int) string {
	if w <= 0 {
		return s
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		for _, line := range report.Wrap(para, w, "", "") {
			if textWidth(line) > w {
				line = ansi.Hardwrap(line, w, true)
			}
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// indent wraps s to w cells and indents every line by prefix (the first
// line by first).
func indent(s, first, prefix string, w int) string {
	lines := strings.Split(wrap(s, max(10, w-max(textWidth(first), textWidth(prefix)))), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = prefix + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}

// stripANSI removes escape sequences (styling) from s.
func stripANSI(s string) string { return ansi.Strip(s) }

func itoa(n int) string { return strconv.Itoa(n) }
