package cli

import (
	"bytes"
	"testing"
)

// NO_COLOR (any non-empty value) turns colour off unless --color always
// asks for it explicitly: per no-color.org, a command-line flag overrides
// the environment. A pipe or file gets no colour in auto mode.
func TestColorWanted(t *testing.T) {
	for _, c := range []struct {
		mode, noColor string
		want          bool
	}{
		{"auto", "", false}, // a buffer is not a terminal
		{"auto", "1", false},
		{"never", "", false},
		{"always", "", true},
		{"always", "1", true},
		{"always", "false", true},
		{"never", "1", false},
	} {
		getenv := func(k string) string {
			if k == "NO_COLOR" {
				return c.noColor
			}
			return ""
		}
		if got := colorWanted(c.mode, &bytes.Buffer{}, getenv); got != c.want {
			t.Errorf("--color %s with NO_COLOR=%q: colour %v, want %v", c.mode, c.noColor, got, c.want)
		}
	}
}
