package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// padlock diff on two saved reports says what was fixed and what remains,
// in the reader's language, and exits as check would for the later run.
func TestDiffCommand(t *testing.T) {
	l, root := startLab(t)
	dir := t.TempDir()
	save := func(name, host string) string {
		path := filepath.Join(dir, name)
		args := append([]string{"check", "--format", "json", "--lang", "zh", "-o", path}, l.Flags(root)...)
		var errb bytes.Buffer
		Main(context.Background(), append(args, "--only", "certificate,tls-versions", host),
			IO{Stdout: &bytes.Buffer{}, Stderr: &errb, Getenv: func(string) string { return "" }})
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("no report for %s: %s", host, errb.String())
		}
		return path
	}
	h, _ := l.Host("cert-incomplete")
	ok, _ := l.Host("healthy")
	before, after := save("before.json", h.Name), save("after.json", ok.Name)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(context.Background(), append([]string{"diff"}, args...), IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
		return code, out.String(), errb.String()
	}
	code, out, stderr := run("--lang", "en", before, after)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"Fixed (1)", "certificate.chain-incomplete", "New (0)", "certificate: fail → pass", "the reports are of different targets"} {
		if !strings.Contains(out, w) {
			t.Errorf("diff lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = run("--lang", "zh", after, before)
	if code != ExitFail || !strings.Contains(out, "新出现 (1)") {
		t.Errorf("reverse diff: exit %d\n%s", code, out)
	}
	if code, _, stderr := run(before); code != ExitUsage || !strings.Contains(stderr, "two JSON reports") {
		t.Errorf("one file: exit %d %s", code, stderr)
	}
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte("{nope"), 0o600)
	if code, _, stderr := run(before, garbage); code != ExitUsage || !strings.Contains(stderr, "not a padlock JSON report") {
		t.Errorf("garbage: exit %d %s", code, stderr)
	}
}
