package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"padlock/i18n"
	"padlock/internal/sanitize"
	"padlock/report"
)

const (
	formatText     = report.Text
	formatMarkdown = report.Markdown
	formatJSON     = report.JSON
)

// exportedMsg says where a report was written, or why it was not.
type exportedMsg struct {
	path string
	err  error
}

// buildReport is the report of the results so far, built as check does.
func (m *Model) buildReport() *report.Report {
	started, took := m.run.started, m.list.wallTime(m.cfg.Clock())
	results := m.list.reportResults()
	if m.cfg.Report != nil {
		r := m.cfg.Report(m.run.env, m.target, started, took, results)
		r.CommandLine = m.reproduce()
		return r
	}
	return &report.Report{
		Tool:        report.Tool{Name: "padlock"},
		Target:      m.target,
		StartedAt:   started,
		Duration:    took,
		CommandLine: m.reproduce(),
		Results:     results,
	}
}

// reportText renders the report in format f and the current language.
func (m *Model) reportText(f report.Format) (string, error) {
	var buf bytes.Buffer
	opts := report.Options{Format: f, Lang: m.lang, Location: m.cfg.Location, Catalogue: m.cfg.Catalogue}
	if err := report.Write(&buf, m.buildReport(), opts); err != nil {
		return "", fmt.Errorf("render report: %w", err)
	}
	return buf.String(), nil
}

// export writes the report in format f to a new file in ExportDir.
func (m *Model) export(f report.Format) tea.Cmd {
	if len(m.list.results()) == 0 {
		m.footer.flash(i18n.T("nothing to export yet", "还没有可导出的结果").In(m.lang), false)
		return nil
	}
	text, err := m.reportText(f)
	ext := map[report.Format]string{formatText: "txt", formatMarkdown: "md", formatJSON: "json"}[f]
	base := filepath.Join(m.cfg.ExportDir, fmt.Sprintf("padlock-%s-%s", fileSafe(m.target.Host), m.cfg.Clock().Format("20060102-150405")))
	return func() tea.Msg {
		if err != nil {
			return exportedMsg{err: err}
		}
		path, err := writeNew(base, ext, []byte(text))
		if err != nil {
			return exportedMsg{err: err}
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return exportedMsg{path: path}
	}
}

// writeNew writes data to base.ext, or base-2.ext, base-3.ext... when
// that exists: an export never overwrites an earlier one.
func writeNew(base, ext string, data []byte) (string, error) {
	for n := 1; n < 1000; n++ {
		path := base + "." + ext
		if n > 1 {
			path = fmt.Sprintf("%s-%d.%s", base, n, ext)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		return path, f.Close()
	}
	return "", fmt.Errorf("%s: too many exports with this name", base)
}

// handleExportMenu takes the format key after E.
func (m *Model) handleExportMenu(msg tea.KeyPressMsg) tea.Cmd {
	m.exportMenu = false
	switch msg.String() {
	case "t":
		return m.export(formatText)
	case "m":
		return m.export(formatMarkdown)
	case "j":
		return m.export(formatJSON)
	}
	return nil
}

// copyReport puts the text report on the clipboard with OSC 52.
func (m *Model) copyReport() tea.Cmd {
	if len(m.list.results()) == 0 {
		m.footer.flash(i18n.T("nothing to copy yet", "还没有可复制的结果").In(m.lang), false)
		return nil
	}
	text, err := m.reportText(formatText)
	if err != nil {
		m.footer.flash(err.Error(), true)
		return nil
	}
	m.footer.flash(fmt.Sprintf(i18n.T("report copied (%d lines, via OSC 52)", "报告已复制（%d 行，经 OSC 52）").In(m.lang), strings.Count(text, "\n")), false)
	return tea.SetClipboard(text)
}

// copyCommand puts the equivalent padlock check command on the clipboard.
func (m *Model) copyCommand() tea.Cmd {
	line := m.reproduce()
	m.footer.flash(i18n.T("copied: ", "已复制：").In(m.lang)+line, false)
	return tea.SetClipboard(line)
}

// fileSafe keeps a host name usable in a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// reproduce is the check command equivalent to this run, in the language
// the user reads now (l switches it after the command was made).
func (m *Model) reproduce() string { return withLang(m.commandLine, m.cfg.Lang, m.lang) }

// withLang rewrites cmd, made for language from, to produce to: its --lang
// is changed, or one is added (the last --lang wins).
func withLang(cmd string, from, to i18n.Lang) string {
	if from == to || cmd == "" {
		return cmd
	}
	for _, flag := range []string{" --lang " + string(from), " --lang=" + string(from), " -lang " + string(from), " -lang=" + string(from)} {
		if i := strings.LastIndex(cmd, flag); i >= 0 && (i+len(flag) == len(cmd) || cmd[i+len(flag)] == ' ') {
			return cmd[:i] + " --lang " + string(to) + cmd[i+len(flag):]
		}
	}
	return cmd + " --lang " + string(to)
}

// copyFix puts the selected finding's fix command on the clipboard (OSC
// 52) and says which.
func (m *Model) copyFix() tea.Cmd {
	f, ok := m.selectedFinding()
	if !ok {
		m.footer.flash(i18n.T("no finding selected", "没有选中的发现").In(m.lang), false)
		return nil
	}
	cmd := report.FixCommand(report.Explain(m.cfg.Catalogue, f, m.lang).Steps)
	if cmd == "" {
		m.footer.flash(i18n.T("this fix has no command to copy", "这项修复没有可复制的命令").In(m.lang), false)
		return nil
	}
	cmd = sanitize.Line(cmd)
	m.footer.flash(i18n.T("fix command copied: ", "已复制修复命令：").In(m.lang)+cmd, false)
	return tea.SetClipboard(cmd)
}
