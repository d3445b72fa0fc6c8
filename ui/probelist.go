package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/probes"
	"padlock/report"
	"padlock/rules"
)

// phase is where one probe is in a run.
type phase int

const (
	phaseIdle    phase = iota // not run (yet)
	phaseRunning              // started, no result yet
	phaseDone                 // finished: result is set
)

// probeState is one row of the probe list.
type probeState struct {
	id      string
	phase   phase
	result  probes.Result
	started time.Time
	took    time.Duration
}

// probeList is the run view's component: one row per probe, kept in a map
// by probe id, and one shared spinner that ticks only while a probe runs.
type probeList struct {
	order   []string
	states  map[string]*probeState
	cursor  int
	offset  int
	spinner spinner.Model
	static  bool
	styles  Styles
	width   int
	height  int
	cat     *rules.Catalogue // titles and verdict lines
	keys    runKeys
	moved   bool // the user moved the cursor since the run started
	// clock and deadline show a running probe's time against its limit.
	clock    func() time.Time
	deadline time.Duration
}

func newProbeList(ps []probes.Probe, cat *rules.Catalogue, static bool) probeList {
	l := probeList{states: map[string]*probeState{}, static: static, cat: cat}
	for _, p := range ps {
		id := p.Describe().ID
		l.order = append(l.order, id)
		l.states[id] = &probeState{id: id}
	}
	l.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	return l
}

// SetSize sets the rows and columns the list may use.
func (l *probeList) SetSize(w, h int) { l.width, l.height = w, h }

func (l *probeList) setStyles(s Styles) {
	l.styles = s
}

// reset forgets the results of ids.
func (l *probeList) reset(ids []string) {
	for _, id := range ids {
		if st, ok := l.states[id]; ok {
			*st = probeState{id: id}
		}
	}
}

// start marks id running and returns the command that keeps the spinner
// turning, when it was still.
func (l *probeList) start(id string, now time.Time) tea.Cmd {
	wasIdle := l.running() == 0
	if st, ok := l.states[id]; ok {
		st.phase, st.started = phaseRunning, now
	}
	if wasIdle && !l.static {
		return l.spinner.Tick
	}
	return nil
}

// finish records id's result.
func (l *probeList) finish(id string, r probes.Result, now time.Time) {
	st, ok := l.states[id]
	if !ok {
		return
	}
	// Problems first: fail (and error), then warn, then info.
	r.Findings = slices.Clone(r.Findings)
	slices.SortStableFunc(r.Findings, func(a, b probes.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	st.phase, st.result = phaseDone, r
	if !st.started.IsZero() {
		st.took = now.Sub(st.started)
	}
}

// cancelRunning records every running probe as cancelled by the user.
func (l *probeList) cancelRunning(now time.Time) {
	for _, st := range l.states {
		if st.phase == phaseRunning {
			l.finish(st.id, probes.Result{ProbeID: st.id, Status: probes.Cancelled, Err: probes.ErrCancelled.Error()}, now)
		}
	}
}

// tick advances the spinner; it stops asking for ticks when nothing runs.
func (l *probeList) tick(msg spinner.TickMsg) tea.Cmd {
	if l.running() == 0 {
		return nil
	}
	var cmd tea.Cmd
	l.spinner, cmd = l.spinner.Update(msg)
	return cmd
}

// inPhase counts the probes in phase p.
func (l *probeList) inPhase(p phase) int {
	n := 0
	for _, st := range l.states {
		if st.phase == p {
			n++
		}
	}
	return n
}

func (l *probeList) running() int { return l.inPhase(phaseRunning) }

func (l *probeList) done() int { return l.inPhase(phaseDone) }

// results returns the finished results in probe order.
func (l *probeList) results() []probes.Result {
	var out []probes.Result
	for _, id := range l.order {
		if st := l.states[id]; st.phase == phaseDone {
			out = append(out, st.result)
		}
	}
	return out
}

// wallTime is how long probes were running, the union of their
// [start, end] intervals (a probe still running ends at now): a re-run of
// one probe or the time a guided user spends reading adds nothing.
func (l *probeList) wallTime(now time.Time) time.Duration {
	type span struct{ from, to time.Time }
	var spans []span
	for _, st := range l.states {
		switch {
		case st.started.IsZero():
		case st.phase == phaseRunning:
			spans = append(spans, span{st.started, now})
		case st.phase == phaseDone:
			spans = append(spans, span{st.started, st.started.Add(st.took)})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	var total time.Duration
	var cur span
	for i, s := range spans {
		switch {
		case i == 0:
			cur = s
		case !s.from.After(cur.to):
			if s.to.After(cur.to) {
				cur.to = s.to
			}
		default:
			total += cur.to.Sub(cur.from)
			cur = s
		}
	}
	if len(spans) > 0 {
		total += cur.to.Sub(cur.from)
	}
	return total
}

// reportResults is every probe in order with its real state: the results
// of the finished ones, running for those still under way, not run for
// the rest. Reports list them all, so that none claims more than was seen.
func (l *probeList) reportResults() []probes.Result {
	out := make([]probes.Result, 0, len(l.order))
	for _, id := range l.order {
		st := l.states[id]
		switch st.phase {
		case phaseDone:
			out = append(out, st.result)
		case phaseRunning:
			out = append(out, probes.Result{ProbeID: id, Status: probes.Running})
		default:
			out = append(out, probes.Result{ProbeID: id, Status: probes.NotRun})
		}
	}
	return out
}

// selected is the probe under the cursor.
func (l *probeList) selected() *probeState {
	if len(l.order) == 0 {
		return nil
	}
	return l.states[l.order[l.cursor]]
}

func (l *probeList) move(delta int) {
	l.cursor = clamp(l.cursor+delta, 0, len(l.order)-1)
	l.moved = true
}

// landOnFailure puts the cursor on the first failed probe, unless the user
// has moved it meanwhile.
func (l *probeList) landOnFailure() {
	if l.moved {
		return
	}
	for i, id := range l.order {
		if st := l.states[id]; st.phase == phaseDone && st.result.Status == probes.Fail {
			l.cursor = i
			return
		}
	}
}

// counts tallies the finished probes.
func (l *probeList) counts() report.Counts { return report.Summarize(l.results()) }

// View renders the rows, scrolled so the cursor stays visible.
func (l *probeList) View(lang i18n.Lang) string {
	if l.height <= 0 {
		return ""
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	titleW := 0
	for _, id := range l.order {
		titleW = max(titleW, textWidth(l.cat.ProbeTitle(id).In(lang)))
	}
	titleW = min(titleW, max(12, l.width/3))
	var rows []string
	for i := l.offset; i < len(l.order) && i < l.offset+l.height; i++ {
		rows = append(rows, l.row(l.states[l.order[i]], i == l.cursor, titleW, lang))
	}
	return strings.Join(rows, "\n")
}

// row renders one probe: cursor, symbol, title, status word, duration and
// the one-line verdict, cut to the width.
func (l *probeList) row(st *probeState, selected bool, titleW int, lang i18n.Lang) string {
	s := l.styles
	marker := "  "
	if selected {
		marker = "› "
	}
	title := padRight(truncate(l.cat.ProbeTitle(st.id).In(lang), titleW), titleW)
	// A selected row is drawn in one style (its background must run the
	// whole width); the others colour their symbol and status word.
	paint := func(style lipgloss.Style, text string) string {
		if selected {
			return text
		}
		return style.Render(text)
	}
	var sym, word, took, verdict string
	switch st.phase {
	case phaseIdle:
		// Waiting for its turn while a run goes on; otherwise it was left
		// out (guided mode ended, a single probe re-run) and says how to
		// run it.
		state := i18n.T("queued", "等待")
		if l.running() == 0 {
			state = i18n.T("not run", "未运行")
			verdict = i18n.T("R runs every probe", "按 R 运行全部检查").In(lang)
		}
		sym, word = paint(s.Subtle, "·"), paint(s.Subtle, padRight(state.In(lang), 7))
		took = strings.Repeat(" ", 6)
	case phaseRunning:
		sym = l.spinnerView(selected)
		word = paint(s.Running, padRight(i18n.T("running", "运行中").In(lang), 7))
		took = strings.Repeat(" ", 6)
		if l.clock != nil && l.deadline > 0 {
			verdict = fmt.Sprintf(i18n.T("%s of %s allowed", "已运行 %s，时限 %s").In(lang), formatDuration(l.clock().Sub(st.started)), formatDuration(l.deadline))
		}
	case phaseDone:
		style := s.Status[st.result.Status]
		sym = paint(style, statusSymbol(st.result.Status))
		word = paint(style, padRight(report.StatusWord(st.result.Status, lang), 7))
		took = paint(s.Subtle, padLeft(formatDuration(st.took), 6))
		verdict = sanitize.Line(report.OneLine(l.cat, st.result, lang))
	}
	fixed := 2 + 2 + titleW + 2 + 7 + 1 + 6 + 2
	line := marker + sym + " " + title + "  " + word + " " + took + "  "
	if l.width < 72 { // narrow: the duration gives way to the verdict
		fixed -= 7
		line = marker + sym + " " + title + "  " + word + " "
	}
	if rest := l.width - fixed; rest > 3 && verdict != "" {
		line += truncate(verdict, rest)
	}
	if selected {
		return s.Selected.Render(padRight(line, l.width))
	}
	return line
}

func (l *probeList) spinnerView(plain bool) string {
	frame := "•"
	if !l.static {
		frame = l.spinner.View() // unstyled: the row styles it
	}
	if plain {
		return frame
	}
	return l.styles.Running.Render(frame)
}

// formatDuration shows a probe's duration compactly: 12ms, 1.2s, 1m05s.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
