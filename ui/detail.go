package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// readingWidth caps the width of prose so lines stay readable on wide
// terminals.
const readingWidth = 100

// detailPane is the component behind the probe, finding, details and
// report screens: a finding cursor for the probe screen and a scrollable
// viewport for the others.
type detailPane struct {
	keys    runKeys  // the probe view (a list of findings)
	view    viewKeys // the scrolling views
	probeID string
	cursor  int
	offset  int
	vp      viewport.Model
	width   int
	height  int
}

// SetSize sets the rows and columns of the pane.
func (d *detailPane) SetSize(w, h int) {
	d.width, d.height = w, h
	d.vp.SetWidth(w)
	d.vp.SetHeight(h)
}

// openProbe shows the findings of probe id.
func (m *Model) openProbe(id string) {
	if m.detail.probeID != id {
		m.detail.cursor, m.detail.offset = 0, 0
	}
	m.detail.probeID = id
	m.screen = screenProbe
}

// openViewport shows s in the viewport from the top.
func (m *Model) openViewport(s screen) {
	m.screen = s
	m.refreshViewport()
	m.detail.vp.GotoTop()
}

// refreshViewport re-renders the viewport's content (after a resize, a
// language switch or a new result), keeping the scroll position.
func (m *Model) refreshViewport() {
	var content string
	switch m.screen {
	case screenFinding:
		content = m.findingContent()
	case screenDetails:
		content = m.detailsContent()
	case screenReport:
		content = m.reportContent()
	case screenGuided:
		content = m.guideContent()
	default:
		return
	}
	y := m.detail.vp.YOffset()
	m.detail.vp.SetContent(content)
	m.detail.vp.SetYOffset(y)
}

// shownProbe is the state of the probe the detail screens are about.
func (m *Model) shownProbe() *probeState {
	return m.list.states[m.detail.probeID]
}

// handleProbeKey handles the list of one probe's findings.
func (m *Model) handleProbeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.detail.keys
	st := m.shownProbe()
	switch {
	case key.Matches(msg, k.Up):
		m.detail.cursor = clamp(m.detail.cursor-1, 0, len(st.result.Findings)-1)
	case key.Matches(msg, k.Down):
		m.detail.cursor = clamp(m.detail.cursor+1, 0, len(st.result.Findings)-1)
	case key.Matches(msg, k.Open):
		if len(st.result.Findings) > 0 {
			m.openViewport(screenFinding)
		} else {
			m.openViewport(screenDetails)
		}
	case key.Matches(msg, k.Details):
		m.openViewport(screenDetails)
	case key.Matches(msg, k.Back):
		m.screen = screenRun
	case key.Matches(msg, k.Rerun):
		return m.rerun(st.id)
	case key.Matches(msg, k.RerunAll):
		return m.rerun("")
	default:
		return m.handleReportKey(msg)
	}
	return nil
}

// handleViewportKey handles the scrolling screens.
func (m *Model) handleViewportKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.detail.view
	vp := &m.detail.vp
	switch {
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.PageDn):
		vp.PageDown()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	case key.Matches(msg, k.Details) && m.screen == screenFinding:
		m.openViewport(screenDetails)
	case key.Matches(msg, k.Back):
		switch m.screen {
		case screenReport:
			m.screen = screenRun
		default:
			m.screen = screenProbe
		}
	case key.Matches(msg, k.Rerun) && m.screen != screenReport:
		return m.rerun(m.detail.probeID)
	default:
		return m.handleReportKey(msg)
	}
	return nil
}

// probeView renders one probe's verdict and findings with a cursor.
func (m *Model) probeView() string {
	st := m.shownProbe()
	s, lang, w := m.styles, m.lang, m.detail.width
	r := st.result
	var lines []string
	head := fmt.Sprintf("%s %s · %s", statusSymbol(r.Status), report.StatusWord(r.Status, lang), formatDuration(st.took))
	lines = append(lines, s.Heading.Render(truncate(m.cfg.Catalogue.ProbeTitle(st.id).In(lang), w-textWidth(head)-3))+"  "+s.Status[r.Status].Render(head))
	lines = append(lines, strings.Split(indent(sanitize.Line(report.OneLine(m.cfg.Catalogue, r, lang)), "", "", w), "\n")...)
	if r.Err != "" && r.Status == probes.Error {
		lines = append(lines, s.Subtle.Render(truncate(sanitize.Line(r.Err), w)))
	}
	lines = append(lines, "")
	if len(r.Findings) == 0 {
		lines = append(lines, s.Subtle.Render(i18n.T("No findings.", "没有发现。").In(lang)))
	} else {
		lines = append(lines, s.Bold.Render(fmt.Sprintf(i18n.T("Findings (%d) — enter explains one:", "发现 (%d) — 按 enter 查看说明：").In(lang), len(r.Findings))))
	}
	head = strings.Join(lines, "\n")
	foot := s.Subtle.Render(truncate(i18n.T("d: what the probe saw (its details)", "d：查看该检查的原始详情").In(lang), w))
	room := m.detail.height - len(lines) - 2
	var rows []string
	d := &m.detail
	if room > 0 && len(r.Findings) > 0 {
		d.cursor = clamp(d.cursor, 0, len(r.Findings)-1)
		if d.cursor < d.offset {
			d.offset = d.cursor
		}
		if d.cursor >= d.offset+room {
			d.offset = d.cursor - room + 1
		}
		for i := d.offset; i < len(r.Findings) && i < d.offset+room; i++ {
			rows = append(rows, m.findingRow(r.Findings[i], i == d.cursor))
		}
	}
	out := head
	if len(rows) > 0 {
		out += "\n" + strings.Join(rows, "\n")
	}
	return out + "\n\n" + foot
}

// findingRow is one finding in the probe screen's list.
func (m *Model) findingRow(f probes.Finding, selected bool) string {
	s, lang, w := m.styles, m.lang, m.detail.width
	marker := "  "
	if selected {
		marker = "› "
	}
	sev := statusSymbol(f.Severity) + " " + padRight(severityWord(f.Severity, lang), 7)
	title := truncate(sanitize.Line(report.Explain(m.cfg.Catalogue, f, lang).Title), w-12)
	if selected { // one style across the row, so the background is unbroken
		return s.Selected.Render(padRight(marker+sev+" "+title, w))
	}
	return marker + s.Status[f.Severity].Render(sev) + " " + title
}

// severityWord names a finding's severity (Pass is "info" for findings).
func severityWord(sev probes.Severity, lang i18n.Lang) string {
	if sev == probes.Info {
		return i18n.T("info", "信息").In(lang)
	}
	return report.StatusWord(sev, lang)
}

// selectedFinding is the finding under the probe screen's cursor.
func (m *Model) selectedFinding() (probes.Finding, bool) {
	st := m.shownProbe()
	if st == nil || len(st.result.Findings) == 0 {
		return probes.Finding{}, false
	}
	return st.result.Findings[clamp(m.detail.cursor, 0, len(st.result.Findings)-1)], true
}

// findingContent explains one finding: what was seen, why it matters, how
// to fix it, and the FAQ section.
func (m *Model) findingContent() string {
	f, ok := m.selectedFinding()
	if !ok {
		return ""
	}
	return explainFinding(m.cfg.Catalogue, f, m.detail.probeID, m.lang, m.styles, min(m.detail.width, readingWidth))
}

// explainFinding renders a finding for a pane w cells wide.
func explainFinding(cat *rules.Catalogue, f probes.Finding, probeID string, lang i18n.Lang, s Styles, w int) string {
	t := report.Explain(cat, f, lang)
	var b strings.Builder
	sev := statusSymbol(f.Severity) + " " + strings.ToUpper(severityWord(f.Severity, lang))
	b.WriteString(s.Status[f.Severity].Render(sev) + "  " + s.Bold.Render(indent(sanitize.Line(t.Title), "", "", w-textWidth(sev)-2)) + "\n")
	b.WriteString(s.Subtle.Render(truncate(fmt.Sprintf("%s · %s", f.ID, cat.ProbeTitle(probeID).In(lang)), w)) + "\n")
	section := func(title string) { b.WriteString("\n" + s.Heading.Render(title) + "\n") }
	if len(f.Evidence) > 0 {
		section(i18n.T("What we saw", "检测到的情况").In(lang))
		keys := make([]string, 0, len(f.Evidence))
		for k := range f.Evidence {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := sanitize.Line(rules.FormatEvidence(f.Evidence[k], lang))
			label := sanitize.Line(cat.EvidenceLabel(f.ID, k).In(lang))
			b.WriteString(indent(v, "  "+s.Subtle.Render(label+": "), "    ", w) + "\n")
		}
	}
	if t.Why != "" {
		section(i18n.T("Why it matters", "为什么重要").In(lang))
		b.WriteString(block(t.Why, "  ", "  ", w) + "\n")
	}
	if len(t.Steps) > 0 {
		section(i18n.T("How to fix it", "如何修复").In(lang))
		for i, step := range t.Steps {
			num := fmt.Sprintf("  %d. ", i+1)
			b.WriteString(block(step, num, strings.Repeat(" ", len(num)), w) + "\n")
		}
	}
	if t.FAQ != "" {
		section("FAQ")
		b.WriteString(indent(t.FAQ, "  ", "  ", w) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// block wraps multi-line text (kept line breaks, sanitised) with a first
// and a hanging prefix.
func block(s, first, prefix string, w int) string {
	var out []string
	for i, line := range strings.Split(sanitize.Block(s), "\n") {
		p := prefix
		if i == 0 {
			p = first
		}
		out = append(out, indent(strings.ReplaceAll(line, "\t", "    "), p, prefix, w))
	}
	return strings.Join(out, "\n")
}

// detailsContent shows a probe's structured details generically.
func (m *Model) detailsContent() string {
	st := m.shownProbe()
	if st == nil {
		return ""
	}
	s, lang, w := m.styles, m.lang, m.detail.width
	var b strings.Builder
	b.WriteString(s.Heading.Render(m.cfg.Catalogue.ProbeTitle(st.id).In(lang)+" — "+i18n.T("details", "详情").In(lang)) + "\n\n")
	if st.result.Err != "" {
		b.WriteString(indent(sanitize.Line(st.result.Err), s.Subtle.Render(i18n.T("error: ", "错误：").In(lang)), "  ", w) + "\n\n")
	}
	if st.result.Details == nil {
		b.WriteString(s.Subtle.Render(i18n.T("This probe recorded no details.", "该检查没有记录详情。").In(lang)))
		return b.String()
	}
	var data bytes.Buffer
	enc := json.NewEncoder(&data)
	enc.SetEscapeHTML(false) // URLs and HTML as they are, not \u0026
	enc.SetIndent("", "  ")
	if err := enc.Encode(st.result.Details); err != nil {
		data.Reset()
		data.WriteString(err.Error())
	}
	for _, line := range strings.Split(sanitize.Block(strings.TrimRight(data.String(), "\n")), "\n") {
		lead := len(line) - len(strings.TrimLeft(line, " "))
		b.WriteString(indent(line[lead:], strings.Repeat(" ", lead), strings.Repeat(" ", lead+2), w) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// reportContent is the text report, as e would export it.
func (m *Model) reportContent() string {
	text, err := m.reportText(formatText)
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		lead := len(line) - len(strings.TrimLeft(line, " "))
		out = append(out, indent(line[lead:], line[:lead], strings.Repeat(" ", lead+3), m.detail.width))
	}
	return strings.Join(out, "\n")
}
