package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"padlock/i18n"
	"padlock/probes"
)

// WriteMarkdown writes the report as CommonMark with GitHub tables: the
// same content as the text report, as headings, tables and fenced blocks,
// fit to paste into GitHub, GitLab, Jira or a ticket system. Values from
// the network are sanitised and shown in code spans or escaped, so they
// cannot add markup.
func WriteMarkdown(w io.Writer, r *Report, opts Options) error {
	d := buildDoc(r, opts, markdownEscaper)
	m := &mdWriter{w: bufio.NewWriter(w), lang: opts.Lang}
	m.write(d)
	return m.w.Flush()
}

var markdownEscaper = escaper{
	prose:   mdEscape,
	code:    func(s string) string { return strings.ReplaceAll(s, "`", "'") },
	literal: mdEscapeTemplate,
}

// mdEscape backslash-escapes the characters that could start markup in
// running text. '|' is escaped later, in table cells only.
func mdEscape(s string) string { return backslashEscape(s, "\\`*_[]<>~&#!") }

// mdEscapeTemplate escapes the catalogue's own prose (outside its code
// spans): the characters that would turn into emphasis or HTML.
func mdEscapeTemplate(s string) string { return backslashEscape(s, "\\*_[]<>~") }

// backslashEscape puts a backslash before every rune of s that is in chars.
func backslashEscape(s, chars string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(chars, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode puts s in an inline code span long enough to hold any backticks
// in it.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdFence returns a code fence longer than any backtick run in s.
func mdFence(s string) string {
	return strings.Repeat("`", max(3, longestRun(s, '`')+1))
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// mdCell makes s safe inside a table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// mdBlockStart escapes what would make a paragraph a heading, a list, a
// quote or a thematic break.
func mdBlockStart(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch t[0] {
	case '#', '-', '+', '>', '=', '*':
		return `\` + t
	}
	if i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (t[i] == '.' || t[i] == ')') {
		return t[:i] + `\` + t[i:]
	}
	return t
}

type mdWriter struct {
	w    *bufio.Writer
	lang i18n.Lang
}

func (m *mdWriter) println(s string) {
	m.w.WriteString(s)
	m.w.WriteByte('\n')
}

func (m *mdWriter) write(d *doc) {
	lang := m.lang
	m.println("# " + l(lang, "report"))
	m.println("")
	m.header(d)

	m.println("")
	m.println("## " + l(lang, "summary"))
	m.println("")
	m.println(fmt.Sprintf("| %s | %s | %s |", l(lang, "col-status"), l(lang, "col-probe"), l(lang, "col-result")))
	m.println("|---|---|---|")
	for _, row := range d.summary {
		m.println(fmt.Sprintf("| %s | %s | %s |", m.status(row.status), mdCell(mdCode(row.probe)), mdCell(row.line)))
	}

	m.println("")
	m.println("## " + l(lang, "problems"))
	m.println("")
	if len(d.problems) == 0 {
		m.println(noProblems(d.counts, lang))
	}
	for i, p := range d.problems {
		if i > 0 {
			m.println("")
		}
		m.problem(i+1, p)
	}

	if len(d.infos) > 0 {
		m.println("")
		m.println("## " + l(lang, "info"))
		m.println("")
		for _, p := range d.infos {
			line := "- " + p.title + paren(m.lang, mdCode(p.id))
			if len(p.evidence) > 0 {
				var ev []string
				for _, f := range p.evidence {
					ev = append(ev, mdEscape(f.label)+" = "+mdCode(f.value))
				}
				line += colon(m.lang) + strings.Join(ev, ", ")
			}
			m.println(line)
		}
	}

	if len(d.details) > 0 {
		m.println("")
		m.println("## " + l(lang, "details"))
		for _, s := range d.details {
			m.println("")
			m.println("### " + s.title + paren(m.lang, mdCode(s.probe)))
			m.println("")
			body := strings.Join(s.lines, "\n")
			fence := mdFence(body)
			m.println(fence + "yaml")
			m.println(body)
			m.println(fence)
		}
	}

	m.println("")
	m.println("## " + l(lang, "timings"))
	m.println("")
	m.println(fmt.Sprintf("| %s | %s |", l(lang, "col-probe"), l(lang, "col-duration")))
	m.println("|---|---:|")
	for _, tm := range d.timings {
		m.println(fmt.Sprintf("| %s | %s |", mdCell(mdCode(tm.probe)), formatDuration(tm.duration)))
	}
	m.println(fmt.Sprintf("| %s | %s |", l(lang, "total"), formatDuration(d.total)))
}

func (m *mdWriter) header(d *doc) {
	m.println("| | |")
	m.println("|---|---|")
	for _, f := range d.header {
		var items []string
		for _, item := range strings.Split(f.value, "\n") {
			if f.code {
				items = append(items, mdCode(item))
			} else {
				items = append(items, mdEscape(item))
			}
		}
		v := strings.Join(items, ", ")
		m.println(fmt.Sprintf("| %s | %s |", mdCell(f.label), mdCell(v)))
	}
	c := d.counts
	m.println(fmt.Sprintf("| %s | %s%s |", l(m.lang, "overall"), m.status(c.Status), paren(m.lang, countsText(c, m.lang))))
	if d.command != "" {
		m.println("")
		m.println(strings.TrimRight(l(m.lang, "command")+colon(m.lang), " "))
		m.println("")
		fence := mdFence(d.command)
		m.println(fence + "sh")
		m.println(d.command)
		m.println(fence)
	}
}

func (m *mdWriter) problem(n int, p problem) {
	m.println(fmt.Sprintf("### %d. %s%s%s", n, strings.ToUpper(severityWord(p.severity, m.lang)), colon(m.lang), p.title))
	m.println("")
	ref := p.probeTitle + paren(m.lang, mdCode(p.probe))
	if p.id != "" {
		ref = mdCode(p.id) + " · " + ref
	}
	m.println(ref)
	if p.err != "" {
		m.println("")
		m.println("**" + l(m.lang, "seen") + "**")
		m.println("")
		m.println(l(m.lang, "error-message") + colon(m.lang) + mdCode(p.err))
	}
	if len(p.evidence) > 0 {
		m.println("")
		m.println("**" + l(m.lang, "seen") + "**")
		m.println("")
		m.println(fmt.Sprintf("| %s | %s |", l(m.lang, "evidence-key"), l(m.lang, "evidence-value")))
		m.println("|---|---|")
		for _, f := range p.evidence {
			v := mdCode(f.value)
			if f.value == "" {
				v = l(m.lang, "empty")
			}
			m.println(fmt.Sprintf("| %s | %s |", mdCell(mdEscape(f.label)), mdCell(v)))
		}
	}
	if p.why != "" {
		m.println("")
		m.println("**" + l(m.lang, "why") + "**")
		for _, para := range strings.Split(strings.TrimSpace(p.why), "\n\n") {
			m.println("")
			m.println(mdBlockStart(strings.Join(strings.Fields(para), " ")))
		}
	}
	if len(p.steps) > 0 {
		m.println("")
		m.println("**" + l(m.lang, "fix") + "**")
		m.println("")
		for i, step := range p.steps {
			m.step(i+1, step)
		}
	}
	if p.faq != "" {
		m.println("")
		m.println("**" + l(m.lang, "faq") + strings.TrimRight(colon(m.lang), " ") + "** " + mdEscape(p.faq))
	}
}

// step writes one numbered list item; code blocks are nested in it.
func (m *mdWriter) step(n int, segs []segment) {
	num := fmt.Sprintf("%d. ", n)
	indent := strings.Repeat(" ", len(num))
	first := true
	for _, s := range segs {
		lead := indent
		if first {
			lead = num
		} else {
			m.println("")
		}
		if s.code {
			fence := mdFence(s.text)
			m.println(lead + fence + s.lang)
			for _, ln := range strings.Split(s.text, "\n") {
				m.println(strings.TrimRight(indent+ln, " "))
			}
			m.println(indent + fence)
		} else {
			m.println(lead + mdBlockStart(s.text))
		}
		first = false
	}
	if first {
		m.println(num)
	}
}

// status is a status word in bold.
func (m *mdWriter) status(s probes.Status) string {
	return "**" + strings.ToUpper(StatusWord(s, m.lang)) + "**"
}
