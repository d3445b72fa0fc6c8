package ui

import (
	"strings"
	"testing"

	"padlock/probes"
)

// The details view shows URLs and HTML as they are: &, < and > are not
// turned into JSON's \u0026, \u003c and \u003e.
func TestDetailsShowURLsVerbatim(t *testing.T) {
	fx := newFixture(t)
	url := "https://example.com/a?x=1&y=<2>"
	fx.probes[2] = newFake(probes.IDCertificate, probes.Done(nil, map[string]any{"aia_url": url}))
	fx.cfg.Probes[2] = fx.probes[2]
	h := newHarness(t, fx.cfg)
	finishAll(fx)
	h.waitUntil("run done", func(m *Model) bool { return !m.run.active && m.list.done() == 5 })
	h.keys("j", "j", "d")
	if h.m.screen != screenDetails {
		t.Fatalf("d: screen %d", h.m.screen)
	}
	if s := h.m.Screen(); !strings.Contains(s, url) {
		t.Errorf("details lack %q:\n%s", url, s)
	}
}
