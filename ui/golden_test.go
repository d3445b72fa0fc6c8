package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"padlock/probes"
)

// Golden screens: the real Bubble Tea program (teatest) with fake probes
// and a fixed clock, driven by keys; the screen the final model shows is
// compared with testdata/<test>.golden (go test ./ui -update rewrites them).

type screenTest struct {
	t      *testing.T
	fx     *fixture
	tm     *teatest.TestModel
	screen string
}

// pingMsg asks the program, in its own goroutine and in message order, for
// the screen as it stands after every message sent before.
type pingMsg struct{ reply chan string }

func startScreen(t *testing.T, fx *fixture, w, h int) *screenTest {
	t.Helper()
	answerPing := func(m tea.Model, msg tea.Msg) tea.Msg {
		if p, ok := msg.(pingMsg); ok {
			p.reply <- m.(*Model).Screen()
			return nil
		}
		return msg
	}
	tm := teatest.NewTestModel(t, New(fx.cfg), teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithFilter(answerPing)))
	return &screenTest{t: t, fx: fx, tm: tm}
}

// waitFor waits until the screen shows text. The program answers pings in
// message order, so the screen seen is the one after every earlier key.
func (s *screenTest) waitFor(text string) {
	s.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		p := pingMsg{reply: make(chan string, 1)}
		s.tm.Send(p)
		select {
		case s.screen = <-p.reply:
		case <-deadline:
			s.t.Fatalf("screen never showed %q; last screen:\n%s", text, s.screen)
		}
		if strings.Contains(s.screen, text) {
			return
		}
		select {
		case <-time.After(5 * time.Millisecond): // let the run's events arrive
		case <-deadline:
			s.t.Fatalf("screen never showed %q; last screen:\n%s", text, s.screen)
		}
	}
}

func (s *screenTest) keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyMsg(k))
	}
}

func (s *screenTest) typeText(text string) {
	for _, r := range text {
		s.tm.Send(keyMsg(string(r)))
	}
}

// finishRun releases every probe and waits for the end of the run.
func (s *screenTest) finishRun() {
	s.fx.waitEntered(s.t)
	finishAll(s.fx)
	s.waitFor("5/5 done")
}

// golden compares the screen last waited for, then quits.
func (s *screenTest) golden() {
	s.t.Helper()
	golden.RequireEqual(s.t, s.screen+"\n")
	s.keys("ctrl+c")
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(5*time.Second))
}

func TestScreenForm(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Target = nil
	s := startScreen(t, fx, 80, 24)
	s.typeText("*.example.com")
	s.waitFor("port 443")
	s.keys("tab")
	s.typeText("lets")
	s.waitFor("--ca letsencrypt")
	s.keys("tab", "tab", "left", "tab")
	s.waitFor("File URL")
	s.typeText("ftp://x")
	s.waitFor("want an http")
	s.golden()
}

func TestScreenRunMidway(t *testing.T) {
	fx := newFixture(t)
	s := startScreen(t, fx, 80, 24)
	fx.waitEntered(t)
	fx.probes[0].finish()
	s.waitFor("no problems found")
	fx.clock.Advance(1200 * time.Millisecond)
	fx.probes[2].finish()
	s.waitFor("fixture-chain-incomplete")
	s.golden()
}

// TestScreenAfterRun draws the screens reached from a finished run: the
// keys pressed, then the text that says the screen is there.
func TestScreenAfterRun(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w, h    int
		keys    []string
		waitFor string
	}{
		{"RunFinished", 80, 24, nil, ""},
		{"RunChinese", 80, 24, []string{"l"}, "更多"},
		// The cursor lands on the first failure (certificate).
		{"Probe", 80, 24, []string{"enter"}, "Findings (2)"},
		{"Finding", 80, 24, []string{"j", "enter", "enter"}, "How to fix it"},
		{"Details", 80, 24, []string{"enter", "d"}, "Example Intermediate CA"},
		{"Help", 80, 24, []string{"?"}, "copy command"},
		{"Narrow", 60, 20, nil, ""},
		{"NarrowFinding", 60, 20, []string{"j", "enter", "enter"}, "How to fix it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startScreen(t, newFixture(t), tc.w, tc.h)
			s.finishRun()
			s.keys(tc.keys...)
			if tc.waitFor != "" {
				s.waitFor(tc.waitFor)
			}
			s.golden()
		})
	}
}

func TestScreenGuided(t *testing.T) {
	fx := newFixture(t)
	fx.cfg.Guided = true
	s := startScreen(t, fx, 80, 24)
	s.waitFor("What we check")
	s.keys("enter")
	select {
	case <-fx.probes[0].entered:
	case <-time.After(5 * time.Second):
		t.Fatal("guided mode did not run the first probe")
	}
	fx.probes[0].finish()
	s.waitFor("1/5 done")
	s.golden()
}

func TestScreenPicker(t *testing.T) {
	fx := newFixture(t)
	for _, name := range []string{"healthy", "chain-incomplete", "expired", "tls10-only"} {
		tg, err := probes.ParseTarget(name + ".padlock.test")
		if err != nil {
			t.Fatal(err)
		}
		fx.cfg.Choices = append(fx.cfg.Choices, Choice{Name: tg.Host, Summary: "what is broken on " + name, Target: tg})
	}
	s := startScreen(t, fx, 80, 24)
	s.keys("j")
	s.waitFor("› chain-incomplete")
	s.golden()
}
