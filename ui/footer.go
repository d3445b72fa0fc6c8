package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
)

// footer is the status line above the help: the run's counts and elapsed
// time, or the last notice (a file written, a copy, an error).
type footer struct {
	notice  string
	isError bool
	seq     int // counts notices, so that an old expiry leaves a new one
	width   int
}

// noticeLife is how long a notice covers the counts.
const noticeLife = 6 * time.Second

// noticeExpiredMsg ends notice number seq.
type noticeExpiredMsg struct{ seq int }

// SetSize sets the footer's width.
func (f *footer) SetSize(w int) { f.width = w }

// flash shows a notice until the next one.
func (f *footer) flash(s string, isError bool) {
	if s != "" && s != f.notice {
		f.seq++
	}
	f.notice, f.isError = sanitize.Line(s), isError
}

// expire returns the command that ends the current notice after
// noticeLife (none in static mode, where tests clear it themselves).
func (m *Model) expire() tea.Cmd {
	if m.footer.notice == "" || m.cfg.Static {
		return nil
	}
	seq := m.footer.seq
	return tea.Tick(noticeLife, func(time.Time) tea.Msg { return noticeExpiredMsg{seq: seq} })
}

// flashResult reports an export.
func (f *footer) flashResult(lang i18n.Lang, msg exportedMsg) {
	if msg.err != nil {
		f.flash(i18n.T("export failed: ", "导出失败：").In(lang)+msg.err.Error(), true)
		return
	}
	f.flash(i18n.T("report written to ", "报告已写入 ").In(lang)+msg.path, false)
}

// statusLine renders the counts of l and the elapsed time.
func (m *Model) statusLine() string {
	s, lang := m.styles, m.lang
	if m.exportMenu {
		return s.Notice.Render(truncate(i18n.T("export as: t text · m markdown · j json · any other key cancels",
			"导出格式：t 文本 · m Markdown · j JSON · 其他键取消").In(lang), m.width))
	}
	if m.footer.notice != "" && m.screen != screenForm && m.screen != screenPicker {
		style := s.Notice
		if m.footer.isError {
			style = s.Error
		}
		return style.Render(truncate(m.footer.notice, m.width))
	}
	switch m.screen {
	case screenForm:
		return ""
	case screenPicker:
		return s.Subtle.Render(truncate(fmt.Sprintf(i18n.T("%d lab hosts · enter runs every probe against the one selected",
			"%d 个实验主机 · 按 enter 对所选主机运行全部检查").In(lang), len(m.picker.choices)), m.width))
	}
	c := m.list.counts()
	var parts, compact []string
	for _, st := range []probes.Status{probes.Pass, probes.Warn, probes.Fail, probes.Skip, probes.Error} {
		n := map[probes.Status]int{probes.Pass: c.Pass, probes.Warn: c.Warn, probes.Fail: c.Fail, probes.Skip: c.Skip, probes.Error: c.Error}[st]
		txt := fmt.Sprintf("%s %d %s", statusSymbol(st), n, report.StatusWord(st, lang))
		if n > 0 {
			txt = s.Status[st].Render(txt)
		} else {
			txt = s.Subtle.Render(txt)
		}
		parts = append(parts, txt)
		short := fmt.Sprintf("%s%d", statusSymbol(st), n)
		if n > 0 {
			short = s.Status[st].Render(short)
		}
		compact = append(compact, short)
	}
	left := strings.Join(parts, "  ")
	right := m.progressText()
	if textWidth(left)+textWidth(right)+2 > m.width {
		left = strings.Join(compact, " ")
	}
	gap := m.width - textWidth(left) - textWidth(right)
	if gap < 1 {
		return truncate(left, m.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

// progressText is "running 3/8 · 1.2s" or "done in 2.4s".
func (m *Model) progressText() string {
	lang := m.lang
	if m.run.started.IsZero() {
		return ""
	}
	el := formatDuration(m.list.wallTime(m.cfg.Clock()))
	if m.run.active {
		return fmt.Sprintf(i18n.T("running %d/%d · %s", "运行中 %d/%d · %s").In(lang), m.list.done(), len(m.list.order), el)
	}
	return fmt.Sprintf(i18n.T("%d/%d done · %s", "完成 %d/%d · %s").In(lang), m.list.done(), len(m.list.order), el)
}
