package ui

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"padlock/probes"
	"padlock/report"
)

func finishAll(fx *fixture) {
	for _, f := range fx.probes {
		f.finish()
	}
}

func TestRunShowsResultsAsProbesFinish(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	h.waitUntil("every probe running", func(m *Model) bool { return m.list.running() == len(fx.probes) })
	fx.clock.Advance(1200 * time.Millisecond)
	fx.probes[2].finish()
	h.waitUntil("certificate finished", func(m *Model) bool { return m.list.done() == 1 })
	screen := h.m.Screen()
	for _, want := range []string{"✗ Certificate and chain fail", "1.2s", "certificate.fixture-chain-incomplete", "running 1/5"} {
		if !strings.Contains(collapse(screen), want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	if got := collapse(h.m.Screen()); !strings.Contains(got, "5/5 done") || !strings.Contains(got, "✓ 1 pass ! 1 warn ✗ 1 fail – 1 skip ? 1 error") {
		t.Errorf("status line wrong:\n%s", h.m.Screen())
	}
}

// collapse squeezes runs of spaces so assertions ignore column widths.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }), " ")
}

func TestQuitMidRunCancelsProbes(t *testing.T) {
	for _, key := range []string{"q", "ctrl+c"} {
		t.Run(key, func(t *testing.T) {
			fx := newFixture(t)
			h := newHarness(t, fx.cfg)
			h.waitUntil("every probe running", func(m *Model) bool { return m.list.running() == len(fx.probes) })
			fx.probes[0].finish()
			h.waitUntil("one probe done", func(m *Model) bool { return m.list.done() == 1 })
			h.keys(key)
			h.waitUntil("quit", func(*Model) bool { return h.quit })
			for _, f := range fx.probes[1:] {
				select {
				case <-f.cancelled:
				case <-time.After(500 * time.Millisecond):
					t.Fatalf("probe %s still running 500ms after quit", f.id)
				}
			}
		})
	}
}

func TestDrillDownAndBack(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active && m.list.done() == 5 })
	h.keys("enter") // the cursor lands on the first failure
	if h.m.screen != screenProbe || h.m.detail.probeID != probes.IDCertificate {
		t.Fatalf("enter on certificate: screen %d probe %q", h.m.screen, h.m.detail.probeID)
	}
	h.keys("enter")
	if h.m.screen != screenFinding {
		t.Fatalf("enter on a finding: screen %d", h.m.screen)
	}
	s := h.m.Screen()
	if strings.Contains(s, "\x1b") || !strings.Contains(s, `\x1b[31m(evil)\x1b[0m`) {
		t.Errorf("server string not sanitised on screen:\n%q", s)
	}
	h.keys("esc", "j", "d")
	if h.m.screen != screenDetails || !strings.Contains(h.m.Screen(), "Example Intermediate CA") {
		t.Fatalf("d: screen %d:\n%s", h.m.screen, h.m.Screen())
	}
	h.keys("esc", "esc")
	if h.m.screen != screenRun {
		t.Fatalf("esc esc: screen %d, want the run view", h.m.screen)
	}
}

func TestLanguageSwitch(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	h.keys("l")
	if s := h.m.Screen(); !strings.Contains(s, "证书与证书链") || !strings.Contains(s, "失败") {
		t.Errorf("after l the run view is not in Chinese:\n%s", s)
	}
	h.keys("l")
	if s := h.m.Screen(); !strings.Contains(s, "Certificate and chain") {
		t.Errorf("second l did not switch back:\n%s", s)
	}
}

func TestRerunSelectedProbe(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	h.keys("k", "r") // from the first failure (certificate) up to tls-versions
	h.waitUntil("tls-versions re-run", func(m *Model) bool { return !m.run.active && m.run.id == 2 })
	if got := fx.probes[1].runs.Load(); got != 2 {
		t.Errorf("tls-versions ran %d times after r, want 2", got)
	}
	if got := fx.probes[0].runs.Load(); got != 1 {
		t.Errorf("r also re-ran reachability (%d runs)", got)
	}
	if h.m.list.done() != 5 {
		t.Errorf("results lost after a single re-run: %d done", h.m.list.done())
	}
	h.keys("R")
	h.waitUntil("all re-run", func(m *Model) bool { return !m.run.active && m.run.id == 3 })
	for _, f := range fx.probes {
		if f.runs.Load() < 2 {
			t.Errorf("R did not re-run %s", f.id)
		}
	}
}

func TestExportEqualsReport(t *testing.T) {
	fx := newFixture(t)
	var built *report.Report
	fx.cfg.Report = func(_ *probes.Env, tg probes.Target, start time.Time, d time.Duration, rs []probes.Result) *report.Report {
		built = &report.Report{Tool: report.Tool{Name: "padlock", Version: "test"}, Target: tg, StartedAt: start, Duration: d, Results: rs}
		return built
	}
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	h.keys("e")
	var path string
	h.waitUntil("export notice", func(m *Model) bool {
		n := m.footer.notice
		if i := strings.Index(n, "written to "); i >= 0 {
			path = n[i+len("written to "):]
			return true
		}
		return false
	})
	if filepath.Dir(path) != fx.cfg.ExportDir {
		t.Errorf("exported to %s, want a file in %s", path, fx.cfg.ExportDir)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := report.Write(&want, built, report.Options{Format: report.Text, Lang: "en", Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("export differs from the text report:\n%s\nwant:\n%s", got, want.String())
	}
	if !strings.Contains(h.m.Screen(), "written to") {
		t.Errorf("the path written is not shown:\n%s", h.m.Screen())
	}
	h.keys("E", "j")
	h.waitUntil("json export", func(m *Model) bool { return strings.HasSuffix(m.footer.notice, ".json") })
}

func TestCopy(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.CommandLine = func(tg probes.Target) string { return "padlock check " + tg.Input }
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	_, cmd := h.m.Update(keyMsg("Y"))
	if cmd == nil {
		t.Fatal("Y returned no clipboard command")
	}
	if got := h.m.footer.notice; got != "copied: padlock check example.com" {
		t.Errorf("Y notice %q", got)
	}
	_, cmd = h.m.Update(keyMsg("y"))
	if cmd == nil || !strings.Contains(h.m.footer.notice, "report copied") {
		t.Errorf("y: notice %q", h.m.footer.notice)
	}
}

func TestFormValidatesAndStarts(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Target = nil
	var lines []string
	fx.cfg.CommandLine = func(tg probes.Target) string {
		l := strings.Join(append(append([]string{"padlock", "check"}, IntentArgs(tg)...), tg.Input), " ")
		lines = append(lines, l)
		return l
	}
	h := newHarness(t, fx.cfg)
	if h.m.screen != screenForm {
		t.Fatalf("no target: screen %d, want the form", h.m.screen)
	}
	typeText(h, "exa mple.com")
	if !strings.Contains(h.m.Screen(), "✗ target contains a space") {
		t.Errorf("bad target not flagged as typed:\n%s", h.m.Screen())
	}
	h.keys("enter")
	if h.m.screen != screenForm {
		t.Fatal("enter started a run with a bad target")
	}
	for range len("mple.com") + 1 {
		h.keys("backspace")
	}
	typeText(h, "mple.com")
	if !strings.Contains(h.m.Screen(), "✓ example.com, port 443") {
		t.Errorf("good target not confirmed:\n%s", h.m.Screen())
	}
	h.keys("tab")
	typeText(h, "sect")
	h.keys("tab", "space", "tab", "space")
	typeText(h, "") // now on the DNS name field
	h.keys("enter")
	if h.m.form.focused != fieldDNSName {
		t.Fatalf("enter with an empty DNS record name: focus %d, want the name field", h.m.form.focused)
	}
	typeText(h, "_dnsauth.example.com")
	h.keys("tab")
	typeText(h, "token123")
	h.keys("enter")
	if h.m.screen != screenRun {
		t.Fatalf("valid form did not start: screen %d\n%s", h.m.screen, h.m.Screen())
	}
	want := "padlock check --ca sectigo --wildcard --dns-record _dnsauth.example.com=token123 example.com"
	if h.m.commandLine != want {
		t.Errorf("command line %q, want %q", h.m.commandLine, want)
	}
	in := h.m.target.Intent
	if in.CA != "sectigo" || !in.Wildcard || len(in.DNSRecords) != 1 || in.DNSRecords[0].Value != "token123" {
		t.Errorf("intent %+v", in)
	}
	h.keys("q")
	h.waitUntil("quit", func(*Model) bool { return h.quit })
}

func typeText(h *harness, s string) {
	for _, r := range s {
		h.send(keyMsg(string(r)))
	}
}

func TestGuidedMode(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Guided = true
	h := newHarness(t, fx.cfg)
	if h.m.screen != screenGuided || !strings.Contains(h.m.Screen(), "What we check") {
		t.Fatalf("--guided: not in guided mode:\n%s", h.m.Screen())
	}
	if n := fx.probes[0].runs.Load(); n != 0 {
		t.Fatal("guided mode ran a probe before enter")
	}
	h.keys("enter")
	h.waitUntil("first probe running", func(m *Model) bool { return m.list.running() == 1 })
	fx.probes[0].finish()
	h.waitUntil("first result", func(m *Model) bool { return m.guide.step == guideResult })
	if s := h.m.Screen(); !strings.Contains(s, "What we saw") || !strings.Contains(s, "What to do") {
		t.Errorf("result step lacks what we saw / what to do:\n%s", s)
	}
	h.keys("enter") // next: tls-versions
	if h.m.guide.index != 1 || h.m.guide.step != guideIntro {
		t.Fatalf("enter after a result: index %d step %d", h.m.guide.index, h.m.guide.step)
	}
	for range len(fx.probes) - 1 {
		h.keys("s")
	}
	if h.m.screen != screenReport || !strings.Contains(h.m.Screen(), "Overall") {
		t.Errorf("guided mode did not end with the report:\n%s", h.m.Screen())
	}
}

func TestNarrowTerminalNeverOverflows(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}, {40, 10}} {
		h.send(windowSize(size[0], size[1]))
		for _, keys := range [][]string{{}, {"j", "j", "enter"}, {"enter"}, {"?"}, {"?", "esc", "esc"},
			{"l"}, {"j", "enter", "enter"}, {"d"}, {"?"}, {"?", "esc", "esc", "l", "g"}, {"esc"}} {
			h.keys(keys...)
			lines := strings.Split(h.m.Screen(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d after %v: %d lines", size[0], size[1], keys, len(lines))
			}
			for _, l := range lines {
				if w := textWidth(l); w > size[0] {
					t.Errorf("%dx%d after %v: line of %d cells: %q", size[0], size[1], keys, w, l)
				}
			}
		}
	}
}

func TestPickerStartsTheChosenHost(t *testing.T) {
	fx := newFixture(t)
	a, _ := probes.ParseTarget("a.padlock.test")
	b, _ := probes.ParseTarget("b.padlock.test")
	fx.cfg.Choices = []Choice{
		{Name: "a.padlock.test", Summary: "first", Target: a, CommandLine: "padlock demo a.padlock.test"},
		{Name: "b.padlock.test", Summary: "second \x1b]0;evil\x07", Target: b, CommandLine: "padlock demo b.padlock.test"},
	}
	h := newHarness(t, fx.cfg)
	if h.m.screen != screenPicker {
		t.Fatalf("with choices: screen %d, want the picker", h.m.screen)
	}
	if s := h.m.Screen(); strings.Contains(s, "\x1b") || !strings.Contains(s, `second \x1b]0;evil\x07`) {
		t.Errorf("summary not sanitised:\n%q", s)
	}
	h.keys("j", "enter")
	if h.m.screen != screenRun || h.m.target.Host != "b.padlock.test" || h.m.commandLine != "padlock demo b.padlock.test" {
		t.Fatalf("enter: screen %d target %q command %q", h.m.screen, h.m.target.Host, h.m.commandLine)
	}
	h.waitUntil("every probe running", func(m *Model) bool { return m.list.running() == len(fx.probes) })
	h.keys("esc")
	if h.m.screen != screenPicker {
		t.Fatalf("esc from the run: screen %d, want the picker", h.m.screen)
	}
	for _, f := range fx.probes {
		select {
		case <-f.cancelled:
		case <-time.After(5 * time.Second):
			t.Fatalf("leaving the run did not cancel %s", f.id)
		}
	}
}

func TestStylesFollowTheBackground(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	dark := h.m.styles.Title.GetForeground()
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if light := h.m.styles.Title.GetForeground(); light == dark {
		t.Errorf("a light background kept the dark palette (%v)", light)
	}
}

func TestIntentArgs(t *testing.T) {
	tg, _ := probes.ParseTarget("*.example.com")
	tg.Intent.CA = "digicert"
	tg.Intent.DNSRecords = []probes.DNSExpectation{{Name: "_acme.example.com", Type: "CNAME", Value: "x.dcv.example"}}
	tg.Intent.FileURL, tg.Intent.FileContent = "http://example.com/f.txt", "token"
	got := strings.Join(IntentArgs(tg), " ")
	want := "--ca digicert --dns-cname _acme.example.com=x.dcv.example --file-url http://example.com/f.txt --file-content token"
	if got != want {
		t.Errorf("IntentArgs = %q, want %q", got, want)
	}
}
