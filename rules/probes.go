package rules

// ProbeTitle returns the human title of a probe id.
func ProbeTitle(id string) Text {
	switch id {
	case "reachability":
		return Text{EN: "DNS and ports 443/80", ZH: "域名解析与 443/80 端口"}
	case "tls-versions":
		return Text{EN: "TLS protocol versions", ZH: "TLS 协议版本"}
	case "certificate":
		return Text{EN: "Certificate and chain", ZH: "证书与证书链"}
	case "mixed-content":
		return Text{EN: "Mixed content", ZH: "混合内容"}
	case "caa":
		return Text{EN: "CAA records", ZH: "CAA 记录"}
	case "dns-validation":
		return Text{EN: "DNS validation record", ZH: "DNS 验证记录"}
	case "file-validation":
		return Text{EN: "File validation URL", ZH: "文件验证地址"}
	case "ca-access":
		return Text{EN: "CA validation access", ZH: "CA 验证访问"}
	}
	return Text{EN: id, ZH: id}
}

// engineEntries are findings the runner itself produces.
func engineEntries() []Entry {
	return []Entry{{
		ID:       "engine.probe-panicked",
		Severity: "error",
		Title:    Text{EN: "The {probe} check crashed inside padlock", ZH: "padlock 内部的 {probe} 检查崩溃了"},
		Why: Text{
			EN: "This is a bug in padlock, not a problem with the site. The other checks still ran.",
			ZH: "这是 padlock 自身的缺陷，与网站无关；其他检查不受影响。",
		},
		Steps: []Text{{
			EN: "Report it to the padlock developers with this report attached.",
			ZH: "请把这份报告附上，反馈给 padlock 开发者。",
		}},
	}}
}
