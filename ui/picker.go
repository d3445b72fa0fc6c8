package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
)

// picker is the demo's host list: each lab host with what is broken on it.
// / filters it (by name or summary); the cursor indexes the hosts shown.
type picker struct {
	keys      pickerKeys
	choices   []Choice
	cursor    int
	offset    int
	filter    string
	filtering bool // typing the filter: every key goes to it
	width     int
	height    int
}

func newPicker(choices []Choice) picker { return picker{choices: choices} }

// SetSize sets the picker's area.
func (p *picker) SetSize(w, h int) { p.width, p.height = w, h }

// shown are the indexes of the choices the filter lets through.
func (p *picker) shown() []int {
	var out []int
	f := strings.ToLower(p.filter)
	for i, c := range p.choices {
		if f == "" || strings.Contains(strings.ToLower(c.Name), f) || strings.Contains(strings.ToLower(c.Summary), f) {
			out = append(out, i)
		}
	}
	return out
}

// room is how many hosts fit (two lines each).
func (p *picker) room() int { return max(1, (p.height-2)/2) }

// View renders two lines per host, scrolled to keep the cursor visible,
// with the position ("12/68") and marks when more is above or below.
func (p *picker) View(s Styles, lang i18n.Lang) string {
	shown := p.shown()
	room := p.room()
	p.cursor = clamp(p.cursor, 0, max(0, len(shown)-1))
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+room {
		p.offset = p.cursor - room + 1
	}
	p.offset = clamp(p.offset, 0, max(0, len(shown)-room))
	pos := fmt.Sprintf("%d/%d", min(p.cursor+1, len(shown)), len(shown))
	if p.offset > 0 {
		pos = "↑ " + pos
	}
	if p.offset+room < len(shown) {
		pos += " ↓"
	}
	intro := i18n.T("Each host is a deployment on loopback with one thing broken. Pick one:",
		"下面每个主机都是本机上的一个演示部署，各有一处故障。选一个：").In(lang)
	switch {
	case p.filtering || p.filter != "":
		intro = "/" + sanitize.Line(p.filter)
		if p.filtering {
			intro += "▏"
		}
		if len(shown) == 0 {
			intro += "  " + i18n.T("(no host matches)", "（没有匹配的主机）").In(lang)
		}
	}
	head := padRight(truncate(intro, max(1, p.width-textWidth(pos)-2)), p.width-textWidth(pos)) + pos
	lines := []string{s.Subtle.Render(head), ""}
	for i := p.offset; i < len(shown) && i < p.offset+room; i++ {
		c := p.choices[shown[i]]
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

// handleKey moves through the hosts and edits the filter; it returns the
// host chosen with enter, and back when esc asks to leave.
func (p *picker) handleKey(msg tea.KeyPressMsg) (chosen *Choice, back bool) {
	k := p.keys
	if p.filtering {
		switch msg.String() {
		case "enter":
			p.filtering = false
		case "esc":
			p.filtering, p.filter, p.cursor = false, "", 0
		case "backspace":
			if r := []rune(p.filter); len(r) > 0 {
				p.filter = string(r[:len(r)-1])
			}
			p.cursor = 0
		default:
			if t := msg.Text; t != "" {
				p.filter += t
				p.cursor = 0
			}
		}
		return nil, false
	}
	last := len(p.shown()) - 1
	switch {
	case key.Matches(msg, k.Filter):
		p.filtering = true
	case key.Matches(msg, k.Up):
		p.cursor = clamp(p.cursor-1, 0, last)
	case key.Matches(msg, k.Down):
		p.cursor = clamp(p.cursor+1, 0, last)
	case key.Matches(msg, k.PageUp):
		p.cursor = clamp(p.cursor-p.room(), 0, last)
	case key.Matches(msg, k.PageDn):
		p.cursor = clamp(p.cursor+p.room(), 0, last)
	case key.Matches(msg, k.Top):
		p.cursor = 0
	case key.Matches(msg, k.Bottom):
		p.cursor = max(0, last)
	case key.Matches(msg, k.Diagnose):
		if shown := p.shown(); len(shown) > 0 {
			return &p.choices[shown[clamp(p.cursor, 0, last)]], false
		}
	case key.Matches(msg, k.Back):
		if p.filter != "" {
			p.filter, p.cursor = "", 0
			return nil, false
		}
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
