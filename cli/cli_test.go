package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"padlock/internal/sanitize"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func TestBadInputExitsTwoWithOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"check", "exa mple.com"},
		{"check", "http://"},
		{"check", strings.Repeat("a", 300) + ".com"},
		{"check", "exam\x1bple.com"},
		{"check", ""},
		{"check"},
		{"check", "--only", "nope", "example.com"},
		{"check", "--format", "xml", "example.com"},
		{"check", "--resolver", "not-an-ip", "example.com"},
		{"check", "--connect-to", "bad", "example.com"},
		{"check", "--ca", "nobody", "example.com"},
		{"check", "--lang", "fr", "example.com"},
		{"check", "--dns-record", "novalue", "example.com"},
		{"check", "--file-url", "https://x/y", "example.com"},
		{"check", "--no-such-flag", "example.com"},
		{"check", "--limit", "body=huge", "example.com"},
		{"check", "--limit", "nope=1", "example.com"},
	} {
		code, stdout, stderr := run(args...)
		if code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, ExitUsage)
		}
		if stdout != "" {
			t.Errorf("%q: wrote to stdout: %q", args, stdout)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		last := lines[len(lines)-1]
		if !strings.HasPrefix(last, "padlock: ") || strings.ContainsRune(last, '\x1b') {
			t.Errorf("%q: stderr does not end in one clean padlock line: %q", args, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run("version")
	if code != 0 || !strings.Contains(out, Version) {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestFlagsAfterTargets(t *testing.T) {
	var o Options
	fs := newFlagSet("t", &o, &bytes.Buffer{})
	if err := parseArgs(fs, []string{"a.test", "--resolver", "127.0.0.1:53", "b.test", "--wildcard"}, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Targets) != 2 || o.Resolvers[0] != "127.0.0.1:53" || !o.Wildcard {
		t.Errorf("parsed %+v", o)
	}
}

func TestCommandLineQuoting(t *testing.T) {
	got := commandLine("check", []string{"--file-content", "a b'c", "example.com"})
	want := `padlock check --file-content 'a b'\''c' example.com`
	if got != want {
		t.Errorf("commandLine = %s, want %s", got, want)
	}
}

func TestUsageErrorsAreSanitised(t *testing.T) {
	for _, args := range [][]string{
		{"check", "bad\x1b[2Jhost\u202e"},
		{"check", "--format", "x\x1b]52;c;AA==\x07", "example.com"},
		{"check", "--resolver", "\x1b[31m", "example.com"},
		{"check", "--no-\x1b[2Jflag\u202e", "example.com"}, // flag echoes unknown names raw
	} {
		code, _, stderr := run(args...)
		if code != ExitUsage {
			t.Errorf("%q: exit %d", args, code)
		}
		for _, r := range stderr {
			if r != '\n' && r != '\t' && sanitize.Escaped(r) {
				t.Errorf("%q: stderr holds %U: %q", args, r, stderr)
				break
			}
		}
	}
}

func TestArgumentsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "args")
	if err := os.WriteFile(path, []byte("# a comment\n--resolver\n127.0.0.1:5353\n\n--file-content\nvalue with spaces\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var o Options
	fs := newFlagSet("t", &o, &bytes.Buffer{})
	if err := parseArgs(fs, []string{"@" + path, "a.test"}, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Resolvers) != 1 || o.Resolvers[0] != "127.0.0.1:5353" || o.FileContent != "value with spaces" || len(o.Targets) != 1 {
		t.Errorf("parsed %+v", o)
	}
	if code, _, stderr := run("check", "@"+filepath.Join(t.TempDir(), "missing"), "a.test"); code != ExitUsage || !strings.Contains(stderr, "arguments file") {
		t.Errorf("missing arguments file: exit %d, %q", code, stderr)
	}
}

// Flag errors echo the argument: every subcommand sanitises them.
func TestFlagErrorsAreSanitised(t *testing.T) {
	for _, sub := range []string{"check", "lab", "demo"} {
		code, _, stderr := run(sub, "-\x1b]52;c;eA==\a")
		if code != ExitUsage || strings.ContainsAny(stderr, "\x1b\a") {
			t.Errorf("%s: exit %d, stderr %q", sub, code, stderr)
		}
	}
}
