package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"padlock/lab"
	"padlock/probes"
)

var (
	labOnce sync.Once
	theLab  *lab.Lab
	labRoot string
	labErr  error
)

// startLab starts one lab shared by the package's tests.
func startLab(t *testing.T) (*lab.Lab, string) {
	t.Helper()
	labOnce.Do(func() {
		theLab, labErr = lab.Start(lab.Options{})
		if labErr != nil {
			return
		}
		dir, err := os.MkdirTemp("", "padlock-e2e-")
		if err != nil {
			labErr = err
			return
		}
		labRoot = filepath.Join(dir, "root.pem")
		labErr = os.WriteFile(labRoot, theLab.RootPEM(), 0o644)
	})
	if labErr != nil {
		t.Fatalf("start lab: %v", labErr)
	}
	return theLab, labRoot
}

func TestMain(m *testing.M) {
	code := m.Run()
	if theLab != nil {
		theLab.Close()
		os.RemoveAll(filepath.Dir(labRoot))
	}
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// checkJSON runs "padlock check --format json" with args and decodes the
// report.
func checkJSON(t *testing.T, args ...string) (int, map[string]any, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"check", "--format", "json"}, args...),
		IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	var rep map[string]any
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
	}
	return code, rep, errb.String()
}

func probeStatuses(rep map[string]any) map[string]string {
	got := map[string]string{}
	list, _ := rep["probes"].([]any)
	for _, p := range list {
		m := p.(map[string]any)
		got[m["id"].(string)] = m["status"].(string)
	}
	return got
}

// TestLabScenarios runs padlock check, end to end through the command
// line, against every lab host and compares the statuses the scenario
// expects.
func TestLabScenarios(t *testing.T) {
	l, root := startLab(t)
	for _, h := range l.Hosts() {
		t.Run(h.Name, func(t *testing.T) {
			t.Parallel()
			args := l.Flags(root)
			args = append(args, h.Args...)
			args = append(args, h.Name)
			code, rep, stderr := checkJSON(t, args...)
			if code != ExitOK && code != ExitFail {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := probeStatuses(rep)
			unlabelled(t, rep)
			worst := probes.Pass
			for id, want := range h.Expect {
				if got[id] != want.String() {
					t.Errorf("%s: %s = %q, want %q (details: %v)", h.Name, id, got[id], want, probeJSON(rep, id))
				}
			}
			for _, s := range got {
				st, _ := probes.ParseStatus(s)
				worst = max(worst, st)
			}
			if wantCode := map[bool]int{true: ExitFail, false: ExitOK}[worst >= probes.Fail]; code != wantCode {
				t.Errorf("exit code %d, want %d (worst status %s)", code, wantCode, worst)
			}
		})
	}
}

func probeJSON(rep map[string]any, id string) string {
	list, _ := rep["probes"].([]any)
	for _, p := range list {
		if m := p.(map[string]any); m["id"] == id {
			b, _ := json.Marshal(m)
			return string(b)
		}
	}
	return "(absent)"
}

// The JSON report names the addresses the target resolved to.
func TestJSONReportsResolvedAddresses(t *testing.T) {
	l, root := startLab(t)
	h, _ := l.Host("broken-aaaa")
	_, rep, stderr := checkJSON(t, append(l.Flags(root), "--only", "reachability", h.Name)...)
	target, _ := rep["target"].(map[string]any)
	addrs, _ := target["addresses"].([]any)
	if len(addrs) != 2 {
		t.Fatalf("target.addresses = %v, want the A and the AAAA address; stderr %s", target["addresses"], stderr)
	}
}

// unlabelled fails for an evidence key of rep that has no Chinese label:
// the zh report would show an English identifier.
func unlabelled(t *testing.T, rep map[string]any) {
	t.Helper()
	cat := probes.Builtin().Catalogue()
	list, _ := rep["probes"].([]any)
	for _, p := range list {
		fs, _ := p.(map[string]any)["findings"].([]any)
		for _, f := range fs {
			f := f.(map[string]any)
			ev, _ := f["evidence"].(map[string]any)
			for k := range ev {
				if label := cat.EvidenceLabel(f["id"].(string), k); !hasHan(label.ZH) && label.ZH != strings.ToUpper(label.ZH) {
					t.Errorf("%s: evidence %q has no Chinese label", f["id"], k)
				}
			}
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
