package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"padlock/i18n"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// toyProbe is a probe declared in this test file alone: its descriptor is
// all padlock needs to list it, explain it and report on it.
type toyProbe struct{}

var toyDescriptor = probes.Descriptor{
	ID:    "toy-echo",
	Title: i18n.T("Toy echo check", "玩具回声检查"),
	What:  i18n.T("Whether the toy server echoes what it hears.", "玩具服务器是否回应它听到的内容。"),
	Why:   i18n.T("A silent toy worries nobody but this test.", "玩具不出声，只有这个测试会在意。"),
	Findings: []rules.Entry{{
		ID: "toy-echo.silent", Severity: "warn",
		Title: i18n.T("The toy at {host} stayed silent", "{host} 上的玩具没有出声"),
		Why:   i18n.T("It was asked and did not answer.", "问了它，它没有回答。"),
		Steps: []i18n.Text{i18n.T("Wake the toy: `toy --wake {host}`.", "唤醒玩具：`toy --wake {host}`。")},
		FAQ:   "toy FAQ",
	}},
	Scenarios: []probes.Scenario{{Host: "healthy", Status: probes.Warn, Finding: "toy-echo.silent"}},
}

func (toyProbe) Describe() probes.Descriptor { return toyDescriptor }

func (toyProbe) Run(_ context.Context, t probes.Target, _ *probes.Env) probes.Result {
	return probes.Done([]probes.Finding{toyDescriptor.Finding("toy-echo.silent", probes.Evidence{"host": t.Host})}, nil)
}

func TestToyProbeNeedsOnlyItsDescriptor(t *testing.T) {
	reg, err := probes.NewRegistry(append(probes.Builtin().Probes(), toyProbe{})...)
	if err != nil {
		t.Fatal(err)
	}
	// The registry.
	if _, ok := reg.Probe("toy-echo"); !ok {
		t.Fatal("the registry does not know the toy")
	}
	ps, err := reg.Select([]string{"toy-echo"}, nil)
	if err != nil || len(ps) != 1 {
		t.Fatalf("--only toy-echo: %v %v", ps, err)
	}
	// The catalogue.
	cat := reg.Catalogue()
	if e, ok := cat.Lookup("toy-echo.silent"); !ok || e.Severity != "warn" {
		t.Errorf("catalogue entry: %+v %v", e, ok)
	}
	if got := cat.ProbeTitle("toy-echo").In(i18n.ZH); got != "玩具回声检查" {
		t.Errorf("catalogue title %q", got)
	}

	// The report, in both languages.
	target, _ := probes.ParseTarget("example.com")
	env := probes.NewEnv(nil, nil)
	results := probes.Run(context.Background(), target, env, ps, nil)
	if results[0].Status != probes.Warn {
		t.Fatalf("status %s, want warn (the descriptor's default severity)", results[0].Status)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.EN: {"Toy echo check", "The toy at example.com stayed silent", "toy --wake example.com"},
		i18n.ZH: {"玩具回声检查", "example.com 上的玩具没有出声", "toy --wake example.com"},
	} {
		var out bytes.Buffer
		r := &report.Report{Target: target, StartedAt: time.Unix(0, 0), Results: results}
		if err := report.Write(&out, r, report.Options{Format: report.Text, Lang: lang, Catalogue: cat}); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s report lacks %q:\n%s", lang, w, out.String())
			}
		}
	}

	// The UI's guided mode shows what the probe checks and why.
	h := newHarness(t, Config{
		Env: env, Probes: ps, Catalogue: cat, Target: &target, Guided: true,
		Lang: i18n.EN, Static: true, ExportDir: t.TempDir(), Location: time.UTC,
	})
	h.waitUntil("the guide's first step", func(m *Model) bool {
		return strings.Contains(m.Screen(), "Toy echo check")
	})
	for _, w := range []string{toyDescriptor.What.EN, toyDescriptor.Why.EN} {
		if !strings.Contains(strings.Join(strings.Fields(h.m.Screen()), " "), w) {
			t.Errorf("guided screen lacks %q:\n%s", w, h.m.Screen())
		}
	}
}
