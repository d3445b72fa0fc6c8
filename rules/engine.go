// Catalogue entries of the runner's own findings.

package rules

import "padlock/i18n"

// EngineEntries are the findings the runner itself produces; every
// registry's catalogue holds them.
func EngineEntries() []Entry {
	return []Entry{{
		ID:       "engine.probe-panicked",
		Severity: "error",
		Title:    i18n.Text{EN: "The {probe} check crashed inside padlock", ZH: "padlock 内部的 {probe} 检查崩溃了"},
		Why: i18n.Text{
			EN: "This is a bug in padlock, not a problem with the site. The other checks still ran.",
			ZH: "这是 padlock 自身的缺陷，与网站无关；其他检查不受影响。",
		},
		Steps: []i18n.Text{{
			EN: "Report it to the padlock developers with this report attached.",
			ZH: "请把这份报告附上，反馈给 padlock 开发者。",
		}},
	}}
}
