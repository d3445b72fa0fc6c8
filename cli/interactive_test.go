package cli

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"padlock/probes"
	"padlock/report"
)

// timing matches what differs between two runs: measured times and the
// random file name probed on the validation path.
var timing = regexp.MustCompile(` *\d+ ms|time_ms: \d+|padlock-[0-9a-f]+\.txt`)

// Without a terminal, "padlock TARGET" prints check's text report.
func TestInteractiveWithoutTerminalIsCheck(t *testing.T) {
	l, root := startLab(t)
	args := append(l.Flags(root), "healthy.padlock.test")
	code, out, _ := run(args...)
	_, want, _ := run(append([]string{"check"}, args...)...)
	if code != ExitOK {
		t.Errorf("exit %d", code)
	}
	strip := func(s string) string { // times and durations are the only differences
		var keep []string
		for _, line := range strings.Split(s, "\n") {
			if !strings.HasPrefix(line, "Started") && !strings.HasPrefix(line, "Duration") {
				keep = append(keep, line)
			}
		}
		return timing.ReplaceAllString(strings.Join(keep, "\n"), "N")
	}
	if !strings.Contains(out, "Overall: ") || strip(out) != strip(want) {
		t.Errorf("padlock TARGET without a terminal:\n%s\nwant check's report:\n%s", out, want)
	}
}

// The UI builds its report with check's constructor, so its export equals
// check's text report for the same run.
func TestUIReportIsChecksReport(t *testing.T) {
	l, root := startLab(t)
	o := Options{}
	fs := newFlagSet("padlock", &o, io.Discard)
	if err := parseArgs(fs, append(l.Flags(root), "--ca", "sectigo", "healthy.padlock.test"), &o); err != nil {
		t.Fatal(err)
	}
	p, err := o.plan(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	p.env.Now = func() time.Time { return start }
	env := p.env.ForRun()
	results := probes.Run(context.Background(), p.targets[0], env, p.probes, nil)
	checked := p.newReport(env, p.targets[0], start, time.Second, results)
	cfg := p.uiConfig(context.Background(), false)
	fromUI := cfg.Report(env, p.targets[0], start, time.Second, results)
	var a, b bytes.Buffer
	opts := report.Options{Format: report.Text, Lang: cfg.Lang, Location: cfg.Location}
	if err := report.Write(&a, checked, opts); err != nil {
		t.Fatal(err)
	}
	if err := report.Write(&b, fromUI, opts); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("UI report:\n%s\ncheck report:\n%s", b.String(), a.String())
	}
	if cfg.Location != p.render.Location || cfg.Lang != p.render.Lang {
		t.Errorf("UI renders with %v/%v, check with %v/%v", cfg.Location, cfg.Lang, p.render.Location, p.render.Lang)
	}
}
