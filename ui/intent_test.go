package ui

import (
	"slices"
	"strings"
	"testing"

	"padlock/probes"
)

// Intent flags the form does not ask for (--pages, --local,
// --firewall-file) survive the form, and the copied command keeps them.
func TestFormKeepsCommandLineIntent(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Target = nil
	fx.cfg.Intent = probes.Intent{Pages: 3, Local: true, FirewallFiles: []string{"rules.v4"}}
	fx.cfg.CommandLine = func(tg probes.Target) string {
		return strings.Join(append(append([]string{"padlock", "check"}, IntentArgs(tg)...), tg.Input), " ")
	}
	h := newHarness(t, fx.cfg)
	typeText(h, "example.com")
	h.keys("enter")
	if h.m.screen != screenRun {
		t.Fatalf("form did not start: screen %d", h.m.screen)
	}
	in := h.m.target.Intent
	if in.Pages != 3 || !in.Local || !slices.Equal(in.FirewallFiles, []string{"rules.v4"}) {
		t.Errorf("intent after the form: %+v", in)
	}
	want := "padlock check --pages 3 --local --firewall-file rules.v4 example.com"
	if h.m.commandLine != want {
		t.Errorf("command line %q, want %q", h.m.commandLine, want)
	}
	h.keys("q")
	h.waitUntil("quit", func(*Model) bool { return h.quit })
}
