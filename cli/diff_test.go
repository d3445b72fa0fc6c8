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
	h, _ := l.Host("cert-incomplete")
	ok, _ := l.Host("healthy")
	before := saveReport(t, filepath.Join(dir, "before.json"), append(l.Flags(root), "--lang", "zh", "--only", "certificate,tls-versions", h.Name)...)
	after := saveReport(t, filepath.Join(dir, "after.json"), append(l.Flags(root), "--lang", "zh", "--only", "certificate,tls-versions", ok.Name)...)
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

// saveReport runs padlock check --format json -o path with args, as a user
// saving a report, and returns path.
func saveReport(t *testing.T, path string, args ...string) string {
	t.Helper()
	var errb bytes.Buffer
	Main(context.Background(), append([]string{"check", "--format", "json", "-o", path}, args...),
		IO{Stdout: &bytes.Buffer{}, Stderr: &errb, Getenv: func(string) string { return "" }})
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no report saved: %s", errb.String())
	}
	return path
}
