package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
)

// guideStep is where guided mode is within one probe.
type guideStep int

const (
	guideIntro   guideStep = iota // what we check and why; enter runs it
	guideRunning                  // the probe runs
	guideResult                   // what we saw, what to do; enter goes on
)

// guide is guided mode: one probe at a time, for a support engineer
// talking a customer through the diagnosis. It draws in the detail pane's
// viewport.
type guide struct {
	keys   guideKeys
	active bool
	index  int
	step   guideStep
	width  int
	height int
}

// SetSize sets the guide's area.
func (g *guide) SetSize(w, h int) { g.width, g.height = w, h }

// startGuide begins guided mode at the first probe, forgetting old results.
func (m *Model) startGuide() tea.Cmd {
	m.cancelRun()
	m.list.reset(m.list.order)
	m.guide = guide{keys: m.guide.keys, active: true, width: m.guide.width, height: m.guide.height}
	m.run.started = m.cfg.Clock()
	m.openViewport(screenGuided)
	return nil
}

// probeFinished moves the guide on when its probe's result arrives.
func (g *guide) probeFinished(id string) {
	if g.active && g.step == guideRunning {
		g.step = guideResult
	}
}

// handleGuideKey: enter runs the probe or goes on, s skips, esc leaves.
func (m *Model) handleGuideKey(msg tea.KeyPressMsg) tea.Cmd {
	k, g := m.guide.keys, &m.guide
	switch {
	case key.Matches(msg, k.Continue):
		switch g.step {
		case guideIntro:
			p := m.cfg.Probes[g.index]
			g.step = guideRunning
			cmd := m.startRun([]probes.Probe{p})
			m.openViewport(screenGuided)
			return cmd
		case guideResult:
			return m.guideNext()
		}
	case key.Matches(msg, k.Skip):
		if g.step == guideIntro {
			id := m.cfg.Probes[g.index].Describe().ID
			m.list.finish(id, probes.Result{ProbeID: id, Status: probes.Skip,
				Details: probes.SkipDetails{Reason: i18n.T("skipped by you in guided mode", "你在引导模式中跳过了这项检查")}}, m.cfg.Clock())
		}
		if g.step != guideRunning {
			return m.guideNext()
		}
	case key.Matches(msg, k.Leave):
		m.cancelRun()
		g.active = false
		m.screen = screenRun
	case key.Matches(msg, k.Up):
		m.detail.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.detail.vp.ScrollDown(1)
	case key.Matches(msg, k.PageDn):
		m.detail.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		m.detail.vp.PageUp()
	}
	return nil
}

// guideNext goes to the next probe, or ends with the report.
func (m *Model) guideNext() tea.Cmd {
	g := &m.guide
	g.index++
	g.step = guideIntro
	if g.index >= len(m.cfg.Probes) {
		g.active = false
		m.openViewport(screenReport)
		return nil
	}
	m.openViewport(screenGuided)
	return nil
}

// guideView is the guide's body.
func (m *Model) guideView() string { return m.detail.vp.View() }

// guideContent renders the current step.
func (m *Model) guideContent() string {
	g, s, lang, w := &m.guide, m.styles, m.lang, min(m.detail.width, readingWidth)
	if g.index >= len(m.cfg.Probes) {
		return ""
	}
	id := m.cfg.Probes[g.index].Describe().ID
	about := m.cfg.Catalogue.Probe(id)
	var b strings.Builder
	b.WriteString(s.Subtle.Render(fmt.Sprintf(i18n.T("Check %d of %d", "第 %d 项，共 %d 项").In(lang), g.index+1, len(m.cfg.Probes))) + "\n")
	b.WriteString(s.Heading.Render(m.cfg.Catalogue.ProbeTitle(id).In(lang)) + "\n\n")
	b.WriteString(s.Bold.Render(i18n.T("What we check", "检查什么").In(lang)) + "\n")
	b.WriteString(indent(about.What.In(lang), "  ", "  ", w) + "\n\n")
	b.WriteString(s.Bold.Render(i18n.T("Why it matters", "为什么重要").In(lang)) + "\n")
	b.WriteString(indent(about.Why.In(lang), "  ", "  ", w) + "\n\n")
	switch g.step {
	case guideIntro:
		b.WriteString(s.Notice.Render(i18n.T("Press enter to run this check (s skips it).", "按 enter 开始这项检查（s 跳过）。").In(lang)))
	case guideRunning:
		b.WriteString(m.list.spinnerView(false) + " " + s.Running.Render(i18n.T("Running…", "正在检查…").In(lang)))
	case guideResult:
		b.WriteString(m.guideResult(id))
	}
	return b.String()
}

// guideResult is "what we saw" and "what to do" for probe id.
func (m *Model) guideResult(id string) string {
	s, lang, w := m.styles, m.lang, min(m.detail.width, readingWidth)
	st := m.list.states[id]
	r := st.result
	var b strings.Builder
	b.WriteString(s.Bold.Render(i18n.T("What we saw", "检测结果").In(lang)) + "\n")
	verdict := statusSymbol(r.Status) + " " + report.StatusWord(r.Status, lang)
	b.WriteString("  " + s.Status[r.Status].Render(verdict) + "  " + truncate(sanitize.Line(report.OneLine(m.cfg.Catalogue, r, lang)), w-textWidth(verdict)-4) + "\n")
	var problems []probes.Finding
	for _, f := range r.Findings {
		if f.Severity > probes.Pass {
			problems = append(problems, f)
		}
	}
	b.WriteString("\n" + s.Bold.Render(i18n.T("What to do", "怎么做").In(lang)) + "\n")
	if len(problems) == 0 {
		b.WriteString("  " + i18n.T("Nothing to fix here.", "这一项无需处理。").In(lang) + "\n")
	}
	for _, f := range problems {
		t := report.Explain(m.cfg.Catalogue, f, lang)
		b.WriteString(indent(sanitize.Line(t.Title), "  "+s.Status[f.Severity].Render(statusSymbol(f.Severity))+" ", "    ", w) + "\n")
		for i, step := range t.Steps {
			num := fmt.Sprintf("    %d. ", i+1)
			b.WriteString(block(step, num, strings.Repeat(" ", len(num)), w) + "\n")
		}
	}
	b.WriteString("\n")
	if m.guide.index == len(m.cfg.Probes)-1 {
		b.WriteString(s.Notice.Render(i18n.T("Press enter to see the report.", "按 enter 查看报告。").In(lang)))
	} else {
		b.WriteString(s.Notice.Render(i18n.T("Press enter for the next check.", "按 enter 进入下一项。").In(lang)))
	}
	return b.String()
}
