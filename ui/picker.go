package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
)

// picker is the demo's host list: each lab host with what is broken on it.
type picker struct {
	keys    pickerKeys
	choices []Choice
	cursor  int
	offset  int
	width   int
	height  int
}

func newPicker(choices []Choice) picker { return picker{choices: choices} }

// SetSize sets the picker's area.
func (p *picker) SetSize(w, h int) { p.width, p.height = w, h }

// View renders two lines per host, scrolled to keep the cursor visible.
func (p *picker) View(s Styles, lang i18n.Lang) string {
	intro := s.Subtle.Render(truncate(i18n.T("Every host below is a deployment on loopback with one thing broken. Pick one:",
		"下面每个主机都是本机上的一个演示部署，各有一处故障。选一个：").In(lang), p.width))
	room := max(1, (p.height-2)/2)
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+room {
		p.offset = p.cursor - room + 1
	}
	lines := []string{intro, ""}
	for i := p.offset; i < len(p.choices) && i < p.offset+room; i++ {
		c := p.choices[i]
		name := "  " + truncate(sanitize.Line(c.Name), p.width-2)
		summary := "    " + truncate(sanitize.Line(c.Summary), p.width-4)
		if i == p.cursor {
			name = s.Selected.Render(padRight("› "+truncate(sanitize.Line(c.Name), p.width-2), p.width))
			summary = s.Selected.Render(padRight(summary, p.width))
		} else {
			summary = s.Subtle.Render(summary)
		}
		lines = append(lines, name, summary)
	}
	return strings.Join(lines, "\n")
}

// handleKey moves through the hosts; it returns the host chosen with
// enter, and back when esc asks to leave.
func (p *picker) handleKey(msg tea.KeyPressMsg) (chosen *Choice, back bool) {
	k := p.keys
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = clamp(p.cursor-1, 0, len(p.choices)-1)
	case key.Matches(msg, k.Down):
		p.cursor = clamp(p.cursor+1, 0, len(p.choices)-1)
	case key.Matches(msg, k.Diagnose):
		return &p.choices[p.cursor], false
	case key.Matches(msg, k.Back):
		return nil, true
	}
	return nil, false
}

// handlePickerKey diagnoses the host the picker chose, or quits.
func (m *Model) handlePickerKey(msg tea.KeyPressMsg) tea.Cmd {
	c, back := m.picker.handleKey(msg)
	switch {
	case back:
		return m.quit()
	case c != nil:
		m.target = c.Target
		m.env = m.cfg.Env
		if c.Env != nil {
			m.env = c.Env
		}
		m.commandLine = m.commandLineFor(c.Target, c.CommandLine)
		return m.begin()
	}
	return nil
}

// begin diagnoses m.target: all probes at once, or guided.
func (m *Model) begin() tea.Cmd {
	m.footer.flash("", false)
	m.list.reset(m.list.order)
	m.list.cursor = 0
	m.run = run{id: m.run.id}
	if m.cfg.Guided {
		m.screen = screenRun
		return m.startGuide()
	}
	m.screen = screenRun
	return m.startRun(m.cfg.Probes)
}
