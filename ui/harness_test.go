package ui

import (
	"reflect"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// harness runs a Model the way Bubble Tea does — commands in goroutines,
// their messages back through Update one at a time — without a terminal,
// so model tests can drive keys and wait for states.
type harness struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	quit bool
}

func newHarness(t *testing.T, cfg Config) *harness {
	h := &harness{t: t, m: New(cfg), msgs: make(chan tea.Msg, 64)}
	h.m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(h.m.Init())
	return h
}

// run executes cmd in the background; its message comes back via msgs.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { h.msgs <- cmd() }()
}

// send delivers msg to Update at once.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		if typ := reflect.TypeOf(msg); typ.PkgPath() == "charm.land/bubbletea/v2" && !unicode.IsUpper([]rune(typ.Name())[0]) {
			return // requests to the terminal (background colour, clipboard)
		}
		_, cmd := h.m.Update(msg)
		h.run(cmd)
	}
}

// keys types each key: single characters, or names like "enter", "esc".
func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// waitUntil processes messages until cond holds.
func (h *harness) waitUntil(what string, cond func(m *Model) bool) {
	h.t.Helper()
	deadline := time.After(5 * time.Second)
	for !cond(h.m) {
		select {
		case msg := <-h.msgs:
			h.send(msg)
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s; screen:\n%s", what, h.m.Screen())
		}
	}
}

// keyMsg builds the key press for a key name.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + 32, ShiftedCode: r, Text: k, Mod: tea.ModShift}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
