package rules

import "padlock/i18n"

// ProbeTitle returns the human title of a probe id.
func ProbeTitle(id string) i18n.Text {
	switch id {
	case "reachability":
		return i18n.Text{EN: "DNS and ports 443/80", ZH: "域名解析与 443/80 端口"}
	case "tls-versions":
		return i18n.Text{EN: "TLS protocol versions", ZH: "TLS 协议版本"}
	case "certificate":
		return i18n.Text{EN: "Certificate and chain", ZH: "证书与证书链"}
	case "mixed-content":
		return i18n.Text{EN: "Mixed content", ZH: "混合内容"}
	case "caa":
		return i18n.Text{EN: "CAA records", ZH: "CAA 记录"}
	case "dns-validation":
		return i18n.Text{EN: "DNS validation record", ZH: "DNS 验证记录"}
	case "file-validation":
		return i18n.Text{EN: "File validation URL", ZH: "文件验证地址"}
	case "ca-access":
		return i18n.Text{EN: "CA validation access", ZH: "CA 验证访问"}
	}
	return i18n.Text{EN: id, ZH: id}
}

// engineEntries are findings the runner itself produces.
func engineEntries() []Entry {
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
