package ui

import (
	"strings"
	"testing"

	"padlock/i18n"
	"padlock/probes"
)

// Every screen's help comes from its component's own key map, in the
// model's language, and names only bindings with help text.
func TestEveryScreenHelpComesFromItsComponent(t *testing.T) {
	for _, lang := range i18n.Langs() {
		m := New(Config{Lang: lang, Static: true})
		for _, s := range []screen{screenForm, screenPicker, screenRun, screenProbe, screenFinding, screenDetails, screenReport, screenGuided} {
			h := m.helpFor(s)
			if len(h.short) == 0 || len(h.full) == 0 {
				t.Errorf("%s screen %d: no help", lang, s)
			}
			for _, col := range h.full {
				for _, b := range col {
					if b.Help().Key == "" || b.Help().Desc == "" || len(b.Keys()) == 0 {
						t.Errorf("%s screen %d: binding without keys or help: %+v", lang, s, b.Help())
					}
				}
			}
		}
		// esc in the form clears the field and never quits; q quits only an
		// empty form, and is text once something was typed.
		m.form.target.SetValue("shop.example.com")
		if _, act := m.form.handleKey(keyMsg("q")); act != formNone {
			t.Errorf("%s: q after typing asked %v", lang, act)
		}
		if _, act := m.form.handleKey(keyMsg("esc")); act != formNone || m.form.target.Value() != "" {
			t.Errorf("%s: esc asked %v and left %q", lang, act, m.form.target.Value())
		}
		if _, act := m.form.handleKey(keyMsg("q")); act != formQuit {
			t.Errorf("%s: q on an empty form asked %v", lang, act)
		}
	}
	zh := New(Config{Lang: i18n.ZH, Static: true})
	if got := zh.helpFor(screenGuided).short[0].Help().Desc; got != "继续" {
		t.Errorf("zh guide help %q", got)
	}
}

// The form rejects an IP literal that is no address, with the reason.
func TestFormRejectsInvalidIPLiteral(t *testing.T) {
	m := New(Config{Static: true})
	m.form.target.SetValue("999.1.1.1")
	err := m.form.fieldError(fieldTarget)
	if err == nil || !strings.Contains(err.Error(), "not a valid IPv4 address") {
		t.Errorf("999.1.1.1: %v", err)
	}
	m.form.target.SetValue("192.0.2.1")
	if err := m.form.fieldError(fieldTarget); err != nil {
		t.Errorf("192.0.2.1: %v", err)
	}
}

// The picker filters with /, counts its position and pages; while the
// filter is typed, q and l are text, not quit and language.
func TestPickerFilterAndPosition(t *testing.T) {
	fx := newFixture(t)
	for _, name := range []string{"healthy", "chain-incomplete", "expired", "tls10-only", "cert-expired", "quiet"} {
		tg, err := probes.ParseTarget(name + ".padlock.test")
		if err != nil {
			t.Fatal(err)
		}
		fx.cfg.Choices = append(fx.cfg.Choices, Choice{Name: tg.Host, Summary: "what is broken on " + name, Target: tg})
	}
	h := newHarness(t, fx.cfg)
	if s := h.m.Screen(); !strings.Contains(s, "1/6") {
		t.Errorf("no position count:\n%s", s)
	}
	h.keys("G")
	if !strings.Contains(h.m.Screen(), "6/6") {
		t.Errorf("G: not on the last host:\n%s", h.m.Screen())
	}
	h.keys("/", "e", "x", "p", "q", "l")
	if h.quit || h.m.lang != i18n.EN {
		t.Fatal("q or l typed into the filter acted as keys")
	}
	h.keys("backspace", "backspace")
	if s := h.m.Screen(); !strings.Contains(s, "/exp") || !strings.Contains(s, "1/2") || strings.Contains(s, "healthy") {
		t.Errorf("filter /exp:\n%s", s)
	}
	h.keys("enter", "j", "enter")
	if h.m.screen != screenRun || h.m.target.Host != "cert-expired.padlock.test" {
		t.Errorf("enter in the filtered list chose %q (screen %d)", h.m.target.Host, h.m.screen)
	}
}
