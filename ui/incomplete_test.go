package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/report"
)

// assertHonest checks an exported report of an unfinished run: every probe
// is listed, the headline is incomplete, and nothing says PASS or that
// there are no problems.
func assertHonest(t *testing.T, m *Model, wantStates ...string) {
	t.Helper()
	for _, lang := range i18n.Langs() {
		m.lang = lang
		for _, f := range []report.Format{formatText, formatMarkdown, formatJSON} {
			out, err := m.reportText(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range m.list.order {
				if !strings.Contains(out, id) {
					t.Errorf("%s %s export leaves out %s", lang, f, id)
				}
			}
			incomplete := map[report.Format]string{formatText: "INCOMPLETE", formatMarkdown: "**INCOMPLETE**", formatJSON: `"status":"incomplete","complete":false`}[f]
			if lang == i18n.ZH && f != formatJSON {
				incomplete = "未完成"
			}
			if !strings.Contains(out, incomplete) {
				t.Errorf("%s %s export does not say the run is incomplete:\n%s", lang, f, out)
			}
			for _, bad := range []string{"Overall: PASS", "**PASS** (", "No problems found.", "总体结果：通过", "未发现问题。"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s %s export of an unfinished run says %q:\n%s", lang, f, bad, out)
				}
			}
			if f == formatText && lang == i18n.EN {
				for _, w := range wantStates {
					if !strings.Contains(out, w) {
						t.Errorf("text export lacks %q:\n%s", w, out)
					}
				}
			}
		}
	}
	m.lang = i18n.EN
}

// Exporting mid-run lists the probes still running.
func TestExportMidRunIsIncomplete(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	h.waitUntil("every probe running", func(m *Model) bool { return m.list.running() == len(fx.probes) })
	fx.probes[0].finish()
	h.waitUntil("one probe done", func(m *Model) bool { return m.list.done() == 1 })
	assertHonest(t, h.m, "running", "still running when this report was made")
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
}

// Leaving guided mode with esc: the probe that ran is reported, the one
// skipped says who skipped it, the rest are "not run", on screen too.
func TestExportAfterLeavingGuidedMode(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Guided = true
	h := newHarness(t, fx.cfg)
	h.keys("enter")
	h.waitUntil("first probe running", func(m *Model) bool { return m.list.running() == 1 })
	fx.probes[0].finish()
	h.waitUntil("first result", func(m *Model) bool { return m.guide.step == guideResult })
	h.keys("enter", "s", "esc") // tls-versions skipped, then leave
	if h.m.screen != screenRun {
		t.Fatalf("esc left guided mode for screen %d", h.m.screen)
	}
	assertHonest(t, h.m, "skipped by you in guided mode", "not run")
	if s := h.m.Screen(); strings.Contains(s, "queued") || !strings.Contains(s, "not run") || !strings.Contains(s, "R runs every probe") {
		t.Errorf("the run view hides what was not run:\n%s", s)
	}
}

// Esc while a guided probe runs cancels it, and the report says so.
func TestCancelledProbeIsReported(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Guided = true
	h := newHarness(t, fx.cfg)
	h.keys("enter")
	h.waitUntil("first probe running", func(m *Model) bool { return m.list.running() == 1 })
	h.keys("esc")
	assertHonest(t, h.m, "cancelled", "cancelled before it finished")
}

// The run's duration is the probes' wall time: overlapping probes count
// once, and time spent with nothing running (reading in guided mode,
// waiting before a re-run) counts not at all.
func TestWallTime(t *testing.T) {
	t0 := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	l := newProbeList(nil, nil, true)
	for _, id := range []string{"a", "b", "c"} {
		l.order = append(l.order, id)
		l.states[id] = &probeState{id: id}
	}
	l.start("a", t0)
	l.start("b", t0.Add(100*time.Millisecond))
	l.finish("a", probes.Result{ProbeID: "a"}, t0.Add(time.Second))
	l.finish("b", probes.Result{ProbeID: "b"}, t0.Add(1200*time.Millisecond))
	// A minute of reading, then c runs for 300 ms, and is still running
	// 100 ms later.
	later := t0.Add(time.Minute)
	l.start("c", later)
	if got := l.wallTime(later.Add(100 * time.Millisecond)); got != 1300*time.Millisecond {
		t.Errorf("while c runs: %v, want 1.3s", got)
	}
	l.finish("c", probes.Result{ProbeID: "c"}, later.Add(300*time.Millisecond))
	if got := l.wallTime(later.Add(time.Hour)); got != 1500*time.Millisecond {
		t.Errorf("after c: %v, want 1.5s", got)
	}
	if got := formatDuration(40 * time.Millisecond); got != "40ms" {
		t.Errorf("formatDuration(40ms) = %q", got)
	}
}

// Exports in the same second get new names; none overwrites another.
func TestExportNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "padlock-example.com-20261208-101010")
	var paths []string
	for i := range 3 {
		p, err := writeNew(base, "txt", []byte{byte('a' + i)})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	want := []string{base + ".txt", base + "-2.txt", base + "-3.txt"}
	for i, p := range paths {
		b, _ := os.ReadFile(p)
		if p != want[i] || string(b) != string(rune('a'+i)) {
			t.Errorf("export %d: %s holds %q", i, p, b)
		}
	}
}

// When the run ends the cursor lands on the first failure, unless the user
// moved it; a probe's findings read fail, then warn, then info.
func TestCursorLandsOnFirstFailure(t *testing.T) {
	fx := newFixture(t)
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active && m.list.done() == 5 })
	if st := h.m.list.selected(); st.id != probes.IDCertificate {
		t.Errorf("cursor on %s, want the failed certificate probe", st.id)
	}

	fx = newFixture(t)
	h = newHarness(t, fx.cfg)
	h.waitUntil("every probe running", func(m *Model) bool { return m.list.running() == len(fx.probes) })
	h.keys("j")
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active && m.list.done() == 5 })
	if st := h.m.list.selected(); st.id != probes.IDTLSVersions {
		t.Errorf("cursor on %s: the run moved the user's cursor", st.id)
	}

	l := newProbeList(nil, nil, true)
	l.order, l.states = []string{"x"}, map[string]*probeState{"x": {id: "x"}}
	l.finish("x", probes.Result{ProbeID: "x", Findings: []probes.Finding{
		{ID: "x.info", Severity: probes.Info}, {ID: "x.fail", Severity: probes.Fail}, {ID: "x.warn", Severity: probes.Warn},
	}}, time.Now())
	var got []string
	for _, f := range l.states["x"].result.Findings {
		got = append(got, f.ID)
	}
	if strings.Join(got, " ") != "x.fail x.warn x.info" {
		t.Errorf("findings in order %v", got)
	}
}

// After l, the exported and copied command reproduces the run in the
// language now read.
func TestReproduceFollowsLanguage(t *testing.T) {
	for _, tc := range []struct {
		cmd      string
		from, to i18n.Lang
		want     string
	}{
		{"padlock check example.com", i18n.EN, i18n.ZH, "padlock check example.com --lang zh"},
		{"padlock check --lang en example.com", i18n.EN, i18n.ZH, "padlock check --lang zh example.com"},
		{"padlock check example.com --lang=zh", i18n.ZH, i18n.EN, "padlock check example.com --lang en"},
		{"padlock check --lang english.test", i18n.EN, i18n.ZH, "padlock check --lang english.test --lang zh"},
		{"padlock check example.com", i18n.ZH, i18n.ZH, "padlock check example.com"},
	} {
		if got := withLang(tc.cmd, tc.from, tc.to); got != tc.want {
			t.Errorf("withLang(%q, %s, %s) = %q, want %q", tc.cmd, tc.from, tc.to, got, tc.want)
		}
	}
	fx := newFixture(t)
	fx.cfg.CommandLine = func(probes.Target) string { return "padlock check example.com" }
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active })
	h.keys("l")
	if got := h.m.buildReport().CommandLine; got != "padlock check example.com --lang zh" {
		t.Errorf("after l the report reproduces with %q", got)
	}
}
