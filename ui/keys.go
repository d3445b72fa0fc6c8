// Key bindings: one small key map per component (form, picker, run view,
// probe view, scrolling views, guide), the root's global keys, and the help
// each screen shows, built from the same bindings so that the help never
// lies. A component matches only its own bindings.

package ui

import (
	"charm.land/bubbles/v2/key"

	"padlock/i18n"
)

// say renders text written in place in one language (help texts).
type say func(en, zh string) string

// sayIn is say for lang.
func sayIn(lang i18n.Lang) say {
	return func(en, zh string) string { return i18n.T(en, zh).In(lang) }
}

// bind makes a binding from its keys, its help key and its description.
func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// relabel returns b with another help text (the keys stay).
func relabel(b key.Binding, helpKey, desc string) key.Binding {
	b.SetHelp(helpKey, desc)
	return b
}

// movement are the bindings every list and scrolling view shares.
type movement struct {
	Up, Down       key.Binding
	PageUp, PageDn key.Binding
	// Move only labels ↑/↓ in the short help.
	Move key.Binding
}

func newMovement(t say) movement {
	return movement{
		Up:     bind([]string{"up", "k"}, "↑/k", t("up", "上移")),
		Down:   bind([]string{"down", "j"}, "↓/j", t("down", "下移")),
		PageUp: bind([]string{"pgup", "b"}, "pgup", t("page up", "上一页")),
		PageDn: bind([]string{"pgdown", "f", "space"}, "pgdn", t("page down", "下一页")),
		Move:   bind([]string{"up", "down", "j", "k"}, "↑↓", t("move", "移动")),
	}
}

// globalKeys work on every screen but the form (which takes text).
type globalKeys struct {
	Help, Lang, Quit key.Binding
}

func newGlobalKeys(t say) globalKeys {
	return globalKeys{
		Help: bind([]string{"?"}, "?", t("more", "更多")),
		Lang: bind([]string{"l"}, "l", t("中文", "English")),
		Quit: bind([]string{"q", "ctrl+c"}, "q", t("quit", "退出")),
	}
}

// reportKeys export or copy the report from every result screen.
type reportKeys struct {
	Export, ExportAs, Copy, CopyCommand key.Binding
	// CopyFix copies the selected finding's fix command (probe and finding
	// views).
	CopyFix key.Binding
}

func newReportKeys(t say) reportKeys {
	return reportKeys{
		Export:      bind([]string{"e"}, "e", t("export", "导出")),
		ExportAs:    bind([]string{"E"}, "E", t("export as…", "选择格式导出")),
		Copy:        bind([]string{"y"}, "y", t("copy", "复制")),
		CopyCommand: bind([]string{"Y"}, "Y", t("copy command", "复制命令")),
		CopyFix:     bind([]string{"c"}, "c", t("copy fix command", "复制修复命令")),
	}
}

func (k reportKeys) all() []key.Binding {
	return []key.Binding{k.Export, k.ExportAs, k.Copy, k.CopyCommand}
}

// formKeys are the form's: fields take every other key as text.
type formKeys struct {
	Start, NextField, PrevField key.Binding
	ChooseCA, Toggle, Clear     key.Binding
	// Quit is ctrl+c anywhere, and q while the form is empty (otherwise q
	// is text).
	Quit key.Binding
}

func newFormKeys(t say) formKeys {
	return formKeys{
		Start:     bind([]string{"enter"}, "enter", t("start", "开始检查")),
		NextField: bind([]string{"tab"}, "tab", t("next field", "下一项")),
		PrevField: bind([]string{"shift+tab"}, "shift+tab", t("previous field", "上一项")),
		ChooseCA:  bind([]string{"up", "down"}, "↑/↓", t("choose CA", "选择 CA")),
		Toggle:    bind([]string{"space", "left", "right"}, "space/←/→", t("change choice", "切换选项")),
		Clear:     bind([]string{"esc"}, "esc", t("clear field", "清空此项")),
		Quit:      bind([]string{"ctrl+c"}, "ctrl+c", t("quit", "退出")),
	}
}

// pickerKeys choose a demo host.
type pickerKeys struct {
	movement
	Top, Bottom            key.Binding
	Filter, Diagnose, Back key.Binding
}

func newPickerKeys(t say) pickerKeys {
	return pickerKeys{
		movement: newMovement(t),
		Top:      bind([]string{"home", "g"}, "g", t("first", "第一个")),
		Bottom:   bind([]string{"end", "G"}, "G", t("last", "最后一个")),
		Filter:   bind([]string{"/"}, "/", t("filter", "筛选")),
		Diagnose: bind([]string{"enter"}, "enter", t("diagnose", "开始诊断")),
		Back:     bind([]string{"esc"}, "esc", t("back", "返回")),
	}
}

// runKeys drive the live probe list.
type runKeys struct {
	movement
	Open, Details, Back     key.Binding
	Rerun, RerunAll, Guided key.Binding
}

func newRunKeys(t say) runKeys {
	return runKeys{
		movement: newMovement(t),
		Open:     bind([]string{"enter"}, "enter", t("open", "打开")),
		Details:  bind([]string{"d"}, "d", t("probe details", "检查详情")),
		Back:     bind([]string{"esc"}, "esc", t("back", "返回")),
		Rerun:    bind([]string{"r"}, "r", t("re-run", "重跑")),
		RerunAll: bind([]string{"R"}, "R", t("re-run all", "全部重跑")),
		Guided:   bind([]string{"g"}, "g", t("guided mode", "引导模式")),
	}
}

// viewKeys scroll the finding, details and report views.
type viewKeys struct {
	movement
	Top, Bottom          key.Binding
	Details, Back, Rerun key.Binding
	scroll               key.Binding // help only
}

func newViewKeys(t say) viewKeys {
	run := newRunKeys(t)
	return viewKeys{
		movement: run.movement,
		Top:      bind([]string{"home", "g"}, "g", t("top", "顶部")),
		Bottom:   bind([]string{"end", "G"}, "G", t("bottom", "底部")),
		Details:  run.Details,
		Back:     run.Back,
		Rerun:    run.Rerun,
		scroll:   relabel(run.Move, "↑↓/pgdn", t("scroll", "滚动")),
	}
}

// guideKeys walk through guided mode.
type guideKeys struct {
	movement
	Continue, Skip, Leave key.Binding
	scroll                key.Binding // help only
}

func newGuideKeys(t say) guideKeys {
	return guideKeys{
		movement: newMovement(t),
		Continue: bind([]string{"enter"}, "enter", t("continue", "继续")),
		Skip:     bind([]string{"s"}, "s", t("skip", "跳过")),
		Leave:    bind([]string{"esc"}, "esc", t("leave guide", "退出引导")),
		scroll:   bind([]string{"up", "down", "pgup", "pgdown"}, "↑↓/pgdn", t("scroll", "滚动")),
	}
}

// helpKeys adapts a screen's bindings to bubbles/help.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpFor is the help of screen s: the focused component's bindings, then
// the report and global ones.
func (m *Model) helpFor(s screen) helpKeys {
	g, r := m.keys, m.reportKeys
	if m.help.ShowAll {
		g.Help.SetHelp("?", i18n.T("less", "收起").In(m.lang))
	}
	switch s {
	case screenForm:
		return m.form.keys.help()
	case screenPicker:
		return m.picker.keys.help(g)
	case screenRun:
		return m.list.keys.help(g, r)
	case screenProbe:
		return m.detail.keys.probeHelp(g, r)
	case screenGuided:
		return m.guide.keys.help(g)
	default: // the scrolling views
		return m.detail.view.help(g, r)
	}
}

// help of the form: it takes text, so no global key but ctrl+c applies.
func (k formKeys) help() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Start, k.NextField, k.Toggle, k.Clear, k.Quit},
		full:  [][]key.Binding{{k.Start, k.NextField, k.PrevField}, {k.ChooseCA, k.Toggle}, {k.Clear, k.Quit}},
	}
}

func (k pickerKeys) help(g globalKeys) helpKeys {
	return helpKeys{
		short: []key.Binding{k.Move, k.Diagnose, k.Filter, g.Lang, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDn, k.Top, k.Bottom}, {k.Diagnose, k.Filter, k.Back}, {g.Lang, g.Help, g.Quit}},
	}
}

func (k runKeys) help(g globalKeys, r reportKeys) helpKeys {
	return helpKeys{
		short: []key.Binding{k.Move, k.Open, k.Rerun, r.Export, r.Copy, g.Lang, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.Back}, {k.Rerun, k.RerunAll, k.Guided}, r.all(), {g.Lang, g.Help, g.Quit}},
	}
}

// probeHelp is the help of one probe's findings list.
func (k runKeys) probeHelp(g globalKeys, r reportKeys) helpKeys {
	return helpKeys{
		short: []key.Binding{k.Move, k.Open, k.Details, k.Back, k.Rerun, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Open, k.Details, k.Back}, {k.Rerun, k.RerunAll, r.CopyFix}, r.all(), {g.Lang, g.Help, g.Quit}},
	}
}

func (k guideKeys) help(g globalKeys) helpKeys {
	return helpKeys{
		short: []key.Binding{k.Continue, k.Skip, k.Leave, k.scroll, g.Lang, g.Quit},
		full:  [][]key.Binding{{k.Continue, k.Skip, k.Leave}, {k.Up, k.Down}, {g.Lang, g.Help, g.Quit}},
	}
}

func (k viewKeys) help(g globalKeys, r reportKeys) helpKeys {
	return helpKeys{
		short: []key.Binding{k.scroll, k.Back, r.Export, r.Copy, g.Lang, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDn, k.Back}, {k.Details, k.Rerun, r.CopyFix}, r.all(), {g.Lang, g.Help, g.Quit}},
	}
}

// setKeyLang rebuilds every component's bindings in lang.
func (m *Model) setKeyLang(lang i18n.Lang) {
	t := sayIn(lang)
	m.keys, m.reportKeys = newGlobalKeys(t), newReportKeys(t)
	m.form.keys = newFormKeys(t)
	m.picker.keys = newPickerKeys(t)
	m.list.keys = newRunKeys(t)
	m.detail.keys = m.list.keys
	m.detail.view = newViewKeys(t)
	m.guide.keys = newGuideKeys(t)
}
