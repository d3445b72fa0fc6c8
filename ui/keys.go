package ui

import (
	"charm.land/bubbles/v2/key"

	"padlock/i18n"
)

// KeyMap is every key binding of the UI. The same bindings drive Update and
// the help bar, so the help never lies.
type KeyMap struct {
	Up, Down       key.Binding
	PageUp, PageDn key.Binding
	Enter, Back    key.Binding
	NextField      key.Binding
	PrevField      key.Binding
	Toggle         key.Binding
	Rerun          key.Binding
	RerunAll       key.Binding
	Details        key.Binding
	Export         key.Binding
	ExportAs       key.Binding
	Copy           key.Binding
	CopyCommand    key.Binding
	Lang           key.Binding
	Guided         key.Binding
	Skip           key.Binding
	Help           key.Binding
	Quit           key.Binding
	// Move only labels ↑/↓ in the short help.
	Move key.Binding

	language i18n.Lang
}

// NewKeyMap returns the bindings with their help in lang.
func NewKeyMap(lang i18n.Lang) KeyMap {
	t := func(en, zh string) string { return i18n.T(en, zh).In(lang) }
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		language:    lang,
		Up:          b([]string{"up", "k"}, "↑/k", t("up", "上移")),
		Down:        b([]string{"down", "j"}, "↓/j", t("down", "下移")),
		PageUp:      b([]string{"pgup", "b"}, "pgup", t("page up", "上一页")),
		PageDn:      b([]string{"pgdown", "f", "space"}, "pgdn", t("page down", "下一页")),
		Enter:       b([]string{"enter"}, "enter", t("open", "打开")),
		Back:        b([]string{"esc"}, "esc", t("back", "返回")),
		NextField:   b([]string{"tab"}, "tab", t("next field", "下一项")),
		PrevField:   b([]string{"shift+tab"}, "shift+tab", t("previous field", "上一项")),
		Toggle:      b([]string{"space", "left", "right"}, "space/←/→", t("change choice", "切换选项")),
		Rerun:       b([]string{"r"}, "r", t("re-run", "重跑")),
		RerunAll:    b([]string{"R"}, "R", t("re-run all", "全部重跑")),
		Details:     b([]string{"d"}, "d", t("probe details", "检查详情")),
		Export:      b([]string{"e"}, "e", t("export", "导出")),
		ExportAs:    b([]string{"E"}, "E", t("export as…", "选择格式导出")),
		Copy:        b([]string{"y"}, "y", t("copy", "复制")),
		CopyCommand: b([]string{"Y"}, "Y", t("copy command", "复制命令")),
		Lang:        b([]string{"l"}, "l", t("中文", "English")),
		Guided:      b([]string{"g"}, "g", t("guided mode", "引导模式")),
		Skip:        b([]string{"s"}, "s", t("skip step", "跳过此步")),
		Help:        b([]string{"?"}, "?", t("more", "更多")),
		Quit:        b([]string{"q", "ctrl+c"}, "q", t("quit", "退出")),
		Move:        b([]string{"up", "down", "j", "k"}, "↑↓", t("move", "移动")),
	}
}

// helpKeys adapts a KeyMap to bubbles/help for one screen.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// forScreen returns the bindings that apply on screen s.
func (k KeyMap) forScreen(s screen) helpKeys {
	ctrlC := k.Quit
	ctrlC.SetHelp("ctrl+c", k.Quit.Help().Desc)
	switch s {
	case screenForm:
		escQuit := k.Quit
		escQuit.SetHelp("esc", k.Quit.Help().Desc)
		enter := k.Enter
		enter.SetHelp("enter", i18n.T("start", "开始检查").In(k.lang()))
		up, down := k.Up, k.Down
		up.SetKeys("up")
		down.SetKeys("down")
		up.SetHelp("↑/↓", i18n.T("choose CA", "选择 CA").In(k.lang()))
		return helpKeys{
			short: []key.Binding{enter, k.NextField, k.Toggle, escQuit},
			full:  [][]key.Binding{{enter, k.NextField, k.PrevField}, {up, k.Toggle}, {escQuit}},
		}
	case screenPicker:
		enter := k.Enter
		enter.SetHelp("enter", i18n.T("diagnose", "开始诊断").In(k.lang()))
		return helpKeys{
			short: []key.Binding{k.Move, enter, k.Lang, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, enter}, {k.Lang, k.Help, k.Quit}},
		}
	case screenRun:
		return helpKeys{
			short: []key.Binding{k.Move, k.Enter, k.Rerun, k.Export, k.Copy, k.Lang, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.Enter, k.Back},
				{k.Rerun, k.RerunAll, k.Guided},
				{k.Export, k.ExportAs, k.Copy, k.CopyCommand},
				{k.Lang, k.Help, k.Quit},
			},
		}
	case screenProbe:
		return helpKeys{
			short: []key.Binding{k.Move, k.Enter, k.Details, k.Back, k.Rerun, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.Enter, k.Details, k.Back},
				{k.Rerun, k.RerunAll},
				{k.Export, k.ExportAs, k.Copy, k.CopyCommand},
				{k.Lang, k.Help, k.Quit},
			},
		}
	case screenGuided:
		enter := k.Enter
		enter.SetHelp("enter", i18n.T("continue", "继续").In(k.lang()))
		back := k.Back
		back.SetHelp("esc", i18n.T("leave guide", "退出引导").In(k.lang()))
		return helpKeys{
			short: []key.Binding{enter, k.Skip, back, k.Lang, k.Quit},
			full:  [][]key.Binding{{enter, k.Skip, back}, {k.Up, k.Down}, {k.Lang, k.Help, k.Quit}},
		}
	default: // viewport screens
		scroll := k.Move
		scroll.SetHelp("↑↓/pgdn", i18n.T("scroll", "滚动").In(k.lang()))
		return helpKeys{
			short: []key.Binding{scroll, k.Back, k.Export, k.Copy, k.Lang, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.PageUp, k.PageDn, k.Back},
				{k.Details, k.Rerun},
				{k.Export, k.ExportAs, k.Copy, k.CopyCommand},
				{k.Lang, k.Help, k.Quit},
			},
		}
	}
}

// lang is the language the help texts are in.
func (k KeyMap) lang() i18n.Lang { return k.language }
