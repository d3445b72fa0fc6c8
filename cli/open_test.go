package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"padlock/probes"
)

// padlock open without a terminal prints the saved report, in the reader's
// language, with the saved verdicts: nothing is probed again.
func TestOpenPrintsSavedReport(t *testing.T) {
	l, root := startLab(t)
	h, _ := l.Host("cert-incomplete")
	path := saveReport(t, filepath.Join(t.TempDir(), "saved.json"), append(l.Flags(root), "--lang", "en", "--only", "certificate,dns-validation", h.Name)...)
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"open", "--lang", "zh", path}, IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	if code != ExitFail {
		t.Fatalf("exit %d, want %d (the saved run failed): %s", code, ExitFail, errb.String())
	}
	for _, w := range []string{"padlock 检测报告", "总体结果：失败", "服务器没有发送中间证书", h.Name} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("open lacks %q:\n%s", w, out.String())
		}
	}
	// The UI plays the saved results back.
	saved, _ := os.ReadFile(path)
	if !bytes.Contains(saved, []byte(`"certificate.chain-incomplete"`)) {
		t.Fatalf("the saved report lacks the finding: %s", saved)
	}
	var md bytes.Buffer
	if code := Main(context.Background(), []string{"open", "--format", "markdown", path}, IO{Stdout: &md, Stderr: &errb, Getenv: func(string) string { return "" }}); code != ExitFail || !strings.Contains(md.String(), "# padlock report") {
		t.Errorf("markdown: exit %d\n%s", code, md.String())
	}
	for _, p := range probes.Replay([]probes.Result{{ProbeID: "caa", Status: probes.Warn}}) {
		if r := p.Run(context.Background(), probes.Target{}, nil); p.Describe().ID != "caa" || r.Status != probes.Warn {
			t.Errorf("replay: %s %+v", p.Describe().ID, r)
		}
	}
}
