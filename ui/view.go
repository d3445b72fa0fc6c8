package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/report"
)

// View draws the header, the current screen's body and the footer, in the
// alternate screen.
func (m *Model) View() tea.View {
	body := m.bodyView()
	bodyH := m.bodyHeight()
	body = fitHeight(body, bodyH, m.width)
	parts := []string{m.headerView(), m.rule(), body, m.statusLine(), m.helpView()}
	v := tea.NewView(strings.Join(parts, "\n"))
	v.AltScreen = true
	v.WindowTitle = "padlock"
	return v
}

// Screen returns the plain text of the current screen (no styling), for
// tests and for people reading logs.
func (m *Model) Screen() string { return stripANSI(m.View().Content) }

// bodyView renders the current screen.
func (m *Model) bodyView() string {
	switch m.screen {
	case screenPicker:
		return m.picker.View(m.styles, m.lang)
	case screenForm:
		return m.form.View(m.lang)
	case screenRun:
		return m.list.View(m.lang) + m.previewView()
	case screenProbe:
		return m.probeView()
	case screenGuided:
		return m.guideView()
	default:
		return m.detail.vp.View()
	}
}

// headerView is the title line: what is diagnosed and where we are.
func (m *Model) headerView() string {
	s, lang := m.styles, m.lang
	left := s.Title.Render("padlock")
	var where string
	switch m.screen {
	case screenPicker:
		where = i18n.T("demo · pick a lab host", "演示 · 选择一个实验主机").In(lang)
	case screenForm:
		where = i18n.T("what should we check?", "要检查哪个网站？").In(lang)
	default:
		where = sanitize.Line(m.target.Name())
		if m.target.Port != 443 && m.target.Port != 0 {
			where += ":" + itoa(m.target.Port)
		}
		switch m.screen {
		case screenGuided:
			where += " · " + i18n.T("guided", "引导模式").In(lang)
		case screenReport:
			where += " · " + i18n.T("report", "报告").In(lang)
		}
	}
	right := s.Subtle.Render(string(m.lang))
	mid := truncate(" · "+where, m.width-textWidth(left)-textWidth(right)-1)
	gap := m.width - textWidth(left) - textWidth(mid) - textWidth(right)
	return left + mid + strings.Repeat(" ", max(1, gap)) + right
}

func (m *Model) rule() string {
	return m.styles.Rule.Render(strings.Repeat("─", max(1, m.width)))
}

// helpView is the short help bar or, after ?, the full help.
func (m *Model) helpView() string {
	keys := m.helpFor(m.screen)
	if m.help.ShowAll {
		return fitWidth(m.help.View(keys), m.width)
	}
	// Drop the least important bindings until the bar fits: the last ones
	// first, but never the global keys (language, more help, quit), which
	// a user needs on every screen.
	short := slices.Clone(keys.short)
	unbounded := m.help
	unbounded.SetWidth(0)
	global := func(b key.Binding) bool {
		k := b.Help().Key
		return k == m.keys.Lang.Help().Key || k == m.keys.Help.Help().Key || k == m.keys.Quit.Help().Key || k == m.form.keys.Quit.Help().Key
	}
	for textWidth(unbounded.ShortHelpView(short)) > m.width {
		i := len(short) - 1
		for i >= 0 && global(short[i]) {
			i--
		}
		if i < 0 {
			break
		}
		short = slices.Delete(short, i, i+1)
	}
	return fitWidth(m.help.ShortHelpView(short), m.width)
}

// fitWidth cuts every line of s to w cells.
func fitWidth(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if textWidth(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	return strings.Join(lines, "\n")
}

// footerHeight is the status line plus the help's height.
func (m *Model) footerHeight() int {
	return 1 + lipgloss.Height(m.helpView())
}

// fitHeight pads or cuts s to exactly h lines, none wider than w.
func fitHeight(s string, h, w int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if textWidth(l) > w {
			lines[i] = truncate(l, w)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// previewView is the selected probe's verdict and findings under the list,
// in the space the list leaves free.
func (m *Model) previewView() string {
	room := m.bodyHeight() - m.list.height - 1
	st := m.list.selected()
	if room < 3 || st == nil || st.phase != phaseDone {
		return ""
	}
	s, lang, w := m.styles, m.lang, m.width
	r := st.result
	lines := []string{"", s.Rule.Render(strings.Repeat("─", w))}
	head := statusSymbol(r.Status) + " " + m.cfg.Catalogue.ProbeTitle(st.id).In(lang)
	lines = append(lines, s.Status[r.Status].Render(truncate(head, w)))
	lines = append(lines, strings.Split(indent(sanitize.Line(report.OneLine(m.cfg.Catalogue, r, lang)), "  ", "  ", w), "\n")...)
	shown := 0
	for _, f := range r.Findings {
		if len(lines) >= room-1 {
			break
		}
		mark := statusSymbol(f.Severity) + " " + padRight(severityWord(f.Severity, lang), 6) + " "
		lines = append(lines, "  "+s.Status[f.Severity].Render(mark)+truncate(sanitize.Line(report.Explain(m.cfg.Catalogue, f, lang).Title), w-textWidth(mark)-2))
		shown++
	}
	if more := len(r.Findings) - shown; more > 0 {
		lines = append(lines, s.Subtle.Render(fmt.Sprintf(i18n.T("  … and %d more", "  … 还有 %d 项").In(lang), more)))
	}
	lines = append(lines, s.Subtle.Render(truncate(i18n.T("enter: findings, evidence and the fix · d: raw details",
		"enter：发现、证据与修复方法 · d：原始详情").In(lang), w)))
	if len(lines) > room {
		lines = lines[:room]
	}
	return "\n" + strings.Join(lines[1:], "\n")
}
