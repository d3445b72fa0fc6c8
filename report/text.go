package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"padlock/i18n"
	"padlock/probes"
)

// WriteText writes the ticket-ready text report: a header (target, time,
// version, resolvers, the command that reproduces the run), a summary
// table, each problem by severity with its evidence, why it matters, the
// fix steps and the FAQ section, brief informational findings, then an
// appendix of details and timings. Lines are wrapped to opts.Width display
// columns (80 by default; only commands and code overflow). Colour codes
// appear only when opts.Color is set.
func WriteText(w io.Writer, r *Report, opts Options) error {
	d := buildDoc(r, opts, plainEscaper)
	t := &textWriter{w: bufio.NewWriter(w), width: opts.width(), lang: opts.Lang, color: opts.Color}
	t.write(d)
	return t.w.Flush()
}

type textWriter struct {
	w     *bufio.Writer
	width int
	lang  i18n.Lang
	color bool
}

func (t *textWriter) println(s string) {
	t.w.WriteString(s)
	t.w.WriteByte('\n')
}

func (t *textWriter) lines(ls []string) {
	for _, s := range ls {
		t.println(s)
	}
}

func (t *textWriter) heading(title string) {
	t.println("")
	t.println(title)
	t.println(strings.Repeat("-", min(displayWidth(title), t.width)))
}

func (t *textWriter) write(d *doc) {
	lang := t.lang
	title := l(lang, "report")
	t.println(title)
	t.println(strings.Repeat("=", displayWidth(title)))
	t.println("")
	t.header(d)

	t.heading(l(lang, "summary"))
	t.summary(d)

	t.heading(l(lang, "problems"))
	if len(d.problems) == 0 {
		t.println(noProblems(d.counts, lang))
	}
	for i, p := range d.problems {
		if i > 0 {
			t.println("")
		}
		t.problem(i+1, p)
	}

	if len(d.infos) > 0 {
		t.heading(l(lang, "info"))
		for _, p := range d.infos {
			t.lines(wrap("- "+p.title+paren(t.lang, p.id), t.width, "", "  "))
			if len(p.evidence) > 0 {
				t.evidence(p.evidence, "    ")
			}
		}
	}

	if len(d.details) > 0 {
		t.heading(l(lang, "details"))
		for i, s := range d.details {
			if i > 0 {
				t.println("")
			}
			t.lines(wrap(s.title+paren(t.lang, s.probe), t.width, "", "  "))
			for _, ln := range s.lines {
				t.println("  " + ln)
			}
		}
	}

	t.heading(l(lang, "timings"))
	t.timings(d)
}

func (t *textWriter) header(d *doc) {
	labelW := 0
	for _, f := range d.header {
		labelW = max(labelW, displayWidth(f.label))
	}
	labelW += 2
	indent := strings.Repeat(" ", labelW)
	for _, f := range d.header {
		lead := padRight(f.label, labelW)
		for _, item := range strings.Split(f.value, "\n") {
			t.lines(wrap(item, t.width, lead, indent))
			lead = indent
		}
	}
	if d.command != "" {
		t.println(strings.TrimRight(l(t.lang, "command")+colon(t.lang), " "))
		t.println("    " + d.command)
	}
	t.println("")
	c := d.counts
	counts := countsText(c, t.lang)
	t.println(l(t.lang, "overall") + colon(t.lang) + t.status(c.Status, strings.ToUpper(StatusWord(c.Status, t.lang))) + paren(t.lang, counts))
}

const (
	statusCol = 8
	probeCol  = 17
)

func (t *textWriter) summary(d *doc) {
	head := padRight(l(t.lang, "col-status"), statusCol) + padRight(l(t.lang, "col-probe"), probeCol) + l(t.lang, "col-result")
	t.println(head)
	indent := strings.Repeat(" ", statusCol+probeCol)
	for _, row := range d.summary {
		word := StatusWord(row.status, t.lang)
		lead := padRight(word, statusCol) + padRight(row.probe, probeCol)
		if displayWidth(row.probe) >= probeCol {
			lead = padRight(word, statusCol) + row.probe + " "
		}
		ls := wrap(row.line, t.width, lead, indent)
		ls[0] = t.status(row.status, word) + strings.TrimPrefix(ls[0], word)
		t.lines(ls)
	}
}

func (t *textWriter) problem(n int, p problem) {
	sev := "[" + strings.ToUpper(severityWord(p.severity, t.lang)) + "]"
	num := fmt.Sprintf("%d. ", n)
	ls := wrap(sev+" "+p.title, t.width, num, strings.Repeat(" ", len(num)))
	ls[0] = num + t.status(p.severity, sev) + strings.TrimPrefix(ls[0], num+sev)
	t.lines(ls)
	ind := strings.Repeat(" ", len(num))
	ref := p.probeTitle + paren(t.lang, p.probe)
	if p.id != "" {
		ref = p.id + " / " + ref
	}
	t.lines(wrap(ref, t.width, ind, ind+"  "))

	sub := ind + "  "
	if p.err != "" {
		t.println("")
		t.println(ind + l(t.lang, "seen"))
		t.evidence([]field{{l(t.lang, "error-message"), p.err, true}}, sub)
	}
	if len(p.evidence) > 0 {
		t.println("")
		t.println(ind + l(t.lang, "seen"))
		t.evidence(p.evidence, sub)
	}
	if p.why != "" {
		t.println("")
		t.println(ind + l(t.lang, "why"))
		t.paragraphs(p.why, sub)
	}
	if len(p.steps) > 0 {
		t.println("")
		t.println(ind + l(t.lang, "fix"))
		for i, step := range p.steps {
			t.step(i+1, step, sub)
		}
	}
	if p.faq != "" {
		t.println("")
		t.lines(wrap(l(t.lang, "faq")+colon(t.lang)+p.faq, t.width, ind, sub))
	}
}

// evidence prints key/value pairs, keys aligned when they are short.
func (t *textWriter) evidence(ev []field, indent string) {
	keyW := 0
	for _, f := range ev {
		keyW = max(keyW, displayWidth(f.label))
	}
	for _, f := range ev {
		value := f.value
		if value == "" {
			value = l(t.lang, "empty")
		}
		if keyW <= 24 {
			t.lines(wrap(value, t.width, indent+padRight(f.label, keyW+2), indent+strings.Repeat(" ", keyW+2)))
		} else {
			t.lines(wrap(f.label+": "+value, t.width, indent, indent+"    "))
		}
	}
}

func (t *textWriter) paragraphs(text, indent string) {
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			t.println("")
		}
		t.lines(wrap(strings.Join(strings.Fields(para), " "), t.width, indent, indent))
	}
}

func (t *textWriter) step(n int, segs []segment, indent string) {
	num := fmt.Sprintf("%d. ", n)
	hang := indent + strings.Repeat(" ", len(num))
	first := true
	for _, s := range segs {
		if s.code {
			for _, ln := range strings.Split(s.text, "\n") {
				if first {
					t.println(strings.TrimRight(indent+num+ln, " "))
					first = false
					continue
				}
				t.println(strings.TrimRight(hang+"    "+ln, " "))
			}
			continue
		}
		lead := hang
		if first {
			lead = indent + num
			first = false
		}
		t.lines(wrap(s.text, t.width, lead, hang))
	}
	if first {
		t.println(indent + num)
	}
}

func (t *textWriter) timings(d *doc) {
	labelW := displayWidth(l(t.lang, "total"))
	for _, tm := range d.timings {
		labelW = max(labelW, displayWidth(tm.probe))
	}
	labelW += 2
	for _, tm := range d.timings {
		t.println(padRight(tm.probe, labelW) + fmt.Sprintf("%8s", formatDuration(tm.duration)))
	}
	t.println(padRight(l(t.lang, "total"), labelW) + fmt.Sprintf("%8s", formatDuration(d.total)))
}

// countsText is "1 fail, 2 warn, ..." in lang.
func countsText(c Counts, lang i18n.Lang) string {
	if lang == i18n.ZH {
		s := fmt.Sprintf("失败 %d，警告 %d，出错 %d，通过 %d，跳过 %d", c.Fail, c.Warn, c.Error, c.Pass, c.Skip)
		if !c.Complete {
			s += fmt.Sprintf("；%d 项未完成：%s", len(c.Missing), strings.Join(c.Missing, "、"))
		}
		return s
	}
	s := fmt.Sprintf("%d fail, %d warn, %d error, %d pass, %d skip", c.Fail, c.Warn, c.Error, c.Pass, c.Skip)
	if !c.Complete {
		s += fmt.Sprintf("; %d not finished: %s", len(c.Missing), strings.Join(c.Missing, ", "))
	}
	return s
}

// ANSI colours of the statuses.
var statusColor = map[probes.Status]string{
	probes.Pass:  "\x1b[32m",
	probes.Warn:  "\x1b[33m",
	probes.Fail:  "\x1b[1;31m",
	probes.Error: "\x1b[35m",
	probes.Skip:  "\x1b[2m",
	// A run or probe without a verdict stands out like an error.
	probes.NotRun:     "\x1b[35m",
	probes.Running:    "\x1b[35m",
	probes.Cancelled:  "\x1b[35m",
	probes.Incomplete: "\x1b[1;35m",
}

const colorReset = "\x1b[0m"

// status colours word for s when colour is on.
func (t *textWriter) status(s probes.Status, word string) string {
	if !t.color {
		return word
	}
	return statusColor[s] + word + colorReset
}
